// Renders a lesson to the HTML shown in the lesson webview.
// The webview runs with a strict CSP and executes our commands on click, so the renderer is the
// gate for what lesson text can do:
//   - raw HTML in markdown is off (text is escaped);
//   - links: our own `command:websocketLab.*` links become data attributes the webview script
//     turns into a postMessage; http(s) and in-page `#topic` links stay; anything else (other
//     extensions' commands, file:, javascript:, relative paths) is reduced to its text;
//   - images: only relative paths inside media/lessons, mapped through `resolveImage` (the
//     adapter's asWebviewUri); others are reduced to their alt text;
//   - code fences carry their language class and, when runnable, data-runnable/data-scenario so
//     the webview can offer a Run button;
//   - headings get slug ids so the Lessons view can jump to a topic (see headingSlug).

import * as path from 'node:path';
import MarkdownIt, { type Token } from 'markdown-it';
import { parseCommandLink } from './commandLink';
import { parseFenceInfo } from './fenceInfo';
import { headingSlug } from './headingSlug';

export { headingSlug };


export interface RenderOptions {
  /**
   * Maps an image path relative to media/lessons (already checked to stay inside it, e.g.
   * "img/handshake.png") to a URL the webview may load; undefined drops the image.
   */
  resolveImage(relativePath: string): string | undefined;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const SAFE_LANGUAGE = /^[A-Za-z0-9_+-]+$/;

const md = new MarkdownIt({ html: false, linkify: false });
md.core.ruler.push('lesson_safety', (state) => {
  const options = state.env as unknown as RenderOptions;
  const usedIds = new Map<string, number>();
  for (let i = 0; i < state.tokens.length; i++) {
    const token = state.tokens[i];
    if (token.type === 'heading_open') {
      const base = headingSlug(state.tokens[i + 1]?.content ?? '');
      // Later duplicates get -2, -3...: the first heading with a given text keeps the plain slug.
      const n = (usedIds.get(base) ?? 0) + 1;
      usedIds.set(base, n);
      token.attrSet('id', n === 1 ? base : `${base}-${n}`);
    }
    if (token.type === 'inline' && token.children) token.children = filterInline(token.children, options, state.Token);
  }
});

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  const info = parseFenceInfo(md.utils.unescapeAll(token.info));
  const pre: string[] = [];
  if (info.runnable) {
    pre.push(` data-runnable="${info.runnable}"`);
    if (info.scenario) pre.push(` data-scenario="${md.utils.escapeHtml(info.scenario)}"`);
  }
  if (token.map) pre.push(` data-line="${token.map[0] + 1}"`);
  const lang = SAFE_LANGUAGE.test(info.language) ? ` class="language-${info.language}"` : '';
  return `<pre${pre.join('')}><code${lang}>${md.utils.escapeHtml(token.content)}</code></pre>\n`;
};

function filterInline(children: Token[], options: RenderOptions, TokenClass: typeof Token): Token[] {
  const kept: Token[] = [];
  // Markdown links never nest, so one flag pairs a dropped link_open with its link_close.
  let droppingLink = false;
  for (const child of children) {
    if (child.type === 'link_open') {
      droppingLink = !rewriteLink(child);
      if (!droppingLink) kept.push(child);
    } else if (child.type === 'link_close') {
      if (!droppingLink) kept.push(child);
      droppingLink = false;
    } else if (child.type === 'image') {
      const src = imagePath(String(child.attrGet('src') ?? ''));
      const url = src === undefined ? undefined : options.resolveImage(src);
      if (url !== undefined) {
        child.attrSet('src', url);
        kept.push(child);
      } else {
        const alt = new TokenClass('text', '', 0);
        alt.content = child.content;
        kept.push(alt);
      }
    } else {
      kept.push(child);
    }
  }
  return kept;
}

/** Makes a link safe in place; false means drop the link and keep its text. */
function rewriteLink(link: Token): boolean {
  const href = String(link.attrGet('href') ?? '');
  if (href.startsWith('command:')) {
    const command = parseCommandLink(href);
    if (!command) return false;
    link.attrs = [
      ['href', '#'],
      ['data-command', command.command],
      ['data-args', JSON.stringify(command.args)],
    ];
    return true;
  }
  return /^https?:\/\//i.test(href) || /^#[^#]*$/.test(href);
}

/** The image path relative to media/lessons, or undefined when it points anywhere else. */
function imagePath(src: string): string | undefined {
  if (src === '' || SCHEME.test(src) || src.startsWith('/') || src.startsWith('\\')) return undefined;
  let decoded: string;
  try {
    // Decode before the ".." check so %2e%2e cannot climb out of the folder.
    decoded = decodeURIComponent(src);
  } catch {
    return undefined;
  }
  const normalized = path.posix.normalize(decoded.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../') || normalized.startsWith('/')) return undefined;
  return normalized;
}

export function renderLesson(markdown: string, options: RenderOptions): string {
  // A fresh env per render: markdown-it stores link references in it.
  const env = { resolveImage: (p: string) => options.resolveImage(p) };
  return md.render(markdown, env);
}
