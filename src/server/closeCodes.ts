// Close codes as the server sees them. Names and wire validity come from the one table in
// src/core/closeCodes.ts; a server (unlike a browser client) may also send 1001-1003 and 1007-1014.
import { isValidWireCloseCode } from '../core/closeCodes';

export { closeCodeName } from '../core/closeCodes';

/** Codes an endpoint may put in a close frame (RFC 6455 §7.4). */
export function isSendableCloseCode(code: number): boolean {
  return isValidWireCloseCode(code);
}

export const SENDABLE_CLOSE_CODES_TEXT = '1000-1003, 1007-1014 or 3000-4999';
