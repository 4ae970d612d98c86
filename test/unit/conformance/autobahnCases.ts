// The Autobahn|Testsuite cases that test a server (groups 1-7, 9, 10, 12, 13), ported to
// rawClient.ts: the same frames, the same expectations and the same grades (OK, NON-STRICT,
// INFORMATIONAL, UNIMPLEMENTED, FAILED). Group 9 is a subset (sizes up to 16 MiB, a few fragment and
// chop sizes) and groups 12/13 send 20 messages per case instead of 1000, so that a run stays short
// on two cores. Delays Autobahn takes as 1 s are 100-200 ms here.
import { OP, closePayload, frame, type RawConn, type Received } from './rawClient';

export interface CloseExpectation {
  /** Who starts the closing handshake: we (after the echoes), or the server (it fails the connection). */
  byMe: boolean;
  /** Acceptable codes in the server's close frame; 'none' for a close frame without a code. */
  codes: Array<number | 'none'>;
  /** The close handshake must complete (both close frames, then the server ends TCP). */
  clean: boolean;
}

export interface Case {
  id: string;
  title: string;
  /** A Sec-WebSocket-Extensions offer for the handshake. */
  offer?: string;
  run(c: RawConn): Promise<void>;
  /** Sequences of what the server sends that grade OK; the first says how many to wait for. */
  ok: Received[][];
  nonStrict?: Received[][];
  close: CloseExpectation;
  /** Graded INFORMATIONAL whatever happens (Autobahn does the same). */
  informational?: boolean;
  /** How long to wait for the answers. */
  waitMs?: number;
  /** A fail-fast case: whether the server failed at the bad fragment; if not, NON-STRICT at best. */
  failFast?: (c: RawConn) => boolean;
  /** permessage-deflate: checks the server's answer to the offer; a message means FAILED. */
  checkDeflate?: (accepted: string | undefined) => string | undefined;
}

const text = (s: string | Buffer): Received => ({ kind: 'message', binary: false, data: Buffer.isBuffer(s) ? s : Buffer.from(s) });
const binary = (b: Buffer): Received => ({ kind: 'message', binary: true, data: b });
const pong = (p: Buffer | string = ''): Received => ({ kind: 'pong', data: Buffer.isBuffer(p) ? p : Buffer.from(p) });
const NORMAL: CloseExpectation = { byMe: true, codes: [1000], clean: true };
const fail = (code: number): CloseExpectation => ({ byMe: false, codes: [code], clean: false });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function group1(): Case[] {
  const out: Case[] = [];
  const sizes: Array<[number, number | undefined]> = [[0, undefined], [125, undefined], [126, undefined], [127, undefined], [128, undefined], [65535, undefined], [65536, undefined], [65536, 997]];
  sizes.forEach(([n, chop], i) => {
    const t = Buffer.alloc(n, '*');
    out.push({ id: `1.1.${i + 1}`, title: `text message of ${n} bytes${chop ? `, in chops of ${chop}` : ''}`, run: (c) => c.send(frameOf(OP.text, t), chop), ok: [[text(t)]], close: NORMAL });
  });
  sizes.forEach(([n, chop], i) => {
    const b = Buffer.alloc(n, 0xfe);
    out.push({ id: `1.2.${i + 1}`, title: `binary message of ${n} bytes${chop ? `, in chops of ${chop}` : ''}`, run: (c) => c.send(frameOf(OP.binary, b), chop), ok: [[binary(b)]], close: NORMAL });
  });
  return out;
}

const frameOf = (opcode: number, payload: Buffer | string, fin = true, rsv = 0): Buffer => frame({ opcode, payload, fin, rsv });

