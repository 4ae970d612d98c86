// One client WebSocket connection and its reconnects: it dials through a Transport, tells the
// conversation recorder what crossed the wire (src/recording/conversation.ts keeps the rules:
// states, auto-pong, RTT, close codes), asks the reconnect policy what to do when a connection
// ends (reconnectPolicy.ts), queues sends while down, runs the heartbeat and throttles the stats.
// The socket is behind a Transport so this logic runs against a fake in tests; clock, timers and
// randomness are injectable for the same reason.
import type { ConnectionState, NewTimelineEvent } from '../shared/events';
import type { HeartbeatSettings, ReconnectSettings } from '../shared/connection';
import type { ConnectionStats } from '../shared/stats';
import type { Transport, TransportEvents, TransportFactory, TransportTls } from './transport';
import { afterAttempt, afterOpen, INITIAL_RECONNECT_STATE, type ReconnectState } from './reconnectPolicy';
import { SendQueue, prepareMessage, type OutgoingMessage, type QueuedMessage } from './sendQueue';
import { classifyError } from './errorClassifier';
import { Heartbeat } from './heartbeat';
import { StatsThrottle } from './statsThrottle';
import { Timer, realTimers } from '../util/timer';
import { validateCloseCodeToSend, validateCloseReason } from '../wire/closeCodes';
import { checkHandshakeInputs, secretsOf } from '../wire/handshake';
import { redactSecrets } from '../recording/redact';
import { secretHidingSink } from '../recording/secretSink';
import { Emitter } from '../util/emitter';
import { fail, type Result } from '../shared/result';
import { Conversation, type EventDraft } from '../recording/conversation';

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
  /** The socket: wsTransport.ts's createWsTransport for a real one (passed in, so importing Session does not load ws). */
  createTransport: TransportFactory;
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
export type SendResult = Result<{ queued?: boolean }>;

/**
 * Past this much unsent data, send() refuses instead of buffering more: the peer or the network
 * is slower than the sender, and buffering without bound would only grow memory until the
 * extension host dies. The user sees why and can send again once the buffer drains.
 */
export const DEFAULT_BACKPRESSURE_THRESHOLD = 16 * 1024 * 1024;


export class Session {
  private transport: Transport | undefined;
  /** Records what crosses the wire; owns readyState, counters and RTT. */
  private readonly conversation: Conversation;
  private reconnect: ReconnectState = INITIAL_RECONNECT_STATE;
  private readonly queue: SendQueue;
  private readonly deps: Required<SessionDeps>;
  private readonly reconnectTimer: Timer;
  private readonly heartbeat: Heartbeat;
  private readonly statsThrottle: StatsThrottle<ConnectionStats>;
  private readonly events = new Emitter<NewTimelineEvent>();
  private readonly statsEmitter = new Emitter<ConnectionStats>();
  /** Secret values, replaced by «secret» wherever the timeline would show them. */
  private secrets: string[] = [];
  /** Hides the secrets in everything recorded; rebuilt when the secrets change. */
  /** The user closed or disconnected: whatever happens next, don't reconnect. */
  private userClosing = false;
  private openedThisAttempt = false;
  /** HTTP status of this attempt's refused handshake, if it was refused. */
  private refusedStatus: number | undefined;
  private current: { openedAt?: number; protocol?: string; extensions?: string } = {};
  private reconnectAt: number | undefined;
  private disposed = false;

  /** Every event, in order, stamped with `time`; the caller stores them (see TimelineStore). */
  readonly onEvent = this.events.on;
  /** Stats after a change, at most one call per statsIntervalMs (100 ms by default). */
  readonly onStats = this.statsEmitter.on;

