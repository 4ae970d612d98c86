// Conformance: Autobahn|Testsuite's server cases (autobahnCases.ts) against the mock server's echo
// and compression scenarios, and against a bare `ws` server (the library the mock server is built
// on, which `ws` itself and most servers are graded against). No case may fail, and on every case the
// mock server must do at least as well as the bare `ws` server. The table of grades is printed.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { startMockServer, type MockServerHandle } from '../../../src/server/net/mockServer';
import { autobahnCases, type Case } from './autobahnCases';
import { comparisonTable, RANK, runCases, type CaseResult, type TargetOptions } from './autobahnRunner';

const wsVersion = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;

/** The peer: a bare ws echo server with ws's defaults (maxPayload 100 MiB). */
async function bareWs(perMessageDeflate: false | PerMessageDeflateOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
    // ws closes the connection itself after a protocol error; the event only reports it.
    ws.on('error', () => undefined);
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  return { port: (wss.address() as { port: number }).port, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}

/** The same cases against both servers at once (each server sees one case at a time). */
async function compare(title: string, cases: Case[], ours: number, peer: number, target: TargetOptions = {}): Promise<void> {
  const [a, b] = await Promise.all([runCases(ours, cases, target), runCases(peer, cases)]);
  judge(title, a, b);
}

function judge(title: string, ours: CaseResult[], peer: CaseResult[]): void {
  console.log(comparisonTable(title, ours, peer, `ws ${wsVersion}`));
  expect(ours.filter((r) => r.grade === 'FAILED').map((r) => `${r.id} ${r.title}: ${r.why ?? ''}`)).toEqual([]);
  const worse = ours.filter((r) => RANK[r.grade] < RANK[peer.find((p) => p.id === r.id)?.grade ?? 'FAILED']);
  expect(worse.map((r) => `${r.id}: ours ${r.grade}, ws ${peer.find((p) => p.id === r.id)?.grade}`)).toEqual([]);
}

/** The compression scenario sends a log batch on connect; the cases start after it. */
const GREETING: TargetOptions = { greeting: 1 };

describe('Autobahn|Testsuite server cases: the mock server against a bare ws server', () => {
  const servers: Array<{ close: () => Promise<void> }> = [];
  let echo: MockServerHandle;
  let compression: MockServerHandle;
  let plainPeer: { port: number };
  let deflatePeer: { port: number };

  beforeAll(async () => {
    echo = await startMockServer({ scenario: 'echo' });
    compression = await startMockServer({ scenario: 'compression' });
    const p = await bareWs(false);
    // ws with the compression scenario's own settings that ws can honour for every offer.
    const d = await bareWs({ threshold: 64, zlibDeflateOptions: { level: 6 } });
    servers.push(echo, compression, p, d);
    plainPeer = p;
    deflatePeer = d;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('echo scenario, groups 1-7 and 10 (framing, pings, reserved bits, opcodes, fragments, UTF-8, close, auto-fragmentation)', async () => {
    await compare('echo scenario: groups 1-7, 10', autobahnCases({ plain: true }), echo.port, plainPeer.port);
  }, 60_000);

  it('echo scenario, group 9 (messages up to 16 MiB, whole, fragmented and chopped; 1000-message runs)', async () => {
    await compare('echo scenario: group 9 (subset)', autobahnCases({ limits: true }), echo.port, plainPeer.port);
  }, 90_000);

  it('compression scenario, groups 12 and 13 (permessage-deflate: every offer accepted or declined, never refused)', async () => {
    await compare('compression scenario: groups 12, 13 (subset)', autobahnCases({ deflate: true }), compression.port, deflatePeer.port, GREETING);
  }, 60_000);

  it('compression scenario, groups 1-7 and 10 (the same framing rules on a server that compresses)', async () => {
    // Without an offer, as Autobahn runs these groups: with the extension, RSV1 would be legal.
    await compare('compression scenario: groups 1-7, 10', autobahnCases({ plain: true }), compression.port, deflatePeer.port, GREETING);
  }, 60_000);
});
