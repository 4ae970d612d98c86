// The conversation recorder, fed observations by hand: no socket, no timer. Each test names the
// rule it checks (RFC 6455 sections where they apply), for the client side and the server side.
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../../src/recording/conversation';
import type { NewTimelineEvent } from '../../../src/shared/events';

function recorder(side: 'client' | 'server', opts: { clientId?: string; states?: boolean } = {}) {
  const events: NewTimelineEvent[] = [];
  let clock = 1000;
  const states: string[] = [];
  const conv = new Conversation(
    { side, sink: (e) => events.push(e), now: () => clock, recordStates: opts.states, onState: (s) => states.push(s) },
    opts.clientId,
    side === 'server' ? 'OPEN' : 'CLOSED',
  );
  return { conv, events, states, tick: (ms: number) => (clock += ms), kinds: () => events.map((e) => e.kind) };
}

function openClient() {
  const r = recorder('client', { states: true });
  r.conv.connecting('ws://h/', 0);
  r.conv.opened('', '');
  r.events.length = 0;
  r.states.length = 0;
  return r;
}

describe('conversation recorder: readyState (RFC 6455 §4.1, §7.1)', () => {
  it('follows the wire: CONNECTING, OPEN, CLOSING after our close frame, CLOSED', () => {
    const r = recorder('client', { states: true });
    r.conv.connecting('ws://h/', 0);
    expect(r.conv.state).toBe('CONNECTING');
    r.conv.opened('chat', 'permessage-deflate');
    expect(r.conv.state).toBe('OPEN');
    r.conv.closeSent(1000, 'bye');
    expect(r.conv.state).toBe('CLOSING');
    r.conv.closed(1000, 'bye', true);
    expect(r.conv.state).toBe('CLOSED');
    expect(r.states).toEqual(['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']);
    expect(r.kinds()).toEqual(['connecting', 'state', 'open', 'state', 'close-sent', 'state', 'close', 'state']);
  });

  it('an attempt that never reached the network goes back to CLOSED without a close event', () => {
    const r = recorder('client', { states: true });
    r.conv.connecting('ws://h/', 0);
    r.conv.failed({ category: 'invalid-url', message: 'bad' });
    r.conv.abandoned();
    expect(r.conv.state).toBe('CLOSED');
    expect(r.kinds()).not.toContain('close');
  });

  it('the server side records no state events (its timeline shows client events instead)', () => {
    const r = recorder('server', { clientId: 'c1' });
    r.conv.closeSent(1001, 'going away');
    r.conv.closed(1001, 'going away');
    expect(r.kinds()).toEqual(['close-sent', 'close']);
    expect(r.events.every((e) => 'clientId' in e && e.clientId === 'c1')).toBe(true);
  });
});

describe('conversation recorder: ping and pong (RFC 6455 §5.5.2, §5.5.3)', () => {
  it('a ping from the peer is answered with a pong carrying the same payload', () => {
    const r = openClient();
    r.conv.pingReceived('6869', 2);
    expect(r.events).toEqual([
      { kind: 'ping', dir: 'in', size: 2, payloadHex: '6869', time: 1000 },
      { kind: 'pong', dir: 'out', size: 2, payloadHex: '6869', time: 1000 },
    ]);
  });

  it('a pong answering one of our pings carries the round-trip time; an unsolicited pong none', () => {
    const r = openClient();
    r.conv.pingSent('01', 1);
    r.tick(42);
    expect(r.conv.pongReceived('01', 1)).toBe(42);
    expect(r.conv.lastRttMs).toBe(42);
    expect(r.conv.pongReceived('01', 1)).toBeUndefined();
    const pongs = r.events.filter((e) => e.kind === 'pong');
    expect(pongs[0]).toMatchObject({ dir: 'in', rttMs: 42 });
    expect(pongs[1]).not.toHaveProperty('rttMs');
  });

  it('pings of a connection that closed cannot be answered by the next one', () => {
    const r = openClient();
    r.conv.pingSent('', 0);
    r.conv.closed(1006, '', false);
    r.conv.connecting('ws://h/', 1);
    r.conv.opened('', '');
    expect(r.conv.pongReceived('', 0)).toBeUndefined();
  });
});

