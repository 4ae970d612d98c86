// Turns the errors Node, TLS and ws raise into a category and a sentence a user understands:
// what happened, and where that helps, what to do about it.
import type { ErrorCategory } from '../shared/events';
import { TransportErrorCode, type TransportError } from './transport';
import { closeCodeName } from './closeCodes';

export interface ClassifiedError {
  category: ErrorCategory;
  message: string;
  status?: number;
  body?: string;
  /** For protocol errors: the close code the client sends because of it (RFC 6455 §7.4.1). */
  closeCode?: number;
}

interface ErrorContext {
  /** The URL being connected to, to name the host in messages. */
  url?: string;
  maxMessageSize?: number;
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

/** ws frame errors: why the frame broke RFC 6455 and the close code ws answers with. */
const PROTOCOL_ERRORS: Record<string, { closeCode: number; explain: (ctx: ErrorContext) => string }> = {
  WS_ERR_INVALID_UTF8: {
    closeCode: 1007,
    explain: () => 'the server sent text that is not valid UTF-8 (text frames must be UTF-8, RFC 6455 §5.6 and §8.1)',
  },
  WS_ERR_INVALID_OPCODE: {
    closeCode: 1002,
    explain: () => 'the server sent a frame with an unknown or misplaced opcode (RFC 6455 §5.2)',
  },
  WS_ERR_UNEXPECTED_RSV_1: {
    closeCode: 1002,
    explain: () => 'the server set the RSV1 bit without a negotiated extension that defines it (RFC 6455 §5.2)',
  },
  WS_ERR_UNEXPECTED_RSV_2_3: {
    closeCode: 1002,
    explain: () => 'the server set the RSV2/RSV3 bits, which no negotiated extension defines (RFC 6455 §5.2)',
  },
  WS_ERR_EXPECTED_FIN: {
    closeCode: 1002,
    explain: () => 'the server fragmented a control frame; control frames must not be fragmented (RFC 6455 §5.5)',
  },
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: {
    closeCode: 1002,
    explain: () => 'the server sent a control frame longer than 125 bytes (RFC 6455 §5.5)',
  },
  WS_ERR_UNEXPECTED_MASK: {
    closeCode: 1002,
    explain: () => 'the server masked a frame; frames from a server must not be masked (RFC 6455 §5.1)',
  },
  WS_ERR_EXPECTED_MASK: {
    closeCode: 1002,
    explain: () => 'a frame that must be masked was not (RFC 6455 §5.1)',
  },
  WS_ERR_INVALID_CLOSE_CODE: {
    closeCode: 1002,
    explain: () => "the server's close frame carried a close code that may not be sent (RFC 6455 §7.4)",
  },
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: {
    closeCode: 1009,
    explain: (ctx) => `the server sent a message larger than the maximum message size${sizeNote(ctx)}`,
  },
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: {
    closeCode: 1009,
    explain: () => 'the server announced a frame length larger than 2^53 - 1 bytes',
  },
  WS_ERR_TOO_MANY_BUFFERED_PARTS: {
    closeCode: 1008,
    explain: () => 'the server split a message into too many fragments',
  },
};

export function classifyError(error: unknown, ctx: ErrorContext = {}): ClassifiedError {
  const err = (error instanceof Error ? error : new Error(String(error))) as TransportError & NodeLikeError;
  const code = typeof err.code === 'string' ? err.code : '';
  const host = hostOf(err, ctx);

  switch (code) {
    case TransportErrorCode.handshakeRejected: {
      const status = err.status ?? 0;
      const reason = err.statusText ? ` ${err.statusText}` : '';
      return {
        category: 'handshake-rejected',
        message: `The server refused the WebSocket upgrade with HTTP ${status}${reason}${statusHint(status)}`,
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
      return { category: 'protocol', message: `The server's handshake response is invalid: ${err.message}.` };
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
  const protocol = PROTOCOL_ERRORS[code];
  if (protocol) {
    const closeCode = protocol.closeCode;
    return {
      category: 'protocol',
      message: `Protocol error: ${protocol.explain(ctx)}. Closing with ${closeCode} (${closeCodeName(closeCode)}). [ws: ${err.message}]`,
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

function sizeNote(ctx: ErrorContext): string {
  return ctx.maxMessageSize ? ` (${ctx.maxMessageSize} bytes)` : '';
}
