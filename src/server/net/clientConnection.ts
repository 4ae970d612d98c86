// One accepted client: tells its conversation recorder (src/recording/conversation.ts, the same
// rules as the client session) what crosses its socket, and applies the per-connection behaviours
// of a scenario (latency, fragmentation, rate limit, drop, heartbeat, slow reading, invalid frames).
// What to answer is decided by the ScenarioRuntime.

import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { NewTimelineEvent } from '../../shared/events';
import type { JsonValue, Scenario } from '../scenario/scenarioTypes';
import type { Metrics } from './metrics';
import { closeCodeName } from '../../wire/closeCodes';
import { Conversation, type ConversationSetup } from '../../recording/conversation';
import { describeInvalidFrame, invalidFrame } from './rawFrames';
import { explainFrameError } from '../../wire/frameErrors';
import { DEFAULT_MAX_MESSAGE_BYTES } from './handshakePolicy';

export interface ClientHooks {
  emit(event: NewTimelineEvent): void;
  /** How every client's conversation is recorded (side 'server', the server's sink and clock). */
  recording: ConversationSetup;
  metrics: Metrics;
  onMessage(client: ClientConnection, data: Buffer, isBinary: boolean, receivedAt: number): void;
  onClosed(client: ClientConnection): void;
}

type Outgoing =
  | { dueAt: number; kind: 'message'; data: Buffer | string; binary: boolean; causedAt?: number }
  | { dueAt: number; kind: 'raw'; frame: Buffer; note: string };

const MAX_REASON_BYTES = 123;

/**
 * How much may wait to be sent to one client before it is closed (limits.maxBufferedBytes). ws
 * never refuses a send: what a client does not read stays in the server's memory, so one client
 * that sends and never reads would grow the server without end (each echo waits for it).
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/**
 * The close code for such a client: 1013 Try Again Later, not 1008 Policy Violation. Not reading is
 * not a broken rule: a client on a slow link, or one stopped in a debugger, may do fine when it
 * comes back; and 1008 is already what the rate limit sends, so the two stay apart on the timeline.
 */
export const SLOW_READER_CLOSE_CODE = 1013;

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Cuts a close reason to the 123 bytes a close frame allows, without splitting a character. */
export function fitCloseReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > MAX_REASON_BYTES) out = out.slice(0, -1);
  return out;
}

