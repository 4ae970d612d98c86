// What lets mock servers come back after a window reload (src/panels/servers/savedServers.ts):
// the saved list read back from workspace state, the port a user types, the autoStart setting, and
// the connections following a server that had to move to another port.
import { describe, expect, it } from 'vitest';
import {
  forgetServer, isPortInUse, movedUrl, parseAutoStart, parsePortInput, parseSavedServers, rememberServer,
} from '../../../src/panels/servers/savedServers';

describe('saved mock servers', () => {
  it('keeps one entry per port and drops malformed entries read back from workspace state', () => {
    let list = rememberServer([], { scenario: 'echo', port: 5000 });
    list = rememberServer(list, { scenario: 'chat', port: 5001, tls: true });
    list = rememberServer(list, { scenario: 'ticker', port: 5000 });
    expect(list).toEqual([{ scenario: 'chat', port: 5001, tls: true }, { scenario: 'ticker', port: 5000 }]);
    expect(forgetServer(list, 5001)).toEqual([{ scenario: 'ticker', port: 5000 }]);
    expect(parseSavedServers([...list, { scenario: 'x', port: 0 }, { scenario: '', port: 1 }, { port: 2 }, 'echo', null, { scenario: 'y', port: 70000 }]))
      .toEqual(list);
    expect(parseSavedServers(undefined)).toEqual([]);
    expect(parseSavedServers({ scenario: 'echo', port: 1 })).toEqual([]);
    expect(parseSavedServers([{ scenario: 'f.wsmock.yaml', file: '/w/f.wsmock.yaml', port: 9 }])).toEqual([{ scenario: 'f.wsmock.yaml', file: '/w/f.wsmock.yaml', port: 9 }]);
  });

  it('reads a typed port: blank is any free port, anything else is 1–65535 with a message', () => {
    expect(parsePortInput('')).toEqual({ ok: true, port: 0 });
    expect(parsePortInput('  8080 ')).toEqual({ ok: true, port: 8080 });
    expect(parsePortInput('0')).toMatchObject({ ok: false, error: 'A port is between 1 and 65535' });
    expect(parsePortInput('65536')).toMatchObject({ ok: false, error: 'A port is between 1 and 65535' });
    expect(parsePortInput('80a')).toMatchObject({ ok: false, error: expect.stringMatching(/Enter a port number/) });
    expect(parsePortInput('-1')).toMatchObject({ ok: false });
  });

  it('recognises a port in use', () => {
    expect(isPortInUse('the mock server could not start: listen EADDRINUSE: address already in use 127.0.0.1:5000')).toBe(true);
    expect(isPortInUse('cannot start the mock server: port 5000 is already in use on 127.0.0.1')).toBe(true);
    expect(isPortInUse('listen EACCES: permission denied 127.0.0.1:80')).toBe(false);
  });

  it('moves URLs on the old origin to the new one, path and query kept, and leaves others alone', () => {
    expect(movedUrl('ws://127.0.0.1:5000/chat?room=1', 'ws://127.0.0.1:5000', 'ws://127.0.0.1:6001')).toBe('ws://127.0.0.1:6001/chat?room=1');
    expect(movedUrl('ws://127.0.0.1:5000', 'ws://127.0.0.1:5000', 'ws://127.0.0.1:6001')).toBe('ws://127.0.0.1:6001');
    expect(movedUrl('ws://127.0.0.1:50001/x', 'ws://127.0.0.1:5000', 'ws://127.0.0.1:6001')).toBeUndefined();
    expect(movedUrl('wss://127.0.0.1:5000/x', 'ws://127.0.0.1:5000', 'ws://127.0.0.1:6001')).toBeUndefined();
    expect(movedUrl('ws://{{host}}/x', 'ws://127.0.0.1:5000', 'ws://127.0.0.1:6001')).toBeUndefined();
  });

  it('reads websocketLab.mockServer.autoStart: built-in scenarios only, with clear problems for the rest', () => {
    const builtins = ['echo', 'chat'];
    expect(parseAutoStart([{ scenario: 'echo', port: 8765 }, 'chat'], builtins)).toEqual({
      servers: [{ scenario: 'echo', port: 8765 }, { scenario: 'chat', port: 0 }],
      problems: [],
    });
    const bad = parseAutoStart([{ scenario: '/tmp/evil.wsmock.yaml' }, { scenario: 'echo', port: 'x' }, 42], builtins);
    expect(bad.servers).toEqual([]);
    expect(bad.problems).toEqual([
      'websocketLab.mockServer.autoStart: "/tmp/evil.wsmock.yaml" is not a built-in scenario (echo, chat)',
      'websocketLab.mockServer.autoStart: the port of "echo" must be a whole number from 0 (any free port) to 65535',
      'websocketLab.mockServer.autoStart: "undefined" is not a built-in scenario (echo, chat)',
    ]);
    expect(parseAutoStart({ scenario: 'echo' }, builtins).problems).toHaveLength(1);
    expect(parseAutoStart(undefined, builtins)).toEqual({ servers: [], problems: [] });
  });
});
