// The Get started walkthrough ticks its steps from the connection's events as they arrive.
import { describe, expect, it } from 'vitest';
import { GettingStartedTracker, gettingStartedFlags } from '../../../src/lessons/gettingStarted';
import type { TimelineEvent } from '../../../src/shared/events';

let seq = 0;
const ev = (e: Record<string, unknown>): TimelineEvent => ({ seq: ++seq, time: seq, ...e }) as unknown as TimelineEvent;
const msg = (dir: 'in' | 'out', data: string) => ev({ kind: 'message', dir, opcode: 'text', size: data.length, encoding: 'utf8', data });

describe('Get started walkthrough progress', () => {
  it('each step turns on when its event arrives, and is reported once', () => {
    const t = new GettingStartedTracker();
    const turned = [
      ev({ kind: 'handshake-response', status: 101, statusText: 'Switching Protocols', headers: [], acceptValid: true, protocol: '', extensions: '' }),
      ev({ kind: 'open', protocol: '', extensions: '' }),
      msg('out', 'hello'),
      msg('in', 'something else'),
      msg('in', 'hello'),
      msg('in', 'hello'),
      ev({ kind: 'pong', dir: 'in', size: 0, payloadHex: '', rttMs: 3 }),
      ev({ kind: 'close', code: 1000, codeName: 'Normal Closure', reason: '', wasClean: true, initiator: 'client' }),
    ].map((e) => t.observe(e));
    expect(turned).toEqual([true, true, false, false, true, false, true, true]);
    expect(t.complete).toBe(true);
  });

  it('what does not prove a step leaves it unchecked', () => {
    const flags = gettingStartedFlags([
      ev({ kind: 'handshake-response', status: 101, statusText: '', headers: [], acceptValid: false, protocol: '', extensions: '' }),
      msg('in', 'hello'), // received before anything was sent: not an echo
      msg('out', 'hello2'),
      ev({ kind: 'pong', dir: 'in', size: 0, payloadHex: '' }), // unsolicited pong: no round trip
      ev({ kind: 'close', code: 1001, codeName: 'Going Away', reason: '', wasClean: true, initiator: 'server' }),
    ]);
    expect(flags).toEqual({ connected: false, handshake: false, echoed: false, pong: false, closed: false });
  });

  it('a connection that sent a million messages still recognises the echo of a recent one', () => {
    const t = new GettingStartedTracker();
    for (let i = 0; i < 1_000_000; i++) t.observe(msg('out', `m${i}`));
    expect(t.observe(msg('in', 'm999999'))).toBe(true);
  });
});
