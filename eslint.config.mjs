// Lint rules that keep the architecture honest:
// - the core, the shared types and the mock server never import `vscode` (they run in tests,
//   the CLI and the webview without VS Code);
// - webview code never imports `ws` or Node built-ins (it runs in a browser sandbox).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs', 'path', 'os', 'child_process', 'net', 'tls', 'http', 'https', 'crypto', 'stream',
  'events', 'util', 'url', 'zlib', 'worker_threads', 'cluster', 'dgram', 'dns', 'readline',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '**/*.d.ts', 'bench/results/**', 'bench/.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**', 'bench/**', 'test/**'],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly',
        __dirname: 'readonly', require: 'readonly', module: 'readonly', performance: 'readonly',
        setImmediate: 'readonly', document: 'readonly', window: 'readonly', WebSocket: 'readonly',
        fetch: 'readonly', URLSearchParams: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly',
      },
    },
  },
  {
    files: ['src/core/**', 'src/shared/**', 'src/server/**', 'src/lessons/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core, src/shared, src/server and src/lessons must not depend on VS Code: put VS Code code in src/panels.' }],
      }],
    },
  },
  {
    files: ['media/**/*.ts', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'Webview and shared code run in a browser: no vscode import.' },
          { name: 'ws', message: 'Webview code runs in a browser: no ws import.' },
          ...nodeBuiltins.flatMap((m) => [
            { name: m, message: 'Webview code runs in a browser: no Node built-ins.' },
            { name: `node:${m}`, message: 'Webview code runs in a browser: no Node built-ins.' },
          ]),
        ],
      }],
    },
  },
);
