// HTML shell for our webviews, with a strict Content Security Policy:
// nothing loads by default, scripts run only with this page's nonce, styles and fonts only from
// the built webview assets. No inline scripts, no eval.
// The page itself is built by `buildWebviewHtml`, a pure function (no VS Code at run time), so
// tests can check the policy of every bundle; `renderWebviewHtml` only supplies the webview's
// CSP source and asset URLs.
import type * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';

export interface WebviewPage {
  title: string;
  /** Bundle name in dist/webview, e.g. "timeline" → timeline.js + timeline.css. */
  bundle: string;
  /** Extra attributes for <body>, e.g. data-timeline-id (values are HTML-escaped). */
  bodyData?: Record<string, string>;
  /**
   * False when the bundle ships no <bundle>.css (its styles are constructed in script). A bundle's
   * CSS begins with the codicons (esbuild.mjs), so its link carries the id by which
   * @vscode-elements finds the codicon stylesheet.
   */
  stylesheet?: boolean;
}

/** What the page needs from its host: where assets come from and this page's script nonce. */
export interface WebviewHtmlContext {
  /** `webview.cspSource`: the origin of the extension's local resources. */
  cspSource: string;
  /** URL of a file in dist/webview, as the webview may load it. */
  assetUrl: (file: string) => string;
  /** Fresh for every page: a script runs only when it carries it. */
  nonce: string;
}

/** The only folder a webview may load from. */
export function webviewAssetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return extensionUri.with({ path: posix.join(extensionUri.path, 'dist', 'webview') });
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [webviewAssetsRoot(extensionUri)],
    retainContextWhenHidden: false,
  };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** 128 random bits, base64: what CSP nonces should be. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function buildWebviewHtml(page: WebviewPage, ctx: WebviewHtmlContext): string {
  const { cspSource, nonce } = ctx;
  const asset = (file: string) => escapeAttr(ctx.assetUrl(file));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
  const data = Object.entries(page.bodyData ?? {})
    .map(([k, v]) => ` data-${k}="${escapeAttr(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.stylesheet === false ? '' : `<link rel="stylesheet" href="${asset(`${page.bundle}.css`)}" id="vscode-codicon-stylesheet">\n`}<title>${escapeAttr(page.title)}</title>
</head>
<body${data}>
<div id="app"></div>
<script nonce="${escapeAttr(nonce)}" src="${asset(`${page.bundle}.js`)}"></script>
</body>
</html>`;
}

export function renderWebviewHtml(webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>, extensionUri: vscode.Uri, page: WebviewPage): string {
  const root = webviewAssetsRoot(extensionUri);
  return buildWebviewHtml(page, {
    cspSource: webview.cspSource,
    nonce: newNonce(),
    assetUrl: (file) => webview.asWebviewUri(root.with({ path: posix.join(root.path, file) })).toString(),
  });
}
