// Child process that runs ONE server under test and answers the parent over IPC.
//   argv[2]: JSON { impl: 'peer' | 'ours', mode, retention?, panel?, maxMs }
//   modes: 'echo' | 'rooms' | 'idle' | 'deflate-on' | 'deflate-off'
// Sends { type: 'listening', port } when ready; answers { cmd: 'mem' | 'info' | 'stop' }.
// Exits by itself when the parent goes away or after maxMs, whatever happens.
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';
import { WSLAB_BUNDLE } from './build.mjs';

const cfg = JSON.parse(process.argv[2]);
const hardStop = setTimeout(() => process.exit(3), cfg.maxMs ?? 120_000);
hardStop.unref();
process.on('disconnect', () => process.exit(0));

/** A bare `ws` server: the peer every benchmark compares against. */
function startPeer(mode) {
  return new Promise((resolve) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    if (mode === 'echo' || mode === 'idle') {
      wss.on('connection', (ws) => {
        ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      });
    } else if (mode === 'rooms') {
      // The same protocol as the `rooms` scenario (join / publish), as one would write it by hand.
      const rooms = new Map();
      let seq = 0;
      wss.on('connection', (ws) => {
        const id = `c${++seq}`;
        const mine = new Set();
        ws.send(JSON.stringify({ type: 'welcome', clientId: id }));
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          let m;
          try {
            m = JSON.parse(data.toString());
          } catch {
            return;
          }
          if (m.type === 'join' && typeof m.room === 'string') {
            let members = rooms.get(m.room);
            if (!members) rooms.set(m.room, (members = new Set()));
            members.add(ws);
            mine.add(m.room);
            ws.send(JSON.stringify({ type: 'joined', room: m.room, members: members.size }));
          } else if (m.type === 'publish' && typeof m.room === 'string') {
            const out = JSON.stringify({ type: 'message', room: m.room, from: id, text: m.text });
            for (const c of rooms.get(m.room) ?? []) if (c.readyState === 1) c.send(out);
          }
        });
        ws.on('close', () => {
          for (const r of mine) rooms.get(r)?.delete(ws);
        });
      });
    } else {
      throw new Error(`the peer has no mode ${mode}`);
    }
    wss.on('listening', () =>
      resolve({
        port: wss.address().port,
        clients: () => wss.clients.size,
        events: () => 0,
        close: () => new Promise((r) => wss.close(() => r())),
      }),
    );
  });
}

/** Our mock server, wired the way src/panels/servers/mockServers.ts wires it in the extension. */
async function startOurs(mode) {
  const require = createRequire(import.meta.url);
  const { startMockServer, ServerTimeline, builtinScenario, EventBatcher } = require(WSLAB_BUNDLE);
  let scenario;
  if (mode === 'echo') scenario = 'echo';
  else if (mode === 'rooms') scenario = 'rooms';
  else if (mode === 'idle') {
    // Scenarios accept 1,000 connections unless they say otherwise (DEFAULT_MAX_CONNECTIONS).
    scenario = builtinScenario('echo');
    scenario.limits = { ...scenario.limits, maxConnections: cfg.maxConnections ?? 20_000 };
  } else if (mode === 'deflate-on' || mode === 'deflate-off') {
    scenario = builtinScenario('compression');
    scenario.limits = { ...scenario.limits, maxConnections: cfg.maxConnections ?? 20_000 };
    if (mode === 'deflate-off') delete scenario.handshake;
  } else throw new Error(`no mode ${mode}`);

  const timeline = new ServerTimeline(cfg.retention ?? 100_000);
  if (cfg.panel) attachPanel(timeline, EventBatcher);
  const handle = await startMockServer({ scenario, port: 0, host: '127.0.0.1', onEvent: (e) => timeline.record(e) });
  return {
    port: handle.port,
    clients: () => handle.clientCount(),
    events: () => timeline.store.size + timeline.store.dropped,
    close: () => handle.close(),
  };
}

/**
 * What an open timeline panel adds in the extension host (src/panels/timeline/timelinePanel.ts): every event
 * goes through the panel's EventBatcher, and every 16 ms a batch of up to 5,000 is serialized for
 * webview.postMessage (VS Code's RPC to the renderer serializes it as JSON). No more than the
 * retention waits; the rest is skipped as the panel does.
 */
function attachPanel(timeline, EventBatcher) {
  let bytes = 0;
  let mostWaiting = 0;
  const outbox = new EventBatcher({
    intervalMs: 16,
    maxBatch: 5000,
    maxQueued: () => timeline.store.retention,
    send: (batch) => {
      if (batch.length) bytes += JSON.stringify({ type: 'events', events: batch, dropped: timeline.store.dropped }).length;
    },
    setTimeout,
    clearTimeout,
  });
  timeline.onEvent((e) => {
    outbox.push(e);
    if (outbox.waiting > mostWaiting) mostWaiting = outbox.waiting;
  });
  globalThis.__panel = () => ({ bytes, mostWaiting, skipped: outbox.skipped });
}

function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

const server = cfg.impl === 'peer' ? await startPeer(cfg.mode) : await startOurs(cfg.mode);
const cpuStart = process.cpuUsage();
process.on('message', async (msg) => {
  if (msg.cmd === 'mem') process.send({ type: 'mem', id: msg.id, mem: memory(), clients: server.clients() });
  else if (msg.cmd === 'info') {
    const cpu = process.cpuUsage(cpuStart);
    process.send({ type: 'info', id: msg.id, clients: server.clients(), events: server.events(), cpuMs: (cpu.user + cpu.system) / 1000, panel: globalThis.__panel?.() });
  } else if (msg.cmd === 'stop') {
    // Nothing is measured any more: leave without the close handshakes (the kernel resets sockets).
    process.exit(0);
  }
});
process.send({ type: 'listening', port: server.port, pid: process.pid });
