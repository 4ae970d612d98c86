// Validates the close code/reason fields before a close is posted, with the core's rules
// (1000 or 3000–4999; a reason of at most 123 UTF-8 bytes).

import { closeCodeName, validateCloseCodeToSend, validateCloseReason } from '../../../src/wire/closeCodes';

export type CloseCheck = { ok: true; code: number } | { ok: false; error: string; field: 'code' | 'reason' };

export function checkClose(codeText: string, reason: string): CloseCheck {
  const text = codeText.trim();
  if (!/^\d+$/.test(text)) return { ok: false, error: 'The close code must be a number: 1000 or 3000–4999.', field: 'code' };
  const code = Number(text);
  const codeCheck = validateCloseCodeToSend(code);
  if (!codeCheck.ok) return { ok: false, error: capitalize(codeCheck.error), field: 'code' };
  const reasonCheck = validateCloseReason(reason);
  if (!reasonCheck.ok) return { ok: false, error: capitalize(reasonCheck.error), field: 'reason' };
  return { ok: true, code };
}

/** "1000 Normal Closure" style label for the code field's tooltip. */
export function describeCode(codeText: string): string {
  const code = Number(codeText.trim());
  return Number.isInteger(code) ? `${code} ${closeCodeName(code)}` : '';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
