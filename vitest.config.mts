import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // 2-core machines: keep parallelism modest so socket tests don't starve each other.
    maxWorkers: 2,
  },
});
