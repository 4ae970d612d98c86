// The detail pane for the selected event: everything the one-line row leaves out.
// It sits under the list (like the frames pane of browser dev tools) so rows keep one height
// and the list stays trivially virtualized. Its height is draggable and remembered.

import type { DecodedMessage, TimelineEvent } from '../../../src/shared/events';
import { binarySections } from './binaryView';
import { h, icon, iconButton } from './dom';
import { controlPayloadText, eventDir, eventIcon, eventTitle } from '../../../src/shared/eventKinds';
import { formatBytes, formatMs } from '../../../src/shared/format';
import { formatClock } from './eventText';
import { jsonTree, parseJsonExact } from './jsonTree';
import { uiState, updateUiState } from './vscodeApi';

/** Text messages above this are shown raw: building a tree of megabytes would stall the UI. */
const MAX_TREE_CHARS = 1_000_000;

export interface DetailHooks {
  onClose(): void;
  onCopy(event: TimelineEvent): void;
  onResend(event: TimelineEvent): void;
}

export class DetailView {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly body: HTMLElement;
  private event: TimelineEvent | undefined;
  /** False on a mock server's timeline, which cannot send. */
  private canResend = true;

  constructor(private readonly hooks: DetailHooks) {
    this.title = h('span', { class: 'detail-title' });
    this.actions = h('span', { class: 'detail-actions' });
    this.body = h('div', { class: 'detail-body' });
    const sash = h('div', { class: 'sash', role: 'separator', 'aria-orientation': 'horizontal', title: 'Drag to resize' });
    this.element = h('section', { class: 'detail', 'data-testid': 'event-detail', hidden: true, 'aria-label': 'Event details' },
      sash,
      h('div', { class: 'detail-head' }, this.title, h('span', { class: 'spacer' }), this.actions),
      this.body,
    );
    const saved = uiState().detailHeight;
    if (saved) this.element.style.height = `${saved}px`;
    this.initSash(sash);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.hooks.onClose();
    });
  }

  setCanResend(canResend: boolean): void {
    this.canResend = canResend;
  }

  show(event: TimelineEvent | undefined): void {
    if (event === this.event) return;
    this.event = event;
    this.element.hidden = !event;
    if (!event) {
      this.body.replaceChildren();
      return;
    }
    const dir = eventDir(event);
    this.title.replaceChildren(
      dir ? icon(dir === 'out' ? 'arrow-up' : 'arrow-down', `dir-icon dir-${dir}`) : icon(eventIcon(event)),
      h('span', { class: 'detail-kind' }, eventTitle(event)),
      h('span', { class: 'muted' }, ` #${event.seq} · ${formatClock(event.time)}`),
    );
    this.actions.replaceChildren(
      iconButton('copy', event.kind === 'message' ? 'Copy payload' : 'Copy event as JSON', () => this.hooks.onCopy(event), 'detail-copy'),
      event.kind === 'message' && this.canResend ? iconButton('debug-restart', 'Send again', () => this.hooks.onResend(event), 'detail-resend') : '',
      iconButton('close', 'Close details (Esc)', () => this.hooks.onClose(), 'detail-close'),
    );
    this.body.replaceChildren(...sectionsFor(event));
    this.body.scrollTop = 0;
  }

  private initSash(sash: HTMLElement): void {
    sash.addEventListener('pointerdown', (down) => {
      down.preventDefault();
      sash.setPointerCapture(down.pointerId);
      const startY = down.clientY;
      const startHeight = this.element.getBoundingClientRect().height;
      const move = (e: PointerEvent) => {
        const height = Math.max(80, Math.min(window.innerHeight * 0.8, startHeight + startY - e.clientY));
        this.element.style.height = `${height}px`;
      };
      const up = () => {
        sash.removeEventListener('pointermove', move);
        sash.removeEventListener('pointerup', up);
        updateUiState({ detailHeight: Math.round(this.element.getBoundingClientRect().height) });
      };
      sash.addEventListener('pointermove', move);
      sash.addEventListener('pointerup', up);
    });
  }
}

function section(title: string, ...content: Array<Node | string | null>): HTMLElement {
  return h('div', { class: 'detail-section' }, h('div', { class: 'section-title' }, title), ...content);
}

/** A two-column key/value table; undefined values are left out. */
function facts(rows: Array<[string, Node | string | number | boolean | undefined]>): HTMLElement {
  return h('table', { class: 'facts' }, h('tbody', null, ...rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) =>
    h('tr', null, h('th', { scope: 'row' }, k), h('td', null, typeof v === 'object' ? v : String(v))))));
}

function headersTable(headers: Array<[string, string]>, testId: string): HTMLElement {
  if (!headers.length) return h('div', { class: 'muted' }, 'No headers');
  return h('table', { class: 'headers-table', 'data-testid': testId },
    h('thead', null, h('tr', null, h('th', null, 'Header'), h('th', null, 'Value'))),
    h('tbody', null, ...headers.map(([name, value]) => h('tr', null, h('td', { class: 'header-name-cell' }, name), h('td', null, value)))));
}

