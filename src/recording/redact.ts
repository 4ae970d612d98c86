// Keeps secret values (tokens, API keys) out of everything that leaves the extension:
// exports, logs, copy-as-code. A secret is caught in the forms it usually travels in: as is,
// URL-encoded (query strings), base64 (Basic auth, JWT parts) and JSON-escaped (inside exports).

import type { TimelineEvent } from '../shared/events';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../codecs/payload';

export const REDACTED = '«secret»';

/** Header names whose values are credentials whatever the connection marks as secret. */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'api-key',
]);

export function isSensitiveHeaderName(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase());
}

/** The spellings of one secret worth looking for, longest first so a longer form is replaced whole. */
function formsOf(secret: string): string[] {
  const utf8 = new TextEncoder().encode(secret);
  const b64 = bytesToBase64(utf8);
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    encodeURI(secret),
    b64,
    b64.replace(/=+$/, ''),
    bytesToBase64(utf8, { urlSafe: true }),
    JSON.stringify(secret).slice(1, -1),
    // Ping/pong payloads are shown as hex.
    bytesToHex(utf8),
  ]);
  return [...forms].filter((f) => f !== '');
}

/**
 * A function that redacts these secrets, with their spellings worked out once: for the session,
 * which redacts every event it records. Undefined when there is nothing to hide.
 */
export function secretRedactor(secrets: readonly string[]): ((text: string) => string) | undefined {
  const forms = [...new Set(secrets.filter((s) => s !== '').flatMap(formsOf))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return undefined;
  return (text) => {
    let out = text;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
}

/** Replaces every occurrence of each secret (in any of its usual encodings) with «secret». */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets)?.(text) ?? text;
}

/**
 * The credentials written into a URL (ws://user:password@host): the password as typed and
 * decoded, and "user:password", whose base64 is what ws sends as Basic authorization.
 */
export function urlCredentialSecrets(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return [];
  }
  if (!u.password) return [];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return [...new Set([u.password, decode(u.password), `${decode(u.username)}:${decode(u.password)}`])];
}

/**
 * Redacts a header list: credential headers (Authorization, Cookie...) and `secretNames` lose
 * their whole value; other values have known secrets replaced.
 */
export function redactHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  secrets: readonly string[],
  secretNames: readonly string[] = [],
): Array<[string, string]> {
  const names = new Set(secretNames.map((n) => n.toLowerCase()));
  return headers.map(([name, value]) => [
    name,
    isSensitiveHeaderName(name) || names.has(name.toLowerCase()) ? REDACTED : redactSecrets(value, secrets),
  ]);
}

/** A copy of plain data (events, configs) with every string redacted, keys included. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const redact = secretRedactor(secrets);
  return redact ? redactDeepWith(value, redact) : value;
}

/** redactDeep with a prepared redactor. */
export function redactDeepWith<T>(value: T, redact: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** Replaces each secret's UTF-8 bytes inside binary data with the bytes of «secret». */
export function redactBytes(bytes: Uint8Array, secrets: readonly string[]): Uint8Array {
  const marker = new TextEncoder().encode(REDACTED);
  let out = bytes;
  for (const secret of secrets) {
    if (secret === '') continue;
    const needle = new TextEncoder().encode(secret);
    const matchAt = (i: number) => needle.every((b, k) => out[i + k] === b);
    const hits: number[] = [];
    for (let i = 0; i + needle.length <= out.length; i++) {
      if (matchAt(i)) {
        hits.push(i);
        i += needle.length - 1;
      }
    }
    if (hits.length === 0) continue;
    const next = new Uint8Array(out.length + hits.length * (marker.length - needle.length));
    let from = 0;
    let to = 0;
    for (const h of hits) {
      next.set(out.subarray(from, h), to);
      to += h - from;
      next.set(marker, to);
      to += marker.length;
      from = h + needle.length;
    }
    next.set(out.subarray(from), to);
    out = next;
  }
  return out;
}

/**
 * One timeline event made safe to export. Binary payloads are redacted as bytes, so the base64
 * stays decodable and `size` stays true; headers lose credential values by name as well.
 */
export function redactEvent(event: TimelineEvent, secrets: readonly string[]): TimelineEvent {
  return eventRedactor(secrets)(event);
}

/**
 * `redactEvent` for many events: the secrets' spellings are worked out once, not per event
 * (exporting 100,000 events otherwise spends most of its time re-encoding the same secrets).
 */
export function eventRedactor(secrets: readonly string[]): (event: TimelineEvent) => TimelineEvent {
  const redact = secretRedactor(secrets) ?? ((text: string) => text);
  const deep = <T>(value: T): T => redactDeepWith(value, redact);
  return (event) => {
    if (event.kind === 'handshake-request' || event.kind === 'handshake-response') {
      return { ...deep(event), headers: redactHeaders(event.headers, secrets) };
    }
    if (event.kind === 'message' && event.encoding === 'base64') {
      const decoded = base64ToBytes(event.data);
      if (decoded.ok) {
        const bytes = redactBytes(decoded.bytes, secrets);
        const rest = deep({ ...event, data: '' });
        return { ...rest, data: bytes === decoded.bytes ? event.data : bytesToBase64(bytes), size: bytes === decoded.bytes ? event.size : bytes.length };
      }
    }
    if (event.kind === 'message' && event.encoding === 'utf8') {
      const data = redact(event.data);
      return { ...deep(event), data, size: data === event.data ? event.size : new TextEncoder().encode(data).length };
    }
    return deep(event);
  };
}
