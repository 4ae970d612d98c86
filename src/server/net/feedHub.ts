// The `feed` of a scenario served over plain HTTP as well, so the same messages can be compared
// across WebSocket, Server-Sent Events (GET /sse) and long-polling (GET /poll?since=N).

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FeedEntry {
  id: number;
  data: string;
}

interface Waiter {
  since: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

export class FeedHub {
  private readonly entries: FeedEntry[] = [];
  private readonly sseClients = new Set<ServerResponse>();
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly keep: number, private readonly pollTimeoutMs: number) {}

  publish(id: number, data: string): void {
    const entry = { id, data };
    this.entries.push(entry);
    if (this.entries.length > this.keep) this.entries.shift();
    for (const res of this.sseClients) res.write(sseFrame(entry));
    for (const w of [...this.waiters]) this.answerPoll(w, [entry]);
  }

  /**
   * GET /sse: replays what came after Last-Event-ID, then streams. `allowOrigin`: the page origin
   * that may read the stream (CORS), when the server's Origin policy allows it; never "*", which let
   * any web site read the feed.
   */
  handleSse(req: IncomingMessage, res: ServerResponse, allowOrigin?: string): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      Vary: 'Origin',
      ...(allowOrigin !== undefined ? { 'Access-Control-Allow-Origin': allowOrigin } : {}),
    });
    // Tells EventSource how long to wait before reconnecting after a dropped stream.
    res.write('retry: 2000\n\n');
    const lastId = Number(req.headers['last-event-id']);
    if (Number.isFinite(lastId)) for (const e of this.entries) if (e.id > lastId) res.write(sseFrame(e));
    this.sseClients.add(res);
    res.on('close', () => this.sseClients.delete(res));
  }

  /** GET /poll?since=N: newer entries at once, or wait for the next one (or the timeout). */
  handlePoll(url: URL, res: ServerResponse): void {
    const sinceText = url.searchParams.get('since') ?? '0';
    const since = Number(sinceText);
    if (!/^\d+$/.test(sinceText) || !Number.isSafeInteger(since)) {
      sendJson(res, 400, { error: `"since" must be a whole number ≥ 0 (the last id you received), got "${sinceText}"` });
      return;
    }
    const newer = this.entries.filter((e) => e.id > since);
    if (newer.length) {
      sendJson(res, 200, pollBody(newer, since));
      return;
    }
    const waiter: Waiter = {
      since,
      res,
      timer: setTimeout(() => this.answerPoll(waiter, []), this.pollTimeoutMs),
    };
    this.waiters.add(waiter);
    res.on('close', () => {
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
    });
  }

  private answerPoll(w: Waiter, entries: FeedEntry[]): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    sendJson(w.res, 200, pollBody(entries, w.since));
  }

  close(): void {
    for (const res of this.sseClients) res.end();
    this.sseClients.clear();
    for (const w of [...this.waiters]) this.answerPoll(w, []);
  }
}

function sseFrame(e: FeedEntry): string {
  // A data line may not contain a newline; JSON text from templates never does, but plain text might.
  return `id: ${e.id}\n${e.data.split(/\r?\n/).map((l) => `data: ${l}`).join('\n')}\n\n`;
}

function pollBody(entries: FeedEntry[], since: number): object {
  return {
    messages: entries.map((e) => ({ id: e.id, data: parseOrText(e.data) })),
    next: entries.length ? entries[entries.length - 1].id : since,
  };
}

function parseOrText(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
