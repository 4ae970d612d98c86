// One client WebSocket conversation, including its reconnects: the RFC 6455 / WHATWG states
// (CONNECTING, OPEN, CLOSING, CLOSED), everything that happens recorded as timeline events, and
// the live stats. The socket is behind a Transport so this logic runs against a fake in tests;
// clock, timers and randomness are injectable for the same reason.
import type { ConnectionState, NewTimelineEvent } from '../shared/events';
import type { HeartbeatSettings, ReconnectSettings } from '../shared/connection';
import type { ConnectionStats } from '../shared/stats';
import type { Transport, TransportEvents, TransportFactory, TransportTls } from './transport';
import { createWsTransport } from './wsTransport';
import { backoffDelay } from './backoff';
import { CircuitBreaker } from './circuitBreaker';
import { SendQueue, prepareMessage, type OutgoingMessage, type QueuedMessage } from './sendQueue';
import { classifyError } from './errorClassifier';
import { Heartbeat } from './heartbeat';
import { StatsThrottle } from './statsThrottle';
import { Timer, realTimers } from '../util/timer';
import { closeCodeName, validateCloseCodeToSend, validateCloseReason } from '../wire/closeCodes';
import { checkHandshakeInputs, secretsOf } from '../wire/handshake';
import { redactBytes, redactDeepWith, redactSecrets, secretRedactor } from '../recording/redact';
import { Emitter } from '../util/emitter';
import type { Result } from '../shared/result';

/** A connection with every variable, query parameter and secret filled in, ready to dial. */
export interface ResolvedConnection {
  /** ws:// or wss:// URL with the query parameters applied. */
  url: string;
  /** Enabled headers, secret values filled in. */
  headers: Array<[string, string]>;
  /** Values shown as «secret» wherever the timeline would display them (URL, headers, errors). */
  secretValues?: string[];
  subprotocols: string[];
  reconnect: ReconnectSettings;
  heartbeat: HeartbeatSettings;
  /** Deadline for the whole opening handshake; 0 = none. */
  handshakeTimeoutMs: number;
  /** Largest incoming message, in bytes; bigger ones close the connection with 1009. */
  maxMessageSize: number;
  perMessageDeflate: boolean;
  /** Certificate contents (not paths): the core reads no files. */
  tls: TransportTls;
  /** Messages kept while disconnected; the oldest is dropped past this. 0 = no queue. */
  queueLimit: number;
  /** send() refuses while more than this many bytes wait in the socket buffer (default 16 MiB). */
  sendBackpressureThreshold?: number;
  /** How long to wait for the server's close frame after ours (default: ws's 30 s). */
  closeTimeoutMs?: number;
}

export interface SessionDeps {
  createTransport?: TransportFactory;
  /** Wall clock, epoch ms. */
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** In [0, 1), for backoff jitter. */
  random?: () => number;
  /** Minimum time between two onStats calls. */
  statsIntervalMs?: number;
}

export type { OutgoingMessage };
export type SendResult = { ok: true; queued?: boolean } | { ok: false; error: string };

/**
 * Past this much unsent data, send() refuses instead of buffering more: the peer or the network
 * is slower than the sender, and buffering without bound would only grow memory until the
 * extension host dies. The user sees why and can send again once the buffer drains.
 */
export const DEFAULT_BACKPRESSURE_THRESHOLD = 16 * 1024 * 1024;
/** Secrets at least this long are hidden everywhere in recorded events (see hideSecrets). */
const MIN_HIDDEN_SECRET = 4;

