import { describe, expect, it } from 'vitest';
import { headingSlug, renderLesson } from '../../../src/lessons/renderLesson';
import { commandHref, parseCommandLink } from '../../../src/lessons/commandLink';

const FENCE = '```';
const resolved: string[] = [];
const render = (md: string) => renderLesson(md, {
  resolveImage: (p) => {
    resolved.push(p);
    return `https://file+.vscode-resource.vscode-cdn.net/ext/media/lessons/${p}`;
  },
});

describe('renderLesson', () => {
  it('raw HTML in a lesson is shown as text, never as markup', () => {
    const html = render('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div>block</div>\n');
    expect(html).not.toMatch(/<script|<img|<div/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('our command links become data attributes the webview turns into messages', () => {
    const html = render(`[▶ Start the exercise](${commandHref('websocketLab.startExercise', ['m05'])})`);
    expect(html).toContain('<a href="#" data-command="websocketLab.startExercise" data-args="[&quot;m05&quot;]">▶ Start the exercise</a>');
  });

  it('other extensions\' commands, javascript: and file: links are reduced to their text', () => {
    const html = render('[settings](command:workbench.action.openSettings) [x](javascript:alert(1)) [f](file:///etc/passwd) [rel](02-protocol.md)');
    expect(html).not.toContain('<a');
    expect(html).toContain('settings');
    expect(html).toContain('rel');
    expect(html).not.toContain('workbench.action');
  });

  it('a command link with malformed arguments is dropped', () => {
    expect(render('[bad](command:websocketLab.startExercise?%7Bnot-json)')).not.toContain('<a');
  });

  it('http(s) and in-page topic links stay links', () => {
    const html = render('[RFC](https://www.rfc-editor.org/rfc/rfc6455) [up](#what-are-websockets)');
    expect(html).toContain('<a href="https://www.rfc-editor.org/rfc/rfc6455">RFC</a>');
    expect(html).toContain('<a href="#what-are-websockets">up</a>');
  });

  it('code fences carry a language class, and runnable ones their kind, scenario and line', () => {
    const html = render(`Intro\n\n${FENCE}js runnable scenario=echo\nconst a = 1 < 2;\n${FENCE}\n\n${FENCE}js runnable-browser scenario=chat\nx\n${FENCE}\n\n${FENCE}python\nprint("hi")\n${FENCE}\n`);
    expect(html).toContain('<pre data-runnable="node" data-scenario="echo" data-line="3"><code class="language-js">const a = 1 &lt; 2;\n</code></pre>');
    expect(html).toContain('<pre data-runnable="browser" data-scenario="chat" data-line="7"><code class="language-js">x\n</code></pre>');
    expect(html).toContain('<pre data-line="11"><code class="language-python">print(&quot;hi&quot;)\n</code></pre>');
  });

  it('a language name that could break the attribute is left out', () => {
    expect(render(`${FENCE}"><x\ncode\n${FENCE}\n`)).toContain('<pre data-line="1"><code>code');
  });

  it('relative images inside media/lessons go through resolveImage; others become their alt text', () => {
    resolved.length = 0;
    const html = render('![diagram](img/handshake.png) ![up](../../secret.png) ![enc](%2e%2e/x.png) ![web](https://example.com/x.png) ![abs](/etc/x.png)');
    expect(resolved).toEqual(['img/handshake.png']);
    expect(html).toContain('<img src="https://file+.vscode-resource.vscode-cdn.net/ext/media/lessons/img/handshake.png" alt="diagram">');
    expect(html.match(/<img/g)).toHaveLength(1);
    expect(html).toContain('up enc web abs');
  });

  it('an image the adapter cannot resolve is reduced to its alt text', () => {
    expect(renderLesson('![alt text](img/a.png)', { resolveImage: () => undefined })).toBe('<p>alt text</p>\n');
  });

  it('headings get slug ids; a repeated heading gets a numbered id', () => {
    const html = render('# Module 2: WebSocket Protocol\n\n## WebSocket URI schemes (ws:// and wss://)\n\n### Details\n\n## Details\n');
    expect(html).toContain('<h1 id="module-2-websocket-protocol">');
    expect(html).toContain('<h2 id="websocket-uri-schemes-ws-and-wss">WebSocket URI schemes (ws:// and wss://)</h2>');
    expect(html).toContain('<h3 id="details">');
    expect(html).toContain('<h2 id="details-2">');
  });
});

describe('headingSlug', () => {
  it('makes stable, readable ids from topic titles', () => {
    expect(headingSlug('WebSocket vs HTTP/2 and HTTP/3')).toBe('websocket-vs-http-2-and-http-3');
    expect(headingSlug('C# (ASP.NET Core SignalR, System.Net.WebSockets)')).toBe('c-asp-net-core-signalr-system-net-websockets');
    expect(headingSlug('Café')).toBe('cafe');
    expect(headingSlug('???')).toBe('section');
  });
});

describe('parseCommandLink', () => {
  it('round-trips the links lessons use', () => {
    expect(parseCommandLink(commandHref('websocketLab.checkExercise', ['m12']))).toEqual({ command: 'websocketLab.checkExercise', args: ['m12'] });
    expect(parseCommandLink('command:websocketLab.startExercise?%5B%22m01%22%5D')).toEqual({ command: 'websocketLab.startExercise', args: ['m01'] });
    expect(parseCommandLink('command:websocketLab.openLessons')).toEqual({ command: 'websocketLab.openLessons', args: [] });
  });

  it('refuses other commands and non-array arguments', () => {
    expect(parseCommandLink('command:workbench.action.terminal.sendSequence?%5B%5D')).toBeUndefined();
    expect(parseCommandLink('command:websocketLab.startExercise?%22m01%22')).toBeUndefined();
    expect(parseCommandLink('https://example.com')).toBeUndefined();
  });
});
