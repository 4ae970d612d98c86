// Tiny DOM builder. Everything user-controlled goes through textContent, never innerHTML,
// so payloads from the network can't inject markup into the webview.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
      else if (name === 'class') el.className = String(value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/** A codicon glyph (the host page links codicon.css). */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name} ${extraClass}`.trim(), 'aria-hidden': 'true' });
}

/**
 * A small toolbar button: an icon with a tooltip, plus a visible label when given one. A labelled
 * button is named by its label (what a voice-control user says is what they see) and the tooltip
 * becomes its description; only an icon-only button takes its name from the tooltip.
 */
export function iconButton(name: string, title: string, onClick: (e: MouseEvent) => void, testId?: string, label?: string): HTMLButtonElement {
  const b = h('button', { class: label ? 'icon-btn labeled' : 'icon-btn', type: 'button', title, 'aria-label': label ? undefined : title, 'data-testid': testId }, icon(name), label ? h('span', null, label) : null);
  b.addEventListener('click', onClick);
  return b;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
