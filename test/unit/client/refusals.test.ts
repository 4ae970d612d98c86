// What the session does after a refused handshake, and what the UI hears when the user stops a
// pending reconnect. Real HTTP servers on 127.0.0.1 answer the upgrade requests.
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, liveSession, rawUpgradeServer } from './netHelpers';
import { DEFAULT_RECONNECT } from '../../../src/shared/connection';

afterEach(closeAll);

const refusal = (status: string, body = 'nope') =>
  `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
const fastReconnect = { ...DEFAULT_RECONNECT, baseDelayMs: 20, maxDelayMs: 40 };

describe('refused handshakes', () => {
  it('a 401 refusal is not retried: the timeline says why and what to change', async () => {
    const { url } = await rawUpgradeServer(refusal('401 Unauthorized', '{"error":"missing token"}'));
    const { session, waitFor, ofKind } = liveSession({ url, reconnect: fastReconnect });
    session.connect();
    const error = await waitFor('error', (e) => e.category === 'handshake-rejected');
    expect(error.status).toBe(401);
    const info = await waitFor('info', (e) => /Not reconnecting/.test(e.message));
    expect(info.message).toContain('HTTP 401');
    expect(ofKind('reconnect-scheduled')).toHaveLength(0);
    expect(session.stats.reconnectAt).toBeUndefined();
  });

  it('a 503 refusal is retried with backoff, like a server that is restarting', async () => {
    const { url } = await rawUpgradeServer(refusal('503 Service Unavailable'));
    const { session, waitFor } = liveSession({ url, reconnect: fastReconnect });
    session.connect();
    const scheduled = await waitFor('reconnect-scheduled');
    expect(scheduled.attempt).toBe(1);
    expect(scheduled.delayMs).toBeLessThanOrEqual(40);
    session.disconnect();
  });

  it('disconnecting while a reconnect is pending tells the UI at once that nothing is pending', async () => {
    const { url } = await rawUpgradeServer(refusal('503 Service Unavailable'));
    const { session, waitFor } = liveSession({ url, reconnect: { ...fastReconnect, baseDelayMs: 5000, maxDelayMs: 5000, jitter: false } });
    const figures: Array<number | undefined> = [];
    session.onStats((s) => figures.push(s.reconnectAt));
    session.connect();
    await waitFor('reconnect-scheduled');
    const before = figures.length;
    expect(session.disconnect().ok).toBe(true);
    // Synchronously, not after a throttle: the UI's last figures have no pending reconnect.
    expect(figures.length).toBeGreaterThan(before);
    expect(figures.at(-1)).toBeUndefined();
    await waitFor('info', (e) => /Pending reconnect cancelled/.test(e.message));
  });
});
