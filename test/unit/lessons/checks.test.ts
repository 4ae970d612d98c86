import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/shared/events';
import { EXERCISES, checkExercise, findExercise } from '../../../src/lessons/exercises';
import { allOf, inOrder, sawClose, sawMessage, sawOpen } from '../../../src/lessons/checks';
import { ACCEPT, timeline } from './timelineBuilder';

interface ExerciseCase {
  /** What the learner did for the passing timeline. */
  passWhen: string;
  pass: TimelineEvent[];
  /** The near miss that must not pass. */
  failWhen: string;
  fail: TimelineEvent[];
  /** What the failure message must tell the learner. */
  failSays: RegExp;
}

const quote = (n: number) => ({ type: 'quote', symbol: 'ACME', price: 100 + n / 2, ts: 1_750_000_000_000 + n });
const tick = (n: number) => ({ type: 'tick', id: n, value: 50, ts: 1_750_000_000_000 + n });
const big = 'x'.repeat(2000);

const CASES: Record<string, ExerciseCase> = {
  m01: {
    passWhen: 'a sent text comes back unchanged',
    pass: timeline().connect().send('hello').receive('hello').events,
    failWhen: 'the connection closes before the echo arrives',
    fail: timeline().connect().send('hello').close(1000).events,
    failSays: /Still missing: a message you send, echoed back.*no identical message came back/,
  },
  m02: {
    passWhen: 'the server answers 101 with a valid accept key and the learner sends that accept value',
    pass: timeline().connect().send(ACCEPT).receive(ACCEPT).events,
    failWhen: 'the learner only connected (what Start does) and never read the handshake',
    fail: timeline().connect().events,
    failSays: /Still missing: a message you send with the Sec-WebSocket-Accept value.*Show Handshake/,
  },
  m03: {
    passWhen: 'a ping is answered by a pong with an RTT',
    pass: timeline().connect().ping('out', '6869').pong('in', '6869', 3).events,
    failWhen: 'only an unsolicited pong arrived before the ping, and the ping got no answer',
    fail: timeline().connect().pong('in', '').ping('out', '6869').events,
    failSays: /The ping was sent; no pong came back yet/,
  },
  m04: {
    passWhen: 'hex bytes go out and come back as a binary frame',
    pass: timeline().connect().send('AQL/', { binary: true, format: 'hex' }).receive('AQL/', { binary: true }).events,
    failWhen: 'the hex digits were sent as text',
    fail: timeline().connect().send('01 02 ff').receive('01 02 ff').events,
    failSays: /Still missing: a binary message you send, echoed back.*No binary message sent yet/,
  },
  m05: {
    passWhen: 'the learner closes with 4000 "bye"',
    pass: timeline().connect().close(4000, { reason: 'bye' }).events,
    failWhen: 'the server, not the learner, closed with 4000',
    fail: timeline().connect().close(4000, { reason: 'bye', initiator: 'server' }).events,
    failSays: /code 4000.*started by the client.*last close was a close 4000.*started by the server/,
  },
  m06: {
    passWhen: 'a JSON and a MessagePack message are both echoed',
    pass: timeline().connect()
      .send('{"hello":"json"}', { format: 'json' }).receive('{"hello":"json"}')
      .send('gaVoZWxsb6Rqc29u', { binary: true, format: 'msgpack' }).receive('gaVoZWxsb6Rqc29u', { binary: true }).events,
    failWhen: 'only the JSON message was sent',
    fail: timeline().connect().send('{"hello":"json"}', { format: 'json' }).receive('{"hello":"json"}').events,
    failSays: /Seen your message .*hello.* echoed back\. Still missing: a msgpack message/,
  },
  m07: {
    passWhen: 'a server ping is answered by our pong with the same payload',
    pass: timeline().connect().ping('in', '01020304').pong('out', '01020304').events,
    failWhen: 'the learner pinged the server instead of waiting for its ping',
    fail: timeline().connect().ping('out', '01').pong('in', '01', 2).events,
    failSays: /a ping from the server.*No ping from the server yet/,
  },
  m08: {
    passWhen: 'after a drop the session reconnects and opens again',
    pass: timeline().connect().drop().reconnectScheduled(1).connect().events,
    failWhen: 'the reconnect attempt was refused with 503 and nothing opened yet',
    fail: timeline().connect().drop().reconnectScheduled(1).refused(503, 'Service Unavailable').events,
    failSays: /Seen reconnect attempt 1 scheduled\. Still missing: the connection opening/,
  },
  m09: {
    passWhen: 'a 401 without a token, then an open with ?token=lab-token',
    pass: timeline().refused(401, 'Unauthorized').connect({ url: 'ws://127.0.0.1:40000/?token=lab-token' }).events,
    failWhen: 'the learner connected with the token straight away and never saw the refusal',
    fail: timeline().connect({ url: 'ws://127.0.0.1:40000/?token=lab-token' }).events,
    failSays: /Still missing: the server refusing the handshake with 401/,
  },
  m10: {
    passWhen: 'join lobby, publish, and the room message arrives',
    pass: timeline().connect().receiveJson({ type: 'welcome', clientId: 'c1' })
      .sendJson({ type: 'join', room: 'lobby' }).receiveJson({ type: 'joined', room: 'lobby', members: 1 })
      .sendJson({ type: 'publish', room: 'lobby', text: 'hi' }).receiveJson({ type: 'message', room: 'lobby', from: 'c1', text: 'hi' }).events,
    failWhen: 'the message went to another room',
    fail: timeline().connect().sendJson({ type: 'join', room: 'random' }).sendJson({ type: 'publish', room: 'random', text: 'hi' })
      .receiveJson({ type: 'message', room: 'random', from: 'c1', text: 'hi' }).events,
    failSays: /Still missing: a received message like \{"type":"message","room":"lobby"\}/,
  },
  m11: {
    passWhen: 'a sent line is broadcast back as a chat message',
    pass: timeline().connect().receiveJson({ type: 'welcome', clientId: 'c1', users: 1 })
      .send('hello everyone').receiveJson({ type: 'chat', from: 'c1', text: 'hello everyone', ts: 1 }).events,
    failWhen: 'only someone else chatted; the learner sent nothing',
    fail: timeline().connect().receiveJson({ type: 'chat', from: 'c2', text: 'anyone here?', ts: 1 }).events,
    failSays: /Still missing: a sent message/,
  },
  m12: {
    passWhen: 'refused with 400 while offering nothing, then opened with chat.v1',
    pass: timeline().refused(400, 'Bad Request').connect({ protocol: 'chat.v1' }).events,
    failWhen: 'the server picked chat.v2 because it was offered too',
    fail: timeline().refused(400, 'Bad Request').connect({ protocol: 'chat.v2' }).events,
    failSays: /subprotocol "chat.v1".*opened with subprotocol "chat.v2"/,
  },
  m13: {
    passWhen: 'permessage-deflate is negotiated and a long message is echoed',
    pass: timeline().connect({ extensions: 'permessage-deflate; client_max_window_bits=15' }).send('z'.repeat(100)).receive('z'.repeat(100)).events,
    failWhen: 'compression was turned off',
    fail: timeline().connect().send('z'.repeat(100)).receive('z'.repeat(100)).events,
    failSays: /permessage-deflate.*opened with no subprotocol and no extensions/,
  },
  m14: {
    passWhen: 'subscribe to news, publish, receive the news event',
    pass: timeline().connect().sendJson({ type: 'subscribe', topic: 'news' }).receiveJson({ type: 'subscribed', topic: 'news' })
      .sendJson({ type: 'publish', topic: 'news', data: 'hello' }).receiveJson({ type: 'event', topic: 'news', data: 'hello' }).events,
    failWhen: 'only the server\'s "ticks" events arrived',
    fail: timeline().connect().sendJson({ type: 'subscribe', topic: 'ticks' }).receiveJson({ type: 'event', topic: 'ticks', data: { tick: 1 } }).events,
    failSays: /Still missing: a received message like \{"type":"event","topic":"news"\}/,
  },
  m15: {
    passWhen: 'message 7 is acknowledged with id 7',
    pass: timeline().connect().receiveJson({ type: 'msg', id: 7, data: { text: 'message 7' } }).sendJson({ type: 'ack', id: 7 }).events,
    failWhen: 'the ack carries the wrong id',
    fail: timeline().connect().receiveJson({ type: 'msg', id: 7, data: { text: 'message 7' } }).sendJson({ type: 'ack', id: 8 }).events,
    failSays: /Received message id 7: acknowledge it with that id/,
  },
  m16: {
    passWhen: 'a message sent during the outage is delivered after the reconnect',
    pass: timeline().connect().drop().reconnectScheduled(1).queued('saved for later').connect().send('saved for later').events,
    failWhen: 'the learner waited for the reconnect and sent afterwards (nothing was queued)',
    fail: timeline().connect().drop().reconnectScheduled(1).connect().send('saved for later').events,
    failSays: /Nothing was queued: send a message while the connection is down/,
  },
  m17: {
    passWhen: 'the client reports a protocol error and closes with 1007',
    pass: timeline().connect().send('hi').receive('hi').error('protocol', 'Invalid WebSocket frame: invalid UTF-8 sequence')
      .close(1007, { initiator: 'client', wasClean: true }).events,
    failWhen: 'the learner closed normally before the bad frame arrived',
    fail: timeline().connect().send('hi').receive('hi').close(1000).events,
    failSays: /a protocol error, or a close with code 1007.*last close was a close 1000/,
  },
  m18: {
    passWhen: '20 quotes arrive',
    pass: Array.from({ length: 20 }, (_, i) => i).reduce((t, i) => t.receiveJson(quote(i)), timeline().connect()).events,
    failWhen: 'only 19 quotes arrived',
    fail: Array.from({ length: 19 }, (_, i) => i).reduce((t, i) => t.receiveJson(quote(i)), timeline().connect()).events,
    failSays: /at least 20 quote messages\. 19 so far/,
  },
  m19: {
    passWhen: 'the server drops the connection without a close frame',
    pass: timeline().connect().send('1').receive('1').drop().events,
    failWhen: 'the server closed cleanly with 1000',
    fail: timeline().connect().close(1000, { initiator: 'server' }).events,
    failSays: /code 1006, not clean.*last close was a close 1000/,
  },
  m20: {
    passWhen: 'three messages are each echoed',
    pass: timeline().connect().send('a').receive('a').send('b').receive('b').send('c').receive('c').events,
    failWhen: 'three were sent but only two echoes arrived yet',
    fail: timeline().connect().send('a').receive('a').send('b').receive('b').send('c').events,
    failSays: /3 messages you send, each echoed back\. 2 of 3 echoed so far/,
  },
  m21: {
    passWhen: 'the server closes with 1008 after a burst',
    pass: Array.from({ length: 6 }, (_, i) => `m${i}`).reduce((t, m) => t.send(m), timeline().connect())
      .close(1008, { reason: 'rate limit exceeded', initiator: 'server' }).events,
    failWhen: 'the learner closed with 1008 themselves',
    fail: timeline().connect().send('m0').close(1008, { reason: 'testing' }).events,
    failSays: /code 1008, started by the server.*started by the client/,
  },
  m22: {
    passWhen: 'five feed ticks arrive over the WebSocket',
    pass: [1, 2, 3, 4, 5].reduce((t, n) => t.receiveJson(tick(n)), timeline().connect()).events,
    failWhen: 'only four ticks arrived',
    fail: [1, 2, 3, 4].reduce((t, n) => t.receiveJson(tick(n)), timeline().connect()).events,
    failSays: /at least 5 feed messages.*4 so far/,
  },
  m23: {
    passWhen: 'two requests answered out of order, each with its id',
    pass: timeline().connect().sendJson({ id: '1', method: 'time' }).sendJson({ id: '2', method: 'add', params: [2, 3] })
      .receiveJson({ id: '2', result: 5 }).receiveJson({ id: '1', result: 1_750_000_000_000 }).events,
    failWhen: 'the same id was used twice',
    fail: timeline().connect().sendJson({ id: '1', method: 'time' }).receiveJson({ id: '1', result: 1 })
      .sendJson({ id: '1', method: 'time' }).receiveJson({ id: '1', result: 2 }).events,
    failSays: /2 requests with different ids, each answered with its id\. 1 different id sent, 1 answered/,
  },
  m24: {
    passWhen: 'a 2000-byte message makes the server close with 1009',
    pass: timeline().connect().send(big).close(1009, { initiator: 'server' }).events,
    failWhen: 'the message was exactly 1024 bytes (allowed, so echoed)',
    fail: timeline().connect().send('y'.repeat(1024)).receive('y'.repeat(1024)).events,
    failSays: /Still missing: a sent message larger than 1024 bytes/,
  },
  m25: {
    passWhen: 'the connection drops and the session reconnects by itself',
    pass: timeline().connect().send('1').receive('1').drop().reconnectScheduled(1, 480).connect().events,
    failWhen: 'reconnect was off, so the learner connected again by hand',
    fail: timeline().connect().drop().connect().events,
    failSays: /Seen a close 1006.*Still missing: a reconnect scheduled by the session/,
  },
  m26: {
    passWhen: 'the reboot command for sensor-1 is acknowledged',
    pass: timeline().connect().receiveJson({ type: 'reading', device: 'sensor-1', temperature: 21.5 })
      .sendJson({ type: 'command', device: 'sensor-1', action: 'reboot' })
      .receiveJson({ type: 'command-ack', device: 'sensor-1', action: 'reboot' }).events,
    failWhen: 'the command named another device',
    fail: timeline().connect().sendJson({ type: 'command', device: 'sensor-2', action: 'reboot' })
      .receiveJson({ type: 'command-ack', device: 'sensor-2', action: 'reboot' }).events,
    failSays: /Still missing: a sent message like \{"type":"command","device":"sensor-1","action":"reboot"\}/,
  },
  m27: {
    passWhen: 'a vote is followed by the results',
    pass: timeline().connect().receiveJson({ type: 'poll', question: 'Which?', options: ['A', 'B', 'C'] })
      .sendJson({ type: 'vote', option: 'A' }).receiveJson({ type: 'results', options: { A: 1, B: 0, C: 0 } }).events,
    failWhen: 'results from other voters arrived but the learner never voted',
    fail: timeline().connect().receiveJson({ type: 'poll', question: 'Which?', options: ['A', 'B', 'C'] })
      .receiveJson({ type: 'results', options: { A: 1, B: 0, C: 0 } }).events,
    failSays: /Still missing: a sent message/,
  },
};