function group2(): Case[] {
  const bin = Buffer.from([0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff]);
  const p125 = Buffer.alloc(125, 0xfe);
  const tenPings = Array.from({ length: 10 }, (_, i) => `payload-${i}`);
  return [
    { id: '2.1', title: 'ping without payload', run: (c) => c.send(frameOf(OP.ping, '')), ok: [[pong()]], close: NORMAL },
    { id: '2.2', title: 'ping with a small text payload', run: (c) => c.send(frameOf(OP.ping, 'Hello, world!')), ok: [[pong('Hello, world!')]], close: NORMAL },
    { id: '2.3', title: 'ping with a small binary payload', run: (c) => c.send(frameOf(OP.ping, bin)), ok: [[pong(bin)]], close: NORMAL },
    { id: '2.4', title: 'ping with a 125-byte payload', run: (c) => c.send(frameOf(OP.ping, p125)), ok: [[pong(p125)]], close: NORMAL },
    { id: '2.5', title: 'ping with a 126-byte payload (too long)', run: (c) => c.send(frameOf(OP.ping, Buffer.alloc(126, 0xfe))), ok: [[]], close: fail(1002) },
    { id: '2.6', title: 'ping with 125 bytes, sent byte by byte', run: (c) => c.send(frameOf(OP.ping, p125), 1), ok: [[pong(p125)]], close: NORMAL },
    { id: '2.7', title: 'unsolicited pong without payload', run: (c) => c.send(frameOf(OP.pong, '')), ok: [[]], close: NORMAL },
    { id: '2.8', title: 'unsolicited pong with payload', run: (c) => c.send(frameOf(OP.pong, 'unsolicited pong payload')), ok: [[]], close: NORMAL },
    { id: '2.9', title: 'unsolicited pong, then ping', run: (c) => c.send([frameOf(OP.pong, 'unsolicited pong payload'), frameOf(OP.ping, 'ping payload')]), ok: [[pong('ping payload')]], close: NORMAL },
    // RFC 6455 §5.5.3 lets an endpoint answer only the most recent of several pings.
    { id: '2.10', title: '10 pings with payload', run: (c) => c.send(tenPings.map((p) => frameOf(OP.ping, p))), ok: [tenPings.map((p) => pong(p))], nonStrict: [[pong(tenPings[9])]], close: NORMAL },
    { id: '2.11', title: '10 pings with payload, byte by byte', run: (c) => c.send(tenPings.map((p) => frameOf(OP.ping, p)), 1), ok: [tenPings.map((p) => pong(p))], nonStrict: [[pong(tenPings[9])]], close: NORMAL },
  ];
}

function group3(): Case[] {
  const hello = 'Hello, world!';
  const then = (rsv: number, chop?: number) => (c: RawConn) => c.send([frameOf(OP.text, hello), frameOf(OP.text, hello, true, rsv), frameOf(OP.ping, '')], chop);
  return [
    { id: '3.1', title: 'text with RSV = 1', run: (c) => c.send(frameOf(OP.text, hello, true, 1)), ok: [[]], close: fail(1002) },
    { id: '3.2', title: 'text, text with RSV = 2, ping', run: then(2), ok: [[text(hello)]], nonStrict: [[]], close: fail(1002) },
    { id: '3.3', title: 'text, text with RSV = 3, ping, in one write', run: then(3), ok: [[text(hello)]], nonStrict: [[]], close: fail(1002) },
    { id: '3.4', title: 'text, text with RSV = 4, ping, byte by byte', run: then(4, 1), ok: [[text(hello)]], nonStrict: [[]], close: fail(1002) },
    { id: '3.5', title: 'binary with RSV = 5', run: (c) => c.send(frameOf(OP.binary, Buffer.from([0, 0xff, 0xfe]), true, 5)), ok: [[]], close: fail(1002) },
    { id: '3.6', title: 'ping with RSV = 6', run: (c) => c.send(frameOf(OP.ping, hello, true, 6)), ok: [[]], close: fail(1002) },
    { id: '3.7', title: 'close with RSV = 7', run: (c) => c.send(frameOf(OP.close, closePayload(1000), true, 7)), ok: [[]], close: fail(1002) },
  ];
}

function group4(): Case[] {
  const out: Case[] = [];
  const hello = 'Hello, world!';
  for (const [group, opcodes] of [['4.1', [3, 4, 5, 6, 7]], ['4.2', [11, 12, 13, 14, 15]]] as const) {
    opcodes.forEach((op, i) => {
      const id = `${group}.${i + 1}`;
      if (i < 2) {
        const payload = i === 0 ? '' : 'reserved opcode payload';
        out.push({ id, title: `reserved opcode ${op}`, run: (c) => c.send(frameOf(op, payload)), ok: [[]], close: fail(1002) });
      } else {
        out.push({ id, title: `text, reserved opcode ${op}, ping`, run: (c) => c.send([frameOf(OP.text, hello), frameOf(op, i === 2 ? '' : 'payload'), frameOf(OP.ping, '')]), ok: [[text(hello)]], nonStrict: [[]], close: fail(1002) });
      }
    });
  }
  return out;
}

