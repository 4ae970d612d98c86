// A self-signed certificate for wss://, generated on first use and reused afterwards so a user
// has to trust it only once.

import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
  certDir: string;
  /** True when this call created the certificate. */
  created: boolean;
}

/** ~/.cache/websocket-lab/certs (XDG_CACHE_HOME respected), or a temp folder without a home. */
export function defaultCertDir(): string {
  const cache = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return cache ? join(cache, 'websocket-lab', 'certs') : join(tmpdir(), 'websocket-lab', 'certs');
}

function stillUsable(certPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    // Renew a week before expiry so a long session does not hit it.
    return new Date(cert.validTo).getTime() - Date.now() > 7 * 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

// Two servers starting together in one process must not write two different key/cert pairs.
const inFlight = new Map<string, Promise<TlsMaterial>>();

export function ensureCertificate(certDir = defaultCertDir()): Promise<TlsMaterial> {
  let pending = inFlight.get(certDir);
  if (!pending) {
    pending = loadOrCreate(certDir).finally(() => inFlight.delete(certDir));
    inFlight.set(certDir, pending);
  }
  return pending;
}

async function loadOrCreate(certDir: string): Promise<TlsMaterial> {
  const certPath = join(certDir, 'websocket-lab-cert.pem');
  const keyPath = join(certDir, 'websocket-lab-key.pem');
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    if (stillUsable(cert)) return { cert, key, certPath, keyPath, certDir, created: false };
  } catch {
    // Missing or unreadable: make a new one below.
  }
  await mkdir(certDir, { recursive: true, mode: 0o700 });
  // Loaded only when needed: the certificate library is large and most servers are plain ws://.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'WebSocket Lab (local mock server)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, certPath, keyPath, certDir, created: true };
}

/** How to make clients trust the certificate, shown by the CLI and the extension. */
export function trustGuidance(certPath: string): string {
  return [
    `The wss:// server uses a self-signed certificate: ${certPath}`,
    'Clients reject it until you trust it:',
    `  Node.js / the ws library: NODE_EXTRA_CA_CERTS=${certPath} node client.js   (or pass { ca } to new WebSocket)`,
    '  A browser: open the https:// address of the server once and accept the warning, or import the certificate as a trusted authority.',
    `  Debian/Ubuntu system store: sudo cp ${certPath} /usr/local/share/ca-certificates/websocket-lab.crt && sudo update-ca-certificates`,
    'Never trust it on a machine you share: anyone with its key (next to it) could impersonate localhost.',
  ].join('\n');
}
