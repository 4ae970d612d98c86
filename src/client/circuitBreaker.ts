// Stops automatic reconnecting after too many consecutive failed attempts, so a server that is
// down (or rejects us every time) is not hammered forever. Only the user's Retry closes it again.
// Browser-safe: no Node built-ins.

export class CircuitBreaker {
  private failures = 0;
  private tripped = false;

  /** @param threshold consecutive failures that open the circuit; 0 = never. */
  constructor(private threshold: number) {}

  get open(): boolean {
    return this.tripped;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  setThreshold(threshold: number): void {
    this.threshold = threshold;
  }

  /** Records a failed attempt; returns true when this failure opened the circuit. */
  recordFailure(): boolean {
    this.failures++;
    if (!this.tripped && this.threshold > 0 && this.failures >= this.threshold) {
      this.tripped = true;
      return true;
    }
    return false;
  }

  /** A connection opened: the server is reachable again. */
  recordSuccess(): void {
    this.failures = 0;
  }

  /** The user asked to try again. */
  reset(): void {
    this.failures = 0;
    this.tripped = false;
  }
}
