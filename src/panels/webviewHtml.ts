// HTML shell for our webviews, with a strict Content Security Policy:
// nothing loads by default, scripts run only with this page's nonce, styles and fonts only from
// the built webview assets. No inline scripts, no eval.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  title: string;
  /** Bundle name in dist/webview, e.g. "timeline" → timeline.js + timeline.css. */
  bundle: string;
  /** False when the bundle brings its styles itself (constructed stylesheets). */
  stylesheet?: boolean;
  /** Extra attributes for <body>, e.g. data-timeline-id (values are HTML-escaped). */
  bodyData?: Record<string, string>;
}

/** The only folder a webview may load from. */
export function webviewAssetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
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

export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewAssetsRoot(extensionUri);
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  const data = Object.entries(page.bodyData ?? {})
    .map(([k, v]) => ` data-${k}="${escapeAttr(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}" id="vscode-codicon-stylesheet">
${page.stylesheet === false ? '' : `<link rel="stylesheet" href="${asset(`${page.bundle}.css`)}">`}
<title>${escapeAttr(page.title)}</title>
</head>
<body${data}>
<div id="app"></div>
<script nonce="${nonce}" src="${asset(`${page.bundle}.js`)}"></script>
</body>
</html>`;
}
