// Is a host only reachable from this machine? One rule for the CLI and the extension, which both
// warn when a mock server is bound to an address other machines can reach.
//
// Pure string parsing (no DNS, no Node built-ins) so any layer can use it. It accepts what Node's
// listen()/lookup() accept as IP literals: IPv4 in the inet_aton forms getaddrinfo takes (1 to 4
// parts, each decimal, octal with a leading 0 or hex with 0x: "127.1", "0x7f.0.0.2", "2130706433"
// all mean a 127/8 address), and IPv6 with or without brackets.

/** True for 127.0.0.0/8 in any IPv4 literal form, ::1 (any spelling, bracketed or not), IPv4-mapped ::ffff:127.x.y.z, and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  const v4 = parseIpv4(h);
  if (v4 !== undefined) return v4 >>> 24 === 127;
  const v6 = parseIpv6(h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);
  if (!v6) return false;
  const zeroUpTo = (n: number): boolean => v6.slice(0, n).every((g) => g === 0);
  // ::1
  if (zeroUpTo(7) && v6[7] === 1) return true;
  // ::ffff:127.x.y.z (IPv4-mapped): the IPv4 address is what the connection really uses.
  return zeroUpTo(5) && v6[5] === 0xffff && v6[6] >>> 8 === 127;
}

/** An IPv4 literal as getaddrinfo/inet_aton reads it, as a 32-bit number; undefined if it is not one. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) n = parseInt(p, 10);
    else return undefined;
    nums.push(n);
  }
  // The last part fills the bytes the others leave: "127.1" is 127.0.0.1, "127.65535" 127.0.255.255.
  const last = nums[nums.length - 1];
  if (last >= 2 ** (8 * (5 - nums.length))) return undefined;
  let value = 0;
  for (let i = 0; i < nums.length - 1; i++) {
    if (nums[i] > 255) return undefined;
    value += nums[i] * 2 ** (8 * (3 - i));
  }
  return value + last;
}

/** An IPv6 literal (optionally with a %zone) as 8 16-bit groups; undefined if it is not one. */
function parseIpv6(text: string): number[] | undefined {
  let addr = text.replace(/%[^%]*$/, '');
  if (!addr.includes(':')) return undefined;
  // A dotted IPv4 ending ("::ffff:127.0.0.1") stands for the last two groups.
  let tail: number[] = [];
  const lastColon = addr.lastIndexOf(':');
  const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr.slice(lastColon + 1));
  if (addr.slice(lastColon + 1).includes('.')) {
    const bytes = dotted?.slice(1).map(Number);
    if (!bytes || bytes.some((b) => b > 255)) return undefined;
    tail = [(bytes[0] << 8) | bytes[1], (bytes[2] << 8) | bytes[3]];
    addr = addr.slice(0, lastColon + 1);
    if (!addr.endsWith('::')) addr = addr.slice(0, -1);
  }
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) return undefined;
  const given = left.length + right.length + tail.length;
  // "::" stands for at least one group of zeros.
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  return [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
}
