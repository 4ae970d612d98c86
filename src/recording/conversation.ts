// The rules of one WebSocket conversation, written once for every side that records one: the
// client session, each client of the mock server (and later each hop of the proxy). It is
// sans-I/O, like python-websockets' Connection: the socket code tells it what crossed the wire
// (observations), it turns them into timeline events, the readyState and the counters. It owns no
// socket and no timer, so tests feed it observations and read what it recorded.
//
// The rules it keeps (RFC 6455 section numbers in the comments where they apply):
// - readyState follows the wire: CONNECTING → OPEN → CLOSING (our close frame went out) → CLOSED;
// - a ping is answered with a pong carrying the same payload (§5.5.2; ws does it by itself);
// - a pong that answers one of our pings carries the round-trip time;
// - after a protocol error the library sends a close frame with the matching code and drops TCP
//   without waiting (§7.1.7, "fail the WebSocket connection"), so it reports 1006: the code that
//   went on the wire says far more and is reported instead, and the close is not clean;
// - who initiated a close: us when our close frame (or our deliberate drop) came first, the
//   network when the TCP connection ended without a close frame (1006, or 1015 for TLS), the peer
//   otherwise.
import type { ConnectionState, DecodedMessage, Direction, ErrorCategory, HandshakeRequestEvent, HandshakeResponseEvent, MessageEvent, NewTimelineEvent, PayloadEncoding } from '../shared/events';
import { closeCodeName } from '../wire/closeCodes';

/** An event as the recorder's caller describes it; the recorder stamps `time` (and `clientId`). */
export type EventDraft = NewTimelineEvent extends infer E ? (E extends NewTimelineEvent ? Omit<E, 'time' | 'clientId'> : never) : never;

/** Where recorded events go, in order: a timeline store, CLI lines, a metrics sink, a test. */
export type EventSink = (event: NewTimelineEvent) => void;

/** A failure the socket code observed, already explained (see src/client/errorClassifier.ts, src/wire/frameErrors.ts). */
export interface ObservedFailure {
  category: ErrorCategory;
  message: string;
  /** HTTP status of a refused handshake. */
  status?: number;
  body?: string;
  /** The close code the library answers this failure with on an open connection (1002, 1007, 1009…). */
  closeCode?: number;
}

/** What stays the same for every conversation of one side (one object per server, not per client). */
export interface ConversationSetup {
  /** The end this recorder sits on; the other end is the peer. */
  side: 'client' | 'server';
  sink: EventSink;
  /** Wall clock, epoch ms. */
  now: () => number;
  /** Record readyState changes as 'state' events (the client timeline shows them). */
  recordStates?: boolean;
  /** Called on every readyState change (the client session pushes its stats at once). */
  onState?: (state: ConnectionState) => void;
}

/** Pings we sent and still wait for, for round-trip times; older ones are forgotten. */
const MAX_PENDING_PINGS = 64;

export class Conversation {
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Round-trip time of the last pong that answered one of our pings, ms. */
  lastRttMs: number | undefined;
  private current: ConnectionState;
  // Made on first use: a mock server may hold 10,000 idle conversations.
  private pendingPings: Array<{ hex: string; sentAt: number }> | undefined;
  /** Close code the library answered a protocol error with, this connection. */
  private failCloseCode: number | undefined;
  /** Our close frame, or our deliberate end of the connection, came first. */
  private endedByUs = false;
  private disposed = false;

