// Keeps an open connection under watch: an empty ping every pingIntervalMs, and when no pong
// comes back within pongTimeoutMs the host drops the connection as dead. It also times the
// round trip of every ping we send (the heartbeat's and the user's) by matching each pong's
// payload to a ping still waiting for its answer. Browser-safe: no Node built-ins.
import type { HeartbeatSettings } from '../shared/connection';
import { Timer, type TimerFunctions } from '../util/timer';

/** Outstanding pings remembered for RTT matching; older ones are forgotten. */
const MAX_PENDING_PINGS = 64;

export interface HeartbeatHost extends TimerFunctions {
  /** Wall clock, epoch ms. */
  now: () => number;
  /** Read at start and at every ping, not copied. */
  settings: () => HeartbeatSettings;
  isOpen: () => boolean;
  /** Sends a ping the way all our pings go out, so it is recorded and passed to pingSent. */
  sendPing: (payload: Uint8Array) => void;
  /** No pong within `timeoutMs` of our ping: the host drops the connection. */
  pongTimedOut: (timeoutMs: number) => void;
}

export class Heartbeat {
  private readonly pingTimer: Timer;
  private readonly pongTimer: Timer;
  private pendingPings: Array<{ hex: string; sentAt: number }> = [];
  private lastRtt: number | undefined;

  constructor(private readonly host: HeartbeatHost) {
    this.pingTimer = new Timer(host);
    this.pongTimer = new Timer(host);
  }

  /** Round-trip time of the last pong that answered one of our pings, in ms. */
  get lastRttMs(): number | undefined {
    return this.lastRtt;
  }

  /** The connection is open: the first ping goes out one interval from now (never when the interval is 0). */
  start(): void {
    const { pingIntervalMs } = this.host.settings();
    if (pingIntervalMs > 0) this.pingTimer.start(pingIntervalMs, () => this.beat());
  }

  /** No more pings, and no pong deadline; pongs still arriving are timed. */
  stop(): void {
    this.pingTimer.cancel();
    this.pongTimer.cancel();
  }

  /** The connection is gone: no pong can answer its pings any more. */
  forgetPendingPings(): void {
    this.pendingPings = [];
  }

  /** One of our pings went out with this payload (hex). */
  pingSent(payloadHex: string): void {
    this.pendingPings.push({ hex: payloadHex, sentAt: this.host.now() });
    if (this.pendingPings.length > MAX_PENDING_PINGS) this.pendingPings.shift();
  }

  /** A pong arrived; returns its round-trip time when it answers one of our pings. */
  pongReceived(payloadHex: string): number | undefined {
    const i = this.pendingPings.findIndex((p) => p.hex === payloadHex);
    let rttMs: number | undefined;
    if (i >= 0) {
      rttMs = this.host.now() - this.pendingPings[i].sentAt;
      this.pendingPings.splice(i, 1);
      this.lastRtt = rttMs;
    }
    // Any pong, even an unsolicited one, shows the connection is alive.
    this.pongTimer.cancel();
    return rttMs;
  }

  private beat(): void {
    if (!this.host.isOpen()) return;
    const { pingIntervalMs, pongTimeoutMs } = this.host.settings();
    // Heartbeat turned off while connected: stop instead of re-arming at 0 ms.
    if (pingIntervalMs <= 0) return;
    this.host.sendPing(new Uint8Array(0));
    // The oldest unanswered ping sets the deadline: if each ping restarted it, an interval
    // shorter than the timeout would keep a dead connection alive forever.
    if (pongTimeoutMs > 0 && !this.pongTimer.pending) this.pongTimer.start(pongTimeoutMs, () => this.host.pongTimedOut(pongTimeoutMs));
    this.pingTimer.start(pingIntervalMs, () => this.beat());
  }
}
