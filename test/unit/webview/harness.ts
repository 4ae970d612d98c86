// Test harness for the timeline webview: bundles media/webview/timeline/main.ts with esbuild
// (the options of esbuild.mjs) and loads it in Debian's Chromium inside a page whose
// `acquireVsCodeApi` is a MOCK of the host: it records posted messages, and tests play the
// host by delivering messages with window.postMessage. The real host (src/panels) is exercised
// by the lead's code-server E2E tests, not here.

import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { HostToWebview, WebviewToHost } from '../../../src/shared/protocol/timeline';

const ROOT = resolve(__dirname, '../../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/webview');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Defines the API VS Code injects; state round-trips through sessionStorage like getState().
const MOCK_HOST = `
window.__posted = [];
window.__state = window.__seedState; // tests seed it to simulate a webview restored by VS Code
window.acquireVsCodeApi = function () {
  return {
    postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
    getState: function () { return window.__state; },
    setState: function (s) { window.__state = s; },
  };
};`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="vscode-dark.css">
<link rel="stylesheet" href="codicon.css" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="timeline.css">
<title>timeline</title></head>
<body><div id="app"></div>
<script src="mock-host.js"></script>
<script src="timeline.js"></script>
</body></html>`;

/**
 * The browser globals that page.evaluate callbacks use, typed here because the tests' tsconfig
 * has no DOM lib. Callbacks run in the page: they cast `globalThis` to this.
 */
export interface PageGlobals {
  __posted: WebviewToHost[];
  __state: unknown;
  __seedState?: unknown;
  postMessage(message: unknown, targetOrigin: string): void;
  requestAnimationFrame(callback: () => void): number;
  document: { querySelector(selector: string): { value: string; dispatchEvent(event: unknown): boolean } | null };
  Event: new (type: string) => unknown;
}

export interface Harness {
  browser: Browser;
  dir: string;
  url: string;
  close(): Promise<void>;
}

/** Starts one harness for the test file (beforeAll) and closes it after (afterAll); call in the module body. */
export function useHarness(): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the webview harness is not started yet (useHarness() runs it in beforeAll)');
    return harness;
  };
}

export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'wsl-webview-'));
  await esbuild.build({
    entryPoints: { timeline: join(ROOT, 'media/webview/timeline/main.ts') },
    outdir: dir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
    tsconfig: join(ROOT, 'media/tsconfig.json'),
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(ROOT, 'node_modules/@vscode/codicons/dist', f), join(dir, f));
  copyFileSync(join(__dirname, 'vscode-dark.css'), join(dir, 'vscode-dark.css'));
  writeFileSync(join(dir, 'mock-host.js'), MOCK_HOST);
  writeFileSync(join(dir, 'index.html'), PAGE);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    dir,
    url: pathToFileURL(join(dir, 'index.html')).href,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh page with the webview loaded and `ready` posted. */
export async function openPage(h: Harness, size = { width: 1100, height: 800 }): Promise<Page> {
  const page = await h.browser.newPage({ viewport: size });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(h.url);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__posted.length > 0);
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

export async function deliver(page: Page, message: HostToWebview): Promise<void> {
  // Passed as a plain object: Playwright's argument type cannot expand the recursive JsonValue of decoded fields.
  await page.evaluate((m) => (globalThis as unknown as PageGlobals).postMessage(m, '*'), message as unknown as Record<string, unknown>);
  // Events are applied on the next animation frame.
  await nextFrames(page);
}

/** Resolves after two animation frames: batches are applied on the next one. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return new Promise<void>((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(r)));
  });
}

export async function posted(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).__posted = [];
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}
