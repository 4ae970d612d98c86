// The wss:// certificate (security review, finding 6). It used to be a CA (CA:TRUE, keyCertSign)
// that users were told to trust system-wide: whoever read its key could mint certificates every
// program would accept for any domain. Now it is a self-signed leaf for localhost, 127.0.0.1 and ::1
// (src/server/net/tlsCert.ts says why a leaf and not a name-constrained CA). These tests check what
// that means for a user: a client that trusts it accepts the mock server (Node's `ca`,
// NODE_EXTRA_CA_CERTS, Debian's Chromium with the certificate in its NSS database) and refuses a
// certificate for another name signed with its key (Node's TLS and `openssl verify`); the key and
// its folder stay private through renewals; certificates made by older versions are replaced; and
// the certificate is never kept in a shared temp folder.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultCertDir, ensureCertificate } from '../../../src/server/net/tlsCert';
import { startMockServer } from '../../../src/server';
import { cleanup, open, start, withTimeout } from './helpers';

afterEach(cleanup);

const repoRoot = resolve(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'wslab-tlscert-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
/** A new certificate folder path inside the test's private scratch folder (not created). */
const newDir = (): string => join(scratch, `certs-${++dirs}`);

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const OPENSSL = has('openssl');
const CERTUTIL = has('certutil');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** The certificate versions before the fix made: a CA for localhost (the review's finding). */
function oldStyleCa(notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000)) {
  return generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
}

/** What an attacker who read the key would make: a certificate for evil.example signed with it. */
function signedFor(name: string, issuer: { cert: string; key: string }) {
  return generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ca: issuer,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
    ],
  });
}

/**
 * A TLS server presenting `chain` (leaf first), and a client that trusts only `ca` connecting to
 * it for `servername`: resolves with 'accepted' or the verification error ("code: message").
 */
async function handshake(chain: string[], key: string, ca: string, servername: string): Promise<string> {
  const server: Server = createServer({ cert: chain.join('\n'), key }, (socket) => socket.end());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  try {
    return await withTimeout(
      new Promise<string>((done) => {
        const socket = connect({ host: '127.0.0.1', port, servername, ca }, () => {
          socket.destroy();
          done('accepted');
        });
        socket.on('error', (e: NodeJS.ErrnoException) => done(`${e.code}: ${e.message}`));
      }),
      5000,
      'a TLS handshake',
    );
  } finally {
    await new Promise((done) => server.close(done));
  }
}

