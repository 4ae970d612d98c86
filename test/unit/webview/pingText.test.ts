// Issue 13: a ping or pong payload showed only as hex ("PING 68 69"); when it is text, the row
// and the detail pane show the text too, so "keepalive" reads as itself.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/shared/events';
import { controlPayloadText, describeEvent, eventSearchText } from '../../../src/shared/eventKinds';

const ping = (payloadHex: string): TimelineEvent => ({ seq: 1, time: 0, kind: 'ping', dir: 'out', size: payloadHex.length / 2, payloadHex });

describe('ping and pong payloads as text', () => {
  it('a UTF-8 payload reads as hex and as text, in the row and in search', () => {
    expect(describeEvent(ping('6869'))).toBe('PING 68 69 “hi”');
    expect(describeEvent({ seq: 2, time: 1, kind: 'pong', dir: 'in', size: 2, payloadHex: '6869', rttMs: 3 })).toBe('PONG 68 69 “hi”  RTT 3 ms');
    expect(eventSearchText(ping('6b656570616c697665'))).toContain('keepalive');
  });

  it('decodes multi-byte UTF-8', () => {
    expect(controlPayloadText('c3a96cc3a8766520f09f9a80')).toBe('élève 🚀');
  });

  it('a payload that is not text stays hex only', () => {
    // Not valid UTF-8 (a lone continuation byte, a cut sequence), or control characters such as
    // an 8-byte binary timestamp: the hex says more than garbage text would.
    expect(describeEvent(ping('80'))).toBe('PING 80');
    expect(describeEvent(ping('68c3'))).toBe('PING 68 c3');
    expect(describeEvent(ping('0000019a2b3c4d5e'))).toBe('PING 00 00 01 9a 2b 3c 4d 5e');
    expect(controlPayloadText('')).toBeUndefined();
    expect(describeEvent(ping(''))).toBe('PING (no payload)');
  });
});