function group5(): Case[] {
  const f1 = 'fragment1';
  const f2 = 'fragment2';
  const twoFragments = [frameOf(OP.text, f1, false), frameOf(OP.cont, f2)];
  const withPing = [frameOf(OP.text, f1, false), frameOf(OP.ping, 'ping payload'), frameOf(OP.cont, f2)];
  const cases: Case[] = [
    { id: '5.1', title: 'ping in 2 fragments', run: (c) => c.send([frameOf(OP.ping, f1, false), frameOf(OP.cont, f2)]), ok: [[]], close: fail(1002) },
    { id: '5.2', title: 'pong in 2 fragments', run: (c) => c.send([frameOf(OP.pong, f1, false), frameOf(OP.cont, f2)]), ok: [[]], close: fail(1002) },
    { id: '5.3', title: 'text in 2 fragments', run: (c) => c.send(twoFragments), ok: [[text(f1 + f2)]], close: NORMAL },
    { id: '5.4', title: 'text in 2 fragments, frame by frame', run: async (c) => { for (const f of twoFragments) { await c.send(f); await sleep(20); } }, ok: [[text(f1 + f2)]], close: NORMAL },
    { id: '5.5', title: 'text in 2 fragments, byte by byte', run: (c) => c.send(twoFragments, 1), ok: [[text(f1 + f2)]], close: NORMAL },
    { id: '5.6', title: 'text in 2 fragments with a ping between', run: (c) => c.send(withPing), ok: [[pong('ping payload'), text(f1 + f2)]], close: NORMAL },
    { id: '5.7', title: 'text in 2 fragments with a ping between, frame by frame', run: async (c) => { for (const f of withPing) { await c.send(f); await sleep(20); } }, ok: [[pong('ping payload'), text(f1 + f2)]], close: NORMAL },
    { id: '5.8', title: 'text in 2 fragments with a ping between, byte by byte', run: (c) => c.send(withPing, 1), ok: [[pong('ping payload'), text(f1 + f2)]], close: NORMAL },
  ];
  // 5.9-5.14: a continuation frame with nothing to continue (FIN true, then false), then a message.
  let n = 9;
  for (const fin of [true, false]) {
    const frames = [frameOf(OP.cont, 'non-continuation payload', fin), frameOf(OP.text, 'Hello, world!')];
    for (const how of ['in one write', 'frame by frame', 'byte by byte']) {
      cases.push({
        id: `5.${n++}`, title: `continuation (FIN = ${fin}) with nothing to continue, then text, ${how}`,
        run: how === 'byte by byte' ? (c) => c.send(frames, 1) : how === 'frame by frame' ? async (c) => { for (const f of frames) { await c.send(f); await sleep(20); } } : (c) => c.send(frames),
        ok: [[]], close: fail(1002),
      });
    }
  }
  const broken = (fin: boolean) => [frameOf(OP.text, f1, false), frameOf(OP.cont, f2), frameOf(OP.cont, 'fragment3', fin), frameOf(OP.text, 'fragment4', false), frameOf(OP.cont, 'fragment5')];
  cases.push(
    { id: '5.15', title: 'text in 2 fragments, then continuation with nothing to continue, then text', run: (c) => c.send([...twoFragments, frameOf(OP.cont, 'fragment3', false), frameOf(OP.text, 'fragment4')]), ok: [[text(f1 + f2)]], nonStrict: [[]], close: fail(1002) },
    { id: '5.16', title: '2x: continuation (FIN = false) with nothing to continue, then text in 2 fragments', run: (c) => c.send([...broken(false).slice(2), ...twoFragments]), ok: [[]], close: fail(1002) },
    { id: '5.17', title: '2x: continuation (FIN = true) with nothing to continue, then text in 2 fragments', run: (c) => c.send([...broken(true).slice(2), ...twoFragments]), ok: [[]], close: fail(1002) },
    { id: '5.18', title: 'text in 2 fragments, both with opcode text', run: (c) => c.send([frameOf(OP.text, f1, false), frameOf(OP.text, f2)]), ok: [[]], close: fail(1002) },
    {
      id: '5.19', title: 'text in 5 fragments with 2 pings between, with pauses',
      run: async (c) => {
        const parts = [frameOf(OP.text, 'fragment1', false), frameOf(OP.cont, 'fragment2', false), frameOf(OP.ping, 'pongme 1!'), frameOf(OP.cont, 'fragment3', false), frameOf(OP.cont, 'fragment4', false), frameOf(OP.ping, 'pongme 2!'), frameOf(OP.cont, 'fragment5')];
        for (const p of parts) {
          await c.send(p);
          await sleep(30);
        }
      },
      ok: [[pong('pongme 1!'), pong('pongme 2!'), text('fragment1fragment2fragment3fragment4fragment5')]], close: NORMAL,
    },
    {
      id: '5.20', title: 'text in 5 fragments with 2 pings between, byte by byte',
      run: (c) => c.send([frameOf(OP.text, 'fragment1', false), frameOf(OP.cont, 'fragment2', false), frameOf(OP.ping, 'pongme 1!'), frameOf(OP.cont, 'fragment3', false), frameOf(OP.cont, 'fragment4', false), frameOf(OP.ping, 'pongme 2!'), frameOf(OP.cont, 'fragment5')], 1),
      ok: [[pong('pongme 1!'), pong('pongme 2!'), text('fragment1fragment2fragment3fragment4fragment5')]], close: NORMAL,
    },
  );
  return cases;
}