export class ClientConnection {
  state: Record<string, JsonValue>;
  private readonly conversation: Conversation;
  private readonly queue: Outgoing[] = [];
  /** What the messages in `queue` weigh (a string by its length): they wait for this client too. */
  private queuedBytes = 0;
  private queueTimer?: NodeJS.Timeout;
  // Made on first use: a server may hold 10,000 idle connections, each paying for what it creates.
  private timers: Set<NodeJS.Timeout> | undefined;
  private rateWindow: number[] | undefined;
  private dropped = false;
  private dropWhenFlushed = false;
  private pongTimer?: NodeJS.Timeout;
  closed = false;
  /** "ip:port", as the timeline shows it. */
  readonly remote: string;
  private corked = false;
  /** The message being answered right now (see received()). */
  private answering: { data: Buffer; binary: boolean; text: string } | undefined;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    private readonly socket: Duplex,
    readonly ip: string,
    port: number,
    private readonly scenario: Scenario,
    private readonly hooks: ClientHooks,
  ) {
    // One flat string (see mockServer.ts, where the connected event is made).
    this.remote = [ip, ':', port].join('');
    this.conversation = new Conversation(hooks.recording, id, 'OPEN');
    this.state = scenario.clientState ? (JSON.parse(JSON.stringify(scenario.clientState)) as Record<string, JsonValue>) : {};
  }

  /** Messages received from this client so far. */
  get messagesIn(): number {
    return this.conversation.messagesIn;
  }

  get isOpen(): boolean {
    return !this.closed && !this.dropped && this.ws.readyState === WebSocket.OPEN;
  }

  /** A timer that dies with the connection. */
  later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers?.delete(t);
      fn();
    }, ms);
    (this.timers ??= new Set()).add(t);
    return t;
  }

  every(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setInterval(fn, ms);
    (this.timers ??= new Set()).add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers?.delete(t);
  }

  start(): void {
    const { ws } = this;
    ws.on('message', (data, isBinary) => this.received(toBuffer(data), isBinary));
    // ws answers pings itself (autoPong); the conversation records that pong too.
    ws.on('ping', (payload) => this.conversation.pingReceived(payload.toString('hex'), payload.length));
    ws.on('pong', (payload) => {
      this.cancel(this.pongTimer);
      this.pongTimer = undefined;
      this.conversation.pongReceived(payload.toString('hex'), payload.length);
    });
    ws.on('error', (err) => {
      // ws closes the connection itself after a protocol error (e.g. 1009 for a too-big message).
      this.hooks.metrics.errors++;
      this.conversation.endingByUs();
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const frame = explainFrameError(code, err.message, { peer: 'client', maxMessageSize: this.scenario.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
      if (!frame) {
        this.conversation.failed({ category: 'protocol', message: err.message });
        return;
      }
      this.conversation.failed({
        category: 'protocol',
        message: `Protocol error: ${frame.explanation}. Closing with ${frame.closeCode} (${closeCodeName(frame.closeCode)}). [ws: ${err.message}]`,
        closeCode: frame.closeCode,
      });
    });
    ws.on('close', (code, reasonBuf) => this.onClose(code, reasonBuf.toString('utf8')));

    const faults = this.scenario.faults ?? {};
    if (faults.drop?.afterMs !== undefined) this.later(faults.drop.afterMs, () => this.drop(`dropped after ${faults.drop?.afterMs} ms (fault injection)`));
    if (faults.slowReader) this.startSlowReader(faults.slowReader.pauseMs, faults.slowReader.readMs ?? 1000);
    if (faults.invalidFrame && (faults.invalidFrame.afterMessages ?? 1) === 0) this.sendInvalidFrame();
    if (this.scenario.heartbeat) this.startHeartbeat(this.scenario.heartbeat.intervalMs, this.scenario.heartbeat.timeoutMs);
  }

  private received(data: Buffer, isBinary: boolean): void {
    if (this.dropped) return;
    const receivedAt = Date.now();
    this.hooks.metrics.messagesIn++;
    this.hooks.metrics.bytesIn += data.length;
    const text = isBinary ? data.toString('base64') : data.toString('utf8');
    this.conversation.message('in', isBinary, data.length, text);
    // Recorded, but not answered: we already started closing (e.g. after a rate-limit close).
    if (!this.isOpen) return;

    const rate = this.scenario.limits?.rateLimit;
    if (rate) {
      const window = (this.rateWindow ??= []);
      window.push(receivedAt);
      while (window.length && window[0] <= receivedAt - rate.perMs) window.shift();
      if (window.length > rate.messages) {
        if ((rate.action ?? 'close') === 'close') {
          this.close(1008, 'rate limit exceeded');
        } else {
          this.hooks.metrics.errors++;
          this.conversation.failed({ category: 'other', message: `rate limit exceeded (${rate.messages} per ${rate.perMs} ms): message dropped` });
        }
        return;
      }
    }

    // An echo sends this very Buffer back at once: its 'out' event can share the decoded text
    // instead of decoding (and keeping in the timeline) a second copy.
    this.answering = { data, binary: isBinary, text };
    try {
      this.hooks.onMessage(this, data, isBinary, receivedAt);
    } finally {
      this.answering = undefined;
    }

    const faults = this.scenario.faults ?? {};
    const received = this.conversation.messagesIn;
    if (faults.invalidFrame && (faults.invalidFrame.afterMessages ?? 1) === received) this.sendInvalidFrame();
    if (faults.drop?.afterMessages !== undefined && received >= faults.drop.afterMessages) {
      this.dropWhenFlushed = true;
      this.pump();
    }
  }

  /**
   * Sends a message, after the scenario's latency if any, keeping the order messages were sent in.
   * A client that has more than limits.maxBufferedBytes waiting for it is closed instead.
   */
  send(data: string | Buffer, binary: boolean, causedAt?: number): void {
    if (!this.isOpen) return;
    if (this.tooFarBehind()) return;
    const latency = this.scenario.faults?.latency;
    const now = Date.now();
    const delay = latency ? Math.max(0, latency.ms + (Math.random() * 2 - 1) * (latency.jitterMs ?? 0)) : 0;
    const lastDue = this.queue.length ? this.queue[this.queue.length - 1].dueAt : 0;
    this.queue.push({ dueAt: Math.max(now + delay, lastDue), kind: 'message', data, binary, causedAt });
    this.queuedBytes += data.length;
    this.pump();
  }

  /**
   * Closes the client with 1013 when more than limits.maxBufferedBytes wait for it: what ws holds
   * (bufferedAmount: written to the socket, not yet taken by the kernel, or being compressed) plus
   * the scenario's own latency queue. Only this client: the others' sends do not look at it. The
   * server still reads what the client sends until the close completes (ws's close timeout),
   * recording it without answering, so nothing more is buffered for it.
   */
  private tooFarBehind(): boolean {
    const limit = this.scenario.limits?.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    const waiting = this.ws.bufferedAmount + this.queuedBytes;
    if (waiting <= limit) return false;
    this.hooks.metrics.errors++;
    this.conversation.failed({
      category: 'other',
      message: `the client is not reading what the server sends: ${waiting} bytes wait to be sent to it, more than limits.maxBufferedBytes (${limit}); closing with ${SLOW_READER_CLOSE_CODE} (${closeCodeName(SLOW_READER_CLOSE_CODE)}) so that it cannot grow the server's memory`,
    });
    this.close(SLOW_READER_CLOSE_CODE, `not reading: ${mib(waiting)} waiting to be sent, over the limit of ${mib(limit)}`);
    return true;
  }

  private sendInvalidFrame(): void {
    const kind = this.scenario.faults?.invalidFrame?.kind;
    if (!kind) return;
    const lastDue = this.queue.length ? this.queue[this.queue.length - 1].dueAt : 0;
    this.queue.push({ dueAt: Math.max(Date.now(), lastDue), kind: 'raw', frame: invalidFrame(kind), note: describeInvalidFrame(kind) });
    this.pump();
  }

  private pump(): void {
    this.cancel(this.queueTimer);
    this.queueTimer = undefined;
    const now = Date.now();
    while (this.queue.length && this.queue[0].dueAt <= now) {
      const item = this.queue.shift() as Outgoing;
      if (item.kind === 'message') this.queuedBytes -= item.data.length;
      this.transmit(item);
    }
    if (this.queue.length) {
      this.queueTimer = this.later(this.queue[0].dueAt - now, () => this.pump());
    } else if (this.dropWhenFlushed) {
      this.drop(`dropped after ${this.messagesIn} messages (fault injection)`);
    }
  }

  private transmit(item: Outgoing): void {
    if (!this.isOpen) return;
    if (item.kind === 'raw') {
      // Written under ws's feet on purpose: ws cannot produce an invalid frame.
      this.socket.write(item.frame);
      this.hooks.emit({ kind: 'info', time: Date.now(), message: `${this.id}: server sent ${item.note} (fault injection)` });
      return;
    }
    this.corkUntilNextTick();
    const buf = typeof item.data === 'string' ? Buffer.from(item.data) : item.data;
    const frames = this.scenario.faults?.fragment?.frames;
    if (frames) {
      // Each send with fin:false becomes one frame; ws turns the later ones into continuation frames.
      const size = Math.ceil(buf.length / frames);
      for (let i = 0; i < frames; i++) {
        this.ws.send(buf.subarray(i * size, (i + 1) * size), { binary: item.binary, fin: i === frames - 1, compress: false });
      }
    } else {
      this.ws.send(buf, { binary: item.binary });
    }
    this.hooks.metrics.messagesOut++;
    this.hooks.metrics.bytesOut += buf.length;
    if (item.causedAt !== undefined) this.hooks.metrics.observeLatency((Date.now() - item.causedAt) / 1000);
    // Text the scenario rendered is already a string (a broadcast shares it across recipients);
    // an echo shares the text of the message it answers. Only other sends decode the bytes.
    const same = !item.binary && typeof item.data === 'string' ? item.data
      : this.answering && this.answering.data === buf && this.answering.binary === item.binary ? this.answering.text : undefined;
    this.conversation.message('out', item.binary, buf.length, same ?? (item.binary ? buf.toString('base64') : buf.toString('utf8')));
  }

  /**
   * ws writes every frame with its own writev() system call. Messages that arrive together (one TCP
   * read) are answered in the same tick, so holding the socket corked until the next tick sends
   * all those answers in one write: several times fewer system calls under load, no added delay.
   */
  private corkUntilNextTick(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.socket.uncork();
    });
  }

  /** Starts the close handshake with a valid code. */
  close(code: number, reason = ''): void {
    if (!this.isOpen) return;
    const fitted = fitCloseReason(reason);
    this.conversation.closeSent(code, fitted);
    this.ws.close(code, fitted);
  }

  /** Ends the TCP connection without a close frame: the client sees 1006. */
  drop(why: string): void {
    if (this.dropped || this.closed) return;
    this.dropped = true;
    this.conversation.failed({ category: 'network', message: why });
    this.conversation.endingByUs();
    this.stopTimers();
    // end() flushes what was already written (e.g. the last echo), then sends FIN.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private startHeartbeat(intervalMs: number, timeoutMs: number): void {
    this.every(intervalMs, () => {
      if (!this.isOpen || this.pongTimer) return;
      const payload = Buffer.from(String(Date.now()));
      this.ws.ping(payload);
      this.conversation.pingSent(payload.toString('hex'), payload.length);
      this.pongTimer = this.later(timeoutMs, () => {
        this.hooks.metrics.errors++;
        this.conversation.failed({ category: 'pong-timeout', message: `no pong within ${timeoutMs} ms: terminating` });
        this.drop('terminated: heartbeat timed out');
      });
    });
  }

  private startSlowReader(pauseMs: number, readMs: number): void {
    const pause = (): void => {
      this.ws.pause();
      this.later(pauseMs, resume);
    };
    const resume = (): void => {
      this.ws.resume();
      this.later(readMs, pause);
    };
    pause();
  }

  private stopTimers(): void {
    for (const t of this.timers ?? []) clearTimeout(t);
    this.timers?.clear();
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private onClose(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    const reported = this.conversation.closed(code, reason);
    this.hooks.emit({ kind: 'client', time: Date.now(), action: 'disconnected', clientId: this.id, remote: this.remote, detail: `${reported} ${closeCodeName(reported)}${reason ? `: ${reason}` : ''}` });
    this.hooks.onClosed(this);
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
