// Issue 13: Send stayed enabled on invalid JSON and then did nothing. It is now disabled, and the
// composer says why beside it; this is the reason it shows.

import { describe, expect, it } from 'vitest';
import { sendBlockedReason } from '../../../media/webview/timeline/composerValidation';

describe('why Send is disabled', () => {
  it('invalid JSON names the line and column', () => {
    expect(sendBlockedReason('json', '{"a": }')).toBe('Invalid JSON: line 1, column 7');
    expect(sendBlockedReason('json', '{\n  "a": 1,\n  oops\n}')).toBe('Invalid JSON: line 3, column 3');
    expect(sendBlockedReason('msgpack', '{')).toBe('Invalid MessagePack: line 1, column 2');
  });

  it('bytes that do not parse name the format', () => {
    expect(sendBlockedReason('hex', 'de ad b')).toMatch(/^Invalid Hex/);
    expect(sendBlockedReason('base64', '@@')).toBe('Invalid Base64: line 1, column 1');
  });

  it('an empty body that the format cannot send says so', () => {
    expect(sendBlockedReason('json', '  ')).toBe('Nothing to send: the JSON body is empty');
  });

  it('a body that can be sent leaves Send enabled', () => {
    expect(sendBlockedReason('json', '{"a": 1}')).toBeUndefined();
    expect(sendBlockedReason('text', '')).toBeUndefined();
    expect(sendBlockedReason('text', '{"a": }')).toBeUndefined();
    expect(sendBlockedReason('hex', 'de ad be ef')).toBeUndefined();
  });
});
