// The panel header: what we're connected to, its state, live figures and connect/disconnect.
// The host sends stats up to once per 16 ms while traffic flows: they are applied at most once per
// animation frame, by rewriting the text of elements built once.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ConnectionStats } from '../../../src/shared/stats';
import type { TimelineInfo } from '../../../src/shared/protocol/timeline';
import { h, icon } from './dom';
import { formatBytes, formatMs } from '../../../src/shared/format';
import { request } from './vscodeApi';

export class Header {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly url: HTMLElement;
  private readonly state: HTMLElement;
  private readonly reconnect: HTMLElement;
  private readonly circuit: HTMLElement;
  private readonly tls: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly figures: StatFigures;
  private readonly dropped: HTMLElement;
  private readonly droppedText = document.createTextNode('');
  private readonly reconnectIcon: HTMLElement;
  private readonly reconnectText = document.createTextNode('');
  private readonly error: HTMLElement;
  private readonly connect: HTMLElement;
  private readonly sideIcon: HTMLElement;
  private readonly disconnect: HTMLElement;
  private current: ConnectionStats | undefined;
  private side: TimelineInfo['side'] = 'client';
  private rates = { msgsPerSec: 0, bytesPerSec: 0 };
  private frame = 0;

  constructor() {
    this.title = h('span', { class: 'header-title' });
    this.url = h('span', { class: 'header-url' });
    this.state = h('span', { class: 'state-badge', 'data-testid': 'state', role: 'status' }, 'CLOSED');
    this.reconnectIcon = icon('sync');
    this.reconnect = h('span', { class: 'header-chip', 'data-testid': 'reconnect', hidden: true }, this.reconnectIcon, this.reconnectText);
    this.circuit = h('span', { class: 'header-chip warn', hidden: true, title: 'Too many failed attempts: reconnecting stopped until you connect again' }, icon('circuit-board'), ' circuit open');
    this.tls = h('span', { class: 'header-chip warn', hidden: true, 'data-testid': 'tls-warning', title: 'TLS certificate verification is off for this connection: anyone on the path could read or change the traffic' }, icon('unlock'), ' TLS verification off');
    this.figures = {
      received: stat('arrow-down', 'Messages / bytes received'),
      sent: stat('arrow-up', 'Messages / bytes sent'),
      rate: stat('pulse', 'Throughput, last 5 s'),
      rtt: stat('watch', 'Last ping round trip'),
      queue: stat('inbox', 'Messages queued until reconnected'),
      buffered: stat('cloud-upload', 'bufferedAmount: bytes accepted but not yet written to the socket'),
      protocol: stat('symbol-interface', 'Negotiated subprotocol'),
    };
    this.stats = h('div', { class: 'header-stats', 'data-testid': 'stats' });
    this.dropped = h('span', { class: 'header-chip', 'data-testid': 'dropped-count', hidden: true }, icon('warning'), this.droppedText);
    this.error = h('span', { class: 'inline-error', hidden: true, role: 'alert' });
    this.connect = h('vscode-button', { 'data-testid': 'connect', title: 'Connect' }, icon('plug'), h('span', { class: 'btn-label' }, 'Connect'));
    this.disconnect = h('vscode-button', { secondary: true, 'data-testid': 'disconnect', title: 'Disconnect (no reconnect)' }, icon('debug-disconnect'), h('span', { class: 'btn-label' }, 'Disconnect'));
    this.connect.addEventListener('click', () => this.request('connect'));
    this.disconnect.addEventListener('click', () => this.request('disconnect'));

    this.sideIcon = icon('radio-tower', 'header-icon');
    this.element = h('header', { class: 'header' },
      h('div', { class: 'header-line' },
        h('span', { class: 'header-name' }, this.sideIcon, this.title, this.url),
        this.state,
        this.reconnect,
        this.circuit,
        this.tls,
        h('span', { class: 'spacer' }),
        this.error,
        this.connect,
        this.disconnect,
      ),
      h('div', { class: 'header-line secondary' }, this.stats, h('span', { class: 'spacer' }), this.dropped),
    );
  }

  setInfo(info: TimelineInfo): void {
    this.title.textContent = info.title;
    this.url.textContent = info.url;
    this.url.title = info.url;
    this.tls.hidden = !info.tlsVerificationOff;
    // A mock server's timeline only watches: connecting, pings and queues belong to clients.
    this.side = info.side;
    this.connect.hidden = info.side === 'server';
    this.disconnect.hidden = info.side === 'server';
    this.schedule();
    // A mock server's own timeline: every row is seen from the server side.
    this.sideIcon.className = `codicon codicon-${info.side === 'server' ? 'server' : 'radio-tower'} header-icon`;
    this.sideIcon.title = info.side === 'server' ? 'Mock server timeline (directions as the server sees them)' : 'Client connection';
    document.title = info.title;
  }

