// The application-style built-ins: message shapes here are what lessons are written against.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, open, start, tweak } from './helpers';

afterEach(cleanup);

type Msg = Record<string, unknown>;
const ofType = (type: string) => (m: Msg): boolean => m.type === type;

describe('chat', () => {
  it('greets with the client id and user count, and broadcasts text and JSON text to everyone', async () => {
    const server = await start('chat');
    const a = await open(server.url);
    expect(await a.nextJson()).toEqual({ type: 'welcome', clientId: 'c1', users: 1 });
    const b = await open(server.url);
    expect(await b.nextJson()).toEqual({ type: 'welcome', clientId: 'c2', users: 2 });
    a.send('hello all');
    for (const c of [a, b]) {
      const m = await c.nextJson(ofType('chat'));
      expect(m).toEqual({ type: 'chat', from: 'c1', text: 'hello all', ts: expect.any(Number) });
    }
    b.send({ text: 'from json' });
    expect(await a.nextJson(ofType('chat'))).toMatchObject({ from: 'c2', text: 'from json' });
  });
});

describe('rooms', () => {
  it('join/leave report member counts, publish reaches members only, direct reaches one client', async () => {
    const server = await start('rooms');
    const a = await open(server.url);
    const b = await open(server.url);
    const c = await open(server.url);
    expect(await a.nextJson()).toEqual({ type: 'welcome', clientId: 'c1' });
    a.send({ type: 'join', room: 'lobby' });
    expect(await a.nextJson(ofType('joined'))).toEqual({ type: 'joined', room: 'lobby', members: 1 });
    b.send({ type: 'join', room: 'lobby' });
    expect(await b.nextJson(ofType('joined'))).toEqual({ type: 'joined', room: 'lobby', members: 2 });
    a.send({ type: 'publish', room: 'lobby', text: 'hi' });
    const expected = { type: 'message', room: 'lobby', from: 'c1', text: 'hi' };
    expect(await a.nextJson(ofType('message'))).toEqual(expected);
    expect(await b.nextJson(ofType('message'))).toEqual(expected);
    c.send({ type: 'direct', to: 'c2', text: 'psst' });
    expect(await b.nextJson(ofType('direct'))).toEqual({ type: 'direct', from: 'c3', text: 'psst' });
    b.send({ type: 'leave', room: 'lobby' });
    expect(await b.nextJson(ofType('left'))).toEqual({ type: 'left', room: 'lobby', members: 1 });
    c.send({ type: 'direct', to: 'c9', text: 'x' });
    expect(await c.nextJson(ofType('error'))).toMatchObject({ message: 'no client with id c9' });
    // c never joined: the only message it got besides its welcome is the error above.
    c.send({ type: 'publish', room: 'lobby', text: 'outsider' });
    expect(await a.nextJson(ofType('message'))).toMatchObject({ from: 'c3', text: 'outsider' });
  });
});

describe('notifications', () => {
  it('pushes numbered notifications and acknowledges reads', async () => {
    const server = await start(tweak('notifications', (s) => (s.pushes![0].everyMs = 50)));
    const client = await open(server.url);
    const first = await client.nextJson(ofType('notification'));
    expect(first).toEqual({ type: 'notification', id: 1, title: expect.any(String), body: expect.any(String) });
    expect(await client.nextJson(ofType('notification'))).toMatchObject({ id: 2 });
    client.send({ type: 'read', id: 1 });
    expect(await client.nextJson(ofType('read-ack'))).toEqual({ type: 'read-ack', id: 1 });
  });

  it('the built-in interval is 3 s', () => {
    expect(tweak('notifications', () => undefined).pushes![0].everyMs).toBe(3000);
  });
});

describe('whiteboard', () => {
  it('sends history on connect and relays strokes to the others', async () => {
    const server = await start('whiteboard');
    const a = await open(server.url);
    expect(await a.nextJson()).toEqual({ type: 'history', strokes: [] });
    const b = await open(server.url);
    await b.nextJson(ofType('history'));
    const stroke = { type: 'stroke', points: [[1, 2], [3, 4]], color: '#ff0000' };
    a.send(stroke);
    expect(await b.nextJson(ofType('stroke'))).toEqual(stroke);
    const late = await open(server.url);
    expect(await late.nextJson(ofType('history'))).toEqual({ type: 'history', strokes: [stroke] });
    // The sender does not get its own stroke back: the next thing it sees is b's stroke.
    b.send({ ...stroke, color: '#00ff00' });
    expect(await a.nextJson()).toMatchObject({ color: '#00ff00' });
  });
});

