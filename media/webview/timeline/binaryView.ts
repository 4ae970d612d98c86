// Detail sections for a binary message: MessagePack decoded when the bytes are MessagePack,
// UTF-8 text when they happen to be text, and always the hex dump.

import { base64ToBytes, decodeMessagePack } from '../../../src/codecs/payload';
import { hexdump } from '../../../src/codecs/hexdump';
import { h } from './dom';
import { jsonTree, parseJsonExact } from './jsonTree';

const HEX_BYTES = 16 * 1024;

export function binarySections(base64: string, size: number): HTMLElement[] {
  const decoded = base64ToBytes(base64);
  if (!decoded.ok) return [section('Binary', h('div', { class: 'inline-error' }, `Cannot decode the stored payload: ${decoded.error}`))];
  const bytes = decoded.bytes;
  const out: HTMLElement[] = [];

  const msgpack = decodeMessagePack(bytes);
  if (msgpack.ok) {
    let view: HTMLElement;
    try {
      view = jsonTree(parseJsonExact(msgpack.json), msgpack.json.length < 8000 ? 10 : 2);
    } catch {
      view = h('pre', { class: 'code' }, msgpack.json);
    }
    out.push(section('MessagePack (decoded)', view));
  }

  const text = utf8Text(bytes);
  if (!msgpack.ok && text !== undefined) out.push(section('As UTF-8 text', h('pre', { class: 'code' }, text)));

  const dump = h('pre', { class: 'code hexdump', 'data-testid': 'hexdump' }, hexdump(bytes, { maxBytes: HEX_BYTES }));
  out.push(section(`Hex dump · ${size.toLocaleString('en-US')} bytes`, dump));
  return out;
}

/** The bytes as text when they are valid, mostly printable UTF-8; otherwise undefined. */
function utf8Text(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > 1_000_000) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const control = text.replace(/[\t\n\r\x20-\x7e\u00a0-\uffff]/g, '').length;
    return control === 0 ? text : undefined;
  } catch {
    return undefined;
  }
}

function section(title: string, ...content: HTMLElement[]): HTMLElement {
  return h('div', { class: 'detail-section' }, h('div', { class: 'section-title' }, title), ...content);
}