  constructor(private config: ResolvedConnection, deps: SessionDeps) {
    this.deps = {
      createTransport: deps.createTransport,
      now: deps.now ?? (() => Date.now()),
      setTimeout: deps.setTimeout ?? realTimers.setTimeout,
      clearTimeout: deps.clearTimeout ?? realTimers.clearTimeout,
      random: deps.random ?? Math.random,
      statsIntervalMs: deps.statsIntervalMs ?? 100,
    };
    this.queue = new SendQueue(config.queueLimit);
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
    this.conversation = new Conversation({
      side: 'client',
      now: this.deps.now,
      recordStates: true,
      sink: secretHidingSink((event) => this.events.fire(event), () => this.secrets),
      // A state change is what users watch for (tree icon, header badge): never delay it.
      onState: () => this.statsThrottle.emitNow(),
    });
  }

  private get state(): ConnectionState {
    return this.conversation.state;
  }

  get stats(): ConnectionStats {
    return {
      state: this.state,
      reconnectAt: this.reconnectAt,
      reconnectAttempt: this.reconnectAt !== undefined ? this.reconnect.attempt : undefined,
      circuitOpen: this.reconnect.circuitOpen,
      messagesIn: this.conversation.messagesIn,
      messagesOut: this.conversation.messagesOut,
      bytesIn: this.conversation.bytesIn,
      bytesOut: this.conversation.bytesOut,
      queueLength: this.queue.length,
      bufferedAmount: this.transport?.bufferedAmount ?? 0,
      lastRttMs: this.conversation.lastRttMs,
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
  }

  connect(): Result {
    if (this.disposed) return fail('This session is closed for good (disposed): create a new one.');
    if (this.state !== 'CLOSED') return fail(`Already ${this.state === 'OPEN' ? 'connected' : this.state.toLowerCase()}.`);
    if (this.reconnect.circuitOpen) {
      return fail(`Reconnecting stopped after ${this.reconnect.failures} failed attempts in a row (circuit open): use Retry.`);
    }
    const problem = checkHandshakeInputs(this.config);
    if (problem) {
      this.record({ kind: 'error', category: problem.category, message: problem.message });
      return fail(problem.message);
    }
    this.secrets = secretsOf(this.config);
    this.userClosing = false;
    this.reconnect = { ...this.reconnect, attempt: 0 };
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
        this.heartbeat.stop();
        this.conversation.closeSent(code, reason);
        t?.close(code, reason);
        return { ok: true };
      case 'CONNECTING':
        // No close frame can be sent before the handshake completes: abort the attempt.
        this.conversation.endingByUs();
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
    this.reconnect = INITIAL_RECONNECT_STATE;
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
    this.conversation.dispose();
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
    const c = this.config;
    this.conversation.connecting(this.redact(c.url), this.reconnect.attempt);
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
      this.conversation.abandoned();
      return c.message;
    }
    return undefined;
  }

