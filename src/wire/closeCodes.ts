// WebSocket close codes: names for the timeline, and the rules for what may be sent.
// Sources: RFC 6455 §7.4, the IANA "WebSocket Close Code Number Registry", and the WHATWG
// WebSocket close() method (which is stricter than the RFC for clients). Browser-safe.

import type { Result } from '../shared/result';

type CheckResult = Result;

const NAMES: Readonly<Record<number, string>> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1004: 'Reserved',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1007: 'Invalid Frame Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1014: 'Bad Gateway',
  1015: 'TLS Handshake',
};

/** A close frame holds at most 125 bytes; 2 of them are the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** The registry name of a close code, or the name of the range it falls in. */
export function closeCodeName(code: number): string {
  if (!Number.isInteger(code)) return 'Invalid';
  if (NAMES[code]) return NAMES[code];
  if (code >= 3000 && code <= 3999) return 'Registered (IANA)';
  if (code >= 4000 && code <= 4999) return 'Private use';
  if (code >= 1016 && code <= 2999) return 'Reserved';
  return code >= 0 && code <= 999 ? 'Unused' : 'Invalid';
}

// These three exist only so an API can *report* what happened; they must never appear in a frame.
const REPORT_ONLY: Readonly<Record<number, string>> = {
  1005: 'it is what an API reports when a close frame arrived without any code',
  1006: 'it is what an API reports when the connection dropped without a close frame',
  1015: 'it is what an API reports when the TLS handshake failed',
};

/**
 * Codes the user may pick when closing from the client. We follow WHATWG close(): 1000 or
 * 3000-4999. Other registered 1xxx codes (1001 Going Away, 1011...) describe server or endpoint
 * conditions; browsers refuse them, so a lesson taught with them would not transfer.
 */
export function validateCloseCodeToSend(code: number): CheckResult {
  if (!Number.isInteger(code)) return { ok: false, error: `close code must be a whole number, got ${code}` };
  if (code === 1000 || (code >= 3000 && code <= 4999)) return { ok: true };
  if (REPORT_ONLY[code]) {
    return {
      ok: false,
      error: `${code} (${closeCodeName(code)}) can never be sent in a close frame: ${REPORT_ONLY[code]} (RFC 6455 §7.4.1)`,
    };
  }
  const name = closeCodeName(code);
  return {
    ok: false,
    error: `${code} (${name}) cannot be sent by a client: use 1000 (Normal Closure), 3000-3999 (registered) or 4000-4999 (private use), as the WebSocket close() method allows`,
  };
}

/** The reason must fit in the close frame: at most 123 bytes once encoded as UTF-8. */
export function validateCloseReason(reason: string): CheckResult {
  // TextEncoder counts exactly what will be sent (a lone surrogate becomes U+FFFD, 3 bytes).
  const bytes = new TextEncoder().encode(reason).length;
  if (bytes <= MAX_CLOSE_REASON_BYTES) return { ok: true };
  return {
    ok: false,
    error: `close reason is ${bytes} bytes of UTF-8 (${reason.length} characters); at most ${MAX_CLOSE_REASON_BYTES} bytes fit (a close frame carries 125 bytes, 2 of them for the code)`,
  };
}

/**
 * Whether a code may legally appear in a close frame on the wire (RFC 6455 §7.4 plus the codes
 * IANA registered since: 1012-1014). Used to flag a server that sends, say, 1005 or 2000.
 */
export function isValidWireCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

/** How a scenario's error message names the codes a server may send (isValidWireCloseCode). */
export const SENDABLE_CLOSE_CODES_TEXT = '1000-1003, 1007-1014 or 3000-4999';
