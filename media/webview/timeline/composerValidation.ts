// Checks a composer body as the user types, with the same encoder the host uses to send it,
// and makes sure an error says where it is in terms people can find in the textarea.

import type { ComposerFormat } from '../../../src/shared/connection';
import { encodeComposerPayload, locate } from '../../../src/codecs/payload';
import { codecFor } from '../../../src/codecs/registry';

export type BodyCheck = { ok: true; size: number } | { ok: false; error: string };

export function checkBody(format: ComposerFormat, body: string): BodyCheck {
  const r = encodeComposerPayload(format, body);
  return r.ok ? { ok: true, size: r.size } : { ok: false, error: withPosition(capitalize(r.error), body, r.position) };
}

/** Adds "(line L, column C)" to a message that only carries an offset into a multi-line body. */
export function withPosition(error: string, body: string, position: number | undefined): string {
  if (position === undefined || /\bline \d+/i.test(error) || !/[\r\n]/.test(body)) return error;
  const { line, column } = locate(body, position);
  return `${error} (line ${line}, column ${column})`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Why Send is disabled for this body, shown beside the button ("Invalid JSON: line 1, column 7"),
 * or undefined when the body can be sent. A Send that stayed enabled and then did nothing left
 * people clicking it; the full message is under the text box.
 */
export function sendBlockedReason(format: ComposerFormat, body: string): string | undefined {
  const r = encodeComposerPayload(format, body);
  if (r.ok) return undefined;
  const label = codecFor(format)?.label ?? format;
  if (body.trim() === '') return `Nothing to send: the ${label} body is empty`;
  if (r.position === undefined) return `Invalid ${label}`;
  const { line, column } = locate(body, r.position);
  return `Invalid ${label}: line ${line}, column ${column}`;
}
