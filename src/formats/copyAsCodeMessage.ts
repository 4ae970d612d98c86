// Which message Copy as Code puts in the snippet: the one in the composer (its webview reports it
// as the user types), or, when the composer is empty or its timeline is not open, the last one
// sent. It is encoded as Send encodes it, so a hex or MessagePack body becomes the same bytes.

import type { ComposerHistoryEntry } from '../shared/protocol/timeline';
import type { CodeMessage } from './copyAsCode';

export interface MessageToCopy {
  message?: CodeMessage;
  /** Where it came from, for the confirmation the user sees. */
  from: 'composer' | 'last sent' | 'none';
  /** Why the composer's message could not go in (it does not parse as its format). */
  error?: string;
}

export async function messageToCopy(draft: ComposerHistoryEntry | undefined, history: readonly ComposerHistoryEntry[]): Promise<MessageToCopy> {
  const last = history[history.length - 1];
  const [entry, from] = draft && draft.body !== '' ? [draft, 'composer' as const] : last ? [last, 'last sent' as const] : [undefined, 'none' as const];
  if (!entry) return { from };
  // The codecs (and msgpackr) load on first use, not on activation (docs/BENCHMARKS.md, #8).
  const { encodeWith } = await import('../codecs/registry');
  const encoded = encodeWith(entry.format, entry.body);
  if (!encoded.ok) return { from, error: `the ${from === 'composer' ? "composer's" : 'last sent'} message is not valid ${entry.format}: ${encoded.error}` };
  const message: CodeMessage = typeof encoded.data === 'string' ? { opcode: 'text', data: encoded.data } : { opcode: 'binary', data: encoded.data };
  return { from, message };
}
