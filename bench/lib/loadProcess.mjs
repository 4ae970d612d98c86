// Child process that generates load against 127.0.0.1:<port>, separate from the server's process.
//   argv[2]: JSON { mode, port, maxMs, ... } (see each mode below)
// Reports { type: 'result', ... } (or { type: 'ready' } for the connection-holding modes, which
// then wait for { cmd: 'stop' }). Bounded: it exits by itself after maxMs.
import hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import { clientFrame, idPayload, openMany, openRaw, readDigits } from './rawWs.mjs';

const cfg = JSON.parse(process.argv[2]);
const hardStop = setTimeout(() => process.exit(3), cfg.maxMs ?? 120_000);
hardStop.unref();
process.on('disconnect', () => process.exit(0));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/**
 * Closed loop: every connection keeps `window` messages in flight and sends a new one for each
 * echo. Counts echoes during `durationMs` after `warmupMs`.
 */
async function throughput({ port, clients, size, window, warmupMs, durationMs }) {
  const frame = clientFrame('x'.repeat(size));
  const burst = Buffer.concat(Array.from({ length: window }, () => frame));
  let received = 0;
  const sockets = await openMany(clients, 32, () => {
    let k = 0;
    let sock;
    const p = openRaw(port, {
      onFrame: () => k++,
      afterChunk: () => {
        if (k === 0) return;
        received += k;
        sock.write(burst.subarray(0, Math.min(k, window) * frame.length));
        k = 0;
      },
    });
    return p.then((s) => (sock = s));
  });
  for (const s of sockets) s.write(burst);
  await sleep(warmupMs);
  const r0 = received;
  const t0 = now();
  await sleep(durationMs);
  const n = received - r0;
  const secs = (now() - t0) / 1000;
  for (const s of sockets) s.destroy();
  return { msgs: n, seconds: secs, rate: n / secs };
}

/**
 * Open loop: messages leave on a fixed schedule (`rate` per second over all connections, round
 * robin) whether or not earlier ones were answered. Latency is measured from each message's
 * scheduled time, so a stalled server is charged for the time messages waited to be sent
 * (no coordinated omission). Recorded in µs in an HDR histogram.
 */
async function latency({ port, clients, size, rate, warmupMs, durationMs }) {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const CAP = 1 << 22; // more than any run sends: ids index these arrays directly
  const intended = new Float64Array(CAP);
  const answered = new Uint8Array(CAP);
  let received = 0;
  let recorded = 0;
  let firstMeasured = Infinity;
  let lastMeasured = -1;
  const sockets = await openMany(clients, 32, () =>
    openRaw(port, {
      onFrame: (start, end, buf) => {
        const t = now();
        const id = readDigits(buf, start, end);
        received++;
        if (id >= firstMeasured && id <= lastMeasured && !answered[id]) {
          answered[id] = 1;
          histogram.recordValue(Math.max(1, Math.round((t - intended[id]) * 1000)));
          recorded++;
        }
      },
    }),
  );
  // Frames are stamped into one buffer per connection and tick: a template frame whose payload
  // starts with the id as 12 digits (no allocation per message).
  const template = clientFrame(idPayload(0, size));
  const idAt = template.length - size;
  const stamp = (buf, off, id) => {
    template.copy(buf, off);
    for (let d = off + idAt + 11, v = id; d >= off + idAt; d--, v = Math.floor(v / 10)) buf[d] = 48 + (v % 10);
  };
  const interval = 1000 / rate;
  const start = now() + 20;
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let sent = 0;
  let lateSends = 0;
  const pending = sockets.map(() => []); // ids due on each connection this tick
  await new Promise((resolve) => {
    // setImmediate keeps the schedule to a few µs; this process has a core of its own.
    const tick = () => {
      const t = now();
      if (t >= end) {
        resolve();
        return;
      }
      const due = Math.floor((t - start) / interval) + 1;
      while (sent < due) {
        const at = start + sent * interval;
        if (at >= measureFrom && firstMeasured === Infinity) firstMeasured = sent;
        if (at < end) lastMeasured = sent;
        if (t - at > 1) lateSends++;
        if (sent >= CAP) break;
        intended[sent] = at;
        pending[sent % sockets.length].push(sent);
        sent++;
      }
      for (let i = 0; i < sockets.length; i++) {
        const p = pending[i];
        if (p.length) {
          const buf = Buffer.allocUnsafe(p.length * template.length);
          for (let j = 0; j < p.length; j++) stamp(buf, j * template.length, p[j]);
          sockets[i].write(buf);
          p.length = 0;
        }
      }
      setImmediate(tick);
    };
    tick();
  });
  const expected = lastMeasured - firstMeasured + 1;
  const drainUntil = now() + 3000;
  while (recorded < expected && now() < drainUntil) await sleep(20);
  for (const s of sockets) s.destroy();
  // Messages never answered count with the time they had waited when we gave up: a lower bound,
  // so a server that falls behind shows it in the percentiles instead of dropping out of them.
  const gaveUp = now();
  const lost = expected - recorded;
  for (let id = firstMeasured; id <= lastMeasured && lost > 0; id++) {
    if (!answered[id]) histogram.recordValue(Math.max(1, Math.round((gaveUp - intended[id]) * 1000)));
  }
  const pct = (p) => histogram.getValueAtPercentile(p) / 1000;
  const out = {
    sent,
    received,
    expected,
    recorded,
    lost,
    lateSends,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    p999: pct(99.9),
    max: histogram.maxValue / 1000,
    mean: histogram.mean / 1000,
  };
  histogram.destroy?.();
  return out;
}

