// Load clients for the soak test, in their own process so they do not share an event loop (or a
// memory figure) with the server under test.
//   node soakClient.mjs <url> <clients> <msgsPerSecondEach> <seconds>
// Every message is {"c":clientId,"s":seq,"t":sentAtMs}; each client checks its echoes arrive once,
// in order. stdout: one JSON line per event: {"type":"ready"}, {"type":"tick",...} each second,
// then {"type":"result",...}. Exit code 0 when the run completed (the parent judges the figures).
import WebSocket from 'ws';

const [url, clientsArg, rateArg, secondsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg);
const RATE = Number(rateArg);
const SECONDS = Number(secondsArg);
const PER_CLIENT = Math.round(RATE * SECONDS);
const CONNECT_BATCH = 50;
const SETTLE_MS = 15_000;

const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

/** @type {Array<{ ws: WebSocket, sent: number, received: number, maxSeen: number, seen: Uint8Array, dup: number, reordered: number, foreign: number, closedEarly: boolean }>} */
const clients = [];
const latencies = [];
let errors = 0;
let unexpectedCloses = 0;
let sending = false;

function connect(id) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const c = { ws, sent: 0, received: 0, maxSeen: 0, seen: new Uint8Array(PER_CLIENT + 1), dup: 0, reordered: 0, foreign: 0, closedEarly: false };
    clients[id] = c;
    ws.on('open', () => resolve());
    ws.on('error', (e) => {
      errors++;
      reject(e);
    });
    ws.on('close', () => {
      if (!done) {
        unexpectedCloses++;
        c.closedEarly = true;
      }
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.c !== id || !Number.isInteger(m.s) || m.s < 1 || m.s > PER_CLIENT) {
        c.foreign++;
        return;
      }
      if (c.seen[m.s]) {
        c.dup++;
        return;
      }
      c.seen[m.s] = 1;
      c.received++;
      if (m.s < c.maxSeen) c.reordered++;
      else c.maxSeen = m.s;
      if (latencies.length < 200_000) latencies.push(Date.now() - m.t);
      else latencies[Math.floor(Math.random() * latencies.length)] = Date.now() - m.t;
    });
  });
}

let done = false;
for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
  await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, CLIENTS - i) }, (_, k) => connect(i + k)));
}
out({ type: 'ready', clients: CLIENTS });

const started = Date.now();
sending = true;
const totals = () => clients.reduce((t, c) => ({ sent: t.sent + c.sent, received: t.received + c.received }), { sent: 0, received: 0 });
// One ticker for everyone; each client is offset within the first interval so the load is even.
const ticker = setInterval(() => {
  const elapsed = (Date.now() - started) / 1000;
  for (let id = 0; id < CLIENTS; id++) {
    const c = clients[id];
    if (c.closedEarly) continue;
    const due = Math.min(PER_CLIENT, Math.floor((elapsed + id / CLIENTS / RATE) * RATE));
    while (c.sent < due && c.ws.readyState === WebSocket.OPEN) {
      c.sent++;
      c.ws.send(`{"c":${id},"s":${c.sent},"t":${Date.now()}}`);
    }
  }
  if (clients.every((c) => c.sent >= PER_CLIENT || c.closedEarly)) {
    clearInterval(ticker);
    sending = false;
  }
}, 10);
const progress = setInterval(() => out({ type: 'tick', elapsedMs: Date.now() - started, ...totals() }), 1000);

await new Promise((resolve) => {
  const check = setInterval(() => {
    if (!sending) {
      clearInterval(check);
      resolve();
    }
  }, 50);
});
const sendEnded = Date.now();
// Wait for the last echoes.
await new Promise((resolve) => {
  const check = setInterval(() => {
    const t = totals();
    if (t.received >= t.sent || Date.now() - sendEnded > SETTLE_MS) {
      clearInterval(check);
      resolve();
    }
  }, 20);
});
clearInterval(progress);
done = true;

const sum = (f) => clients.reduce((t, c) => t + f(c), 0);
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
out({
  type: 'result',
  clients: CLIENTS,
  rate: RATE,
  seconds: SECONDS,
  sendingMs: sendEnded - started,
  sent: sum((c) => c.sent),
  received: sum((c) => c.received),
  lost: sum((c) => c.sent - c.received),
  duplicated: sum((c) => c.dup),
  reordered: sum((c) => c.reordered),
  foreign: sum((c) => c.foreign),
  errors,
  unexpectedCloses,
  latencyMs: { p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? null },
});

await Promise.all(clients.map((c) => new Promise((resolve) => {
  if (c.ws.readyState === WebSocket.CLOSED) return resolve();
  c.ws.once('close', resolve);
  c.ws.close(1000, 'soak done');
})));
process.exit(0);
