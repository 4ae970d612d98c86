// The one shape every public entry point returns instead of throwing: `ok: true` with what it
// produced, or `ok: false` with a message saying what was wrong and, when there is one, where.
// Plain data: results cross postMessage and bundle boundaries.

/** What went wrong, and where: a string offset, a line and column, or both. */
export interface Failure {
  ok: false;
  error: string;
  /** UTF-16 offset into the input the user typed. */
  position?: number;
  /** 1-based, as VS Code shows them. */
  line?: number;
  column?: number;
}

/** Success carries the fields of `T` (a value, a message…); failure carries a Failure. */
export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

/** A result that may carry a short message for the user ("queued until the connection is back"). */
export type Reply = Result<{ message?: string }>;

export function ok(): { ok: true };
export function ok<T extends object>(fields: T): { ok: true } & T;
export function ok(fields: object = {}): { ok: true } {
  return { ok: true, ...fields };
}

export function fail(error: string, where: Omit<Failure, 'ok' | 'error'> = {}): Failure {
  return { ok: false, error, ...where };
}
