// Every runnable code block in the lessons really runs: against a fresh mock server running the
// block's scenario, Node blocks in a child `node`, browser blocks in one shared headless Chromium.
// Tests are concurrent but at most two blocks run at a time (2-core machines); a block starts only
// when its test runs, so `-t` on one block runs just that block.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseLesson, type RunnableBlock } from '../../../src/lessons/lessonFile';
import { concurrencyLimit, runBrowserBlock, runNodeBlock, type ServerUrls } from './blockRunner';

const repoRoot = path.resolve(__dirname, '../../..');
const LESSONS_DIR = 'media/lessons';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface MockServer extends ServerUrls {
  close(): Promise<void>;
}
type StartMockServer = (opts: { scenario: string; port: number }) => Promise<MockServer>;

interface Job {
  file: string;
  block: RunnableBlock;
  name: string;
}

const jobs: Job[] = readdirSync(path.join(repoRoot, LESSONS_DIR))
  .filter((name) => /^\d\d-.*\.md$/.test(name))
  .sort()
  .flatMap((name) => {
    const file = `${LESSONS_DIR}/${name}`;
    const lesson = parseLesson(readFileSync(path.join(repoRoot, file), 'utf8'), file);
    return lesson.runnableBlocks.map((block) => ({
      file,
      block,
      name: `${file}:${block.line} (${block.kind}, scenario ${block.scenario ?? 'missing'})`,
    }));
  });

let startMockServer: StartMockServer | undefined;
let setupError: string | undefined;
let launching: Promise<Browser> | undefined;
const limit = concurrencyLimit(2);

/** One Chromium for all browser blocks, launched on first need. */
function getBrowser(): Promise<Browser> {
  launching ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true }));
  return launching;
}

async function runJob(job: Job, start: StartMockServer): Promise<string | undefined> {
  const where = { file: job.file, line: job.block.line };
  if (!job.block.scenario) return `${job.file}:${job.block.line}: runnable block without scenario=<name>`;
  let server: MockServer;
  try {
    server = await start({ scenario: job.block.scenario, port: 0 });
  } catch (err) {
    return `${job.file}:${job.block.line}: cannot start scenario "${job.block.scenario}": ${err instanceof Error ? err.message : String(err)}`;
  }
  try {
    return job.block.kind === 'node'
      ? await runNodeBlock(job.block.code, server, where, repoRoot)
      : await runBrowserBlock(job.block.code, server, where, await getBrowser());
  } finally {
    await server.close();
  }
}

beforeAll(async () => {
  try {
    // Imported by path at run time: the mock server is written in parallel with the lessons.
    const serverPath = path.join(repoRoot, 'src/server/index.ts');
    const mod = (await import(/* @vite-ignore */ serverPath)) as { startMockServer?: StartMockServer };
    if (typeof mod.startMockServer !== 'function') throw new Error('src/server/index.ts does not export startMockServer');
    startMockServer = mod.startMockServer;
  } catch (err) {
    setupError = `cannot load the mock server: ${err instanceof Error ? err.message : String(err)}`;
  }
});

afterAll(async () => {
  await (await launching?.catch(() => undefined))?.close();
});

describe('runnable lesson blocks', () => {
  it('the lessons contain runnable blocks', () => {
    expect(jobs.length).toBeGreaterThan(0);
  });

  for (const job of jobs) {
    // Generous: the block itself has 10 s, plus server start-up and waiting for a free slot.
    it.concurrent(job.name, { timeout: 60_000 }, async () => {
      if (!startMockServer) throw new Error(setupError ?? 'the mock server was not loaded');
      const start = startMockServer;
      const failure = await limit(() => runJob(job, start));
      if (failure) throw new Error(failure);
    });
  }
});
