// Builds everything the extension ships, plus the test bundles:
//   dist/extension.js        the extension host side (Node, CommonJS, `vscode` external)
//   dist/cli.js              the `websocket-lab` CLI (Node)
//   dist/webview/*.js|css    webview bundles (browser) + codicons font
//   dist/test/suite/index.js the integration suite run inside VS Code (not in --production)
// Flags: --watch rebuilds on change; --production minifies and drops source maps and tests.
// Types are checked separately by `tsc --noEmit` (npm run typecheck).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

// `ws` loads these optional native speed-ups inside try/catch; leave them out of the bundle.
const wsOptional = ['bufferutil', 'utf-8-validate'];
// msgpackr's native add-on only speeds up msgpackr's decoder, which we never use (we encode with
// msgpackr and decode with our own reader): skip looking it up, which cost a quarter of activation.
const noMsgpackNative = { 'process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED': '"true"' };

/** Prints build start/end the way VS Code's esbuild problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'msgpackr-extract', ...wsOptional],
    define: noMsgpackNative,
  },
  {
    ...common,
    entryPoints: { cli: 'src/server/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['msgpackr-extract', ...wsOptional],
    define: noMsgpackNative,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: {
      timeline: 'media/webview/timeline/main.ts',
      lesson: 'media/webview/lesson/main.ts',
    },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
    tsconfig: 'media/tsconfig.json',
  },
];

if (!production) {
  builds.push({
    ...common,
    entryPoints: { 'test/suite/index': 'test/integration/suite/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', ...wsOptional],
  });
}

function copyStaticAssets() {
  mkdirSync('dist/webview', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
  }
  cpSync('src/server/scenario.schema.json', 'dist/scenario.schema.json');
  // The syllabus and every lesson in one file: the packaged extension ships one file instead of
  // 28, and the catalog reads them through the same readText/listDir interface.
  const lessons = { 'docs/syllabus.md': readFileSync('docs/syllabus.md', 'utf8') };
  for (const f of readdirSync('media/lessons').filter((n) => n.endsWith('.md'))) {
    lessons[`media/lessons/${f}`] = readFileSync(`media/lessons/${f}`, 'utf8');
  }
  writeFileSync('dist/lessons.json', JSON.stringify(lessons));
}

copyStaticAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [problemMatcherPlugin] })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