describe('the wss:// certificate is a leaf, not a CA', () => {
  it('is for localhost, 127.0.0.1 and ::1, for server authentication, and cannot sign certificates', async () => {
    const tls = await ensureCertificate(newDir());
    const cert = new X509Certificate(tls.cert);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    // Self-signed, but OpenSSL's issuer check (X509_check_issued) says it cannot issue, even itself:
    // its key usage lacks Certificate Sign. A certificate made as before passes that check.
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(false);
    const old = new X509Certificate((await oldStyleCa()).cert);
    expect(old.ca).toBe(true);
    expect(old.checkIssued(old)).toBe(true);
  });

  it('a certificate for evil.example signed with its key is refused by a Node client that trusts it', async () => {
    const tls = await ensureCertificate(newDir());
    const evil = await signedFor('evil.example', { cert: tls.cert, key: tls.key });
    // OpenSSL refuses the chain at our certificate: it may not sign certificates (CA:FALSE, no Certificate Sign).
    expect(await handshake([evil.cert, tls.cert], evil.private, tls.cert, 'evil.example')).toMatch(/key usage does not include certificate signing|invalid CA certificate/);
    // What the review found: the same forgery under a certificate made as before is accepted.
    const old = await oldStyleCa();
    const forged = await signedFor('evil.example', { cert: old.cert, key: old.private });
    expect(await handshake([forged.cert, old.cert], forged.private, old.cert, 'evil.example')).toBe('accepted');
  });

  it.skipIf(!OPENSSL)('openssl sees CA:FALSE, Digital Signature only, TLS Web Server Authentication, and refuses what its key signs', async () => {
    const dir = newDir();
    const tls = await ensureCertificate(dir);
    const text = execFileSync('openssl', ['x509', '-in', tls.certPath, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\s*\n/);
    expect(text).not.toContain('Certificate Sign');
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication\s*\n/);
    expect(text).toContain('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    // Trusted as itself, it verifies (OpenSSL takes a self-signed certificate in its store as an anchor).
    const self = spawnSync('openssl', ['verify', '-CAfile', tls.certPath, tls.certPath], { encoding: 'utf8' });
    expect(self.stdout + self.stderr).toContain(': OK');
    const evil = await signedFor('evil.example', { cert: tls.cert, key: tls.key });
    const evilPath = join(dir, 'evil.pem');
    writeFileSync(evilPath, evil.cert);
    const refused = spawnSync('openssl', ['verify', '-CAfile', tls.certPath, evilPath], { encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/invalid CA certificate/);
  });
});

describe('clients that trust it accept the wss:// mock server', () => {
  it('a ws client with the ca option, and a node process with NODE_EXTRA_CA_CERTS; a node process without it is refused', async () => {
    const server = await start('echo', { tls: true, certDir: newDir() });
    const client = await open(server.url, undefined, { ca: readFileSync(server.tls!.certPath, 'utf8') });
    client.send('trusted by ca');
    expect((await client.next()).text).toBe('trusted by ca');

    const script = `const WebSocket = require('ws');
      const ws = new WebSocket(process.argv[1]);
      ws.on('open', () => ws.send('trusted by NODE_EXTRA_CA_CERTS'));
      ws.on('message', (m) => { console.log('echo: ' + m); ws.close(); });
      ws.on('error', (e) => { console.log('error: ' + e.message); process.exitCode = 1; });`;
    const run = (env: NodeJS.ProcessEnv) =>
      withTimeout(
        new Promise<string>((done) => {
          const child = spawn(process.execPath, ['-e', script, server.url], { cwd: repoRoot, env });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('close', () => done(out));
        }),
        15_000,
        'the node client',
      );
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    delete env.NODE_OPTIONS;
    expect(await run({ ...env, NODE_EXTRA_CA_CERTS: server.tls!.certPath })).toContain('echo: trusted by NODE_EXTRA_CA_CERTS');
    expect(await run(env)).toMatch(/error: .*self[- ]signed/);
  });

  // Chromium takes trust from the user's NSS database ($HOME/.pki/nssdb): the certificate is added
  // there as a trusted peer (P,,) in a home folder made for the test, so nothing of the system
  // changes. --ignore-certificate-errors* would not be trust; a second server whose certificate is
  // not in the database shows that verification is on.
  it.skipIf(!CERTUTIL)('Debian\'s Chromium with the certificate in its NSS database opens https:// and wss:// on it', async () => {
    const trusted = await start('echo', { tls: true, certDir: newDir() });
    const untrusted = await start('echo', { tls: true, certDir: newDir() });
    const home = join(scratch, 'chromium-home');
    const nssdb = `sql:${join(home, '.pki', 'nssdb')}`;
    mkdirSync(join(home, '.pki', 'nssdb'), { recursive: true });
    execFileSync('certutil', ['-N', '-d', nssdb, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', nssdb, '-t', 'P,,', '-n', 'websocket-lab', '-i', trusted.tls!.certPath]);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, HOME: home },
    });
    try {
      const page = await browser.newPage();
      const health = await page.goto(`${trusted.httpUrl}/healthz`);
      expect(health?.status()).toBe(200);
      const echoed = await page.evaluate(async (url: string) => {
        type Socket = { onopen: () => void; onmessage: (e: { data: string }) => void; onerror: () => void; send(text: string): void };
        const WebSocketCtor = (globalThis as unknown as { WebSocket: new (url: string) => Socket }).WebSocket;
        return new Promise<string>((done) => {
          const ws = new WebSocketCtor(url);
          ws.onopen = () => ws.send('trusted by Chromium');
          ws.onmessage = (e) => done(e.data);
          ws.onerror = () => done('error');
        });
      }, trusted.url);
      expect(echoed).toBe('trusted by Chromium');
      await expect(page.goto(`${untrusted.httpUrl}/healthz`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await browser.close();
    }
  }, 90_000);
});

describe('the key and its folder stay private; old certificates are replaced', () => {
  const mode = (path: string): number => statSync(path).mode & 0o777;

  it('a new certificate: the folder is 0700, the key 0600', async () => {
    const dir = join(newDir(), 'nested');
    const tls = await ensureCertificate(dir);
    expect(tls.created).toBe(true);
    expect(mode(dir)).toBe(0o700);
    expect(mode(tls.keyPath)).toBe(0o600);
  });

  it('a renewal makes the key 0600 and the folder 0700 again, whatever they were', async () => {
    const dir = newDir();
    const first = await ensureCertificate(dir);
    // Three days left: renewed (a week before expiry). The files had drifted to readable by all.
    const expiring = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 3 * 24 * 3600 * 1000), extensions: [{ name: 'basicConstraints', cA: false }] });
    writeFileSync(first.certPath, expiring.cert);
    writeFileSync(first.keyPath, expiring.private);
    chmodSync(first.keyPath, 0o644);
    chmodSync(dir, 0o755);
    const renewed = await ensureCertificate(dir);
    expect(renewed.created).toBe(true);
    expect(renewed.cert).not.toBe(expiring.cert);
    expect(mode(renewed.keyPath)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
  });

  it('a kept certificate whose key became readable by others: the key is made 0600 again', async () => {
    const dir = newDir();
    const first = await ensureCertificate(dir);
    chmodSync(first.keyPath, 0o640);
    const again = await ensureCertificate(dir);
    expect(again.created).toBe(false);
    expect(again.cert).toBe(first.cert);
    expect(mode(again.keyPath)).toBe(0o600);
  });

  it('a CA certificate made by an older version is replaced by a leaf on the next start', async () => {
    const dir = newDir();
    mkdirSync(dir, { mode: 0o700 });
    const old = await oldStyleCa();
    writeFileSync(join(dir, 'websocket-lab-cert.pem'), old.cert);
    writeFileSync(join(dir, 'websocket-lab-key.pem'), old.private, { mode: 0o600 });
    const server = await start('echo', { tls: true, certDir: dir });
    expect(server.tls!.cert).not.toBe(old.cert);
    expect(new X509Certificate(readFileSync(join(dir, 'websocket-lab-cert.pem'))).ca).toBe(false);
    const client = await open(server.url, undefined, { ca: server.tls!.cert });
    client.send('renewed');
    expect((await client.next()).text).toBe('renewed');
  });

  it.skipIf(process.getuid?.() !== 0)('a certificate folder that belongs to another user is refused with a message', async () => {
    const dir = newDir();
    mkdirSync(dir, { mode: 0o755 });
    chownSync(dir, 65534, 65534);
    await expect(ensureCertificate(dir)).rejects.toThrow(/belongs to another user .*--cert-dir/);
  });
});

describe('no shared temp folder', () => {
  const saved = { HOME: process.env.HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('XDG_CACHE_HOME when absolute, else ~/.cache; a relative XDG_CACHE_HOME is ignored', () => {
    process.env.XDG_CACHE_HOME = '/home/someone/.xdg-cache';
    expect(defaultCertDir()).toBe('/home/someone/.xdg-cache/websocket-lab/certs');
    process.env.XDG_CACHE_HOME = 'relative/cache';
    process.env.HOME = '/home/someone';
    expect(defaultCertDir()).toBe('/home/someone/.cache/websocket-lab/certs');
  });

  it('without XDG_CACHE_HOME and a home folder there is no default, and a wss:// server asks for a folder instead of using /tmp', async () => {
    delete process.env.XDG_CACHE_HOME;
    process.env.HOME = '';
    expect(defaultCertDir()).toBeUndefined();
    await expect(startMockServer({ scenario: 'echo', tls: true })).rejects.toThrow(/no folder to keep the TLS certificate in.*--cert-dir/s);
  });
});
