// Debian's Chromium through playwright-core (never `playwright install`), and a static HTTP server
// on 127.0.0.1 for the benchmark pages and the real webview bundle in dist/webview/.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './build.mjs';
import { Skip } from './skip.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launch(extraArgs = []) {
  if (!existsSync(CHROMIUM)) throw new Skip(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or install Debian's chromium package)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 60_000 });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Serves /pages/* (bench/pages), /dist/webview/* and /theme.css; resolves { port, close }. */
export function startStaticServer() {
  const routes = [
    ['/dist/webview/', join(ROOT, 'dist', 'webview')],
    ['/pages/', join(ROOT, 'bench', 'pages')],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file;
    if (path === '/theme.css') file = join(ROOT, 'test', 'unit', 'webview', 'vscode-dark.css');
    else if (path.endsWith('.html') && !path.includes('/', 1)) file = join(ROOT, 'bench', 'pages', path.slice(1));
    else {
      for (const [prefix, dir] of routes) {
        if (path.startsWith(prefix)) {
          const rel = normalize(path.slice(prefix.length));
          if (!rel.startsWith('..')) file = join(dir, rel);
        }
      }
    }
    if (!file || !existsSync(file)) {
      res.writeHead(file && path === '/theme.css' ? 200 : 404, { 'Content-Type': 'text/css' });
      res.end('');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}
