// Turns the errors Node, TLS and ws raise into a category and a sentence a user understands:
// what happened, and where that helps, what to do about it.
import type { ErrorCategory } from '../shared/events';
import { TransportErrorCode, type TransportError } from './transport';
import { closeCodeName } from '../wire/closeCodes';
import { explainFrameError, explainHandshakeError, type FrameErrorContext } from '../wire/frameErrors';

export interface ClassifiedError {
  category: ErrorCategory;
  message: string;
  status?: number;
  body?: string;
  /** For protocol errors: the close code the client sends because of it (RFC 6455 §7.4.1). */
  closeCode?: number;
}

interface ErrorContext extends FrameErrorContext {
  /** The URL being connected to, to name the host in messages. */
  url?: string;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'ENETDOWN', 'EHOSTDOWN']);

/** OpenSSL certificate verification codes (Node puts them in err.code). */
const CERT_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a self-signed certificate that is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate could not be verified: its issuer is unknown",
  UNABLE_TO_GET_ISSUER_CERT: "the issuer of the server's certificate could not be found",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's certificate is not a trusted CA here",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  CERT_REVOKED: "the server's certificate has been revoked",
  CERT_UNTRUSTED: "the server's certificate is not trusted",
  CERT_SIGNATURE_FAILURE: "the server's certificate signature is invalid",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for a different host name",
};

const TLS_HINT = 'Give the CA certificate in the TLS settings, or turn certificate verification off for local testing only.';

export function classifyError(error: unknown, ctx: ErrorContext = {}): ClassifiedError {
  const err = (error instanceof Error ? error : new Error(describeThrown(error))) as TransportError & NodeLikeError;
  const code = typeof err.code === 'string' ? err.code : '';
  const host = hostOf(err, ctx);

  switch (code) {
    case TransportErrorCode.handshakeRejected: {
      const status = err.status ?? 0;
      const reason = err.statusText ? ` ${err.statusText}` : '';
      return {
        category: 'handshake-rejected',
        message: status >= 200 && status < 300
          ? `The server answered the WebSocket upgrade with HTTP ${status}${reason} instead of 101 Switching Protocols (RFC 6455 §4.1): this looks like a plain HTTP endpoint, not a WebSocket one.`
          : `The server refused the WebSocket upgrade with HTTP ${status}${reason}${statusHint(status)}`,
        status,
        body: err.body,
      };
    }
    case TransportErrorCode.handshakeTimeout:
      return {
        category: 'handshake-timeout',
        message: `No handshake response within ${err.timeoutMs ?? '?'} ms: the server accepted the connection (or never answered) but did not complete the WebSocket upgrade.`,
      };
    case TransportErrorCode.handshakeInvalid:
      return { category: 'protocol', message: `The server's handshake response is invalid: ${explainHandshakeError(err.message)}.` };
    case TransportErrorCode.truncatedFrame:
      return { category: 'protocol', message: err.message || 'The connection ended in the middle of a frame (1006 Abnormal Closure, RFC 6455 §7.1.5).' };
  }

  if (DNS_CODES.has(code)) {
    const temporary = code === 'EAI_AGAIN' ? ' (the DNS lookup failed temporarily: check the network)' : ': check the host name';
    return { category: 'dns', message: `Host ${host} could not be resolved (${code})${temporary}.` };
  }
  if (code === 'ECONNREFUSED') {
    return { category: 'refused', message: `Connection refused by ${host}: nothing is listening on that port (ECONNREFUSED).` };
  }
  if (code in CERT_MESSAGES) {
    return { category: 'tls', message: `TLS failed: ${CERT_MESSAGES[code]} (${code}). ${TLS_HINT}` };
  }
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code === 'EPROTO' || /certificate|ssl|tls/i.test(code)) {
    const wrongVersion = /wrong.version.number|packet length too long/i.test(`${code} ${err.message}`)
      ? ' The server may not speak TLS on this port: try ws:// instead of wss://.'
      : '';
    return { category: 'tls', message: `TLS failed: ${err.message} (${code}).${wrongVersion}` };
  }
  if (NETWORK_CODES.has(code)) {
    const what = code === 'ECONNRESET' ? 'The connection was reset by the peer' : 'The network connection failed';
    return { category: 'network', message: `${what} (${code}).` };
  }
  const frame = explainFrameError(code, err.message, ctx);
  if (frame) {
    const closeCode = frame.closeCode;
    return {
      category: 'protocol',
      message: `Protocol error: ${frame.explanation}. Closing with ${closeCode} (${closeCodeName(closeCode)}). [ws: ${err.message}]`,
      closeCode,
    };
  }
  if (code === 'ERR_INVALID_URL' || (err instanceof SyntaxError && /url/i.test(err.message))) {
    return { category: 'invalid-url', message: `Invalid URL: ${err.message}.` };
  }
  if (code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_INVALID_CHAR' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
    return { category: 'other', message: `Invalid request header: ${err.message}.` };
  }
  return { category: 'other', message: code ? `${err.message} (${code}).` : err.message || 'Unknown error.' };
}

/** Whatever was thrown, as text; String() itself throws for objects without a prototype. */
function describeThrown(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? 'unknown error';
    } catch {
      return 'unknown error';
    }
  }
}

interface NodeLikeError {
  hostname?: string;
  address?: string;
  port?: number;
}

function hostOf(err: NodeLikeError, ctx: ErrorContext): string {
  if (err.address && err.port) return `${err.address}:${err.port}`;
  if (err.hostname) return `"${err.hostname}"`;
  try {
    if (ctx.url) return `"${new URL(ctx.url).host}"`;
  } catch {
    // fall through: no host to name
  }
  return 'the server';
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ': check the credentials or headers the server expects.';
  if (status === 404) return ': there is no WebSocket endpoint at this path.';
  if (status >= 300 && status < 400) return ': the server redirects; connect to the new location instead.';
  if (status === 426) return ': the server wants a different protocol version.';
  if (status >= 500) return ': the server failed while handling the upgrade.';
  return '.';
}