/** Markus Kuhn's UTF-8 decoder capability and stress test, as Autobahn's 6.5-6.23 use it: [hex, valid]. */
const UTF8_VECTORS: Array<[string, string, boolean]> = [
  ['6.5.1', 'cebae1bdb9cf83cebcceb5', true],
  ['6.5.2', 'f0908080', true], ['6.5.3', 'f09080806869', true], ['6.5.4', 'efbfbd', true], ['6.5.5', 'f48fbfbf', true],
  ['6.6.1', 'ce', false], ['6.6.2', 'ceba', true], ['6.6.3', 'cebae1', false], ['6.6.4', 'cebae1bd', false], ['6.6.5', 'cebae1bdb9', true],
  ['6.6.6', 'cebae1bdb9cf', false], ['6.6.7', 'cebae1bdb9cf83', true], ['6.6.8', 'cebae1bdb9cf83ce', false], ['6.6.9', 'cebae1bdb9cf83cebc', true],
  ['6.6.10', 'cebae1bdb9cf83cebcce', false], ['6.6.11', 'cebae1bdb9cf83cebcceb5', true],
  ['6.7.1', '00', true], ['6.7.2', 'c280', true], ['6.7.3', 'e0a080', true], ['6.7.4', 'f0908080', true],
  ['6.8.1', 'f888808080', false], ['6.8.2', 'fc8480808080', false],
  ['6.9.1', '7f', true], ['6.9.2', 'dfbf', true], ['6.9.3', 'efbfbf', true], ['6.9.4', 'f48fbfbf', true],
  ['6.10.1', 'f7bfbfbf', false], ['6.10.2', 'fbbfbfbfbf', false], ['6.10.3', 'fdbfbfbfbfbf', false],
  ['6.11.1', 'ed9fbf', true], ['6.11.2', 'ee8080', true], ['6.11.3', 'efbfbd', true], ['6.11.4', 'f48fbfbf', true], ['6.11.5', 'f4908080', false],
  ['6.12.1', '80', false], ['6.12.2', 'bf', false], ['6.12.3', '80bf', false], ['6.12.4', '80bf80', false], ['6.12.5', '80bf80bf', false],
  ['6.12.6', '80bf80bf80', false], ['6.12.7', '80bf80bf80bf', false],
  ['6.12.8', Array.from({ length: 64 }, (_, i) => (0x80 + i).toString(16)).join(''), false],
  ['6.13.1', Array.from({ length: 32 }, (_, i) => `${(0xc0 + i).toString(16)}20`).join(''), false],
  ['6.13.2', Array.from({ length: 16 }, (_, i) => `${(0xe0 + i).toString(16)}20`).join(''), false],
  ['6.13.3', Array.from({ length: 8 }, (_, i) => `${(0xf0 + i).toString(16)}20`).join(''), false],
  ['6.13.4', 'f820f920fa20fb20', false], ['6.13.5', 'fc20fd20', false],
  ['6.14.1', 'c0', false], ['6.14.2', 'e080', false], ['6.14.3', 'f08080', false], ['6.14.4', 'f8808080', false], ['6.14.5', 'fc80808080', false],
  ['6.14.6', 'df', false], ['6.14.7', 'efbf', false], ['6.14.8', 'f7bfbf', false], ['6.14.9', 'fbbfbfbf', false], ['6.14.10', 'fdbfbfbfbf', false],
  ['6.15.1', 'c0e080f08080f8808080fc80808080dfefbff7bfbffbbfbfbffdbfbfbfbf', false],
  ['6.16.1', 'fe', false], ['6.16.2', 'ff', false], ['6.16.3', 'fefeffff', false],
  ['6.17.1', 'c0af', false], ['6.17.2', 'e080af', false], ['6.17.3', 'f08080af', false], ['6.17.4', 'f8808080af', false], ['6.17.5', 'fc80808080af', false],
  ['6.18.1', 'c1bf', false], ['6.18.2', 'e09fbf', false], ['6.18.3', 'f08fbfbf', false], ['6.18.4', 'f887bfbfbf', false], ['6.18.5', 'fc83bfbfbfbf', false],
  ['6.19.1', 'c080', false], ['6.19.2', 'e08080', false], ['6.19.3', 'f0808080', false], ['6.19.4', 'f880808080', false], ['6.19.5', 'fc8080808080', false],
  ['6.20.1', 'eda080', false], ['6.20.2', 'edadbf', false], ['6.20.3', 'edae80', false], ['6.20.4', 'edafbf', false], ['6.20.5', 'edb080', false],
  ['6.20.6', 'edbe80', false], ['6.20.7', 'edbfbf', false],
  ['6.21.1', 'eda080edb080', false], ['6.21.2', 'eda080edbfbf', false], ['6.21.3', 'edadbfedb080', false], ['6.21.4', 'edadbfedbfbf', false],
  ['6.21.5', 'edae80edb080', false], ['6.21.6', 'edae80edbfbf', false], ['6.21.7', 'edafbfedb080', false], ['6.21.8', 'edafbfedbfbf', false],
  ['6.22.1', 'efbfbe', true], ['6.22.2', 'efbfbf', true], ['6.22.3', 'f09fbfbe', true], ['6.22.4', 'f09fbfbf', true], ['6.22.5', 'f48fbfbe', true],
  ['6.22.6', 'efb790', true], ['6.22.7', 'efb7af', true],
  ['6.23.1', 'efbfb9', true], ['6.23.2', 'efbfba', true], ['6.23.3', 'efbfbb', true], ['6.23.4', 'efbfbc', true], ['6.23.5', 'efbfbd', true],
  ['6.23.6', 'efbfbe', true], ['6.23.7', 'efbbbf', true],
];