  /** Transport callbacks, ignored once this transport is no longer the current one. */
  private listen(t: Transport): TransportEvents {
    const live = () => this.transport === t && !this.disposed;
    return {
      onHandshakeRequest: (r) => live() && this.conversation.handshakeRequest({ method: r.method, url: this.redact(r.url), headers: this.redactHeaders(r.headers) }),
      onHandshakeResponse: (r) => live() && this.conversation.handshakeResponse({
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
    this.reconnect = afterOpen(this.reconnect);
    // The tree and the timeline header show the protocol: an auth.<token> one is a secret.
    this.current = { openedAt: this.deps.now(), protocol: this.redact(info.protocol), extensions: info.extensions };
    this.conversation.opened(info.protocol, info.extensions);
    this.heartbeat.start();
    // Queued messages go first, in order, before anything sent after this point.
    for (let m = this.queue.shift(); m; m = this.queue.shift()) {
      this.transmit(m);
      if (this.state !== 'OPEN') break;
    }
  }

  private failed(err: unknown): void {
    const wasOpen = this.state === 'OPEN';
    const c = this.recordError(err);
    if (c.category === 'handshake-rejected') this.refusedStatus = c.status;
    // ws answered a broken frame with a close frame: the conversation is CLOSING now.
    if (wasOpen && this.conversation.state === 'CLOSING') this.heartbeat.stop();
  }

  private closed(code: number, reason: string, wasClean: boolean): void {
    this.transport = undefined;
    this.heartbeat.stop();
    this.current = {};
    this.conversation.closed(code, reason, wasClean);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const r = this.config.reconnect;
    if (this.userClosing || this.disposed || !r.enabled) return;
    const { state, decision } = afterAttempt(this.reconnect, { opened: this.openedThisAttempt, refusedStatus: this.refusedStatus }, r, this.deps.random);
    this.reconnect = state;
    switch (decision.action) {
      case 'stop':
        this.record({ kind: 'info', message: decision.reason });
        break;
      case 'circuit-open':
        this.record({ kind: 'circuit-open', failures: decision.failures });
        break;
      case 'retry':
        this.reconnectAt = this.deps.now() + decision.delayMs;
        this.record({ kind: 'reconnect-scheduled', attempt: decision.attempt, delayMs: decision.delayMs, maxAttempts: r.maxAttempts });
        this.reconnectTimer.start(decision.delayMs, () => void this.startAttempt());
        break;
      case 'none':
        return;
    }
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
    const data = typeof m.data === 'string' ? m.data : Buffer.from(m.data).toString('base64');
    this.conversation.message('out', m.opcode === 'binary', m.size, data, m.format);
    t.send(m.data, m.opcode === 'binary', (err) => {
      if (err) this.conversation.failed({ category: 'send-failed', message: `A ${m.size}-byte ${m.opcode} message could not be sent: ${err.message}` });
    });
    this.statsThrottle.changed();
  }

  private received(data: Uint8Array, isBinary: boolean): void {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.conversation.message('in', isBinary, buf.length, buf.toString(isBinary ? 'base64' : 'utf8'));
    this.statsThrottle.changed();
  }

  private sendPing(payload: Uint8Array): void {
    this.conversation.pingSent(Buffer.from(payload).toString('hex'), payload.length);
    this.transport?.ping(payload);
  }

  private pinged(payload: Uint8Array): void {
    // ws answers pings by itself (autoPong); the conversation records that pong too.
    this.conversation.pingReceived(Buffer.from(payload).toString('hex'), payload.length);
  }

  private ponged(payload: Uint8Array): void {
    this.conversation.pongReceived(Buffer.from(payload).toString('hex'), payload.length);
    this.heartbeat.pongArrived();
    this.statsThrottle.changed();
  }

  private pongTimedOut(ms: number): void {
    if (this.state !== 'OPEN' || !this.transport) return;
    this.conversation.failed({ category: 'pong-timeout', message: `No pong within ${ms} ms of our ping: the connection looks dead, dropping it.` });
    this.transport.terminate();
  }

  // ------------------------------------------------------------------ recording

  /** Events that are not wire observations (queued, reconnect, notes) go through the recorder too, in order. */
  private record(draft: EventDraft): void {
    this.conversation.record(draft);
  }

  private recordError(err: unknown) {
    const c = classifyError(err, { url: this.config.url, maxMessageSize: this.config.maxMessageSize });
    this.conversation.failed({
      category: c.category,
      message: this.redact(c.message),
      ...(c.status !== undefined ? { status: c.status } : {}),
      ...(c.body !== undefined ? { body: this.redact(c.body) } : {}),
      // ws answers a broken frame on an open connection by sending a close frame with this code.
      ...(c.category === 'protocol' && c.closeCode !== undefined ? { closeCode: c.closeCode } : {}),
    });
    return c;
  }

  private redact(text: string): string {
    return this.secrets.length ? redactSecrets(text, this.secrets) : text;
  }

  private redactHeaders(headers: Array<[string, string]>): Array<[string, string]> {
    return headers.map(([name, value]) => [name, this.redact(value)]);
  }
}