describe('exercise checks', () => {
  it('there are 27 exercises, m01..m27, one per module, each on a scenario', () => {
    expect(EXERCISES.map((e) => e.id)).toEqual(Array.from({ length: 27 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`));
    for (const [i, e] of EXERCISES.entries()) {
      expect(e.module).toBe(i + 1);
      expect(e.scenario).toMatch(/^[a-z0-9-]+$/);
      expect(e.instructions.length).toBeGreaterThan(0);
      expect(e.expected).toMatch(/\.$/);
    }
  });

  it('every exercise has a passing and a failing recorded timeline below', () => {
    expect(Object.keys(CASES).sort()).toEqual(EXERCISES.map((e) => e.id));
  });

  for (const exercise of EXERCISES) {
    const c = CASES[exercise.id];
    if (!c) continue;
    it(`${exercise.id} (${exercise.scenario}) passes when ${c.passWhen}`, () => {
      const result = exercise.check(c.pass);
      expect(result, result.message).toMatchObject({ passed: true });
      expect(result.message).toMatch(/^Done: seen /);
    });
    it(`${exercise.id} (${exercise.scenario}) does not pass when ${c.failWhen}`, () => {
      const result = exercise.check(c.fail);
      expect(result.passed).toBe(false);
      expect(result.message).toMatch(c.failSays);
    });
  }

  it('an empty timeline fails every exercise with a message saying what to do', () => {
    for (const e of EXERCISES) {
      const result = e.check([]);
      expect(result.passed, e.id).toBe(false);
      expect(result.message, e.id).toMatch(/^Still missing: .+\./);
    }
  });

  it('the steps of m09 must happen in order: an open before the 401 does not count', () => {
    const events = timeline().connect({ url: 'ws://127.0.0.1:40000/?token=lab-token' }).close(1000).refused(401, 'Unauthorized').events;
    expect(findExercise('m09')!.check(events)).toMatchObject({
      passed: false,
      message: 'Seen the handshake refused with 401. Still missing: the connection opening.',
    });
  });

  it('m02 needs this connection\'s accept value: one from an earlier handshake does not count', () => {
    const events = timeline().connect({ accept: 'OLDOLDOLDOLDOLDOLDOLDOLDOLD=' }).close(1000).connect().send('OLDOLDOLDOLDOLDOLDOLDOLDOLD=').events;
    expect(findExercise('m02')!.check(events).passed).toBe(false);
  });

  it('m13 needs a message long enough to be compressed (the server deflates from 64 bytes)', () => {
    const events = timeline().connect({ extensions: 'permessage-deflate' }).send('hi').receive('hi').events;
    expect(findExercise('m13')!.check(events)).toMatchObject({ passed: false, message: expect.stringMatching(/65\+ byte message you send, echoed back/) });
  });

  it('m17 also passes on the 1007 close alone (some clients report no separate error)', () => {
    const events = timeline().connect().send('hi').receive('hi').close(1007, { initiator: 'client' }).events;
    expect(findExercise('m17')!.check(events).passed).toBe(true);
  });

  it('request ids match as text: a reply "1" answers a request with id 1', () => {
    const events = timeline().connect().sendJson({ id: 1, method: 'time' }).sendJson({ id: 2, method: 'time' })
      .receiveJson({ id: '1', result: 1 }).receiveJson({ id: '2', result: 2 }).events;
    expect(findExercise('m23')!.check(events).passed).toBe(true);
  });

  it('one echo cannot answer two identical sends (m20 needs three copies back)', () => {
    const events = timeline().connect().send('a').send('a').send('a').receive('a').events;
    expect(findExercise('m20')!.check(events)).toMatchObject({ passed: false, message: expect.stringContaining('1 of 3 echoed so far') });
  });

  it('a passing message names what was seen', () => {
    const result = findExercise('m05')!.check(CASES.m05.pass);
    expect(result.message).toBe('Done: seen a close 4000, reason "bye", started by the client, clean.');
  });

  it('checkExercise reports an unknown id instead of throwing', () => {
    expect(checkExercise('m99', [])).toEqual({ passed: false, message: 'Unknown exercise "m99".' });
  });

  it('checkExercise turns a malformed event list into a failed result', () => {
    const broken = [{ kind: 'message', dir: 'out', seq: 1, time: 1 }, null] as unknown as TimelineEvent[];
    const result = checkExercise('m01', broken);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/could not run|Still missing/);
  });
});

describe('check combinators', () => {
  const events = timeline().connect({ protocol: 'chat.v1' }).sendJson({ type: 'hello' }).close(1000).events;

  it('inOrder reports the first step not found after the ones seen', () => {
    const check = inOrder(sawOpen(), sawClose({ code: 1000 }), sawMessage({ dir: 'out' }));
    expect(check(events)).toEqual({
      passed: false,
      message: 'Seen the connection open, then a close 1000 (Normal Closure), started by the client, clean. Still missing: a sent message.',
    });
  });

  it('allOf accepts its steps in any order', () => {
    const check = allOf(sawClose({ code: 1000 }), sawOpen({ protocol: 'chat.v1' }));
    expect(check(events).passed).toBe(true);
  });
});
