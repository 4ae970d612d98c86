// The certificate of wss:// mock servers, made on first use and reused afterwards so a user has to
// trust it only once.
//
// It is a self-signed LEAF: CA:FALSE, keyUsage digitalSignature only (no keyCertSign), extKeyUsage
// serverAuth, names localhost, 127.0.0.1 and ::1. Whoever reads its key can then at most pose as
// those three names to a client that trusts this certificate; with a CA's key (what versions before
// this one made) they could mint certificates for any domain, which a system-wide trust would accept.
// A CA restricted by name constraints to the same three names was the other way. We did not take it:
// RFC 5280 leaves it to each client whether it applies the constraints of a trust anchor, so on a
// client that skips them the key would again sign for any name. And a leaf is accepted as a trust
// anchor where users trust it: Node.js (`ca`, NODE_EXTRA_CA_CERTS: OpenSSL 3 takes a self-signed
// certificate in its trust store as its own anchor) and Chromium on Linux (a "trusted peer" in the
// user's NSS database, certutil -t P,,), both checked by test/unit/server/tlsCert.test.ts; Firefox
// takes it as a server exception (not tested here).

import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
  certDir: string;
  /** True when this call created the certificate. */
  created: boolean;
}

const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
const DIR_MODE = 0o700;
const POSIX = process.platform !== 'win32';

/**
 * $XDG_CACHE_HOME/websocket-lab/certs, else ~/.cache/websocket-lab/certs; undefined without a home
 * folder. Never a shared temp folder: another user could create it first and read or replace the key.
 */
export function defaultCertDir(): string | undefined {
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'websocket-lab', 'certs');
  let home = '';
  try {
    home = homedir();
  } catch {
    // No HOME and no entry in the user database.
  }
  return home && isAbsolute(home) ? join(home, '.cache', 'websocket-lab', 'certs') : undefined;
}

const NO_CERT_DIR =
  'no folder to keep the TLS certificate in: neither XDG_CACHE_HOME nor a home folder is set. ' +
  'Choose a folder of your own (websocket-lab mock --cert-dir <dir>); a shared temp folder is not used, ' +
  'as other users of the machine could read or replace the private key there.';

function stillUsable(certPem: string, keyPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    // Versions before this one made a CA (CA:TRUE, keyCertSign): its key could sign for any name.
    if (cert.ca) return false;
    // A key and certificate that do not belong together (written by two starts at once) are renewed.
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    // Renew a week before expiry so a long session does not hit it.
    return new Date(cert.validTo).getTime() - Date.now() > 7 * 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

// Two servers starting together in one process must not write two different key/cert pairs.
const inFlight = new Map<string, Promise<TlsMaterial>>();

export function ensureCertificate(certDir: string | undefined = defaultCertDir()): Promise<TlsMaterial> {
  if (!certDir) return Promise.reject(new Error(NO_CERT_DIR));
  let pending = inFlight.get(certDir);
  if (!pending) {
    pending = loadOrCreate(certDir).finally(() => inFlight.delete(certDir));
    inFlight.set(certDir, pending);
  }
  return pending;
}

/**
 * The folder exists, is the current user's and only theirs (0700): nobody else may list it, or put
 * or swap files in it. mkdir's mode applies only when it creates the folder, so an existing one is
 * chmodded; one that belongs to another user is refused (we could not make it private).
 */
async function privateFolder(certDir: string): Promise<void> {
  await mkdir(certDir, { recursive: true, mode: DIR_MODE });
  if (!POSIX) return;
  const info = await stat(certDir);
  if (!info.isDirectory()) throw new Error(`the certificate folder ${certDir} is not a folder`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new Error(`the certificate folder ${certDir} belongs to another user (uid ${info.uid}): the private key is kept only in a folder of yours; choose another (--cert-dir)`);
  }
  if ((info.mode & 0o777) !== DIR_MODE) await chmod(certDir, DIR_MODE);
}

/**
 * Writes a new file next to `path` and renames it over: a reader sees the old file or the new one,
 * never half of one, and the file has exactly `mode` even when `path` existed with another mode
 * (writeFile's mode applies only to a file it creates, and the umask narrows it; chmod does not).
 */
async function replaceFile(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    if (POSIX) await chmod(temp, mode);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

async function loadOrCreate(certDir: string): Promise<TlsMaterial> {
  const certPath = join(certDir, 'websocket-lab-cert.pem');
  const keyPath = join(certDir, 'websocket-lab-key.pem');
  await privateFolder(certDir);
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    if (stillUsable(cert, key)) {
      // A key copied in, or restored from a backup, may have come back readable by others.
      if (POSIX && ((await stat(keyPath)).mode & 0o077) !== 0) await chmod(keyPath, KEY_MODE);
      return { cert, key, certPath, keyPath, certDir, created: false };
    }
  } catch {
    // Missing or unreadable: make a new one below.
  }
  // Loaded only when needed: the certificate library is large and most servers are plain ws://.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'WebSocket Lab (local mock server)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      // An ECDSA key signs the handshake; there is nothing to encipher, and no certificate to sign.
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  // The key first: a reader that finds the new certificate finds its key too.
  await replaceFile(keyPath, pems.private, KEY_MODE);
  await replaceFile(certPath, pems.cert, CERT_MODE);
  return { cert: pems.cert, key: pems.private, certPath, keyPath, certDir, created: true };
}

/** How to make clients trust the certificate, shown by the CLI and the extension. */
export function trustGuidance(certPath: string): string {
  return [
    `The wss:// server uses a self-signed certificate: ${certPath}`,
    'It is valid only for localhost, 127.0.0.1 and ::1, and it cannot sign other certificates.',
    'Clients reject it until you trust it. Trust it in the client you test with, not in the whole system:',
    `  Node.js / the ws library: NODE_EXTRA_CA_CERTS=${certPath} node client.js   (or pass { ca } to new WebSocket)`,
    '  A WebSocket Lab connection: set its CA file to this path ("New Connection Trusting It" does).',
    '  Chromium on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t P,, -n websocket-lab -i ' + certPath,
    '  Firefox: open the https:// address of the server once and add an exception for it.',
    'Trusting it means: whoever can read its private key (next to it, readable only by you) can pose as',
    'localhost to every client that trusts it. Adding it to the system store extends that to every program',
    'of every user of this machine, so do not, and never trust it on a machine you share.',
  ].join('\n');
}
