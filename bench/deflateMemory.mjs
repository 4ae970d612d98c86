// #5 permessage-deflate on vs off: server memory with 1,000 active connections, and whether it
// stays flat over time.
import { alternate, row } from './lib/compare.mjs';
import { sleep, startLoad, startServer } from './lib/procs.mjs';
import { slope } from './lib/stats.mjs';

export const id = 5;
export const title = 'permessage-deflate on vs off, 1,000 active connections';
export const peerName = 'ours, deflate off';
export const target = 'on ≤ 2× off, flat over time';

async function measureActive({ deflate, count, durationMs, sampleMs }) {
  // Retention 1,000: the timeline fills in about a second, so what still grows after that is the
  // connections' own memory (compression contexts), not stored events.
  const server = await startServer({ impl: 'ours', mode: deflate ? 'deflate-on' : 'deflate-off', retention: 1000 }, { gc: true, maxMs: durationMs + 120_000 });
  const load = startLoad({ mode: 'active', port: server.port, count, deflate, intervalMs: 1000, size: 1024 }, { maxMs: durationMs + 120_000 });
  try {
    await sleep(300);
    const base = (await server.request('mem')).mem;
    const ready = await load.next('ready', 60_000);
    if (ready.opened !== count) throw new Error(`opened ${ready.opened} of ${count}`);
    if (deflate !== /permessage-deflate/.test(ready.extensions)) throw new Error(`negotiated extensions "${ready.extensions}" (deflate ${deflate})`);
    const t0 = Date.now();
    const times = [];
    const rss = [];
    const js = [];
    while (Date.now() - t0 < durationMs) {
      await sleep(sampleMs);
      const m = (await server.request('mem')).mem;
      times.push((Date.now() - t0) / 60_000);
      rss.push((m.rss - base.rss) / 1048576);
      js.push((m.heapUsed + m.external - base.heapUsed - base.external) / 1048576);
    }
    const stats = await load.request('stats');
    const half = Math.floor(times.length / 2);
    const end = rss[rss.length - 1];
    return {
      rssPerConn: Math.round((end * 1048576) / count),
      endMiB: Number(end.toFixed(1)),
      // Growth in the second half of the run, MiB per minute.
      slopeMiBPerMin: Number(slope(times.slice(half), rss.slice(half)).toFixed(2)),
      series: rss.map((v) => Number(v.toFixed(1))),
      jsSeries: js.map((v) => Number(v.toFixed(1))),
      sent: stats.sent,
    };
  } finally {
    load.send({ cmd: 'stop' });
    await server.stop();
    await load.stop();
  }
}

export async function run({ quick, log, runs: runsOverride }) {
  const runs = runsOverride ?? (quick ? 1 : 5);
  const count = quick ? 200 : 1000;
  // 60 s: with compression the RSS settles over the first half-minute or so (allocator warm-up of
  // the zlib streams' buffers), so flatness is judged on the second half.
  const durationMs = quick ? 4000 : 60_000;
  const sampleMs = quick ? 1000 : 5000;
  log(`deflate memory, ${count} active connections, ${durationMs / 1000} s`);
  const { peer, ours } = await alternate(
    runs,
    () => measureActive({ deflate: false, count, durationMs, sampleMs }),
    () => measureActive({ deflate: true, count, durationMs, sampleMs }),
    log,
  );
  const label = `${count.toLocaleString('en-US')} active connections`;
  const rows = [
    row({ label: `${label}: RSS per connection (on vs off)`, unit: 'bytes', peerRuns: peer, oursRuns: ours, pick: (x) => x.rssPerConn, target: '≤ 2×', meets: (r) => r <= 2, format: 'bytes' }),
  ];
  // Flat: in the second half of the run RSS grows by less than 5% of its size per minute.
  const flat = row({ label: `${label}: RSS growth, 2nd half of the run (MiB/min)`, unit: 'MiB/min', peerRuns: peer, oursRuns: ours, pick: (x) => x.slopeMiBPerMin, target: 'flat' });
  const oursEnd = ours.map((x) => x.endMiB).sort((a, b) => a - b)[ours.length >> 1];
  flat.met = Math.abs(flat.ours) <= Math.max(1, 0.05 * oursEnd);
  flat.ratio = NaN;
  rows.push(flat);
  return {
    rows,
    notes: [
      `RSS above the idle server, MiB, every ${sampleMs / 1000} s (middle run): off ${JSON.stringify(peer[peer.length >> 1].series)}; on ${JSON.stringify(ours[ours.length >> 1].series)}.`,
      `Of which JS heap + external (Buffers), MiB: off ${JSON.stringify(peer[peer.length >> 1].jsSeries)}; on ${JSON.stringify(ours[ours.length >> 1].jsSeries)}.`,
      '"Flat" is met when the second-half growth is below 5% of the final figure per minute (at least 1 MiB/min of tolerance).',
    ],
  };
}

export const method = `Both sides are ours: the built-in \`compression\` scenario (permessage-deflate, threshold 64 B,
level 6, 15-bit windows, context takeover; it sends a 400-row JSON log batch on connect, then echoes),
and the same scenario with \`handshake.compression\` removed ("peer" column = off). 1,000 \`ws\` clients
(offering permessage-deflate or not) each send a ~1 KiB JSON reading every second, staggered.
The server's RSS (after two forced GCs, minus the idle server's) is sampled every 5 s for 60 s,
and so is the JS heap + external memory (which includes Buffers).
Timeline retention is 1,000 events here (see the code) so the stored events stop growing within a
second and the curve shows the connections' own memory.`;

export function limits() {
  return `zlib's own memory, which no setting of \`ws\` brings near the target. Every connection that sends and
receives compressed messages holds a deflate stream and an inflate stream for its whole life (\`ws\`
keeps them with context takeover by design, and even with \`no_context_takeover\` it calls \`reset()\`,
not \`close()\`), allocated outside the JS heap (the JS heap + external series stays flat while RSS holds
~300 MiB more). Measured per stream in Node 20 (RSS after pushing a 1 KiB JSON message through 500
streams): deflate 232 KiB at 15-bit windows and memLevel 8 (what this scenario uses), 220 KiB at memLevel 1,
108 KiB at 10-bit windows, and still 94 KiB at the smallest settings (9-bit windows, memLevel 1); inflate
29–34 KiB whatever the window. memLevel hardly matters because Node's zlib (Chromium's) keeps a 64 KiB
hash table for its SIMD hashing whatever memLevel asks for. So even the leanest negotiation costs
~125 KiB per connection against ~23 KiB for the connection itself: about 6×, not 2×. Meeting 2× needs
compressors that are not owned by a connection: one shared deflate stream reset between messages
(\`server_no_context_takeover\`), as uWebSockets' shared compressor does, which \`ws\` cannot do.
We keep the scenario's 15-bit windows with context takeover because that is what browsers and most
servers negotiate, and what lesson 13 shows; a scenario file can ask for smaller windows
(\`serverMaxWindowBits\`/\`clientMaxWindowBits\`). Memory is flat after the first seconds: the early growth
is the native allocator settling (compression runs on the libuv thread pool); a 3-minute run levelled
off at about +300 MiB within the first minute.`;
}
