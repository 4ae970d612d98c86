// Pointing at the place in the user's input where something went wrong: the Failure shape every
// parser of payload.ts returns, the line and column of an offset, and how to name the character
// found there. The webview imports this (through payload.ts), so it must stay browser-safe:
// no Buffer, no Node built-ins.

/** A failure with the exact place it happened: string offset, line:column, or byte offset. */
export type { Failure } from '../shared/result';

/** A spot in a text: `offset` is a UTF-16 index (what JS and VS Code columns count), line/column are 1-based. */
export interface TextLocation {
  offset: number;
  line: number;
  column: number;
}

/** Line and column (1-based) of a UTF-16 offset; \r\n, \n and \r all end a line, as in VS Code. */
export function locate(text: string, offset: number): TextLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** How a character is named in messages: 'x' when printable, U+XXXX otherwise. */
export function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the text';
  const cp = text.codePointAt(offset) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp === 0xfeff) return `${hex} (a byte order mark)`;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return hex;
  return `'${String.fromCodePoint(cp)}'`;
}