function group6(): Case[] {
  const valid = Buffer.from('Hello-µ@ßöäüàá-UTF-8!!');
  const kosme = Buffer.from('cebae1bdb9cf83cebcceb5', 'hex');
  const out: Case[] = [
    { id: '6.1.1', title: 'empty text message', run: (c) => c.send(frameOf(OP.text, '')), ok: [[text('')]], close: NORMAL },
    { id: '6.1.2', title: 'text in 3 empty fragments', run: (c) => c.send([frameOf(OP.text, '', false), frameOf(OP.cont, '', false), frameOf(OP.cont, '')]), ok: [[text('')]], close: NORMAL },
    { id: '6.1.3', title: 'text in 3 fragments, first and last empty', run: (c) => c.send([frameOf(OP.text, '', false), frameOf(OP.cont, 'middle frame payload', false), frameOf(OP.cont, '')]), ok: [[text('middle frame payload')]], close: NORMAL },
    { id: '6.2.1', title: 'valid UTF-8 in one fragment', run: (c) => c.send(frameOf(OP.text, valid)), ok: [[text(valid)]], close: NORMAL },
    { id: '6.2.2', title: 'valid UTF-8 in 2 fragments, split between code points', run: (c) => c.send([frameOf(OP.text, valid.subarray(0, 12), false), frameOf(OP.cont, valid.subarray(12))]), ok: [[text(valid)]], close: NORMAL },
    { id: '6.2.3', title: 'valid UTF-8, one byte per fragment', run: (c) => c.send(byteFragments(valid)), ok: [[text(valid)]], close: NORMAL },
    { id: '6.2.4', title: 'valid UTF-8 (κόσμε), one byte per fragment', run: (c) => c.send(byteFragments(kosme)), ok: [[text(kosme)]], close: NORMAL },
    { id: '6.3.1', title: 'invalid UTF-8 in one fragment', run: (c) => c.send(frameOf(OP.text, INVALID)), ok: [[]], close: fail(1007) },
    { id: '6.3.2', title: 'invalid UTF-8, one byte per fragment', run: (c) => c.send(byteFragments(INVALID)), ok: [[]], close: fail(1007) },
  ];
  // 6.4.x: invalid UTF-8 in 3 fragments with pauses; failing at the bad fragment (fail fast) is OK,
  // failing only once the message is complete is NON-STRICT.
  const failFast: Array<[string, Buffer, Buffer, Buffer, boolean]> = [
    ['6.4.1', kosme, Buffer.from('f4908080', 'hex'), Buffer.from('edited', 'utf8'), false],
    ['6.4.2', kosme, Buffer.from('f490', 'hex'), Buffer.from('8080656469746564', 'hex'), false],
    ['6.4.3', kosme, Buffer.from('f4908080', 'hex'), Buffer.from('edited'), true],
    ['6.4.4', kosme, Buffer.from('f490', 'hex'), Buffer.from('8080656469746564', 'hex'), true],
  ];
  for (const [id, a, b, rest, bytewise] of failFast) {
    out.push({
      id, title: `invalid UTF-8 in 3 fragments with pauses${bytewise ? ', byte by byte' : ''}`,
      run: async (c) => {
        await c.send(frameOf(OP.text, a, false), bytewise ? 1 : undefined);
        await sleep(100);
        await c.send(frameOf(OP.cont, b, false), bytewise ? 1 : undefined);
        if (await c.waitFor(() => c.closeFrame !== undefined, 200)) failFastSeen.add(c);
        await c.send(frameOf(OP.cont, rest), bytewise ? 1 : undefined);
      },
      failFast: (c) => failFastSeen.has(c),
      ok: [[]], close: fail(1007),
    });
  }
  for (const [id, hex, ok] of UTF8_VECTORS) {
    const data = Buffer.from(hex, 'hex');
    out.push(ok
      ? { id, title: `valid UTF-8 ${hex.slice(0, 24)}`, run: (c) => c.send(frameOf(OP.text, data)), ok: [[text(data)]], close: NORMAL }
      : { id, title: `invalid UTF-8 ${hex.slice(0, 24)}`, run: (c) => c.send(frameOf(OP.text, data)), ok: [[]], close: fail(1007) });
  }
  return out;
}