function check(ok: boolean | null, good: string, bad: string): HTMLElement {
  if (ok === null) return h('span', { class: 'muted' }, 'not checked');
  return h('span', { class: ok ? 'ok' : 'bad', 'data-testid': 'accept-check' }, icon(ok ? 'pass' : 'error'), ` ${ok ? good : bad}`);
}

function pre(text: string, className = ''): HTMLElement {
  return h('pre', { class: `code ${className}`.trim() }, text);
}

function textPayload(data: string): HTMLElement[] {
  const trimmed = data.trimStart();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && data.length <= MAX_TREE_CHARS) {
    try {
      const value = parseJsonExact(data);
      const raw = pre(data, 'raw');
      raw.hidden = true;
      // Small documents open fully; big ones open two levels and unfold on demand.
      const tree = jsonTree(value, data.length < 4000 ? 10 : 2);
      const toggle = h('button', { class: 'link-btn', type: 'button' }, 'Show raw');
      toggle.addEventListener('click', () => {
        raw.hidden = !raw.hidden;
        tree.hidden = !raw.hidden;
        toggle.textContent = raw.hidden ? 'Show raw' : 'Show tree';
      });
      return [section('JSON', toggle, tree, raw)];
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  const shown = data.length > MAX_TREE_CHARS ? `${data.slice(0, MAX_TREE_CHARS)}\n… (${(data.length - MAX_TREE_CHARS).toLocaleString('en-US')} more characters; copy to see all)` : data;
  return [section('Text', pre(shown))];
}

/** What a codec or protocol adapter read in the message, above its raw payload. */
function decodedSection(d: DecodedMessage): HTMLElement {
  const fields = Object.entries(d.fields ?? {}).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  const el = section(`Decoded · ${d.protocol}`, facts([['Type', d.type], ['Summary', d.summary], ...fields]));
  el.dataset.testid = 'decoded';
  return el;
}

function sectionsFor(e: TimelineEvent): HTMLElement[] {
  switch (e.kind) {
    case 'message': {
      const raw = e.encoding === 'base64' ? binarySections(e.data, e.size) : textPayload(e.data);
      return e.decoded ? [decodedSection(e.decoded), ...raw] : raw;
    }
    case 'handshake-request':
      return [
        section('Request', facts([['Method', e.method], ['URL', e.url]])),
        section(`Request headers (${e.headers.length})`, headersTable(e.headers, 'request-headers')),
      ];
    case 'handshake-response':
      return [
        section('Response', facts([
          ['Status', `${e.status} ${e.statusText}`],
          ['Sec-WebSocket-Accept', check(e.acceptValid, 'valid (matches the key we sent)', 'invalid: does not match the key we sent')],
          ['Protocol', e.protocol || h('span', { class: 'muted' }, 'none negotiated')],
          ['Extensions', e.extensions || h('span', { class: 'muted' }, 'none negotiated')],
        ])),
        section(`Response headers (${e.headers.length})`, headersTable(e.headers, 'response-headers')),
        e.body ? section('Response body', pre(e.body)) : null,
      ].filter((x): x is HTMLElement => x !== null);
    case 'close':
      return [section('Close', facts([
        ['Code', `${e.code} ${e.codeName}`],
        ['Reason', e.reason || h('span', { class: 'muted' }, '(none)')],
        ['Clean', check(e.wasClean, 'yes: both close frames were exchanged', 'no: the connection ended without a complete close handshake')],
        ['Initiated by', e.initiator],
        ['Client', e.clientId],
      ]))];
    case 'close-sent':
      return [section('Close frame sent', facts([['Code', `${e.code} ${e.codeName}`], ['Reason', e.reason || h('span', { class: 'muted' }, '(none)')], ['Client', e.clientId]]))];
    case 'error':
      return [
        section('Error', facts([['Category', e.category], ['Message', e.message], ['HTTP status', e.status], ['Client', e.clientId]])),
        e.body ? section('Response body', pre(e.body)) : null,
      ].filter((x): x is HTMLElement => x !== null);
    case 'reconnect-scheduled':
      return [section('Reconnect', facts([
        ['Attempt', e.maxAttempts ? `${e.attempt} of ${e.maxAttempts}` : `${e.attempt} (no limit)`],
        ['Delay', formatMs(e.delayMs)],
        ['Fires at', formatClock(e.time + e.delayMs)],
      ]))];
    case 'ping':
    case 'pong':
      return [section(e.kind === 'ping' ? 'Ping' : 'Pong', facts([
        ['Direction', e.dir === 'out' ? 'sent' : 'received'],
        ['Payload', e.payloadHex ? h('code', null, e.payloadHex.replace(/(..)(?=.)/g, '$1 ')) : h('span', { class: 'muted' }, '(empty)')],
        ['As text', controlPayloadText(e.payloadHex)],
        ['Size', formatBytes(e.size)],
        ['Round trip', e.kind === 'pong' && e.rttMs !== undefined ? formatMs(e.rttMs) : undefined],
        ['Client', e.clientId],
      ]))];
    default: {
      const rest = Object.entries(e).filter(([k]) => k !== 'seq' && k !== 'time' && k !== 'kind');
      return [section('Details', facts(rest.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean)])))];
    }
  }
}
