// The classic `hexdump -C` view of a binary message, for the timeline's detail pane.

export interface HexdumpOptions {
  /** Show at most this many bytes (default 4096); the rest is summarized in a last line. */
  maxBytes?: number;
}

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/**
 * 16 bytes a line: 8-digit hex offset, two groups of 8 hex bytes, then the printable ASCII
 * (anything else as '.'):
 * `00000000  48 65 6c 6c 6f 0a                                 |Hello.|`
 */
export function hexdump(bytes: Uint8Array, options: HexdumpOptions = {}): string {
  if (bytes.length === 0) return '(0 bytes)';
  const max = Math.max(0, Math.floor(options.maxBytes ?? 4096));
  const shown = Math.min(bytes.length, max);
  const lines: string[] = [];
  for (let offset = 0; offset < shown; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, shown));
    let hex = '';
    for (let k = 0; k < 16; k++) {
      hex += k < row.length ? hex2(row[k]) + ' ' : '   ';
      if (k === 7) hex += ' ';
    }
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  if (shown < bytes.length) {
    lines.push(`... ${bytes.length - shown} more bytes (showing the first ${shown} of ${bytes.length})`);
  }
  return lines.join('\n');
}
