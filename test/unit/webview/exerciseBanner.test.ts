// Issue 13: the lesson's "exercise passed" banner quoted a JSON message with its quotes escaped a
// second time (`your message "{\"hello\":\"json\"}" echoed back`), which is not what the learner
// typed. The banner shows the check's message as it is, so the message must quote it as typed.

import { describe, expect, it } from 'vitest';
import { checkExercise } from '../../../src/lessons/exercises';
import { timeline } from '../lessons/timelineBuilder';

describe('the exercise banner quotes messages as typed', () => {
  it('a JSON message reads as the JSON the learner sent, not escaped again', () => {
    const events = timeline().connect()
      .send('{"hello":"json"}', { format: 'json' }).receive('{"hello":"json"}')
      .send('gaVoZWxsb6Rqc29u', { binary: true, format: 'msgpack' }).receive('gaVoZWxsb6Rqc29u', { binary: true }).events;
    const result = checkExercise('m06', events);
    expect(result.passed).toBe(true);
    expect(result.message).toContain('your message “{"hello":"json"}” echoed back');
    expect(result.message).not.toContain('\\"');
  });

  it('a long or multi-line message is shortened on one line', () => {
    const body = `{\n  "text": "${'x'.repeat(80)}"\n}`;
    const result = checkExercise('m01', timeline().connect().send(body).receive(body).events);
    expect(result.passed).toBe(true);
    expect(result.message).toMatch(/your message “\{ "text": "x+…” echoed back/);
    expect(result.message).not.toMatch(/\\n|\\"/);
  });
});