describe('poll', () => {
  it('shows the poll on connect and broadcasts tallies after each vote', async () => {
    const server = await start('poll');
    const a = await open(server.url);
    const b = await open(server.url);
    expect(await a.nextJson()).toMatchObject({ type: 'poll', question: expect.any(String), options: ['A', 'B', 'C'] });
    a.send({ type: 'vote', option: 'A' });
    expect(await b.nextJson(ofType('results'))).toEqual({ type: 'results', options: { A: 1, B: 0, C: 0 } });
    b.send({ type: 'vote', option: 'C' });
    expect(await a.nextJson((m) => m.type === 'results' && (m.options as Msg).C === 1)).toEqual({ type: 'results', options: { A: 1, B: 0, C: 1 } });
    a.send({ type: 'vote', option: 'Z' });
    expect(await a.nextJson(ofType('error'))).toMatchObject({ message: 'option must be A, B or C' });
  });
});

describe('game', () => {
  it('broadcasts state at 10 Hz with each player position, and moves apply', async () => {
    const server = await start('game');
    const client = await open(server.url);
    expect(await client.nextJson(ofType('welcome'))).toEqual({ type: 'welcome', clientId: 'c1' });
    const s1 = await client.nextJson<Msg>(ofType('state'));
    expect(s1).toEqual({ type: 'state', tick: expect.any(Number), players: { c1: { x: 0, y: 0 } } });
    const s2 = await client.nextJson<Msg>(ofType('state'));
    expect(s2.tick).toBe((s1.tick as number) + 1);
    client.send({ type: 'move', dx: 1, dy: 0 });
    client.send({ type: 'move', dx: 1, dy: -2 });
    const moved = await client.nextJson<Msg>((m) => m.type === 'state' && (m.players as Record<string, Msg>).c1.x === 2);
    expect(moved.players).toEqual({ c1: { x: 2, y: -2 } });
  });
});

describe('ticker', () => {
  it('quotes ACME, GLOBEX and INITECH, and subscribe narrows the stream', async () => {
    const server = await start(tweak('ticker', (s) => (s.pushes![0].everyMs = 40)));
    const client = await open(server.url);
    const seen = new Set<string>();
    while (seen.size < 3) {
      const q = await client.nextJson(ofType('quote'));
      expect(q).toEqual({ type: 'quote', symbol: expect.any(String), price: expect.any(Number), ts: expect.any(Number) });
      seen.add(q.symbol as string);
    }
    expect([...seen].sort()).toEqual(['ACME', 'GLOBEX', 'INITECH']);
    client.send({ type: 'subscribe', symbols: ['ACME'] });
    await client.nextJson(ofType('subscribed'));
    for (let i = 0; i < 5; i++) expect((await client.nextJson(ofType('quote'))).symbol).toBe('ACME');
  });
});

describe('activity-feed', () => {
  it('sends activity items', async () => {
    const server = await start(tweak('activity-feed', (s) => (s.pushes![0].everyMs = 40)));
    const client = await open(server.url);
    expect(await client.nextJson()).toEqual({ type: 'activity', actor: expect.any(String), verb: expect.any(String), object: expect.any(String), ts: expect.any(Number) });
  });
});

describe('signaling', () => {
  it('lists the peers already in the room and relays offer/answer/ice with "from"', async () => {
    const server = await start('signaling');
    const a = await open(server.url);
    const b = await open(server.url);
    a.send({ type: 'join', room: 'call1' });
    expect(await a.nextJson(ofType('peers'))).toMatchObject({ peers: [] });
    b.send({ type: 'join', room: 'call1' });
    expect(await b.nextJson(ofType('peers'))).toMatchObject({ type: 'peers', peers: ['c1'] });
    b.send({ type: 'offer', to: 'c1', sdp: 'v=0...' });
    expect(await a.nextJson(ofType('offer'))).toEqual({ type: 'offer', to: 'c1', sdp: 'v=0...', from: 'c2' });
    a.send({ type: 'answer', to: 'c2', sdp: 'v=0 answer' });
    expect(await b.nextJson(ofType('answer'))).toMatchObject({ from: 'c1', sdp: 'v=0 answer' });
    a.send({ type: 'ice', to: 'c2', candidate: 'candidate:1' });
    expect(await b.nextJson(ofType('ice'))).toMatchObject({ from: 'c1', candidate: 'candidate:1' });
  });
});

