// Pretty/minify for the composer's JSON buttons, with the core formatter (keeps big integers
// and duplicate keys exactly as typed).

import { formatJson } from '../../../src/codecs/payload';

export type Reformatted = { ok: true; text: string } | { ok: false; error: string };

export function prettyOrMinify(body: string, mode: 'pretty' | 'minify'): Reformatted {
  const r = formatJson(body, mode);
  return r.ok ? { ok: true, text: r.text } : { ok: false, error: r.error };
}
