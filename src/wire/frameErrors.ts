// Why a frame or an opening handshake broke RFC 6455, in a sentence that names the rule, for the
// errors `ws` raises. Shared by the client session (the server broke the rule) and the mock server
// (a client broke it), so both timelines explain the same fault the same way.
import { closeCodeName } from './closeCodes';

/** Who sent the broken frame. */
export type Peer = 'server' | 'client';

export interface FrameErrorContext {
  /** Default 'server': the client session is the usual reader. */
  peer?: Peer;
  maxMessageSize?: number;
}

export interface FrameError {
  /** The close code the reading side answers with (RFC 6455 §7.4.1). */
  closeCode: number;
  explanation: string;
}

type Explain = (p: string, n: number | undefined, ctx: FrameErrorContext) => string;

/** ws error codes → close code and explanation; `n` is the number ws put in its message, if any. */
const FRAME_ERRORS: Record<string, { closeCode: number; explain: Explain }> = {
  WS_ERR_INVALID_UTF8: {
    closeCode: 1007,
    explain: (p) => `${p} sent text that is not valid UTF-8 (text frames and close reasons must be UTF-8, RFC 6455 §5.6 and §8.1)`,
  },
  WS_ERR_INVALID_OPCODE: {
    closeCode: 1002,
    explain: (p, n) => {
      if (n === 0) return `${p} sent a continuation frame (opcode 0x0) with no fragmented message to continue (RFC 6455 §5.4)`;
      if (n === 1 || n === 2) return `${p} started a new message (opcode 0x${n}) before finishing its fragmented one (RFC 6455 §5.4)`;
      if (n !== undefined) return `${p} sent a frame with opcode 0x${n.toString(16).toUpperCase()}, which is reserved (RFC 6455 §5.2: 0x3-0x7 and 0xB-0xF are reserved)`;
      return `${p} sent a frame with an unknown or misplaced opcode (RFC 6455 §5.2)`;
    },
  },
  WS_ERR_UNEXPECTED_RSV_1: {
    closeCode: 1002,
    explain: (p) => `${p} set the RSV1 bit without a negotiated extension that defines it (RFC 6455 §5.2)`,
  },
  WS_ERR_UNEXPECTED_RSV_2_3: {
    closeCode: 1002,
    explain: (p) => `${p} set the RSV2/RSV3 bits, which no negotiated extension defines (RFC 6455 §5.2)`,
  },
  WS_ERR_EXPECTED_FIN: {
    closeCode: 1002,
    explain: (p) => `${p} fragmented a control frame (FIN clear); control frames must not be fragmented (RFC 6455 §5.5)`,
  },
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: {
    closeCode: 1002,
    explain: (p, n) =>
      n === 1
        ? `${p} sent a close frame with a 1-byte payload; a close payload is empty or a 2-byte code plus a reason (RFC 6455 §5.5.1)`
        : `${p} sent a control frame with ${n ?? 'more than 125'} bytes of payload; control frames carry at most 125 bytes (RFC 6455 §5.5)`,
  },
  WS_ERR_UNEXPECTED_MASK: {
    closeCode: 1002,
    explain: (p) => `${p} masked a frame; frames from a server must not be masked (RFC 6455 §5.1)`,
  },
  WS_ERR_EXPECTED_MASK: {
    closeCode: 1002,
    explain: (p) => `${p} sent an unmasked frame; every frame from a client must be masked (RFC 6455 §5.1)`,
  },
  WS_ERR_INVALID_CLOSE_CODE: {
    closeCode: 1002,
    explain: (p, n) =>
      n !== undefined
        ? `${p}'s close frame carried close code ${n} (${closeCodeName(n)}), which may not be sent in a close frame (RFC 6455 §7.4)`
        : `${p}'s close frame carried a close code that may not be sent (RFC 6455 §7.4)`,
  },
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: {
    closeCode: 1009,
    explain: (p, _n, ctx) => `${p} sent a message larger than the maximum message size${ctx.maxMessageSize ? ` (${ctx.maxMessageSize} bytes)` : ''}`,
  },
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: {
    closeCode: 1009,
    explain: (p) => `${p} announced a frame length of more than 2^53 - 1 bytes (the most significant bit of a 64-bit length must be 0, RFC 6455 §5.2)`,
  },
  WS_ERR_TOO_MANY_BUFFERED_PARTS: {
    closeCode: 1008,
    explain: (p) => `${p} split a message into too many fragments`,
  },
};

/** The explanation of a ws frame error, or undefined for anything else. */
export function explainFrameError(code: string, wsMessage: string, ctx: FrameErrorContext = {}): FrameError | undefined {
  const known = Object.prototype.hasOwnProperty.call(FRAME_ERRORS, code) ? FRAME_ERRORS[code] : undefined;
  if (!known) return undefined;
  const m = /(?:opcode|length|status code) (\d+)/.exec(wsMessage);
  const n = m ? Number(m[1]) : undefined;
  return { closeCode: known.closeCode, explanation: known.explain(`the ${ctx.peer ?? 'server'}`, n, ctx) };
}

/** ws's reasons for failing a 101 answer (RFC 6455 §4.1 lists what a client must check). */
const HANDSHAKE_ERRORS: Array<[RegExp, string]> = [
  [/Sec-WebSocket-Accept/i, 'its Sec-WebSocket-Accept does not match the key we sent (RFC 6455 §4.1: it must be base64(SHA-1(key + GUID)))'],
  [/Upgrade header/i, 'the 101 response lacks "Upgrade: websocket" (RFC 6455 §4.1)'],
  [/subprotocol but none was requested/i, 'it selected a subprotocol although we offered none (RFC 6455 §4.1)'],
  [/invalid subprotocol/i, 'it selected a subprotocol we did not offer (RFC 6455 §4.1)'],
  [/no subprotocol/i, 'it selected no subprotocol although we offered some; ws requires one of ours (RFC 6455 §4.1)'],
  [/Extensions|extension/, 'its Sec-WebSocket-Extensions answer is not one we asked for or can parse (RFC 6455 §4.1 and §9.1)'],
];

export function explainHandshakeError(wsMessage: string): string {
  const found = HANDSHAKE_ERRORS.find(([re]) => re.test(wsMessage));
  return found ? `${found[1]} [ws: ${wsMessage}]` : `${wsMessage} (RFC 6455 §4.1)`;
}
