// Builds everything the extension ships, plus the test bundles:
//   dist/extension.js        what VS Code loads on activation: views, commands, connections, panels
//                            (Node, CommonJS, `vscode` external). Kept small: activation time is
//                            mostly the time to load this file (docs/BENCHMARKS.md, #8).
//   dist/server.js           the mock server (scenarios and their precompiled ajv validator, yaml,
//                            self-signed certificates); also what each mock server's worker thread
//                            loads (src/server/worker/workerHost.ts: no file of its own), and
//   dist/lessons.js          the lesson catalog, markdown-it and the text of every lesson: each
//                            `require`d by extension.js on first use (see lazyBundlesPlugin)
//   dist/cli.js              the `websocket-lab` CLI (Node), self-contained
//   dist/webview/*.js|css    webview bundles (browser); timeline.css begins with the codicons,
//                            whose font esbuild copies next to it (codicon.ttf)
//   dist/test/suite/index.js the integration suite run inside VS Code (not in --production)
//   dist/websocket-lab.schema.json  the JSON Schema VS Code checks scenario files and the
//                            connections file with, made from src/shared/schema (schemaFiles)
// Flags: --watch rebuilds on change; --production minifies and drops source maps and tests.
// Types are checked separately by `tsc --noEmit` (npm run typecheck).
// The build options are exported (buildOptions) so tests can check what each bundle contains.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

// `ws` loads these optional native speed-ups inside try/catch; leave them out of the bundle.
const wsOptional = ['bufferutil', 'utf-8-validate'];
// msgpackr's native add-on only speeds up msgpackr's decoder, which we never use (we encode with
// msgpackr and decode with our own reader): skip looking it up, which cost a quarter of activation.
const noMsgpackNative = { 'process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED': '"true"' };

/**
 * The parts of the extension that load on first use, each built into its own file next to
 * extension.js. src/panels imports them with `import()`, which esbuild would otherwise inline into
 * extension.js (compiled on activation even if never run); here those imports become
 * `require('./server.js')` run when the `import()` is. Only plain data and functions cross between
 * the bundles (no `instanceof`, no shared state), so each may carry its own copy of src/shared or
 * src/core code.
 */
export const LAZY_BUNDLES = {
  server: 'src/server/index.ts',
  lessons: 'src/lessons/index.ts',
};

const lazyBundlesPlugin = {
  name: 'lazy-bundles',
  setup(build) {
    const key = (p) => p.replace(/\.ts$/, '').replace(/[\\/]index$/, '');
    const targets = new Map(Object.entries(LAZY_BUNDLES).map(([name, src]) => [key(resolve(ROOT, src)), `./${name}.js`]));
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = targets.get(key(resolve(args.resolveDir, args.path)));
      return target ? { path: target, external: true } : undefined;
    });
  },
};

/**
 * `import lessonTexts from 'websocket-lab:lesson-texts'` (typed in src/lessons/lessonTexts.d.ts):
 * the syllabus and every lesson, keyed by their repository paths, embedded in dist/lessons.js so
 * the package ships one file for all of them and they load with the code that parses them.
 */
const lessonTextsPlugin = {
  name: 'lesson-texts',
  setup(build) {
    build.onResolve({ filter: /^websocket-lab:lesson-texts$/ }, (args) => ({ path: args.path, namespace: 'lesson-texts' }));
    build.onLoad({ filter: /.*/, namespace: 'lesson-texts' }, () => {
      const lessons = readdirSync(join(ROOT, 'media/lessons')).filter((n) => n.endsWith('.md')).sort();
      const files = ['docs/syllabus.md', ...lessons.map((n) => `media/lessons/${n}`)];
      const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
      return {
        contents: JSON.stringify(texts),
        loader: 'json',
        watchFiles: files.map((f) => join(ROOT, f)),
        watchDirs: [join(ROOT, 'media/lessons')],
      };
    });
  },
};

/**
 * A webview page's entry that loads the codicons before the bundle's own styles, so its CSS
 * output is one file (codicons first, then ours): the package stays within its file budget and
 * the page links one stylesheet.
 */
