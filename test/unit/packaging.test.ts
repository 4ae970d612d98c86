// What the .vsix carries, built the way `npm run package` builds it (esbuild.mjs --production, in
// memory). Activation time is mostly the time to compile dist/extension.js, so the mock server,
// the lessons and their libraries live in bundles that extension.js requires on first use; those
// bundles must then be in the package, or the feature breaks only for users of the .vsix.
import { beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../..');

interface BuildConfig {
  buildOptions(o: { production: boolean }): Array<esbuild.BuildOptions & { entryPoints: Record<string, string> }>;
  LAZY_BUNDLES: Record<string, string>;
  STATIC_ASSETS: Array<[string, string]>;
}

/** vsce's own file selection (.vscodeignore), as `vsce package --no-dependencies` applies it. */
const vsce = createRequire(__filename)('@vscode/vsce') as {
  listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>;
  PackageManager: { None: number };
};

let config: BuildConfig;
/** Bundle name ("extension", "server", "timeline"...) → its build's metafile. */
const metafiles = new Map<string, esbuild.Metafile>();

beforeAll(async () => {
  config = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as BuildConfig;
  for (const options of config.buildOptions({ production: true })) {
    const { metafile } = await esbuild.build({ ...options, write: false, metafile: true, logLevel: 'silent' });
    for (const name of Object.keys(options.entryPoints)) metafiles.set(name, metafile);
  }
}, 180_000);

const outputOf = (bundle: string, file: string) => {
  const out = metafiles.get(bundle)?.outputs[file];
  if (!out) throw new Error(`the ${bundle} build wrote no ${file}`);
  return out;
};

/** What makes a bundle slow to load and belongs to the mock server or the lessons. */
const HEAVY: Array<[string, RegExp]> = [
  ['the mock server', /^src\/server\//],
  ['scenario validation (ajv)', /node_modules\/ajv\//],
  ['scenario YAML (yaml)', /node_modules\/yaml\//],
  ['certificates (selfsigned, @peculiar)', /node_modules\/(selfsigned|@peculiar)\//],
  ['the lesson parser and renderer (markdown-it)', /node_modules\/markdown-it\//],
  ['the lesson texts', /^lesson-texts:/],
];

describe('the activation bundle', () => {
  it('dist/extension.js contains none of the mock server, the lessons or their libraries', () => {
    const inputs = Object.keys(outputOf('extension', 'dist/extension.js').inputs);
    const found = HEAVY.flatMap(([what, re]) => inputs.filter((f) => re.test(f)).map((f) => `${what}: ${f}`));
    expect(found).toEqual([]);
  });

  it('the markers are real: the lazy bundles do contain those modules', () => {
    const server = Object.keys(outputOf('server', 'dist/server.js').inputs);
    const lessons = Object.keys(outputOf('lessons', 'dist/lessons.js').inputs);
    for (const [what, re] of HEAVY) expect([...server, ...lessons].some((f) => re.test(f)), what).toBe(true);
  });

  it('loads each lazy bundle only where the source says import(), so only on first use', () => {
    const expected = Object.keys(config.LAZY_BUNDLES).map((name) => `./${name}.js`).sort();
    // What dist/extension.js loads from its own folder: the lazy bundles, nothing else.
    const local = outputOf('extension', 'dist/extension.js').imports.filter((i) => i.path.startsWith('./'));
    expect([...new Set(local.map((i) => i.path))].sort()).toEqual(expected);
    // Where the sources load them: an `import ... from` would run the require on activation.
    const uses = Object.entries(metafiles.get('extension')!.inputs)
      .flatMap(([file, input]) => input.imports.filter((i) => expected.includes(i.path)).map((i) => ({ file, ...i })));
    expect([...new Set(uses.map((u) => u.path))].sort()).toEqual(expected);
    for (const u of uses) expect(u.kind, `${u.file} → ${u.path}`).toBe('dynamic-import');
    // And each is a bundle the build writes.
    for (const name of Object.keys(config.LAZY_BUNDLES)) outputOf(name, `dist/${name}.js`);
  });
});

describe('the .vsix', () => {
  it('holds every file the extension loads, in at most 20 files', async () => {
    // A package folder with the real manifest, .vscodeignore and media, and the build's outputs.
    const dir = mkdtempSync(join(tmpdir(), 'wslab-package-'));
    try {
      for (const f of ['package.json', '.vscodeignore', 'README.md', 'LICENSE.txt', 'media']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
      const outputs = [...new Set([...metafiles.values()].flatMap((m) => Object.keys(m.outputs)))];
      for (const f of [...outputs, ...config.STATIC_ASSETS.map(([, to]) => to)]) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), '');
      }
      const listed = await vsce.listFiles({ cwd: dir, packageManager: vsce.PackageManager.None });

      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const rel = (p: string) => p.replace(/^\.\//, '');
      const webview = Object.keys(metafiles.get('timeline')!.outputs);
      expect(webview).toEqual(expect.arrayContaining(['dist/webview/timeline.js', 'dist/webview/timeline.css', 'dist/webview/lesson.js', 'dist/webview/codicon.ttf']));
      const needed = [
        rel(pkg.main),
        ...Object.keys(config.LAZY_BUNDLES).map((name) => `dist/${name}.js`),
        // Every webview page file: scripts, styles and the codicon font their CSS points at.
        ...webview,
        ...(pkg.contributes.jsonValidation as Array<{ url: string }>).map((v) => rel(v.url)),
        ...(pkg.contributes.viewsContainers.activitybar as Array<{ icon: string }>).map((v) => rel(v.icon)),
      ];
      expect(listed).toEqual(expect.arrayContaining([...new Set(needed)]));
      // Plus the two files vsce adds (extension.vsixmanifest, [Content_Types].xml).
      expect(listed.length + 2, listed.join('\n')).toBeLessThanOrEqual(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