const failFastSeen = new WeakSet<RawConn>();
const INVALID = Buffer.concat([Buffer.from('cebae1bdb9cf83cebcceb5', 'hex'), Buffer.from('eda080', 'hex'), Buffer.from('656469746564', 'hex')]);
const byteFragments = (b: Buffer): Buffer[] => Array.from(b, (x, i) => frameOf(i === 0 ? OP.text : OP.cont, Buffer.from([x]), i === b.length - 1));

function group7(): Case[] {
  const hello = 'Hello World!';
  const valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
  const invalid = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];
  return [
    { id: '7.1.1', title: 'text, then close', run: async (c) => { await c.send(frameOf(OP.text, hello)); }, ok: [[text(hello)]], close: NORMAL },
    { id: '7.1.2', title: 'close twice', run: (c) => c.send([frameOf(OP.close, closePayload(1000)), frameOf(OP.close, closePayload(1000))]).then(() => { c.closedByMe = true; c.closeSent = true; }), ok: [[]], close: NORMAL },
    { id: '7.1.3', title: 'close, then ping', run: (c) => c.send([frameOf(OP.close, closePayload(1000)), frameOf(OP.ping, hello)]).then(() => { c.closedByMe = true; c.closeSent = true; }), ok: [[]], close: NORMAL },
    { id: '7.1.4', title: 'close, then text', run: (c) => c.send([frameOf(OP.close, closePayload(1000)), frameOf(OP.text, hello)]).then(() => { c.closedByMe = true; c.closeSent = true; }), ok: [[]], close: NORMAL },
    { id: '7.1.5', title: 'first fragment, close, second fragment', run: (c) => c.send([frameOf(OP.text, 'fragment1', false), frameOf(OP.close, closePayload(1000)), frameOf(OP.cont, 'fragment2')]).then(() => { c.closedByMe = true; c.closeSent = true; }), ok: [[]], close: NORMAL },
    {
      id: '7.1.6', title: '256 KiB text, close, ping (informational)', informational: true,
      run: (c) => c.send([frameOf(OP.text, Buffer.alloc(256 * 1024, 'BAsd7&jh23')), frameOf(OP.close, closePayload(1000)), frameOf(OP.ping, hello)]).then(() => { c.closedByMe = true; c.closeSent = true; }),
      ok: [[]], close: NORMAL,
    },
    { id: '7.3.1', title: 'close with an empty payload', run: (c) => c.sendClose(), ok: [[]], close: { byMe: true, codes: ['none', 1000], clean: true } },
    { id: '7.3.2', title: 'close with a 1-byte payload', run: (c) => c.send(frameOf(OP.close, Buffer.from([0x03]))), ok: [[]], close: fail(1002) },
    { id: '7.3.3', title: 'close 1000 without reason', run: (c) => c.sendClose(1000), ok: [[]], close: NORMAL },
    { id: '7.3.4', title: 'close 1000 with a reason', run: (c) => c.sendClose(1000, hello), ok: [[]], close: NORMAL },
    { id: '7.3.5', title: 'close 1000 with a 123-byte reason', run: (c) => c.sendClose(1000, Buffer.alloc(123, '*')), ok: [[]], close: NORMAL },
    { id: '7.3.6', title: 'close 1000 with a 124-byte reason (too long)', run: (c) => c.send(frameOf(OP.close, closePayload(1000, Buffer.alloc(124, '*')))), ok: [[]], close: fail(1002) },
    { id: '7.5.1', title: 'close with a reason that is not UTF-8', run: (c) => c.send(frameOf(OP.close, closePayload(1000, INVALID))), ok: [[]], close: fail(1007) },
    ...valid.map((code, i): Case => ({ id: `7.7.${i + 1}`, title: `close with valid code ${code}`, run: (c) => c.sendClose(code), ok: [[]], close: { byMe: true, codes: [1000, code], clean: true } })),
    ...invalid.map((code, i): Case => ({ id: `7.9.${i + 1}`, title: `close with invalid code ${code}`, run: (c) => c.send(frameOf(OP.close, closePayload(code))), ok: [[]], close: fail(1002) })),
    ...[5000, 65535].map((code, i): Case => ({ id: `7.13.${i + 1}`, title: `close with code ${code} (informational)`, informational: true, run: (c) => c.send(frameOf(OP.close, closePayload(code))), ok: [[]], close: fail(1002) })),
  ];
}

const MIB = 1024 * 1024;