describe('conversation recorder: messages', () => {
  it('counts messages and bytes each way and keeps the payload as the timeline shows it', () => {
    const r = openClient();
    r.conv.message('out', false, 5, 'hello', 'json');
    r.conv.message('in', true, 3, 'AQID');
    expect([r.conv.messagesOut, r.conv.bytesOut, r.conv.messagesIn, r.conv.bytesIn]).toEqual([1, 5, 1, 3]);
    expect(r.events).toEqual([
      { kind: 'message', time: 1000, dir: 'out', opcode: 'text', size: 5, encoding: 'utf8', data: 'hello', format: 'json' },
      { kind: 'message', time: 1000, dir: 'in', opcode: 'binary', size: 3, encoding: 'base64', data: 'AQID' },
    ]);
  });

  it('a message a protocol adapter decoded carries the annotation next to its raw payload', () => {
    const r = openClient();
    const decoded = { protocol: 'stomp', type: 'MESSAGE', summary: '/topic/news hello', fields: { destination: '/topic/news' } };
    r.conv.message('in', false, 40, 'MESSAGE\ndestination:/topic/news\n\nhello\u0000', undefined, decoded);
    expect(r.events[0]).toMatchObject({ kind: 'message', data: 'MESSAGE\ndestination:/topic/news\n\nhello\u0000', decoded });
  });

  it('server-side messages name their client', () => {
    const r = recorder('server', { clientId: 'c7' });
    r.conv.message('in', false, 2, 'hi');
    expect(r.events[0]).toMatchObject({ clientId: 'c7', kind: 'message', dir: 'in' });
  });
});

describe('conversation recorder: closing (RFC 6455 §7.1.4, §7.1.5, §7.1.7)', () => {
  it('our close frame first: initiated by us, clean when the peer answered', () => {
    const client = openClient();
    client.conv.closeSent(4000, 'bye');
    client.conv.closed(4000, 'bye', true);
    expect(client.events.at(-2)).toMatchObject({ kind: 'close', code: 4000, codeName: expect.any(String), wasClean: true, initiator: 'client' });

    const server = recorder('server', { clientId: 'c1' });
    server.conv.closeSent(1001, 'server shutting down');
    server.conv.closed(1001, 'server shutting down');
    expect(server.events.at(-1)).toMatchObject({ kind: 'close', initiator: 'server', wasClean: true });
  });

  it("the peer's close frame first: initiated by the peer", () => {
    const client = openClient();
    client.conv.closed(1001, 'going away', true);
    expect(client.events.find((e) => e.kind === 'close')).toMatchObject({ initiator: 'server', wasClean: true });
    const server = recorder('server', { clientId: 'c1' });
    server.conv.closed(1000, '');
    expect(server.events[0]).toMatchObject({ initiator: 'client' });
  });

  it('a TCP drop without a close frame is 1006, not clean, initiated by the network (1015 likewise for TLS)', () => {
    for (const code of [1006, 1015]) {
      const r = openClient();
      r.conv.closed(code, '', false);
      expect(r.events.find((e) => e.kind === 'close')).toMatchObject({ code, wasClean: false, initiator: 'network' });
    }
  });

  it('a connection we drop on purpose is ended by us, not by the network', () => {
    const r = recorder('server', { clientId: 'c1' });
    r.conv.failed({ category: 'network', message: 'dropped after 1 messages (fault injection)' });
    r.conv.endingByUs();
    r.conv.closed(1006, '');
    expect(r.events.at(-1)).toMatchObject({ kind: 'close', code: 1006, wasClean: false, initiator: 'server' });
  });

  it('after a protocol error the close code that went on the wire is reported, not the 1006 the library sees', () => {
    for (const side of ['client', 'server'] as const) {
      const r = side === 'client' ? openClient() : recorder('server', { clientId: 'c1' });
      r.conv.failed({ category: 'protocol', message: 'invalid UTF-8', closeCode: 1007 });
      expect(r.conv.state).toBe('CLOSING');
      r.conv.closed(1006, '', false);
      const sent = r.events.find((e) => e.kind === 'close-sent');
      const close = r.events.find((e) => e.kind === 'close');
      expect(sent).toMatchObject({ code: 1007, reason: '' });
      expect(close).toMatchObject({ code: 1007, wasClean: false, initiator: side });
    }
  });

  it('a protocol error while already closing sends no second close frame (RFC 6455 §5.5.1)', () => {
    const r = openClient();
    r.conv.closeSent(1000, '');
    r.conv.failed({ category: 'protocol', message: 'bad frame', closeCode: 1002 });
    expect(r.events.filter((e) => e.kind === 'close-sent')).toHaveLength(1);
    r.conv.closed(1000, '', true);
    expect(r.events.find((e) => e.kind === 'close')).toMatchObject({ code: 1000, wasClean: true });
  });

  it('a failure without a close code is recorded and changes nothing else', () => {
    const r = openClient();
    r.conv.failed({ category: 'send-failed', message: 'EPIPE' });
    expect(r.conv.state).toBe('OPEN');
    expect(r.events).toEqual([{ kind: 'error', category: 'send-failed', message: 'EPIPE', time: 1000 }]);
  });
});

describe('conversation recorder: disposal', () => {
  it('records nothing once disposed and reads CLOSED', () => {
    const r = openClient();
    r.conv.dispose();
    r.conv.message('in', false, 1, 'x');
    r.conv.record({ kind: 'info', message: 'late' });
    expect(r.events).toEqual([]);
    expect(r.conv.state).toBe('CLOSED');
  });
});
