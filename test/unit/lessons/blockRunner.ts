// Runs a lesson's runnable code block the way the lesson promises a learner it runs:
//   - Node blocks as a CommonJS file (require('ws') works), with WS_URL and HTTP_URL of a fresh
//     mock server prepended; the block must exit 0 by itself within 10 s;
//   - browser blocks as the body of an async function in Chromium, same constants; the promise
//     must resolve within 10 s.
// Failures come back as a message pointing at the lesson file and line.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

export const BLOCK_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 4000;

export interface ServerUrls {
  url: string;
  httpUrl: string;
}

/** Where the block is, for messages: "media/lessons/05-websocket-events.md" and the fence line. */
export interface BlockLocation {
  file: string;
  line: number;
}

const prelude = (s: ServerUrls) => `const WS_URL = ${JSON.stringify(s.url)};\nconst HTTP_URL = ${JSON.stringify(s.httpUrl)};\n`;
const PRELUDE_LINES = 2;

const tail = (text: string) => (text.length > OUTPUT_LIMIT ? `...${text.slice(-OUTPUT_LIMIT)}` : text);

/** Runs a Node block; resolves to undefined on success or to the failure message. */
export function runNodeBlock(code: string, server: ServerUrls, where: BlockLocation, repoRoot: string): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wslab-lesson-'));
  const file = path.join(dir, 'block.cjs');
  writeFileSync(file, prelude(server) + code);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd: repoRoot,
      env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = tail(stdout + d.toString())));
    child.stderr.on('data', (d: Buffer) => (stderr = tail(stderr + d.toString())));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, BLOCK_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      if (code === 0 && !timedOut) return resolve(undefined);
      // Stack traces name the temp file: point them at the lesson line instead.
      const toLesson = (text: string) =>
        text.split(file).join('<block>').replace(/<block>:(\d+)/g, (_, n: string) => `${where.file}:${where.line + Number(n) - PRELUDE_LINES}`);
      const why = timedOut ? `did not exit within ${BLOCK_TIMEOUT_MS / 1000} s (close sockets and timers when done)` : `exited with ${code ?? signal}`;
      resolve(`${where.file}:${where.line}: Node block ${why}\n--- stderr ---\n${toLesson(stderr) || '(empty)'}\n--- stdout ---\n${toLesson(stdout) || '(empty)'}`);
    });
  });
}

/** Runs a browser block in a fresh page; resolves to undefined on success or to the failure message. */
export async function runBrowserBlock(code: string, server: ServerUrls, where: BlockLocation, browser: Browser): Promise<string | undefined> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  let timer: NodeJS.Timeout | undefined;
  try {
    // Start from the mock server's own origin so fetch(HTTP_URL + ...) is same-origin, as on a real site.
    await page.goto(server.httpUrl, { timeout: 5000 }).catch(() => page.goto('about:blank'));
    const script = `(async () => {\n${prelude(server)}${code}\n})()`;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not resolve within ${BLOCK_TIMEOUT_MS / 1000} s`)), BLOCK_TIMEOUT_MS);
    });
    await Promise.race([page.evaluate(script), timeout]);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `${where.file}:${where.line}: browser block failed: ${message}\n--- console ---\n${tail(log.join('\n')) || '(empty)'}`;
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
  }
}

/** Runs at most `limit` tasks at a time, in the order they were submitted. */
export function concurrencyLimit(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        active++;
        task().then(resolve, reject).finally(() => {
          active--;
          waiting.shift()?.();
        });
      };
      if (active < limit) run();
      else waiting.push(run);
    });
}