  /**
   * @param clientId server side: the client every event belongs to.
   * @param state a server's conversation starts OPEN (the upgrade already happened); a client's CLOSED.
   */
  constructor(
    private readonly setup: ConversationSetup,
    private readonly clientId?: string,
    state: ConnectionState = 'CLOSED',
  ) {
    this.current = state;
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The peer's side, as close events name it. */
  private get peer(): 'client' | 'server' {
    return this.setup.side === 'client' ? 'server' : 'client';
  }

  // ------------------------------------------------------------------ observations

  /** A new connection attempt starts (a client's first connect or a reconnect). */
  connecting(url: string, attempt: number): void {
    this.failCloseCode = undefined;
    this.endedByUs = false;
    this.record({ kind: 'connecting', url, attempt });
    this.setState('CONNECTING');
  }

  handshakeRequest(request: Omit<HandshakeRequestEvent, 'kind' | 'seq' | 'time'>): void {
    this.record({ kind: 'handshake-request', ...request });
  }

  handshakeResponse(response: Omit<HandshakeResponseEvent, 'kind' | 'seq' | 'time'>): void {
    this.record({ kind: 'handshake-response', ...response });
  }

  opened(protocol: string, extensions: string): void {
    this.record({ kind: 'open', protocol, extensions });
    this.setState('OPEN');
  }

  /**
   * A data message crossed the wire. `data` is the payload as the timeline keeps it: the text of a
   * text frame, base64 of a binary one (the socket code decodes, with whatever its platform has).
   * `decoded` is what a protocol adapter read in it (src/codecs/registry.ts, Codec.decode).
   */
  message(dir: Direction, binary: boolean, size: number, data: string, format?: string, decoded?: DecodedMessage): void {
    if (dir === 'in') {
      this.messagesIn++;
      this.bytesIn += size;
    } else {
      this.messagesOut++;
      this.bytesOut += size;
    }
    if (this.disposed) return;
    const encoding: PayloadEncoding = binary ? 'base64' : 'utf8';
    const time = this.setup.now();
    // Built in one literal: messages are the hot path of a busy server (no spread, no second copy).
    const event: Omit<MessageEvent, 'seq'> = this.clientId !== undefined
      ? { clientId: this.clientId, kind: 'message', time, dir, opcode: binary ? 'binary' : 'text', size, encoding, data }
      : { kind: 'message', time, dir, opcode: binary ? 'binary' : 'text', size, encoding, data };
    if (format !== undefined) event.format = format;
    if (decoded !== undefined) event.decoded = decoded;
    this.setup.sink(event);
  }

  /** We sent a ping; its pong will carry the round-trip time. */
  pingSent(payloadHex: string, size: number): void {
    const pending = (this.pendingPings ??= []);
    pending.push({ hex: payloadHex, sentAt: this.setup.now() });
    if (pending.length > MAX_PENDING_PINGS) pending.shift();
    this.record({ kind: 'ping', dir: 'out', size, payloadHex });
  }

  /** The peer pinged us: the library answers at once with the same payload (RFC 6455 §5.5.2). */
  pingReceived(payloadHex: string, size: number): void {
    this.record({ kind: 'ping', dir: 'in', size, payloadHex });
    this.record({ kind: 'pong', dir: 'out', size, payloadHex });
  }

  /** A pong arrived; returns its round-trip time when it answers one of our pings. */
  pongReceived(payloadHex: string, size: number): number | undefined {
    let rttMs: number | undefined;
    const pending = this.pendingPings;
    const i = pending ? pending.findIndex((p) => p.hex === payloadHex) : -1;
    if (pending && i >= 0) {
      rttMs = this.setup.now() - pending[i].sentAt;
      pending.splice(i, 1);
      this.lastRttMs = rttMs;
    }
    this.record({ kind: 'pong', dir: 'in', size, payloadHex, ...(rttMs !== undefined ? { rttMs } : {}) });
    return rttMs;
  }

  /** Our close frame went out: the close handshake has started (RFC 6455 §7.1.2). */
  closeSent(code: number, reason: string): void {
    this.endedByUs = true;
    this.record({ kind: 'close-sent', code, codeName: closeCodeName(code), reason });
    this.setState('CLOSING');
  }

  /**
   * Something went wrong. On an open connection, a failure the library answers with a close code
   * starts the close handshake with that code (our close frame goes out first).
   */
  failed(f: ObservedFailure): void {
    this.record({
      kind: 'error',
      category: f.category,
      message: f.message,
      ...(f.status !== undefined ? { status: f.status } : {}),
      ...(f.body !== undefined ? { body: f.body } : {}),
    });
    if (f.closeCode !== undefined && this.current === 'OPEN' && this.failCloseCode === undefined) {
      this.failCloseCode = f.closeCode;
      this.closeSent(f.closeCode, '');
    }
  }

  /** We are ending this connection on purpose without a close frame (a cancelled attempt, a drop). */
  endingByUs(): void {
    this.endedByUs = true;
  }

  /**
   * The connection is over: the library reported its close code, reason and (if it knows)
   * cleanliness. Returns the code the close event reports (see the §7.1.7 rule above).
   */
  closed(code: number, reason: string, wasClean = true): number {
    if (code === 1006 && this.failCloseCode !== undefined) code = this.failCloseCode;
    const dropped = code === 1006 || code === 1015;
    const initiator = this.endedByUs ? this.setup.side : dropped ? 'network' : this.peer;
    this.pendingPings = undefined;
    this.record({
      kind: 'close',
      code,
      codeName: closeCodeName(code),
      reason,
      wasClean: wasClean && !dropped && this.failCloseCode === undefined,
      initiator,
    });
    this.setState('CLOSED');
    return code;
  }

  /** The attempt ended before reaching the network (the socket could not even start): no close event. */
  abandoned(): void {
    this.setState('CLOSED');
  }

  /** Records an event that is not a wire observation (a queued message, a scheduled reconnect, a note). */
  record(draft: EventDraft): void {
    if (this.disposed) return;
    const event = (this.clientId !== undefined
      ? { clientId: this.clientId, ...draft, time: this.setup.now() }
      : { ...draft, time: this.setup.now() }) as NewTimelineEvent;
    this.setup.sink(event);
  }

  /** No more events; the state reads CLOSED. */
  dispose(): void {
    this.disposed = true;
    this.current = 'CLOSED';
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    if (this.setup.recordStates) this.record({ kind: 'state', state });
    this.setup.onState?.(state);
  }
}
