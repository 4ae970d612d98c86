// How events read in the timeline webview. What each kind means (group, icon, one-line text,
// search text) is the shared table in src/shared/eventKinds.ts, which the host's search and the CLI
// read too; this file adds what only the webview shows: relative times, the clock, the copy text.

import type { TimelineEvent } from '../../../src/shared/events';

/** The text the copy action puts on the clipboard: the payload when there is one. */
export function copyTextOf(e: TimelineEvent): string {
  if (e.kind === 'message') return e.data;
  return JSON.stringify(e, null, 2);
}

/** Relative time column: "+12 ms", "+1.234 s", "+3:02.517", "+1:03:02.517" (ms always kept). */
export function formatRelative(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(3)} s`;
  const total = Math.round(ms);
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = ((total % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `+${h}:${String(m).padStart(2, '0')}:${s}` : `+${m}:${s}`;
}

/** Wall clock HH:MM:SS.mmm in local time. */
export function formatClock(time: number): string {
  const d = new Date(time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