const withCodiconsPlugin = {
  name: 'with-codicons',
  setup(build) {
    build.onResolve({ filter: /^with-codicons:/ }, (args) => ({ path: args.path.slice('with-codicons:'.length), namespace: 'with-codicons' }));
    build.onLoad({ filter: /.*/, namespace: 'with-codicons' }, (args) => ({
      contents: `import '@vscode/codicons/dist/codicon.css';\nimport ${JSON.stringify(`./${args.path}`)};\n`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * The scenario validator as ajv's standalone code: the module src/server/scenario/scenarioValidator.ts
 * compiles at run time, generated here instead, with the same options and schema (both read from
 * that module). No `new Function` when the mock server starts, and no ajv compiler in the bundle.
 */
export async function scenarioValidatorCode() {
  const source = await runTypeScript('src/server/scenario/scenarioValidator.ts');
  const { default: Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv({ ...source.SCENARIO_AJV_OPTIONS, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(source.validateScenario.schema));
  return `${code}\nexport { validate as validateScenario };\nexport const SCENARIO_AJV_OPTIONS = ${JSON.stringify(source.SCENARIO_AJV_OPTIONS)};\n`;
}

const precompiledScenarioValidatorPlugin = {
  name: 'precompiled-scenario-validator',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]server[\\/]scenario[\\/]scenarioValidator\.ts$/ }, async () => ({
      contents: await scenarioValidatorCode(),
      loader: 'js',
      resolveDir: join(ROOT, 'src/server/scenario'),
      watchFiles: [join(ROOT, 'src/server/scenario/scenario.schema.json'), join(ROOT, 'src/server/scenario/scenarioValidator.ts')],
    }));
  },
};

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

/**
 * JSON Schemas made from the schemas in src/shared/schema (one source for types, checks and what
 * the editor offers): [function of src/shared/schema/jsonSchema.ts, destination].
 */
const SCHEMA_SOURCE = 'src/shared/schema/jsonSchema.ts';
/**
 * Files written into dist/ besides the bundles: [source, destination], relative to the repository.
 * package.json's jsonValidation and yamlValidation point VS Code at this one for scenario files
 * and .vscode/websocket-lab.json.
 */
export const STATIC_ASSETS = [[`${SCHEMA_SOURCE}#editorJsonSchema`, 'dist/websocket-lab.schema.json']];
/**
 * Schema files kept in the repository, rewritten when their schema changes: the scenario parser
 * validates with this one, and the built-in scenarios' "$schema" points at it.
 */
export const REPOSITORY_SCHEMAS = [[`${SCHEMA_SOURCE}#scenarioJsonSchema`, 'src/server/scenario/scenario.schema.json']];

/** Loads a TypeScript module of the repository (bundled in memory) for the build to use. */
async function runTypeScript(entry) {
  const { outputFiles } = await esbuild.build({ absWorkingDir: ROOT, entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'warning' });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

/**
 * Runs the schema module and returns its JSON Schemas, as the
 * pretty JSON text each file holds, keyed by `source#function`.
 */
export async function schemaFiles() {
  const schemas = await runTypeScript(SCHEMA_SOURCE);
  const texts = new Map();
  for (const [source, to] of [...STATIC_ASSETS, ...REPOSITORY_SCHEMAS]) {
    const name = source.slice(source.indexOf('#') + 1);
    texts.set(to, `${JSON.stringify(schemas[name](), null, 2)}\n`);
  }
  return texts;
}

async function writeSchemaFiles() {
  for (const [to, text] of await schemaFiles()) {
    const file = join(ROOT, to);
    // Unchanged files are left alone, so a build does not touch the repository's copy needlessly.
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** The esbuild options of every bundle; paths are relative to the repository (absWorkingDir). */
export function buildOptions({ production = false } = {}) {
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  };
  const node = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', define: noMsgpackNative };

  const builds = [
    {
      ...node,
      entryPoints: { extension: 'src/extension.ts' },
      external: ['vscode', 'msgpackr-extract', ...wsOptional],
      plugins: [lazyBundlesPlugin],
      // The lazy bundles are CommonJS: load them with require() rather than Node's ESM loader.
      supported: { 'dynamic-import': false },
    },
    {
      ...node,
      entryPoints: { server: LAZY_BUNDLES.server },
      external: ['msgpackr-extract', ...wsOptional],
      plugins: [precompiledScenarioValidatorPlugin],
    },
    {
      ...node,
      entryPoints: { lessons: LAZY_BUNDLES.lessons },
      plugins: [lessonTextsPlugin],
    },
    {
      ...node,
      entryPoints: { cli: 'src/cli/index.ts' },
      external: ['msgpackr-extract', ...wsOptional],
      plugins: [precompiledScenarioValidatorPlugin],
      banner: { js: '#!/usr/bin/env node' },
    },
    {
      ...common,
      entryPoints: {
        timeline: 'with-codicons:media/webview/timeline/main.ts',
        lesson: 'media/webview/lesson/main.ts',
      },
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      // codicon.css's font: copied as dist/webview/codicon.ttf, the name the CSS asks for.
      loader: { '.css': 'css', '.ttf': 'file' },
      assetNames: '[name]',
      tsconfig: 'media/tsconfig.json',
      plugins: [withCodiconsPlugin],
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
  return builds;
}

async function main() {
  const watch = process.argv.includes('--watch');
  const production = process.argv.includes('--production');
  const builds = buildOptions({ production });
  await writeSchemaFiles();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [...(b.plugins ?? []), problemMatcherPlugin] })));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[watch] watching for changes');
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
  }
}

// Run as `node esbuild.mjs`; imported (by tests), it only provides the options.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
