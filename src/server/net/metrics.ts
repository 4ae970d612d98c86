// Counters behind GET /metrics, in the Prometheus text format so any scraper (or a curious
// human with curl) can read them.

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  connectionsOpen = 0;
  connectionsTotal = 0;
  readonly refused = new Map<number, number>();
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  errors = 0;
  private readonly bucketCounts = LATENCY_BUCKETS.map(() => 0);
  private latencyCount = 0;
  private latencySum = 0;
  readonly startedAt = Date.now();

  refusedHandshake(status: number): void {
    this.refused.set(status, (this.refused.get(status) ?? 0) + 1);
  }

  /** Time from a client message to a reply it caused, in seconds (includes injected latency). */
  observeLatency(seconds: number): void {
    this.latencyCount++;
    this.latencySum += seconds;
    LATENCY_BUCKETS.forEach((b, i) => {
      if (seconds <= b) this.bucketCounts[i]++;
    });
  }

  render(scenario: string): string {
    const label = `scenario="${scenario.replace(/["\\\n]/g, '_')}"`;
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, value: number): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${label}} ${value}`);
    };
    metric('wslab_connections', 'gauge', 'WebSocket connections open now.', this.connectionsOpen);
    metric('wslab_connections_total', 'counter', 'WebSocket connections accepted.', this.connectionsTotal);
    lines.push('# HELP wslab_handshakes_refused_total Handshakes refused, by HTTP status.', '# TYPE wslab_handshakes_refused_total counter');
    for (const [status, n] of [...this.refused].sort((a, b) => a[0] - b[0])) {
      lines.push(`wslab_handshakes_refused_total{${label},status="${status}"} ${n}`);
    }
    metric('wslab_messages_in_total', 'counter', 'Messages received from clients.', this.messagesIn);
    metric('wslab_messages_out_total', 'counter', 'Messages sent to clients.', this.messagesOut);
    metric('wslab_bytes_in_total', 'counter', 'Payload bytes received from clients.', this.bytesIn);
    metric('wslab_bytes_out_total', 'counter', 'Payload bytes sent to clients.', this.bytesOut);
    metric('wslab_errors_total', 'counter', 'Connection errors (protocol violations, limits, pong timeouts).', this.errors);
    const h = 'wslab_response_latency_seconds';
    lines.push(`# HELP ${h} Time from a client message to each reply it caused.`, `# TYPE ${h} histogram`);
    LATENCY_BUCKETS.forEach((b, i) => lines.push(`${h}_bucket{${label},le="${b}"} ${this.bucketCounts[i]}`));
    lines.push(`${h}_bucket{${label},le="+Inf"} ${this.latencyCount}`, `${h}_sum{${label}} ${this.latencySum}`, `${h}_count{${label}} ${this.latencyCount}`);
    metric('wslab_uptime_seconds', 'gauge', 'Seconds since the server started.', Math.round((Date.now() - this.startedAt) / 1000));
    return lines.join('\n') + '\n';
  }
}
