// Close codes the server may send (RFC 6455 §7.4, IANA registry). 1004-1006 and 1015 are
// reserved: they must never appear in a close frame.

const NAMES: Record<number, string> = {
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

export function closeCodeName(code: number): string {
  if (NAMES[code]) return NAMES[code];
  if (code >= 3000 && code <= 3999) return 'Registered (library/framework)';
  if (code >= 4000 && code <= 4999) return 'Private Use';
  return 'Unknown';
}

/** Codes an endpoint may put in a close frame. */
export function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999))
  );
}

export const SENDABLE_CLOSE_CODES_TEXT = '1000-1003, 1007-1014 or 3000-4999';