function group9(): Case[] {
  const out: Case[] = [];
  const sizes = [64 * 1024, 256 * 1024, MIB, 4 * MIB, 8 * MIB, 16 * MIB];
  const label = (n: number): string => (n >= MIB ? `${n / MIB} MiB` : `${n / 1024} KiB`);
  // One shared payload per kind (a slice for the smaller sizes) keeps the run's memory flat.
  const textBytes = Buffer.alloc(16 * MIB, '*');
  const binBytes = Buffer.alloc(16 * MIB, 0xfe);
  sizes.forEach((n, i) => {
    out.push({ id: `9.1.${i + 1}`, title: `text message of ${label(n)}`, run: (c) => c.send(frameOf(OP.text, textBytes.subarray(0, n))), ok: [[text(textBytes.subarray(0, n))]], close: NORMAL, waitMs: 20_000 });
  });
  sizes.forEach((n, i) => {
    out.push({ id: `9.2.${i + 1}`, title: `binary message of ${label(n)}`, run: (c) => c.send(frameOf(OP.binary, binBytes.subarray(0, n))), ok: [[binary(binBytes.subarray(0, n))]], close: NORMAL, waitMs: 20_000 });
  });
  // 9.3 / 9.4: 4 MiB in fragments of 256 B, 4 KiB, 64 KiB, 1 MiB, 4 MiB (Autobahn's 9.3.2, .4, .6, .8, .9).
  // Not 9.3.1 (64 B, 65,536 fragments): ws (8.23 here) closes a message of more than 16,384
  // fragments with 1008 (its maxFragments default), and the mock server keeps ws's defaults.
  const fragmentCases: Array<[number, number]> = [[2, 256], [4, 4096], [6, 64 * 1024], [8, MIB], [9, 4 * MIB]];
  for (const [group, opcode, data] of [['9.3', OP.text, textBytes], ['9.4', OP.binary, binBytes]] as const) {
    for (const [n, size] of fragmentCases) {
      const whole = data.subarray(0, 4 * MIB);
      out.push({
        id: `${group}.${n}`, title: `${opcode === OP.text ? 'text' : 'binary'} message of 4 MiB in fragments of ${size < 1024 ? `${size} B` : label(size)}`,
        run: (c) => c.send(fragmentsOf(opcode, whole, size)),
        ok: [[opcode === OP.text ? text(whole) : binary(whole)]], close: NORMAL, waitMs: 20_000,
      });
    }
  }
  // 9.5 / 9.6: 1 MiB written in chops (Autobahn's 9.5.6 / 9.6.6 chop size, 2 KiB).
  out.push(
    { id: '9.5.6', title: 'text message of 1 MiB written in chops of 2 KiB', run: (c) => c.send(frameOf(OP.text, textBytes.subarray(0, MIB)), 2048), ok: [[text(textBytes.subarray(0, MIB))]], close: NORMAL, waitMs: 20_000 },
    { id: '9.6.6', title: 'binary message of 1 MiB written in chops of 2 KiB', run: (c) => c.send(frameOf(OP.binary, binBytes.subarray(0, MIB)), 2048), ok: [[binary(binBytes.subarray(0, MIB))]], close: NORMAL, waitMs: 20_000 },
  );
  // 9.7 / 9.8: 1000 messages of 256 B sent one after another (Autobahn's 9.7.3 / 9.8.3).
  for (const [id, opcode, data] of [['9.7.3', OP.text, textBytes.subarray(0, 256)], ['9.8.3', OP.binary, binBytes.subarray(0, 256)]] as const) {
    const one = opcode === OP.text ? text(data) : binary(data);
    out.push({ id, title: `1000 ${opcode === OP.text ? 'text' : 'binary'} messages of 256 B`, run: (c) => c.send(Array.from({ length: 1000 }, () => frameOf(opcode, data))), ok: [Array.from({ length: 1000 }, () => one)], close: NORMAL, waitMs: 20_000 });
  }
  return out;
}

function fragmentsOf(opcode: number, data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) out.push(frameOf(at === 0 ? opcode : OP.cont, data.subarray(at, at + size), at + size >= data.length));
  return out;
}

function group10(): Case[] {
  const data = Buffer.alloc(65536, '*');
  return [{ id: '10.1.1', title: 'text message of 64 KiB in fragments of 1300 bytes', run: (c) => c.send(fragmentsOf(OP.text, data, 1300)), ok: [[text(data)]], close: NORMAL }];
}

// Groups 12 and 13: permessage-deflate. The client compresses what it sends (RSV1) and the server's
// answers are inflated before comparison; the server's answer to the offer must fit it (RFC 7692 §7).
interface OfferParams { [k: string]: string | true }

function parseExtensionParams(header: string): OfferParams[] {
  return header.split(',').map((offer) => {
    const [name, ...params] = offer.split(';').map((p) => p.trim());
    const out: OfferParams = { '': name };
    for (const p of params) {
      const [k, v] = p.split('=');
      out[k.trim()] = v === undefined ? true : v.trim().replace(/^"(.*)"$/, '$1');
    }
    return out;
  });
}