describe('iot', () => {
  it('streams readings within the sensor ranges and acknowledges commands', async () => {
    const server = await start(tweak('iot', (s) => (s.pushes![0].everyMs = 40)));
    const client = await open(server.url);
    const r = await client.nextJson<Msg>(ofType('reading'));
    expect(r).toMatchObject({ device: 'sensor-1', ts: expect.any(Number) });
    expect(r.temperature).toBeGreaterThanOrEqual(18);
    expect(r.temperature).toBeLessThanOrEqual(26);
    expect(r.humidity).toBeGreaterThanOrEqual(30);
    client.send({ type: 'command', device: 'sensor-1', action: 'reboot' });
    expect(await client.nextJson(ofType('command-ack'))).toEqual({ type: 'command-ack', device: 'sensor-1', action: 'reboot' });
  });
});

describe('request-response', () => {
  it('answers add, echo and time by id, and reports unknown methods and bad JSON', async () => {
    const server = await start('request-response');
    const client = await open(server.url);
    client.send({ id: '1', method: 'add', params: [2, 3] });
    expect(await client.nextJson()).toEqual({ id: '1', result: 5 });
    client.send({ id: 2, method: 'echo', params: { a: [1] } });
    expect(await client.nextJson()).toEqual({ id: 2, result: { a: [1] } });
    client.send({ id: '3', method: 'time' });
    expect(await client.nextJson()).toEqual({ id: '3', result: expect.any(Number) });
    client.send({ id: '4', method: 'divide', params: [1, 0] });
    expect(await client.nextJson()).toEqual({ id: '4', error: { code: -32601, message: 'Method not found' } });
    client.send('{not json');
    expect(await client.nextJson()).toEqual({ error: { code: -32700, message: 'Parse error' } });
  });
});

describe('pubsub', () => {
  it('delivers published events to subscribers only, and server ticks to "ticks" subscribers', async () => {
    const server = await start(tweak('pubsub', (s) => (s.pushes![0].everyMs = 40)));
    const a = await open(server.url);
    const b = await open(server.url);
    a.send({ type: 'subscribe', topic: 'news' });
    expect(await a.nextJson()).toEqual({ type: 'subscribed', topic: 'news' });
    b.send({ type: 'publish', topic: 'news', data: { headline: 'hi' } });
    expect(await a.nextJson()).toEqual({ type: 'event', topic: 'news', data: { headline: 'hi' } });
    b.send({ type: 'subscribe', topic: 'ticks' });
    expect(await b.nextJson(ofType('subscribed'))).toMatchObject({ topic: 'ticks' });
    expect(await b.nextJson(ofType('event'))).toMatchObject({ topic: 'ticks', data: { tick: expect.any(Number) } });
    a.send({ type: 'unsubscribe', topic: 'news' });
    expect(await a.nextJson()).toEqual({ type: 'unsubscribed', topic: 'news' });
    b.send({ type: 'publish', topic: 'news', data: 1 });
    b.send({ type: 'subscribe', topic: 'marker' });
    await b.nextJson((m) => m.type === 'subscribed' && m.topic === 'marker');
    a.send({ type: 'subscribe', topic: 'after' });
    // Nothing from "news" arrived at a after it unsubscribed.
    expect(await a.nextJson()).toEqual({ type: 'subscribed', topic: 'after' });
  });
});

describe('ack', () => {
  it('redelivers un-acked messages with "redelivery": true and stops after an ack', async () => {
    const server = await start(tweak('ack', (s) => {
      s.pushes![0].everyMs = 100;
      s.pushes![0].requireAck!.timeoutMs = 150;
    }));
    const client = await open(server.url);
    const first = await client.nextJson(ofType('msg'));
    expect(first).toEqual({ type: 'msg', id: 1, data: expect.anything() });
    const second = await client.nextJson((m) => m.type === 'msg' && m.id === 2);
    client.send({ type: 'ack', id: 2 });
    expect(second.redelivery).toBeUndefined();
    const again = await client.nextJson((m) => m.redelivery === true);
    expect(again).toMatchObject({ type: 'msg', id: 1, redelivery: true });
    // Message 2 was acked: watch until message 5 and 2 must not come back.
    const redelivered: unknown[] = [];
    for (;;) {
      const m = await client.nextJson(ofType('msg'));
      if (m.redelivery) redelivered.push(m.id);
      if (m.id === 5 && !m.redelivery) break;
    }
    expect(redelivered).not.toContain(2);
  });
});
