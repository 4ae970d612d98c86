// Lines to stdout in batches. One `write` per event cost the CLI's echo server a third of its
// throughput (a system call per line when stdout is a file, bench #11); here lines wait in a
// string and leave together at the end of the callback that produced them (process.nextTick: one
// TCP read brings many frames, all logged in one write) or as soon as FLUSH_CHARS wait.
// nextTick rather than setImmediate keeps a promise the log had when every line was written at
// once: a message's lines are written before its reply leaves, because the mock server holds
// the socket corked until a nextTick queued after ours. A server killed right after answering
// has still logged what it answered (test/unit/reliability/restarts.test.ts).
//
// When stdout is a pipe whose reader falls behind, `write` returns false and Node would queue
// without limit. We keep collecting up to `maxBufferedChars`, then drop whole lines, counting them,
// and print one line saying how many were dropped when the reader catches up. The server's event
// loop never waits for its log. Lines written with `important` are never dropped.

export interface LineSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  readonly writableLength: number;
}

export interface LineWriterOptions {
  /** Write as soon as this many characters wait (default 64 Ki). */
  flushChars?: number;
  /** While the sink is not draining, keep at most this many characters (default 4 Mi), then drop lines. */
  maxBufferedChars?: number;
  /** The line that reports `n` dropped lines, written before the next lines that get through. */
  droppedLine: (n: number) => string;
  /** Schedules the end-of-callback flush (default process.nextTick). */
  schedule?: (fn: () => void) => void;
}

export class LineWriter {
  private buffer = '';
  private scheduled = false;
  private waitingForDrain = false;
  private closed = false;
  private droppedCount = 0;
  /** Dropped since the last line that reported drops. */
  private pendingDropped = 0;
  private readonly flushChars: number;
  private readonly maxBufferedChars: number;
  private readonly schedule: (fn: () => void) => void;
  private readonly flushSoon = (): void => {
    this.scheduled = false;
    this.flush();
  };
  private readonly onDrain = (): void => {
    this.waitingForDrain = false;
    this.flush();
  };

  constructor(
    private readonly sink: LineSink,
    private readonly options: LineWriterOptions,
  ) {
    this.flushChars = options.flushChars ?? 64 * 1024;
    this.maxBufferedChars = options.maxBufferedChars ?? 4 * 1024 * 1024;
    this.schedule = options.schedule ?? process.nextTick;
  }

  /** Lines dropped so far because the sink did not keep up. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Queues one line (without its newline); dropped if the sink is behind and the buffer is full. */
  write(line: string): void {
    if (this.closed) return;
    if (this.waitingForDrain && this.buffer.length + line.length + 1 > this.maxBufferedChars) {
      this.droppedCount++;
      this.pendingDropped++;
      return;
    }
    this.buffer += `${line}\n`;
    if (this.buffer.length >= this.flushChars) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.flushSoon);
    }
  }

  /** Queues a line that is never dropped (the `listening` line) and writes it at once. */
  important(line: string): void {
    if (this.closed) return;
    this.buffer += `${line}\n`;
    this.flush();
  }

  /** Writes what waits, unless the sink asked us to wait for 'drain' (it then flushes on drain). */
  flush(): void {
    if (this.closed || this.waitingForDrain || (this.buffer === '' && this.pendingDropped === 0)) return;
    let chunk = this.buffer;
    if (this.pendingDropped > 0) {
      chunk = `${this.options.droppedLine(this.pendingDropped)}\n${chunk}`;
      this.pendingDropped = 0;
    }
    this.buffer = '';
    if (!this.sink.write(chunk)) {
      this.waitingForDrain = true;
      this.sink.once('drain', this.onDrain);
    }
  }

  /** Stops taking lines (the sink failed, e.g. its reader went away). */
  close(): void {
    this.closed = true;
    this.buffer = '';
  }

  /**
   * Flushes everything (waiting for 'drain' if needed) and resolves once the sink holds nothing
   * more, or after `maxWaitMs` when the reader does not read: exiting must not hang on it.
   */
  async end(maxWaitMs = 2000): Promise<void> {
    const until = Date.now() + maxWaitMs;
    this.flush();
    while (!this.closed && (this.buffer !== '' || this.pendingDropped > 0 || this.waitingForDrain || this.sink.writableLength > 0) && Date.now() < until) {
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
      this.flush();
    }
  }
}
