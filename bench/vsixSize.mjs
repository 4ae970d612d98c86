// #9 The .vsix: `npm run package` in a clean copy of the repository, then its size and files.
// A copy, so the production build does not replace the dist/ other work in this checkout uses, and
// so files lying around here (test-results/, bench/results/...) do not end up in the package.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ROOT } from './lib/build.mjs';
import { fmtBytes } from './lib/stats.mjs';

export const id = 9;
export const title = '.vsix size and file count';
export const peerName = '—';
export const target = '≤ 1 MB, ≤ 20 files';

// What a fresh clone does not have (the .gitignore list) plus the repository itself.
const SKIP = new Set(['.git', 'node_modules', 'dist', 'out', 'test-results', '.vscode-test', 'coverage']);
const SKIP_PATHS = new Set(['bench/results', 'bench/.build']);

/** Entries of a zip file (from its central directory): [{ name, size, compressed }]. */
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(off) !== 0x02014b50) throw new Error('broken central directory');
    const compressed = buf.readUInt32LE(off + 20);
    const size = buf.readUInt32LE(off + 24);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    const method = buf.readUInt16LE(off + 10);
    const local = buf.readUInt32LE(off + 42);
    const name = buf.toString('utf8', off + 46, off + 46 + nameLen);
    if (!name.endsWith('/')) entries.push({ name, size, compressed, method, local });
    off += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Writes the entries under `prefix` (e.g. "extension/") into `dest`: the installed extension. */
export function extractZip(buf, dest, prefix) {
  for (const e of zipEntries(buf)) {
    if (!e.name.startsWith(prefix)) continue;
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const raw = buf.subarray(start, start + e.compressed);
    const data = e.method === 0 ? raw : inflateRawSync(raw);
    const file = join(dest, e.name.slice(prefix.length));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
}

function exec(cmd, args, cwd, input, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // vsce asks before packaging without a LICENSE or repository: answer yes, as a person would.
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** `npm run package` in a clean copy; resolves { dir, vsix, out, seconds } (remove dir after use). */
export async function buildVsix(log, timeoutMs = 300_000) {
  const dir = mkdtempSync(join(tmpdir(), 'wslab-vsix-'));
  for (const name of readdirSync(ROOT)) {
    if (SKIP.has(name) || name.endsWith('.vsix')) continue;
    cpSync(join(ROOT, name), join(dir, name), { recursive: true, filter: (src) => !SKIP_PATHS.has(src.slice(ROOT.length + 1)) });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  log(`npm run package in a clean copy (${dir})`);
  const t0 = Date.now();
  const r = await exec('npm', ['run', 'package'], dir, 'y\ny\ny\ny\n', timeoutMs);
  const seconds = (Date.now() - t0) / 1000;
  const vsix = join(dir, 'websocket-lab.vsix');
  if (r.code !== 0 || !existsSync(vsix)) {
    rmSync(dir, { recursive: true, force: true });
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|network/i.test(r.out);
    throw new Error(`npm run package failed (exit ${r.code})${offline ? ' — it tried to reach the network' : ''}:\n${r.out.slice(-2500)}`);
  }
  return { dir, vsix, out: r.out, seconds };
}

export async function run({ quick, log }) {
  const { dir, vsix, out, seconds } = await buildVsix(log, quick ? 150_000 : 300_000);
  const r = { out };
  try {
    const size = statSync(vsix).size;
    const entries = zipEntries(readFileSync(vsix));
    const ext = entries.filter((e) => e.name.startsWith('extension/'));
    const biggest = [...ext].sort((a, b) => b.size - a.size).slice(0, 8);
    const byFolder = new Map();
    for (const e of ext) {
      const top = e.name.split('/').slice(1, 3).join('/');
      const k = top.includes('.') && !top.includes('/') ? '(root files)' : top.split('/')[0];
      byFolder.set(k, (byFolder.get(k) ?? 0) + 1);
    }
    const warnings = [...new Set(r.out.split('\n').filter((l) => /WARNING|Do you want to continue/i.test(l)).map((l) => l.trim()))];
    return {
      rows: [
        { label: '.vsix size', unit: 'bytes', format: 'bytes', peer: NaN, peerLabel: '—', ours: size, ratio: undefined, target: '≤ 1 MB', met: size <= 1_000_000, oursRuns: [size], oursOnly: true },
        { label: 'files in the .vsix (extension/ + 2 manifest files)', unit: 'files', peer: NaN, peerLabel: '—', ours: entries.length, ratio: undefined, target: '≤ 20 files', met: entries.length <= 20, oursRuns: [entries.length], oursOnly: true },
      ],
      notes: [
        `Packaging took ${seconds.toFixed(0)} s and needed no network.`,
        `Files by folder: ${[...byFolder].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
        `Largest files (uncompressed): ${biggest.map((e) => `${e.name.replace(/^extension\//, '')} ${fmtBytes(e.size)}`).join(', ')}.`,
        ...(warnings.length ? [`vsce said: ${warnings.map((w) => `“${w}”`).join('; ')}`] : []),
      ],
      files: entries.map((e) => e.name),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const method = `The repository is copied to a temporary folder as a fresh clone would have it (no \`.git\`,
\`dist/\`, \`test-results/\`, \`bench/results/\`, \`*.vsix\`; \`node_modules\` linked), and \`npm run package\`
(\`node esbuild.mjs --production && vsce package --no-dependencies\`) runs there offline, answering
“y” if vsce asks to continue. Size and entries are read from the zip's central directory.`;

export function limits() {
  return `20 files is the limit exactly: \`.vscodeignore\` keeps the package to the bundles, the webview assets,
the walkthrough pages and the manifest, so one more shipped file (a second icon, a walkthrough page)
would cross it. The bundles are \`dist/extension.js\` (what activation loads) and \`dist/server.js\`
and \`dist/lessons.js\`, which it loads on first use (#8); the lesson texts are inside
\`dist/lessons.js\` and the codicons inside \`dist/webview/timeline.css\` rather than files of their
own. \`dist/lessons.js\` (lesson texts, markdown-it) and \`dist/server.js\` (ajv, yaml, the certificate
stack, and its own copy of \`ws\`, about 50 KB) are most of the size.`;
}
export const alwaysShowLimits = true;
