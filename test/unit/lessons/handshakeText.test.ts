// Show Handshake's text: the latest handshake of a timeline as the HTTP that went over the wire.
import { describe, expect, it } from 'vitest';
import { handshakeText } from '../../../src/lessons/handshakeText';
import { ACCEPT, timeline } from './timelineBuilder';

describe('handshake text', () => {
  it('shows the latest request line, headers, the 101 response and the accept check', () => {
    const events = timeline('ws://127.0.0.1:40000/chat?room=1').refused(400, 'Bad Request').connect({ protocol: 'chat.v1' }).events;
    const text = handshakeText('My connection', events);
    expect(text).toContain('GET /chat?room=1 HTTP/1.1\nUpgrade: websocket\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
    expect(text).toContain(`HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nSec-WebSocket-Accept: ${ACCEPT}`);
    expect(text).toContain('Sec-WebSocket-Accept is valid');
    expect(text).toContain('subprotocol "chat.v1"');
    expect(text).not.toContain('400');
  });

  it('says so when the accept value is wrong, and when there is no handshake yet', () => {
    expect(handshakeText('c', timeline().connect({ acceptValid: false }).events)).toContain('NOT valid');
    expect(handshakeText('c', [])).toMatch(/No handshake yet: connect first/);
  });
});
