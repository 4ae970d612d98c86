// The Get started walkthrough ticks a step each time the user does it: the tracker names the step
// every event proves (not only the first time), and the announcer passes each occurrence on, at
// most once a second per step, never dropping the last one.
import { describe, expect, it } from 'vitest';
import { GettingStartedTracker, StepAnnouncer, type Timers } from '../../../src/lessons/gettingStarted';
import type { TimelineEvent } from '../../../src/shared/events';

let seq = 0;
const ev = (e: Record<string, unknown>): TimelineEvent => ({ seq: ++seq, time: seq, ...e }) as unknown as TimelineEvent;
const msg = (dir: 'in' | 'out', data: string) => ev({ kind: 'message', dir, opcode: 'text', size: data.length, encoding: 'utf8', data });
const open = () => ev({ kind: 'open', protocol: '', extensions: '' });
const pong = () => ev({ kind: 'pong', dir: 'in', size: 0, payloadHex: '', rttMs: 3 });
const clientClose = () => ev({ kind: 'close', code: 1000, codeName: 'Normal Closure', reason: '', wasClean: true, initiator: 'client' });

/** Timers the test moves by hand. */
function manualTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  return {
    setTimeout(fn, ms) {
      pending.set(++next, { at: now + ms, fn });
      return next;
    },
    clearTimeout(h) {
      pending.delete(h as number);
    },
    advance(ms) {
      now += ms;
      for (const [h, t] of [...pending]) {
        if (t.at > now) continue;
        pending.delete(h);
        t.fn();
      }
    },
  };
}

describe('Get started walkthrough steps', () => {
  it('each event names the step it proves', () => {
    const t = new GettingStartedTracker();
    const steps = [
      ev({ kind: 'handshake-response', status: 101, statusText: 'Switching Protocols', headers: [], acceptValid: true, protocol: '', extensions: '' }),
      open(),
      msg('out', 'hello'),
      msg('in', 'something else'),
      msg('in', 'hello'),
      pong(),
      clientClose(),
    ].map((e) => t.observe(e));
    expect(steps).toEqual([undefined, 'connected', undefined, undefined, 'echoed', 'pong', 'closed']);
  });

  it('a step done again is named again: earlier use of the connection does not hide the next time', () => {
    const t = new GettingStartedTracker();
    const first = [open(), msg('out', 'hi'), msg('in', 'hi'), pong(), clientClose()].map((e) => t.observe(e));
    const again = [open(), msg('out', 'hello'), msg('in', 'hello'), pong(), clientClose()].map((e) => t.observe(e));
    expect(again).toEqual(first);
    expect(again).toEqual(['connected', undefined, 'echoed', 'pong', 'closed']);
  });

  it('what does not prove a step names none', () => {
    const t = new GettingStartedTracker();
    const steps = [
      msg('in', 'hello'), // received before anything was sent: not an echo
      msg('out', 'hello2'),
      ev({ kind: 'pong', dir: 'in', size: 0, payloadHex: '' }), // unsolicited pong: no round trip
      ev({ kind: 'close', code: 1001, codeName: 'Going Away', reason: '', wasClean: true, initiator: 'server' }),
    ].map((e) => t.observe(e));
    expect(steps).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('a connection that sent a million messages still recognises the echo of a recent one', () => {
    const t = new GettingStartedTracker();
    for (let i = 0; i < 1_000_000; i++) t.observe(msg('out', `m${i}`));
    expect(t.observe(msg('in', 'm999999'))).toBe('echoed');
  });

  it('the announcer passes the first occurrence at once and a burst as one more at the end of the second', () => {
    const timers = manualTimers();
    const announced: string[] = [];
    const a = new StepAnnouncer<string>((s) => announced.push(s), 1000, timers);
    a.occurred('echoed');
    expect(announced).toEqual(['echoed']);
    for (let i = 0; i < 10_000; i++) a.occurred('echoed');
    a.occurred('pong');
    expect(announced).toEqual(['echoed', 'pong']);
    timers.advance(1000);
    expect(announced).toEqual(['echoed', 'pong', 'echoed']);
    timers.advance(1000);
    expect(announced).toEqual(['echoed', 'pong', 'echoed']);
    // Later, the user does it again: announced again.
    timers.advance(5000);
    a.occurred('echoed');
    expect(announced).toEqual(['echoed', 'pong', 'echoed', 'echoed']);
    a.dispose();
    timers.advance(5000);
    expect(announced).toHaveLength(4);
  });
});