/**
 * The `rooms` protocol: every client joins "lobby", then keeps `window` of its own publishes in
 * flight (a publish comes back to its sender too). Counts every delivered message.
 */
async function broadcast({ port, clients, size, window, warmupMs, durationMs }) {
  const PREFIX = '{"type":"message","room":"lobby","from":"';
  const prefix = Buffer.from(PREFIX);
  const textLen = Math.max(1, size - '{"type":"publish","room":"lobby","text":""}'.length);
  const publish = clientFrame(JSON.stringify({ type: 'publish', room: 'lobby', text: 'x'.repeat(textLen) }));
  const burst = Buffer.concat(Array.from({ length: window }, () => publish));
  const join = clientFrame(JSON.stringify({ type: 'join', room: 'lobby' }));
  let delivered = 0;
  let badShape = 0;
  const conns = [];
  for (let i = 0; i < clients; i++) {
    const c = { id: undefined, idBuf: undefined, frames: 0, own: 0, sock: undefined, joined: undefined };
    c.joined = new Promise((r) => (c.onJoined = r));
    c.sock = await openRaw(port, {
      onFrame: (start, end, buf) => {
        c.frames++;
        if (!c.id) {
          // {"type":"welcome","clientId":"c7"}
          const m = JSON.parse(buf.toString('utf8', start, end));
          if (m.type !== 'welcome') throw new Error(`expected a welcome first, got ${buf.toString('utf8', start, end)}`);
          c.id = m.clientId;
          c.idBuf = Buffer.from(`${m.clientId}"`);
          return;
        }
        if (c.frames === 2) {
          c.onJoined();
          return;
        }
        delivered++;
        if (buf.compare(prefix, 0, prefix.length, start, start + prefix.length) !== 0) {
          badShape++;
          return;
        }
        const from = start + prefix.length;
        if (buf.compare(c.idBuf, 0, c.idBuf.length, from, from + c.idBuf.length) === 0) c.own++;
      },
      afterChunk: () => {
        if (c.own > 0 && c.sock) {
          c.sock.write(burst.subarray(0, Math.min(c.own, window) * publish.length));
          c.own = 0;
        }
      },
    });
    c.sock.write(join);
    conns.push(c);
  }
  await Promise.all(conns.map((c) => c.joined));
  for (const c of conns) c.sock.write(burst);
  await sleep(warmupMs);
  const d0 = delivered;
  const t0 = now();
  await sleep(durationMs);
  const n = delivered - d0;
  const secs = (now() - t0) / 1000;
  for (const c of conns) c.sock.destroy();
  if (badShape > 0) throw new Error(`${badShape} delivered messages did not look like {"type":"message","room":"lobby","from":...}`);
  return { msgs: n, seconds: secs, rate: n / secs };
}

/** Opens `count` idle connections, reports ready, holds them until told to stop. */
async function idle({ port, count, parallel = 200 }) {
  const sockets = await openMany(count, parallel, () => openRaw(port, { timeoutMs: 30_000 }));
  process.send({ type: 'ready', opened: sockets.length });
  await new Promise((r) => process.on('message', (m) => m.cmd === 'stop' && r()));
  for (const s of sockets) s.destroy();
}

/**
 * `count` ws clients (permessage-deflate offered or not), each sending a JSON message of about
 * `size` bytes every `intervalMs`, staggered. Reports ready, runs until told to stop.
 */
async function active({ port, count, deflate, intervalMs, size, parallel = 100 }) {
  let sent = 0;
  let received = 0;
  const sockets = await openMany(count, parallel, () =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: deflate });
      ws.on('open', () => resolve(ws));
      ws.on('error', reject);
      ws.on('message', () => received++);
    }),
  );
  const timers = sockets.map((ws, i) => {
    let n = 0;
    const values = [];
    while (JSON.stringify({ type: 'reading', sensor: `sensor-${i}`, seq: 1e6, unit: 'celsius', values }).length < size) values.push(Math.round(Math.random() * 1000) / 10);
    const fire = () => {
      // New readings each time (a compressor must not see the same text over and over).
      for (let k = 0; k < 8; k++) values[(n * 8 + k) % values.length] = Math.round(Math.random() * 1000) / 10;
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'reading', sensor: `sensor-${i}`, seq: ++n, unit: 'celsius', values }));
        sent++;
      }
    };
    const start = setTimeout(() => {
      fire();
      timers[i] = setInterval(fire, intervalMs);
    }, (i * intervalMs) / count);
    return start;
  });
  process.send({ type: 'ready', opened: sockets.length, extensions: sockets[0]?.extensions ?? '' });
  await new Promise((r) =>
    process.on('message', (m) => {
      if (m.cmd === 'stats') process.send({ type: 'stats', id: m.id, sent, received });
      if (m.cmd === 'stop') r();
    }),
  );
  for (const t of timers) clearInterval(t);
  for (const ws of sockets) ws.terminate();
}

const fail = (err) => process.send({ type: 'error', message: String(err?.stack ?? err) }, () => process.exit(1));
process.on('uncaughtException', fail);
const modes = { throughput, latency, broadcast, idle, active };
try {
  const fn = modes[cfg.mode];
  if (!fn) throw new Error(`unknown load mode ${cfg.mode}`);
  const result = await fn(cfg);
  if (result) process.send({ type: 'result', ...result }, () => process.exit(0));
  else process.exit(0);
} catch (err) {
  fail(err);
}
