// A secret never reaches the timeline, whoever put it in a frame: the user, or a server that
// reflects a token back in a message, a ping or a close reason. This sink wrapper hides the
// current secrets in every event before it is stored; it is the one place recorded events pass
// on their way out of a recorder, so the store, the webview and exports never see them.
// What "hides" covers (escapes, encodings, binary frames, a secret cut at a message's edge) is
// redact.ts's to say. Browser-safe.
import type { NewTimelineEvent } from '../shared/events';
import { base64ToBytes, bytesToBase64 } from '../codecs/binaryText';
import { redactDeepWith, secretMatcher, type SecretMatcher } from './redact';
import type { EventSink } from './conversation';

/**
 * Secrets at least this long are hidden everywhere in recorded events. Shorter ones are only
 * hidden where they are known to be (URL, headers, error bodies, by the recorder's caller):
 * hiding every "ab" in every message would make the timeline unreadable.
 */
export const MIN_HIDDEN_SECRET = 4;

/** Wraps `next` so every event loses the secrets `secrets()` returns (read per event, cached by identity). */
export function secretHidingSink(next: EventSink, secrets: () => readonly string[]): EventSink {
  let cachedFor: readonly string[] | undefined;
  let matcher: SecretMatcher | undefined;
  return (event) => {
    const current = secrets();
    if (current !== cachedFor) {
      cachedFor = current;
      matcher = secretMatcher(current.filter((x) => x.length >= MIN_HIDDEN_SECRET));
    }
    next(matcher ? hide(event, matcher) : event);
  };
}

function hide(event: NewTimelineEvent, matcher: SecretMatcher): NewTimelineEvent {
  const redact = (text: string) => matcher.text(text);
  if (event.kind === 'message' && event.encoding === 'base64') {
    const bytes = base64ToBytes(event.data);
    if (bytes.ok) {
      const hidden = matcher.bytes(bytes.bytes);
      // `size` stays what crossed the wire.
      return { ...redactDeepWith({ ...event, data: '' }, redact), data: hidden === bytes.bytes ? event.data : bytesToBase64(hidden) };
    }
  }
  return redactDeepWith(event, redact);
}
