// dist/server.js as the extension ships it (esbuild.mjs's own options for the server bundle), built
// into a temporary folder. Mock servers started from VS Code run in a worker thread that loads this
// bundle (src/server/worker/workerHost.ts), which source files run by vitest cannot stand in for.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

export type ServerModule = typeof import('../../../src/server/index');

export async function bundleServer(): Promise<{ file: string; server: ServerModule; dispose: () => void }> {
  const { buildOptions, LAZY_BUNDLES } = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as {
    buildOptions(o: { production: boolean }): esbuild.BuildOptions[];
    LAZY_BUNDLES: Record<string, string>;
  };
  const options = buildOptions({ production: false }).find((o) => JSON.stringify(o.entryPoints) === JSON.stringify({ server: LAZY_BUNDLES.server }));
  if (!options) throw new Error('esbuild.mjs has no build for the server bundle');
  const dir = mkdtempSync(join(tmpdir(), 'wslab-server-bundle-'));
  await esbuild.build({ ...options, outdir: dir, sourcemap: false, logLevel: 'silent' });
  const file = join(dir, 'server.js');
  return { file, server: createRequire(file)(file) as ServerModule, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