  setStats(stats: ConnectionStats): void {
    this.current = stats;
    this.schedule();
  }

  setRates(rates: { msgsPerSec: number; bytesPerSec: number }): void {
    this.rates = rates;
    this.schedule();
  }

  setDropped(dropped: number, retention: number): void {
    this.dropped.hidden = dropped <= 0;
    if (dropped > 0) setText(this.droppedText, ` ${dropped.toLocaleString('en-US')} older events dropped (retention ${retention.toLocaleString('en-US')})`);
  }

  /** Updates the reconnect countdown; called every few hundred ms. */
  tick(now = Date.now()): void {
    const at = this.current?.reconnectAt;
    this.reconnect.hidden = at === undefined;
    if (at === undefined) return;
    const secs = Math.max(0, Math.ceil((at - now) / 1000));
    const attempt = this.current?.reconnectAttempt;
    const iconClass = `codicon codicon-sync${secs > 0 ? ' codicon-modifier-spin' : ''}`;
    if (this.reconnectIcon.className !== iconClass) this.reconnectIcon.className = iconClass;
    setText(this.reconnectText, ` reconnecting in ${secs}s${attempt ? ` (attempt ${attempt})` : ''}`);
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Applies the newest stats and rates: only the last of a frame's updates is drawn. */
  private flush(): void {
    this.frame = 0;
    const stats = this.current;
    if (!stats) return;
    if (this.state.textContent !== stats.state) this.state.textContent = stats.state;
    this.state.dataset.state = stats.state;
    this.circuit.hidden = !stats.circuitOpen;
    // Connect doubles as "retry now" while a reconnect is pending or the circuit is open.
    const idle = stats.state === 'CLOSED';
    this.connect.toggleAttribute('disabled', !idle);
    this.disconnect.toggleAttribute('disabled', idle && stats.reconnectAt === undefined);
    this.renderStats();
    this.tick();
  }

  private renderStats(): void {
    const s = this.current;
    if (!s) return;
    const f = this.figures;
    setText(f.received.text, ` ${s.messagesIn.toLocaleString('en-US')} · ${formatBytes(s.bytesIn)}`);
    setText(f.sent.text, ` ${s.messagesOut.toLocaleString('en-US')} · ${formatBytes(s.bytesOut)}`);
    setText(f.rate.text, ` ${formatRate(this.rates.msgsPerSec)} msg/s · ${formatBytes(Math.round(this.rates.bytesPerSec))}/s`);
    setText(f.rtt.text, ` RTT ${s.lastRttMs === undefined ? '—' : formatMs(s.lastRttMs)}`);
    setText(f.queue.text, ` queue ${s.queueLength}`);
    setText(f.buffered.text, ` buffered ${formatBytes(s.bufferedAmount)}`);
    setText(f.protocol.text, ` ${s.protocol ?? ''}`);
    // A mock server's timeline shows traffic only; the protocol only once one was negotiated.
    const shown = [f.received, f.sent, f.rate];
    if (this.side !== 'server') shown.push(f.rtt, f.queue, f.buffered, ...(s.protocol ? [f.protocol] : []));
    const children = this.stats.children;
    if (children.length !== shown.length || shown.some((item, i) => children[i] !== item.element)) {
      this.stats.replaceChildren(...shown.map((item) => item.element));
    }
  }

  private request(type: 'connect' | 'disconnect'): void {
    this.error.hidden = true;
    void request({ type }).then((r) => {
      if (!r.ok) {
        this.error.textContent = r.error;
        this.error.hidden = false;
      }
    });
  }
}

interface StatFigure {
  element: HTMLElement;
  text: Text;
}

type StatFigures = Record<'received' | 'sent' | 'rate' | 'rtt' | 'queue' | 'buffered' | 'protocol', StatFigure>;

function stat(iconName: string, title: string): StatFigure {
  const text = document.createTextNode('');
  return { element: h('span', { class: 'stat', title }, icon(iconName), text), text };
}

function setText(node: Text, text: string): void {
  if (node.data !== text) node.data = text;
}

function formatRate(n: number): string {
  return n >= 100 ? String(Math.round(n)) : n.toFixed(1);
}
