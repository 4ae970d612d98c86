// The one "only this machine can reach it" rule the CLI and the extension warn with.
import { lookup } from 'node:dns/promises';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../src/wire/loopback';

const LOOPBACK = [
  '127.0.0.1',
  '127.0.0.2', // the extension used to warn for it: only 127.0.0.1 was on its list
  '127.255.255.254',
  '127.1',
  '0x7f.0.0.2',
  '0X7F.1',
  '2130706433',
  '0177.0.0.1',
  '127.0.0.01',
  'localhost',
  'LOCALHOST',
  '::1',
  '[::1]',
  '0:0:0:0:0:0:0:1',
  '::0001',
  '::ffff:127.0.0.1',
  '[::ffff:127.0.0.2]',
  '::ffff:7f00:1',
  '::FFFF:127.9.8.7',
];

const REACHABLE = [
  '10.0.0.1',
  '0.0.0.0',
  '192.168.1.10',
  '128.0.0.1',
  '126.255.255.255',
  '1.127.0.0',
  '0127.0.0.1', // octal: 87.0.0.1
  '127.0.0.08', // not an address (8 is no octal digit)
  '::',
  '[::]',
  '::2',
  '1::1',
  '::ffff:10.0.0.1',
  '::127.0.0.1', // IPv4-compatible, not mapped: not routed to loopback
  'example.com',
  'localhost.example.com',
  '127.0.0.1.example.com',
  '',
];

describe('isLoopbackHost', () => {
  it.each(LOOPBACK)('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(REACHABLE)('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('reads IPv4 literals as Node does when it binds (inet_aton forms: short, hex, octal, one number)', async () => {
    const literals = ['127.1', '0x7f.0.0.2', '2130706433', '0177.0.0.1', '127.0.0.01', '0127.0.0.1', '127.65535', '0x7f000001', '10.0.0.1', '0.0.0.0', '128.0.0.1', '0x80.1'];
    for (const host of literals) {
      const { address } = await lookup(host, { family: 4 });
      expect(isLoopbackHost(host), `${host} → ${address}`).toBe(address.startsWith('127.'));
    }
  });
});