/** Why an accepted permessage-deflate answer does not fit the offers (undefined: it fits). */
export function deflateAnswerProblem(offer: string, accepted: string | undefined): string | undefined {
  if (accepted === undefined) return 'declined';
  const answers = parseExtensionParams(accepted);
  if (answers.length !== 1 || answers[0][''] !== 'permessage-deflate') return `answer "${accepted}" is not one permessage-deflate`;
  const a = answers[0];
  const fits = (o: OfferParams): boolean => {
    if (o.server_no_context_takeover && !a.server_no_context_takeover) return false;
    if (o.server_max_window_bits !== undefined && (a.server_max_window_bits === undefined || Number(a.server_max_window_bits) > Number(o.server_max_window_bits))) return false;
    if (a.client_max_window_bits !== undefined && o.client_max_window_bits === undefined) return false;
    if (a.client_max_window_bits !== undefined && o.client_max_window_bits !== true && Number(a.client_max_window_bits) > Number(o.client_max_window_bits)) return false;
    for (const k of Object.keys(a)) {
      if (!['', 'server_no_context_takeover', 'client_no_context_takeover', 'server_max_window_bits', 'client_max_window_bits'].includes(k)) return false;
    }
    return true;
  };
  return parseExtensionParams(offer).some(fits) ? undefined : `answer "${accepted}" fits none of the offers "${offer}"`;
}

function deflateCase(id: string, title: string, offer: string, sizes: number[], binaryMessages: boolean): Case {
  const count = 20;
  const payloads = sizes.map((n) => (binaryMessages ? Buffer.alloc(n, 0xfe) : Buffer.from('Hello, world! '.repeat(Math.ceil(n / 14)).slice(0, n))));
  const expected = payloads.flatMap((p) => Array.from({ length: count }, () => (binaryMessages ? binary(p) : text(p))));
  return {
    id, title, offer, waitMs: 10_000,
    checkDeflate: (accepted) => deflateAnswerProblem(offer, accepted),
    run: async (c) => {
      for (const p of payloads) for (let i = 0; i < count; i++) await c.sendCompressed(p, binaryMessages);
    },
    ok: [expected], close: NORMAL,
  };
}

function group12(): Case[] {
  const sizes: Array<[number, number]> = [[1, 16], [3, 256], [5, 1024], [8, 32 * 1024], [10, 128 * 1024]];
  return [
    ...sizes.map(([n, size]) => deflateCase(`12.1.${n}`, `compressed text messages of ${size} B (offer: defaults)`, 'permessage-deflate', [size], false)),
    ...sizes.map(([n, size]) => deflateCase(`12.2.${n}`, `compressed binary messages of ${size} B (offer: defaults)`, 'permessage-deflate', [size], true)),
  ];
}

/** Autobahn's 13.x offers: defaults, no context takeover, and window bits 8 and 15 (13.3-13.6), and several at once (13.7). */
function group13(): Case[] {
  const offers: Array<[string, string]> = [
    ['13.1', 'permessage-deflate'],
    ['13.2', 'permessage-deflate; client_no_context_takeover; client_max_window_bits'],
    ['13.3', 'permessage-deflate; server_max_window_bits=8'],
    ['13.4', 'permessage-deflate; server_max_window_bits=15'],
    ['13.5', 'permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=8'],
    ['13.6', 'permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=15'],
    ['13.7', 'permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=8, permessage-deflate; client_no_context_takeover; client_max_window_bits, permessage-deflate'],
    // Not in Autobahn: the offer of the issue (a client that wants the server to use a 9-bit window).
    ['13.9', 'permessage-deflate; client_max_window_bits; server_max_window_bits=9'],
  ];
  // Not in Autobahn either: offers a server must decline (RFC 7692 §5: an unknown parameter, a value
  // out of range); declining and going on uncompressed is OK here, a refused handshake FAILED.
  const mustDecline = ['permessage-deflate; x_unknown=1', 'permessage-deflate; server_max_window_bits=7'].map((offer, i): Case => ({
    ...deflateCase(`13.10.${i + 1}`, `offer "${offer}" (invalid): declined, 20 text messages of 16 B`, offer, [16], false),
    checkDeflate: (accepted) => (accepted === undefined ? undefined : `accepted an invalid offer: "${accepted}"`),
    run: async (c) => {
      // Sent uncompressed: the offer was declined, so RSV1 would be a protocol error.
      for (let n = 0; n < 20; n++) await c.send(frame({ opcode: OP.text, payload: 'Hello, world! He' }));
    },
  }));
  return [
    ...offers.flatMap(([group, offer]) => [
      deflateCase(`${group}.1`, `offer "${offer}": 20 text messages of 16 B, 20 of 4 KiB`, offer, [16, 4096], false),
      deflateCase(`${group}.2`, `offer "${offer}": 20 binary messages of 64 KiB`, offer, [64 * 1024], true),
    ]),
    ...mustDecline,
  ];
}

export function autobahnCases(groups: { plain?: boolean; limits?: boolean; deflate?: boolean }): Case[] {
  return [
    ...(groups.plain ? [...group1(), ...group2(), ...group3(), ...group4(), ...group5(), ...group6(), ...group7(), ...group10()] : []),
    ...(groups.limits ? group9() : []),
    ...(groups.deflate ? [...group12(), ...group13()] : []),
  ];
}
