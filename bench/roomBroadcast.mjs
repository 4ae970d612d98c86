// #3 Room broadcast: delivered msgs/s with 32 clients in one room (the `rooms` scenario) against a
// bare `ws` broadcast loop speaking the same join/publish protocol.
import { alternate, row } from './lib/compare.mjs';
import { measureThroughput } from './lib/procs.mjs';

export const id = 3;
export const title = 'Room broadcast, 32 clients';
export const peerName = 'bare ws broadcast loop';
export const target = '≥ 0.8× the bare ws broadcast loop';

function measureBroadcast({ impl, clients, size, warmupMs, durationMs }) {
  return measureThroughput({ server: { impl, mode: 'rooms' }, load: { mode: 'broadcast', clients, size, window: 4 }, warmupMs, durationMs });
}

export async function run({ quick, log }) {
  const runs = quick ? 1 : 5;
  const warmupMs = quick ? 300 : 1000;
  const durationMs = quick ? 1000 : 4000;
  const c = { clients: 32, size: 64 };
  log('room broadcast, 32 clients, 64 B publishes');
  const { peer, ours } = await alternate(
    runs,
    () => measureBroadcast({ impl: 'peer', ...c, warmupMs, durationMs }),
    () => measureBroadcast({ impl: 'ours', ...c, warmupMs, durationMs }),
    log,
  );
  return {
    rows: [row({ label: '32 clients, 64 B publish', unit: 'delivered msgs/s', peerRuns: peer, oursRuns: ours, pick: (x) => x.rate, target: '≥ 0.8×', meets: (r) => r >= 0.8 })],
    extra: [row({ label: '32 clients, 64 B publish', unit: 'µs CPU/delivered msg', peerRuns: peer, oursRuns: ours, pick: (x) => x.cpuUsPerMsg, target: '—' })],
  };
}

export const method = `32 raw-socket clients join room "lobby"; each keeps 4 of its own publishes
(\`{"type":"publish","room":"lobby","text":…}\`, 64 bytes) in flight and sends a new one when its own
message comes back (the sender is a member too), so every publish is delivered 32 times. Ours: the
built-in \`rooms\` scenario with events recorded into a ServerTimeline as in the extension; peer: a
bare \`ws\` server that parses the same JSON, keeps rooms in a \`Map<string, Set<WebSocket>>\` and sends
one \`JSON.stringify\`'d \`{type:"message",room,from,text}\` to every member.`;

export function limits() {
  return `Each publish makes 32 deliveries and so 32 \`out\` events, each recorded through
\`ServerTimeline.record\` (counted in place) and packed into the timeline; the publish itself goes
through the scenario's template rendering (\`renderTemplate\`, building a \`context\` object with
getters). The text is rendered once and shared by the 32 sends and events.`;
}