type Draft = NewTimelineEvent extends infer E ? (E extends NewTimelineEvent ? Omit<E, 'time'> : never) : never;
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export class Session {
  private state: ConnectionState = 'CLOSED';
  private transport: Transport | undefined;
  private readonly queue: SendQueue;
  private readonly breaker: CircuitBreaker;
  private readonly deps: Required<SessionDeps>;
  private readonly reconnectTimer: Timer;
  private readonly heartbeat: Heartbeat;
  private readonly statsThrottle: StatsThrottle<ConnectionStats>;
  private readonly events = new Emitter<NewTimelineEvent>();
  private readonly statsEmitter = new Emitter<ConnectionStats>();
  /** Secret values, replaced by «secret» wherever the timeline would show them. */
  private secrets: string[] = [];
  /** Hides the secrets in everything recorded; rebuilt when the secrets change. */
  private hider: { for: string[]; redact?: (text: string) => string; secrets: string[] } = { for: [], secrets: [] };
  /** The user closed or disconnected: whatever happens next, don't reconnect. */
  private userClosing = false;
  /** We sent the first close frame (user close, or a protocol error ws answered with a close). */
  private closeInitiator: 'client' | undefined;
  private openedThisAttempt = false;
  /** HTTP status of this attempt's refused handshake, if it was refused. */
  private refusedStatus: number | undefined;
  /** Close code we answered a protocol error with (1002, 1007, 1009...). */
  private failCloseCode: number | undefined;
  /** 0 for the first attempt; n for the n-th reconnect since the last successful open. */
  private attempt = 0;
  private counters = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
  private current: { openedAt?: number; protocol?: string; extensions?: string } = {};
  private reconnectAt: number | undefined;
  private disposed = false;

  /** Every event, in order, stamped with `time`; the caller stores them (see TimelineStore). */
  readonly onEvent = this.events.on;
  /** Stats after a change, at most one call per statsIntervalMs (100 ms by default). */
  readonly onStats = this.statsEmitter.on;

  constructor(private config: ResolvedConnection, deps: SessionDeps = {}) {
    this.deps = {
      createTransport: deps.createTransport ?? createWsTransport,
      now: deps.now ?? (() => Date.now()),
      setTimeout: deps.setTimeout ?? realTimers.setTimeout,
      clearTimeout: deps.clearTimeout ?? realTimers.clearTimeout,
      random: deps.random ?? Math.random,
      statsIntervalMs: deps.statsIntervalMs ?? 100,
    };
    this.queue = new SendQueue(config.queueLimit);
    this.breaker = new CircuitBreaker(config.reconnect.circuitBreakerThreshold);
    const clock = { now: this.deps.now, setTimeout: this.deps.setTimeout, clearTimeout: this.deps.clearTimeout };
    this.reconnectTimer = new Timer(clock);
    this.heartbeat = new Heartbeat({
      ...clock,
      settings: () => this.config.heartbeat,
      isOpen: () => this.state === 'OPEN',
      sendPing: (payload) => this.sendPing(payload),
      pongTimedOut: (ms) => this.pongTimedOut(ms),
    });
    this.statsThrottle = new StatsThrottle({
      ...clock,
      intervalMs: this.deps.statsIntervalMs,
      read: () => this.stats,
      emit: (stats) => this.statsEmitter.fire(stats),
      // The socket buffer drains without any event: keep sampling until it is empty.
      keepSampling: (stats) => stats.bufferedAmount > 0 && this.state === 'OPEN',
    });
  }

  get stats(): ConnectionStats {
    return {
      state: this.state,
      reconnectAt: this.reconnectAt,
      reconnectAttempt: this.reconnectAt !== undefined ? this.attempt : undefined,
      circuitOpen: this.breaker.open,
      ...this.counters,
      queueLength: this.queue.length,
      bufferedAmount: this.transport?.bufferedAmount ?? 0,
      lastRttMs: this.heartbeat.lastRttMs,
      ...this.current,
    };
  }

  get readyState(): ConnectionState {
    return this.state;
  }

  /** New settings apply from the next connection attempt. */
  setConfig(config: ResolvedConnection): void {
    this.config = config;
    this.secrets = secretsOf(config);
    this.queue.setLimit(config.queueLimit);
    this.breaker.setThreshold(config.reconnect.circuitBreakerThreshold);
  }

  connect(): Result {
    if (this.disposed) return fail('This session is closed for good (disposed): create a new one.');
    if (this.state !== 'CLOSED') return fail(`Already ${this.state === 'OPEN' ? 'connected' : this.state.toLowerCase()}.`);
    if (this.breaker.open) {
      return fail(`Reconnecting stopped after ${this.breaker.consecutiveFailures} failed attempts in a row (circuit open): use Retry.`);
    }
    const problem = checkHandshakeInputs(this.config);
    if (problem) {
      this.record({ kind: 'error', category: problem.category, message: problem.message });
      return fail(problem.message);
    }
    this.secrets = secretsOf(this.config);
    this.userClosing = false;
    this.attempt = 0;
    const error = this.startAttempt();
    return error === undefined ? { ok: true } : fail(error);
  }

  /** Closes normally (1000) and stops reconnecting; also cancels a pending reconnect. */
  disconnect(): Result {
    if (this.state === 'CLOSING' && this.transport) {
      // The close handshake is already under way; the user wants it over now.
      this.userClosing = true;
      this.transport.terminate();
      return { ok: true };
    }
    return this.close(1000, '');
  }

  /** Starts the close handshake with the user's code and reason; no reconnect follows. */
  close(code: number, reason: string): Result {
    const codeCheck = validateCloseCodeToSend(code);
    if (!codeCheck.ok) return codeCheck;
    const reasonCheck = validateCloseReason(reason);
    if (!reasonCheck.ok) return reasonCheck;
    this.userClosing = true;
    const t = this.transport;
    switch (this.state) {
      case 'OPEN':
        this.closeInitiator = 'client';
        this.heartbeat.stop();
        this.record({ kind: 'close-sent', code, codeName: closeCodeName(code), reason });
        this.setState('CLOSING');
        t?.close(code, reason);
        return { ok: true };
      case 'CONNECTING':
        // No close frame can be sent before the handshake completes: abort the attempt.
        this.closeInitiator = 'client';
        this.record({ kind: 'info', message: 'Connection attempt cancelled.' });
        t?.terminate();
        return { ok: true };
      case 'CLOSING':
        return { ok: true };
      case 'CLOSED':
        if (this.cancelReconnect()) {
          this.record({ kind: 'info', message: 'Pending reconnect cancelled.' });
          this.statsThrottle.emitNow();
          return { ok: true };
        }
        return fail('Not connected.');
    }
  }

  send(message: OutgoingMessage): SendResult {
    if (this.disposed) return fail('This session is closed for good (disposed).');
    const prepared = prepareMessage(message);
    if ('error' in prepared) return fail(prepared.error);
    if (this.state === 'OPEN' && this.transport) {
      const buffered = this.transport.bufferedAmount;
      const limit = this.config.sendBackpressureThreshold ?? DEFAULT_BACKPRESSURE_THRESHOLD;
      if (buffered > limit) {
        return fail(`send paused: ${buffered} bytes still buffered (limit ${limit}); the connection is slower than the sender, try again when it drains.`);
      }
      this.transmit(prepared);
      return { ok: true };
    }
    if (!this.willConnect()) {
      return fail(this.state === 'CLOSING' ? 'The connection is closing: nothing more can be sent.' : 'Not connected: connect first (messages are queued only while connecting or reconnecting).');
    }
    if (this.config.queueLimit <= 0) return fail('Not connected yet and the send queue is off (queue limit 0): the message was not sent.');
    const { queueLength, dropped } = this.queue.push(prepared);
    this.record({ kind: 'queued', size: prepared.size, queueLength, ...(dropped ? { droppedOldest: true } : {}) });
    this.statsThrottle.changed();
    return { ok: true, queued: true };
  }

  ping(payload = ''): Result {
    if (this.state !== 'OPEN' || !this.transport) return fail('Ping needs an open connection.');
    const bytes = Buffer.from(payload, 'utf8');
    if (bytes.length > 125) return fail(`A ping payload is at most 125 bytes (RFC 6455 §5.5); this one is ${bytes.length}.`);
    this.sendPing(bytes);
    return { ok: true };
  }

  /** Clears a tripped circuit breaker and the attempt count, then connects now. */
  retry(): Result {
    this.breaker.reset();
    this.attempt = 0;
    if (this.state !== 'CLOSED') return { ok: true };
    this.cancelReconnect();
    return this.connect();
  }

  /** Drops the connection silently; no event or stats callback follows. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reconnectTimer.cancel();
    this.heartbeat.stop();
    this.statsThrottle.dispose();
    const t = this.transport;
    this.transport = undefined;
    this.state = 'CLOSED';
    t?.terminate();
    this.events.dispose();
    this.statsEmitter.dispose();
  }

  // ------------------------------------------------------------------ connection attempts

  /** Returns the error message when the transport could not even start. */
  private startAttempt(): string | undefined {
    this.cancelReconnect();
    this.openedThisAttempt = false;
    this.refusedStatus = undefined;
    this.closeInitiator = undefined;
    this.failCloseCode = undefined;
    const c = this.config;
    this.record({ kind: 'connecting', url: this.redact(c.url), attempt: this.attempt });
    this.setState('CONNECTING');
    const t = this.deps.createTransport();
    this.transport = t;
    try {
      t.open(c.url, c.subprotocols, {
        headers: c.headers,
        handshakeTimeoutMs: c.handshakeTimeoutMs,
        maxPayload: c.maxMessageSize,
        perMessageDeflate: c.perMessageDeflate,
        tls: c.tls,
        closeTimeoutMs: c.closeTimeoutMs,
      }, this.listen(t));
    } catch (err) {
      // The transport could not even start (bad URL or header): retrying would fail the same way.
      if (this.transport !== t) return undefined;
      this.transport = undefined;
      const c = this.recordError(err);
      this.setState('CLOSED');
      return c.message;
    }
    return undefined;
  }

  /** Transport callbacks, ignored once this transport is no longer the current one. */
  private listen(t: Transport): TransportEvents {
    const live = () => this.transport === t && !this.disposed;
    return {
      onHandshakeRequest: (r) => live() && this.record({ kind: 'handshake-request', method: r.method, url: this.redact(r.url), headers: this.redactHeaders(r.headers) }),
      onHandshakeResponse: (r) => live() && this.record({
        kind: 'handshake-response',
        ...r,
        headers: this.redactHeaders(r.headers),
        ...(r.body !== undefined ? { body: this.redact(r.body) } : {}),
      }),
      onOpen: (info) => live() && this.opened(info),
      onMessage: (data, isBinary) => live() && this.received(data, isBinary),
      onPing: (payload) => live() && this.pinged(payload),
      onPong: (payload) => live() && this.ponged(payload),
      onError: (err) => live() && this.failed(err),
      onClose: (code, reason, wasClean) => live() && this.closed(code, reason, wasClean),
    };
  }

  private opened(info: { protocol: string; extensions: string }): void {
    this.openedThisAttempt = true;
    this.attempt = 0;
    this.breaker.recordSuccess();
    this.current = { openedAt: this.deps.now(), protocol: info.protocol, extensions: info.extensions };
    this.record({ kind: 'open', protocol: info.protocol, extensions: info.extensions });
    this.setState('OPEN');
    this.heartbeat.start();
    // Queued messages go first, in order, before anything sent after this point.
    for (let m = this.queue.shift(); m; m = this.queue.shift()) {
      this.transmit(m);
      if (this.state !== 'OPEN') break;
    }
  }

  private failed(err: unknown): void {
    const c = this.recordError(err);
    if (c.category === 'handshake-rejected') this.refusedStatus = c.status;
    if (c.category === 'protocol' && c.closeCode !== undefined && this.state === 'OPEN') {
      // ws answers a broken frame by sending a close frame with this code.
      this.closeInitiator = 'client';
      this.failCloseCode = c.closeCode;
      this.heartbeat.stop();
      this.record({ kind: 'close-sent', code: c.closeCode, codeName: closeCodeName(c.closeCode), reason: '' });
      this.setState('CLOSING');
    }
  }

  private closed(code: number, reason: string, wasClean: boolean): void {
    if (code === 1006 && this.failCloseCode !== undefined) {
      // After a protocol error ws "fails the connection" (RFC 6455 §7.1.7): it sends its close
      // frame and drops TCP without reading the answer, so ws reports 1006. The code of the
      // close handshake that did happen says far more about why; wasClean stays false.
      code = this.failCloseCode;
      wasClean = false;
    }
    this.transport = undefined;
    this.heartbeat.stop();
    this.heartbeat.forgetPendingPings();
    const dropped = code === 1006 || code === 1015;
    const initiator = this.closeInitiator ?? (dropped ? 'network' : 'server');
    this.record({ kind: 'close', code, codeName: closeCodeName(code), reason, wasClean: wasClean && !dropped, initiator });
    this.current = {};
    this.setState('CLOSED');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const r = this.config.reconnect;
    if (this.userClosing || this.disposed || !r.enabled) return;
    if (isPermanentRefusal(this.refusedStatus)) {
      // 401, 403, 404, 400...: asking again unchanged gets the same answer (and can look like
      // an attack to the server). 408 and 429 are worth a retry; 5xx too.
      this.record({ kind: 'info', message: `Not reconnecting: the server refused the handshake with HTTP ${this.refusedStatus}, which retrying will not change. Fix the connection (URL, headers, token, subprotocols) and connect again.` });
      this.statsThrottle.changed();
      return;
    }
    if (!this.openedThisAttempt && this.breaker.recordFailure()) {
      this.record({ kind: 'circuit-open', failures: this.breaker.consecutiveFailures });
      this.statsThrottle.changed();
      return;
    }
    if (this.breaker.open) return;
    const next = this.attempt + 1;
    if (r.maxAttempts > 0 && next > r.maxAttempts) {
      this.record({ kind: 'info', message: `Stopped reconnecting after ${r.maxAttempts} attempts. Connect to try again.` });
      return;
    }
    const delayMs = backoffDelay(this.attempt, r, this.deps.random);
    this.attempt = next;
    this.reconnectAt = this.deps.now() + delayMs;
    this.record({ kind: 'reconnect-scheduled', attempt: next, delayMs, maxAttempts: r.maxAttempts });
    this.reconnectTimer.start(delayMs, () => void this.startAttempt());
    this.statsThrottle.changed();
  }

  /** Returns true when a reconnect was pending. */
  private cancelReconnect(): boolean {
    const pending = this.reconnectTimer.pending;
    this.reconnectTimer.cancel();
    this.reconnectAt = undefined;
    return pending;
  }

  private willConnect(): boolean {
    if (this.state === 'CONNECTING' || this.reconnectTimer.pending) return true;
    return this.state === 'CLOSING' && !this.userClosing && this.config.reconnect.enabled;
  }

  // ------------------------------------------------------------------ frames

  private transmit(m: QueuedMessage): void {
    const t = this.transport;
    if (!t) return;
    const text = typeof m.data === 'string';
    this.record({
      kind: 'message',
      dir: 'out',
      opcode: m.opcode,
      size: m.size,
      encoding: text ? 'utf8' : 'base64',
      data: typeof m.data === 'string' ? m.data : Buffer.from(m.data).toString('base64'),
      ...(m.format !== undefined ? { format: m.format } : {}),
    });
    this.counters.messagesOut++;
    this.counters.bytesOut += m.size;
    t.send(m.data, m.opcode === 'binary', (err) => {
      if (err && !this.disposed) this.record({ kind: 'error', category: 'send-failed', message: `A ${m.size}-byte ${m.opcode} message could not be sent: ${err.message}` });
    });
    this.statsThrottle.changed();
  }

  private received(data: Uint8Array, isBinary: boolean): void {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.record({
      kind: 'message',
      dir: 'in',
      opcode: isBinary ? 'binary' : 'text',
      size: buf.length,
      encoding: isBinary ? 'base64' : 'utf8',
      data: buf.toString(isBinary ? 'base64' : 'utf8'),
    });
    this.counters.messagesIn++;
    this.counters.bytesIn += buf.length;
    this.statsThrottle.changed();
  }

  private sendPing(payload: Uint8Array): void {
    const hex = Buffer.from(payload).toString('hex');
    this.heartbeat.pingSent(hex);
    this.record({ kind: 'ping', dir: 'out', size: payload.length, payloadHex: hex });
    this.transport?.ping(payload);
  }

  private pinged(payload: Uint8Array): void {
    const hex = Buffer.from(payload).toString('hex');
    this.record({ kind: 'ping', dir: 'in', size: payload.length, payloadHex: hex });
    // ws answers pings by itself (autoPong), with the same payload, as RFC 6455 §5.5.2 requires.
    this.record({ kind: 'pong', dir: 'out', size: payload.length, payloadHex: hex });
  }

  private ponged(payload: Uint8Array): void {
    const hex = Buffer.from(payload).toString('hex');
    const rttMs = this.heartbeat.pongReceived(hex);
    this.record({ kind: 'pong', dir: 'in', size: payload.length, payloadHex: hex, ...(rttMs !== undefined ? { rttMs } : {}) });
    this.statsThrottle.changed();
  }

  private pongTimedOut(ms: number): void {
    if (this.state !== 'OPEN' || !this.transport) return;
    this.record({ kind: 'error', category: 'pong-timeout', message: `No pong within ${ms} ms of our ping: the connection looks dead, dropping it.` });
    this.transport.terminate();
  }

  // ------------------------------------------------------------------ recording

  private record(draft: Draft): void {
    if (this.disposed) return;
    const event = { ...draft, time: this.deps.now() } as NewTimelineEvent;
    this.events.fire(this.hideSecrets(event));
  }

  /**
   * A secret never reaches the timeline, whoever put it in a frame: the user, or a server that
   * reflects a token back in a message, a ping or a close reason. Secrets shorter than
   * MIN_HIDDEN_SECRET are only hidden where they are known to be (URL, headers, error bodies):
   * hiding every "ab" in every message would make the timeline unreadable.
   */
  private hideSecrets(event: NewTimelineEvent): NewTimelineEvent {
    if (this.hider.for !== this.secrets) {
      const secrets = this.secrets.filter((x) => x.length >= MIN_HIDDEN_SECRET);
      this.hider = { for: this.secrets, secrets, redact: secretRedactor(secrets) };
    }
    const { redact, secrets } = this.hider;
    if (!redact) return event;
    if (event.kind === 'message' && event.encoding === 'base64') {
      const bytes = Buffer.from(event.data, 'base64');
      const hidden = redactBytes(bytes, secrets);
      // `size` stays what crossed the wire.
      return { ...redactDeepWith({ ...event, data: '' }, redact), data: hidden === bytes ? event.data : Buffer.from(hidden).toString('base64') };
    }
    return redactDeepWith(event, redact);
  }

  private recordError(err: unknown) {
    const c = classifyError(err, { url: this.config.url, maxMessageSize: this.config.maxMessageSize });
    this.record({
      kind: 'error',
      category: c.category,
      message: this.redact(c.message),
      ...(c.status !== undefined ? { status: c.status } : {}),
      ...(c.body !== undefined ? { body: this.redact(c.body) } : {}),
    });
    return c;
  }

  private redact(text: string): string {
    return this.secrets.length ? redactSecrets(text, this.secrets) : text;
  }

  private redactHeaders(headers: Array<[string, string]>): Array<[string, string]> {
    return headers.map(([name, value]) => [name, this.redact(value)]);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.record({ kind: 'state', state });
    // A state change is what users watch for (tree icon, header badge): never delay it.
    this.statsThrottle.emitNow();
  }
}

/** A refused handshake that a retry with the same request cannot fix (4xx but 408 and 429). */
function isPermanentRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
