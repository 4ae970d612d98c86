// Bundles the TypeScript the benchmarks need (the mock server, the host-side timeline, the
// exporters) into bench/.build/wslab.cjs with esbuild, the same way esbuild.mjs bundles the
// extension host side (platform node, CommonJS, ws bundled, its optional natives left out).
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD_DIR = join(ROOT, 'bench', '.build');
export const WSLAB_BUNDLE = join(BUILD_DIR, 'wslab.cjs');

const ENTRY = `
export { startMockServer, builtinScenario } from './src/server/index';
export { ServerTimeline } from './src/timeline/serverTimeline';
export { TimelineStore } from './src/timeline/timelineStore';
export { EventBatcher } from './src/timeline/eventBatcher';
export { exportJsonl } from './src/formats/jsonl';
export { exportHar } from './src/formats/har';
`;

export async function buildBenchBundle() {
  mkdirSync(BUILD_DIR, { recursive: true });
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'bench-entry.ts', loader: 'ts' },
    bundle: true,
    outfile: WSLAB_BUNDLE,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
    legalComments: 'none',
    sourcemap: false,
    // `eslint .` reaches bench/.build/ too (flat config ignores no dot-folders); a generated bundle
    // is not ours to lint.
    banner: { js: '/* eslint-disable */' },
  });
  // Directives copied from bundled libraries would be reported as unused under the banner.
  const text = readFileSync(WSLAB_BUNDLE, 'utf8');
  const nl = text.indexOf('\n');
  writeFileSync(WSLAB_BUNDLE, text.slice(0, nl) + text.slice(nl).replace(/eslint-disable/g, 'eslint-off'));
  return WSLAB_BUNDLE;
}

/** `node esbuild.mjs`: the real dist/ bundles (the webview benchmarks load dist/webview/timeline.js). */
export function buildDist(log = () => {}) {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(join(ROOT, 'dist/webview/timeline.js'))) {
        log(`built dist/webview/timeline.js (${statSync(join(ROOT, 'dist/webview/timeline.js')).size} bytes)`);
        res();
      } else rej(new Error(`node esbuild.mjs failed (exit ${code}):\n${out.slice(-3000)}`));
    });
  });
}
