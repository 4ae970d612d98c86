// Keeps an open connection under watch: an empty ping every pingIntervalMs, and when no pong
// comes back within pongTimeoutMs the host drops the connection as dead. Only the timers live
// here: round-trip times are the conversation's business (src/recording/conversation.ts).
// Browser-safe: no Node built-ins.
import type { HeartbeatSettings } from '../shared/connection';
import { Timer, type TimerFunctions } from '../util/timer';

export interface HeartbeatHost extends TimerFunctions {
  /** Read at start and at every ping, not copied. */
  settings: () => HeartbeatSettings;
  isOpen: () => boolean;
  /** Sends a ping the way all our pings go out (recorded, timed). */
  sendPing: (payload: Uint8Array) => void;
  /** No pong within `timeoutMs` of our ping: the host drops the connection. */
  pongTimedOut: (timeoutMs: number) => void;
}

export class Heartbeat {
  private readonly pingTimer: Timer;
  private readonly pongTimer: Timer;

  constructor(private readonly host: HeartbeatHost) {
    this.pingTimer = new Timer(host);
    this.pongTimer = new Timer(host);
  }

  /** The connection is open: the first ping goes out one interval from now (never when the interval is 0). */
  start(): void {
    const { pingIntervalMs } = this.host.settings();
    if (pingIntervalMs > 0) this.pingTimer.start(pingIntervalMs, () => this.beat());
  }

  /** No more pings, and no pong deadline. */
  stop(): void {
    this.pingTimer.cancel();
    this.pongTimer.cancel();
  }

  /** Any pong, even an unsolicited one, shows the connection is alive. */
  pongArrived(): void {
    this.pongTimer.cancel();
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
