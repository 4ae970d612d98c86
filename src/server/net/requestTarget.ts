// The request-target of an HTTP request line (RFC 9112 §3.2.1, origin-form: "/path?query"), read
// without `new URL(target, base)`. To a URL parser a target starting with "//" is a
// scheme-relative URL naming another host (and a backslash counts as "/"), so "//%zz", "//@",
// "//x:99999" or "/\x:99999" made it throw, and that throw, inside a socket listener, ended the
// mock server's process. Reading the target here never throws: what is not a plain absolute path
// is refused with 400 and a reason.

export type RequestTarget =
  | { ok: true; pathname: string; query: URLSearchParams }
  | { ok: false; error: string };

const MAX_SHOWN = 120;

/** The target as text safe to put in a message: control characters escaped, long ones cut. */
export function showTarget(raw: string): string {
  const visible = JSON.stringify(raw).slice(1, -1);
  return visible.length > MAX_SHOWN ? `${visible.slice(0, MAX_SHOWN)}…` : visible;
}

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  const bad = (why: string): RequestTarget => ({ ok: false, error: `malformed request target "${showTarget(target)}": ${why}` });
  if (!target.startsWith('/')) return bad('it must be a path starting with "/" (absolute-form, authority-form and "*" are not served here)');
  if (target.startsWith('//')) return bad('a path starting with "//" reads as another host to URL parsers and proxies');
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  // Browsers and URL parsers read a backslash as "/" (so "/\x" is "//x"); no client sends one in a path.
  if (pathname.includes('\\')) return bad('"\\" is not allowed in a path (URL parsers read it as "/")');
  if (/%(?![0-9A-Fa-f]{2})/.test(pathname)) return bad('"%" must be followed by two hexadecimal digits');
  // URLSearchParams reads any text (a stray "%" stays as it is), so the query never throws.
  return { ok: true, pathname, query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}
