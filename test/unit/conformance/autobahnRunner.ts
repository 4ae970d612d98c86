// Runs autobahnCases.ts against a server and grades each case the way Autobahn|Testsuite does: what
// the server sent must match one of the case's OK sequences (or a NON-STRICT one), and the close must
// be as expected (who started it, the code, whether the handshake completed and the server then
// ended TCP). Anything the server does that RFC 6455 forbids fails the case.
import { openConn, type RawConn, type Received } from './rawClient';
import type { Case } from './autobahnCases';

export type Grade = 'OK' | 'NON-STRICT' | 'INFORMATIONAL' | 'UNIMPLEMENTED' | 'FAILED';
export const GRADES: Grade[] = ['OK', 'NON-STRICT', 'INFORMATIONAL', 'UNIMPLEMENTED', 'FAILED'];

/** Better is higher; INFORMATIONAL is no judgement, so it ranks with NON-STRICT. */
export const RANK: Record<Grade, number> = { OK: 4, 'NON-STRICT': 3, INFORMATIONAL: 3, UNIMPLEMENTED: 2, FAILED: 0 };

export interface CaseResult {
  id: string;
  title: string;
  grade: Grade;
  why?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const same = (a: Received, b: Received): boolean =>
  a.kind === b.kind && (a.kind !== 'message' || (b.kind === 'message' && a.binary === b.binary)) && a.data.equals(b.data);
const matches = (alternatives: Received[][] | undefined, got: Received[]): boolean =>
  (alternatives ?? []).some((seq) => seq.length === got.length && seq.every((r, i) => same(r, got[i])));

function describe(got: Received[]): string {
  if (!got.length) return 'nothing';
  const shown = got.slice(0, 3).map((r) => (r.kind === 'pong' ? `pong(${r.data.length} B)` : `${r.binary ? 'binary' : 'text'}(${r.data.length} B)`));
  return `${got.length} frame(s): ${shown.join(', ')}${got.length > 3 ? ', …' : ''}`;
}

export interface TargetOptions {
  /** Messages the server sends on connect (a scenario's onConnect), set aside before the case runs. */
  greeting?: number;
}

export async function runCase(port: number, cs: Case, target: TargetOptions = {}): Promise<CaseResult> {
  const result = (grade: Grade, why?: string): CaseResult => ({ id: cs.id, title: cs.title, grade, why });
  let c: RawConn;
  try {
    const open = await openConn(port, cs.offer);
    if (!open.conn) return result('FAILED', `handshake answered HTTP ${open.status}${cs.offer ? ` to the offer "${cs.offer}"` : ''}`);
    c = open.conn;
  } catch (e) {
    return result('FAILED', `no handshake: ${(e as Error).message}`);
  }
  let declined = false;
  if (cs.checkDeflate) {
    const problem = cs.checkDeflate(c.deflate);
    if (problem === 'declined') declined = true;
    else if (problem) {
      c.destroy();
      return result('FAILED', problem);
    }
  }
  const waitMs = cs.waitMs ?? 2000;
  const greeting = target.greeting ?? 0;
  if (greeting) {
    await c.waitFor(() => c.received.length >= greeting, waitMs);
    c.received.splice(0, greeting);
  }
  await cs.run(c);
  if (cs.close.byMe) {
    const want = cs.ok[0].length;
    await c.waitFor(() => c.received.length >= want || c.closeFrame !== undefined || c.tcpClosed, waitMs);
    // Room for anything unexpected that follows what was expected.
    await sleep(want === 0 ? 50 : 10);
    if (!c.closeSent && !c.tcpClosed) await c.sendClose(1000);
  }
  const serverEnded = await c.waitFor(() => c.tcpClosed, waitMs);
  if (!serverEnded) c.destroy();

  const got = c.received;
  let grade: Grade = matches(cs.ok, got) ? 'OK' : matches(cs.nonStrict, got) ? 'NON-STRICT' : 'FAILED';
  const serverClose = c.closeFrame && !c.closedByMe ? `; the server closed with ${String(c.closeFrame.code ?? 'no code')}` : '';
  let why = grade === 'FAILED' ? `received ${describe(got)}, expected ${describe(cs.ok[0])}${serverClose}` : undefined;
  const failed = (reason: string): void => {
    grade = 'FAILED';
    why ??= reason;
  };
  const code = c.closeFrame ? (c.closeFrame.code ?? 'none') : undefined;
  if (!serverEnded) failed(c.closeFrame ? 'the server did not end TCP after the close handshake' : 'the server did not close the connection');
  else if (c.closedByMe !== cs.close.byMe) failed(`the ${c.closedByMe ? 'client' : `server (code ${String(code ?? 'none')})`} started the close, expected the ${cs.close.byMe ? 'client' : 'server'}`);
  else if (code !== undefined && !cs.close.codes.includes(code)) failed(`close code ${String(code)}, expected ${cs.close.codes.join(' or ')}`);
  else if (cs.close.clean && !(c.closeSent && c.closeFrame)) failed('the close handshake did not complete');
  if (c.violations.length) failed(c.violations[0]);
  if (grade === 'OK' && cs.failFast && !cs.failFast(c)) {
    grade = 'NON-STRICT';
    why = 'failed only once the message was complete, not at the invalid fragment';
  }
  if (grade === 'OK' && declined) {
    grade = 'UNIMPLEMENTED';
    why = 'the offer was declined';
  }
  if (cs.informational) grade = 'INFORMATIONAL';
  return result(grade, why);
}

export async function runCases(port: number, cases: Case[], target: TargetOptions = {}): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const cs of cases) out.push(await runCase(port, cs, target));
  return out;
}

/** Per group: how many cases got each grade, ours beside the peer's, then every case where they differ. */
export function comparisonTable(title: string, ours: CaseResult[], peer: CaseResult[], peerName: string): string {
  const groupOf = (id: string): string => id.split('.')[0];
  const count = (rs: CaseResult[], g: string): string => GRADES.map((grade) => rs.filter((r) => groupOf(r.id) === g && r.grade === grade).length).join('/');
  const groups = [...new Set(ours.map((r) => groupOf(r.id)))];
  const lines = [title, `group  cases  ours ${GRADES.join('/')}   ${peerName}`];
  for (const g of groups) lines.push(`${g.padEnd(5)}  ${String(ours.filter((r) => groupOf(r.id) === g).length).padStart(5)}  ${count(ours, g).padEnd(36)}  ${count(peer, g)}`);
  for (const r of ours) {
    const p = peer.find((x) => x.id === r.id);
    if (p && p.grade !== r.grade) lines.push(`  ${r.id} ${r.title}: ours ${r.grade}${r.why ? ` (${r.why})` : ''}, ${peerName} ${p.grade}${p.why ? ` (${p.why})` : ''}`);
    else if (r.grade === 'FAILED') lines.push(`  ${r.id} ${r.title}: both FAILED (ours: ${r.why ?? ''})`);
  }
  return lines.join('\n');
}
