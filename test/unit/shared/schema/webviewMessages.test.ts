// Webview messages are checked against one schema per message type
// (src/shared/schema/webviewMessages.ts); the composer's limits and formats are the ones the
// protocol advertises, not a copy of them.
import { describe, expect, it } from 'vitest';
import { MAX_COMPOSER_BODY, parseWebviewMessage } from '../../../../src/shared/protocol/timeline';
import { COMPOSER_FORMATS } from '../../../../src/shared/connection';

describe('timeline webview messages', () => {
  it('a composer body of exactly MAX_COMPOSER_BODY is taken, one character more is refused', () => {
    expect(parseWebviewMessage({ type: 'send', requestId: 1, format: 'text', body: 'x'.repeat(MAX_COMPOSER_BODY) }).ok).toBe(true);
    expect(parseWebviewMessage({ type: 'send', requestId: 1, format: 'text', body: 'x'.repeat(MAX_COMPOSER_BODY + 1) })).toEqual({ ok: false, error: 'send: body must be a string of at most 16 MiB' });
  });

  it('every composer format can be sent and saved, and the error lists exactly those formats', () => {
    for (const format of COMPOSER_FORMATS) {
      expect(parseWebviewMessage({ type: 'send', requestId: 1, format, body: '' }).ok, format).toBe(true);
      expect(parseWebviewMessage({ type: 'saveMessage', requestId: 1, message: { name: 'n', format, body: '' } }).ok, format).toBe(true);
    }
    expect(parseWebviewMessage({ type: 'send', requestId: 1, format: 'xml', body: '' })).toEqual({ ok: false, error: `send: format must be one of ${COMPOSER_FORMATS.join(', ')}` });
  });

  it('a message without a type says so', () => {
    expect(parseWebviewMessage({ requestId: 1 })).toEqual({ ok: false, error: 'message has no type' });
  });
});
