// The bad-input catalog: named wrong inputs for every parser and validator a user or a peer can
// reach, each answered with a precise message (the key words, and the position, line, column,
// index or field where that applies) and never with an exception. Then property-based tests that
// random input never throws, for the parsers and validators test/unit/core/formats does not fuzz.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateWebSocketUrl } from '../../../src/wire/url';
import { validateHeaderName, validateHeaderValue, validateHeaders, validateSubprotocols } from '../../../src/wire/headers';
import { decodeMessagePack, encodeComposerPayload } from '../../../src/codecs/payload';
import { validateCloseCodeToSend, validateCloseReason } from '../../../src/wire/closeCodes';
import { substituteVariables } from '../../../src/formats/variables';
import { parseEnvFile, parseEnvFiles } from '../../../src/formats/envFile';
import { importHar } from '../../../src/formats/har';
import { checkTimelineEvent, importJsonl } from '../../../src/formats/jsonl';
import { parseConnectionsFile } from '../../../src/formats/connectionsFile';
import { checkHandshakeInputs } from '../../../src/wire/handshake';
import { classifyError } from '../../../src/client/errorClassifier';
import { explainFrameError, explainHandshakeError } from '../../../src/wire/frameErrors';
import { FrameTracker } from '../../../src/wire/frameTracker';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import { parseScenarioText } from '../../../src/server';
import { parseCliArgs } from '../../../src/cli/cliArgs';
import { compileScenarioRegex } from '../../../src/server/scenario/regexSafety';
import { checkTemplate } from '../../../src/server/scenario/template';
import { parseLessonMessage } from '../../../src/shared/protocol/lesson';
import { parseWebviewMessage } from '../../../src/shared/protocol/timeline';
import { FULL } from './helpers';

/** Where a problem was found, in whichever terms the API uses. */
interface Where {
  position?: number;
  line?: number;
  column?: number;
  index?: number;
  field?: string;
}

interface BadInput {
  title: string;
  run: () => unknown;
  words: RegExp[];
  where?: Where;
}

type AnyResult = { ok: boolean; error?: string; errors?: Array<{ line: number; column: number; message: string }> } & Where;

const bad = (title: string, run: () => unknown, words: RegExp | RegExp[], where?: Where): BadInput => ({ title, run, words: Array.isArray(words) ? words : [words], where });

const har = (entry: object) => JSON.stringify({ log: { version: '1.2', entries: [entry] } });
const wsEntry = (frames: unknown[], extra: object = {}) => ({ startedDateTime: '2025-01-01T00:00:00.000Z', request: { method: 'GET', url: 'wss://x/' }, response: { status: 101 }, _webSocketMessages: frames, ...extra });
const conns = (connections: unknown, version: unknown = 1) => JSON.stringify({ version, connections });

const CATALOG: Record<string, BadInput[]> = {
  URL: [
    bad('"" (empty)', () => validateWebSocketUrl(''), /URL is empty/),
    bad('"http://example.com"', () => validateWebSocketUrl('http://example.com'), /http:\/\/ is not a WebSocket scheme: use ws:\/\//, { position: 0 }),
    bad('"https://example.com"', () => validateWebSocketUrl('https://example.com'), /use wss:\/\//, { position: 0 }),
    bad('"ftp://example.com"', () => validateWebSocketUrl('ftp://example.com'), /ftp:\/\/ is not a WebSocket scheme/, { position: 0 }),
    bad('"example.com:8080" (no scheme)', () => validateWebSocketUrl('example.com:8080'), /no scheme: start it with ws:\/\//, { position: 0 }),
    bad('"ws:/example.com" (one slash)', () => validateWebSocketUrl('ws:/example.com'), /two slashes after ws:/, { position: 3 }),
    bad('"ws://exa mple.com" (space)', () => validateWebSocketUrl('ws://exa mple.com'), /space at position 8/, { position: 8 }),
    bad('"  ws://a b" (position counts the leading spaces)', () => validateWebSocketUrl('  ws://a b'), /space at position 8/, { position: 8 }),
    bad('"ws://example.com/#top" (fragment)', () => validateWebSocketUrl('ws://example.com/#top'), /fragment '#top' at position 17.*RFC 6455 §3/, { position: 17 }),
    bad('"ws://{{host}}/" (undefined variable left)', () => validateWebSocketUrl('ws://{{host}}/'), /still contains \{\{host\}\}/, { position: 5 }),
    bad('"ws://[::1/" (IPv6 without ])', () => validateWebSocketUrl('ws://[::1/'), /IPv6 address at position 5 is missing its closing '\]'/, { position: 5 }),
    bad('"ws://localhost:80a/" (port not a number)', () => validateWebSocketUrl('ws://localhost:80a/'), /port '80a' at position 15 is not a number/, { position: 15 }),
    bad('"ws://localhost:70000/" (port out of range)', () => validateWebSocketUrl('ws://localhost:70000/'), /port 70000 is out of range: use 1-65535/, { position: 15 }),
    bad('"ws:///path" (no host)', () => validateWebSocketUrl('ws:///path'), /no host after ws:\/\//, { position: 5 }),
  ],
  headers: [
    bad('name "" (empty)', () => validateHeaderName(''), /header name is empty/),
    bad('name "X Custom" (space)', () => validateHeaderName('X Custom'), /U\+0020 at position 1/, { position: 1 }),
    bad('name "X:Y" (colon)', () => validateHeaderName('X:Y'), /':' at position 1/, { position: 1 }),
    bad('name "Sec-WebSocket-Key" (managed by the client)', () => validateHeaderName('Sec-WebSocket-Key'), /cannot be set by hand: the client generates a fresh random key/),
    bad('name "upgrade" (managed, any case)', () => validateHeaderName('upgrade'), /cannot be set by hand/),
    bad('value "a\\r\\nX-Injected: 1" (header injection)', () => validateHeaderValue('a\r\nX-Injected: 1'), /carriage return \(CR\) at position 1/, { position: 1 }),
    bad('value "a\\nb" (LF)', () => validateHeaderValue('a\nb'), /line feed \(LF\) at position 1/, { position: 1 }),
    bad('value "a\\u0000b" (NUL)', () => validateHeaderValue('a\u0000b'), /NUL at position 1/, { position: 1 }),
    bad('value "tab\\tok\\u0007" (BEL)', () => validateHeaderValue('tab\tok\u0007'), /control character U\+0007 at position 6/, { position: 6 }),
    bad('value "€uro" (beyond Latin-1)', () => validateHeaderValue('€uro'), /'€' \(U\+20AC\) at position 0: HTTP headers carry only Latin-1/, { position: 0 }),
    bad('list with a bad name at index 1', () => validateHeaders([{ name: 'X-A', value: '1' }, { name: 'X B', value: '2' }]), /header at index 1: /, { index: 1, field: 'name' }),
    bad('list with a bad value at index 0', () => validateHeaders([{ name: 'X-A', value: 'a\nb' }]), /header at index 0 \(X-A\): header value has a line feed/, { index: 0, field: 'value', position: 1 }),
  ],
  subprotocols: [
    bad('["chat", ""] (empty name)', () => validateSubprotocols(['chat', '']), /subprotocol at index 1 is empty/, { index: 1 }),
    bad('["chat v2"] (space)', () => validateSubprotocols(['chat v2']), /U\+0020 at position 4/, { index: 0, position: 4 }),
    bad('["a,b"] (comma)', () => validateSubprotocols(['a,b']), /',' at position 1/, { index: 0, position: 1 }),
    bad('["chat", "chat"] (twice)', () => validateSubprotocols(['chat', 'chat']), /'chat' is listed twice \(index 0 and index 1\)/, { index: 1 }),
  ],
  JSON: [
    bad('{"a":1,} (trailing comma)', () => encodeComposerPayload('json', '{"a":1,}'), /trailing comma/, { line: 1, column: 8, position: 7 }),
    bad("{'a':1} (single quotes)", () => encodeComposerPayload('json', "{'a':1}"), /property name in double quotes, found '''/, { line: 1, column: 2 }),
    bad('{"a": "x (unterminated string)', () => encodeComposerPayload('json', '{"a": "x'), /unterminated string \(opened at line 1, column 7\)/),
    bad('[01] (leading zero)', () => encodeComposerPayload('json', '[01]'), /leading zeros/, { line: 1, column: 3 }),
    bad('"" (empty body)', () => encodeComposerPayload('json', ''), /JSON body is empty/, { position: 0 }),
    bad('two values on two lines', () => encodeComposerPayload('json', '{"a":1}\n{"b":2}'), /unexpected '\{' after the end of the JSON value/, { line: 2, column: 1 }),
    bad('{"a": NaN}', () => encodeComposerPayload('json', '{"a": NaN}'), /expected a value .*found 'N'/, { line: 1, column: 7 }),
    bad('// comment then {}', () => encodeComposerPayload('json', '// note\n{}'), /expected a value .*found '\/'/, { line: 1, column: 1 }),
    bad('missing comma between lines', () => encodeComposerPayload('json', '{"a":1\n "b":2}'), /expected ',' or '\}' after a property value/, { line: 2, column: 2 }),
    bad('"\\x41" (invalid escape)', () => encodeComposerPayload('json', '"\\x41"'), /invalid escape '\\x'/, { line: 1, column: 3 }),
  ],
  hex: [
    bad('"abc" (odd number of digits)', () => encodeComposerPayload('hex', 'abc'), /3 digits, an odd number/, { position: 2 }),
    bad('"de ad zz"', () => encodeComposerPayload('hex', 'de ad zz'), /'z' at position 6 is not a hex digit/, { position: 6 }),
    bad('"0x" (prefix without digits)', () => encodeComposerPayload('hex', '0x'), /'0x' at position 0 must be followed by hex digits/, { position: 0 }),
  ],
  base64: [
    bad('"ab*c"', () => encodeComposerPayload('base64', 'ab*c'), /'\*' at position 2 is not a base64 character/, { position: 2 }),
    bad('"ab==cd" (data after padding)', () => encodeComposerPayload('base64', 'ab==cd'), /'c' at position 4 comes after '=' padding/, { position: 4 }),
    bad('"abcde" (one char left over)', () => encodeComposerPayload('base64', 'abcde'), /last group has a single character.*truncated/, { position: 4 }),
    bad('"abc==" (too much padding)', () => encodeComposerPayload('base64', 'abc=='), /bad base64 padding at position 3: 3 characters need 1 '=', found 2/, { position: 3 }),
  ],
  MessagePack: [
    bad('composer body "  " (empty)', () => encodeComposerPayload('msgpack', '  '), /MessagePack body is empty: write the value as JSON/, { position: 0 }),
    bad('composer body {"a":} (its JSON is wrong)', () => encodeComposerPayload('msgpack', '{"a":}'), /expected a value/, { line: 1, column: 6 }),
    bad('bytes [c1] (never used)', () => decodeMessagePack(Uint8Array.from([0xc1])), /byte 0xc1 at offset 0 is never used/, { position: 0 }),
    bad('bytes [a5 68 69] (str cut short)', () => decodeMessagePack(Uint8Array.from([0xa5, 0x68, 0x69])), /ends at byte 3 inside a str of 5 bytes that starts at byte 0 \(3 more bytes needed\)/, { position: 3 }),
    bad('bytes [01 02] (left over)', () => decodeMessagePack(Uint8Array.from([0x01, 0x02])), /ends at byte 1 but the message has 2 bytes \(1 left over\)/, { position: 1 }),
    bad('bytes [] (empty)', () => decodeMessagePack(new Uint8Array(0)), /the message is empty/, { position: 0 }),
  ],
  'close codes and reasons': [
    bad('code 1005', () => validateCloseCodeToSend(1005), /1005 \(No Status Received\) can never be sent.*RFC 6455 §7\.4\.1/),
    bad('code 1006', () => validateCloseCodeToSend(1006), /1006 \(Abnormal Closure\) can never be sent/),
    bad('code 1015', () => validateCloseCodeToSend(1015), /1015 \(TLS Handshake\) can never be sent/),
    bad('code 999', () => validateCloseCodeToSend(999), /999 \(Unused\) cannot be sent by a client/),
    bad('code 1001 (servers only)', () => validateCloseCodeToSend(1001), /1001 \(Going Away\) cannot be sent by a client: use 1000/),
    bad('code 5000', () => validateCloseCodeToSend(5000), /5000 \(Invalid\) cannot be sent/),
    bad('code 1000.5', () => validateCloseCodeToSend(1000.5), /must be a whole number, got 1000\.5/),
    bad('reason of 62 × "é" (124 bytes)', () => validateCloseReason('é'.repeat(62)), /124 bytes of UTF-8 \(62 characters\); at most 123 bytes fit/),
  ],
  variables: [
    bad('"{{host" (never closed)', () => substituteVariables('{{host', {}), /'\{\{' at position 0 is never closed/, { position: 0 }),
    bad('"a {{}} b" (empty)', () => substituteVariables('a {{}} b', {}), /empty variable '\{\{\}\}' at position 2/, { position: 2 }),
    bad('"{{missing}}" (unknown)', () => substituteVariables('x={{missing}}', { a: '1' }), /unknown variable 'missing' at position 2 \(defined: a\)/, { position: 2 }),
    bad('"{{a {{b}}" (nested open)', () => substituteVariables('{{a {{b}}', {}), /not closed before the next '\{\{' at position 4/, { position: 0 }),
    bad('"{{$randomInt 5 1}}" (min > max)', () => substituteVariables('{{$randomInt 5 1}}', {}), /min is greater than max/, { position: 0 }),
    bad('"{{$randomInt x}}" (bad arguments)', () => substituteVariables('{{$randomInt x}}', {}), /takes no arguments or two whole numbers/, { position: 0 }),
    bad('"{{$nope}}" (unknown dynamic)', () => substituteVariables('{{$nope}}', {}), /unknown dynamic variable '\$nope'.*known: \$uuid/, { position: 0 }),
    bad('"{{$uuid 1}}" (argument to $uuid)', () => substituteVariables('{{$uuid 1}}', {}), /takes no arguments/, { position: 0 }),
    bad('"{{api key}}" (space in a name)', () => substituteVariables('{{api key}}', { api: 'x' }), /takes no arguments \(variable names cannot contain spaces\)/, { position: 0 }),
  ],
  'scenario files': [
    bad('YAML: unclosed flow sequence', () => parseScenarioText('name: x\nrules:\n  - reply: [unclosed\n', 'a.wsmock.yaml'), /Flow sequence .*must .*end with a \]/, { line: 4, column: 1 }),
    bad('typo "rulez"', () => parseScenarioText('name: x\nrulez: []\n', 'a.wsmock.yaml'), /unknown field "rulez" in the scenario — did you mean "rules"\?/, { line: 2, column: 1 }),
    bad('limits.maxConnections: "ten"', () => parseScenarioText('name: x\nlimits:\n  maxConnections: "ten"\n', 'a.wsmock.yaml'), /"limits\.maxConnections" must be a whole number, not string "ten"/, { line: 3 }),
    bad('unknown generator "nope"', () => parseScenarioText('name: x\ngenerators:\n  g: { generator: nope }\n', 'a.wsmock.yaml'), /unknown generator "nope" \(known: /, { line: 3 }),
    bad('regex "(" (does not compile)', () => parseScenarioText('name: x\nrules:\n  - match: { regex: "(" }\n    reply: hi\n', 'a.wsmock.yaml'), /invalid regular expression/, { line: 3 }),
    bad('close code 1005 in a rule', () => parseScenarioText('name: x\nrules:\n  - close: { code: 1005 }\n', 'a.wsmock.yaml'), /close code 1005 cannot be sent; use 1000-1003, 1007-1014 or 3000-4999/, { line: 3 }),
    bad('template "{{foo.bar}}" (unknown root)', () => parseScenarioText('name: x\nrules:\n  - reply: "{{foo.bar}}"\n', 'a.wsmock.yaml'), /unknown template variable "foo"/, { line: 3 }),
    bad('a list instead of an object', () => parseScenarioText('- a\n- b\n', 'a.wsmock.yaml'), /a scenario must be an object/, { line: 1 }),
    bad('"name" twice', () => parseScenarioText('name: x\nname: y\n', 'a.wsmock.yaml'), /unique/i, { line: 2 }),
    bad('an action with two verbs', () => parseScenarioText('name: x\nrules:\n  - do: [{ echo: true, reply: hi }]\n', 'a.wsmock.yaml'), /exactly one verb, found echo and reply/, { line: 3 }),
    bad('JSON: {"name": "x", "rules": 5}', () => parseScenarioText('{\n  "name": "x",\n  "rules": 5\n}', 'a.wsmock.json'), /"rules" must be an array, not number 5/, { line: 3 }),
    bad('regex "^(?!a)" (lookahead: needs a backtracking engine)', () => parseScenarioText('name: x\nrules:\n  - match: { regex: "^(?!a)" }\n    reply: hi\n', 'a.wsmock.yaml'), /regular expression refused: negative lookahead \(\?!…\) at character 2/, { line: 3 }),
  ],
  'environment files': [
    bad('{"dev": {"host": "a",}} (trailing comma)', () => parseEnvFile('{"dev": {"host": "a",}}'), /http-client\.env\.json: JSON error at line 1, column 22.*trailing comma/, { line: 1, column: 22 }),
    bad('["dev"] (array root)', () => parseEnvFile('["dev"]'), /expected an object of environments/),
    bad('{"dev": "localhost"}', () => parseEnvFile('{"dev": "localhost"}'), /environment "dev" must be an object of variables, got a string/),
    bad('{"dev": {"port": [8080]}}', () => parseEnvFile('{"dev": {"port": [8080]}}'), /"dev"\."port" must be a string, number or boolean, got an array/),
    bad('environment "prod" not defined', () => parseEnvFiles('{"dev": {}}', undefined, 'prod'), /environment "prod" not found \(available: dev\)/),
    bad('private file, broken', () => parseEnvFiles('{}', '{"dev": }', 'dev'), /http-client\.private\.env\.json: JSON error at line 1, column 9/, { line: 1, column: 9 }),
  ],
  'HAR imports': [
    bad('"not json"', () => importHar('not json'), /HAR JSON error at line 1, column 2 \(offset 1\): expected 'null', found 'o'/, { line: 1, column: 2 }),
    bad('{} (no log)', () => importHar('{}'), /log must be an object, got nothing/),
    bad('{"log":{}} (no entries)', () => importHar('{"log":{}}'), /log\.entries must be a list, got nothing/),
    // A bad frame or a missing start no longer refuses the file (harRealCaptures.test.ts): only an
    // entry that cannot be a connection at all is refused, and the message says which and why.
    bad('WebSocket entry without a URL', () => importHar(har(wsEntry([], { request: { method: 'GET' } }))), /none of its 1 WebSocket connection\(s\) could be read: log\.entries\[0\]: skipped, it has no request URL/),
    bad('WebSocket entry that is not an object', () => importHar(JSON.stringify({ log: { entries: ['wss://x/'] } })), /no WebSocket connection .*log\.entries\[0\]: skipped, it is not an object/),
    bad('a HAR with no WebSocket entry', () => importHar(har({ startedDateTime: '2025-01-01T00:00:00Z', request: {}, response: {} })), /has 1 entries but no WebSocket connection/),
  ],
  'connections files': [
    bad('broken JSON', () => parseConnectionsFile('{"version": 1,\n "connections": [}'), /JSON error at line 2, column 18/, { line: 2, column: 18 }),
    bad('version 2 (newer)', () => parseConnectionsFile(conns([], 2)), /version 2 was written by a newer WebSocket Lab; this one reads version 1/),
    bad('version "1" (a string)', () => parseConnectionsFile(conns([], '1')), /"version" must be 1, got "1"/),
    bad('connections: {} (not a list)', () => parseConnectionsFile(conns({})), /connections must be a list, got \{\}/),
    bad('a connection without id', () => parseConnectionsFile(conns([{ url: 'ws://a/' }])), /connections\[0\]\.id must be a non-empty string, got nothing/),
    bad('the same id twice', () => parseConnectionsFile(conns([{ id: 'a', url: 'ws://a/' }, { id: 'a', url: 'ws://b/' }])), /connections\[1\]\.id "a" is already used by connections\[0\]/),
    bad('reconnect.maxDelayMs -1', () => parseConnectionsFile(conns([{ id: 'a', url: 'ws://a/', reconnect: { maxDelayMs: -1 } }])), /connections\[0\]\.reconnect\.maxDelayMs must be a whole number of milliseconds >= 0, got -1/),
    bad('headers[0].secret "yes"', () => parseConnectionsFile(conns([{ id: 'a', url: 'ws://a/', headers: [{ name: 'A', secret: 'yes' }] }])), /connections\[0\]\.headers\[0\]\.secret must be true or false, got "yes"/),
    bad('tls.caFile 42', () => parseConnectionsFile(conns([{ id: 'a', url: 'ws://a/', tls: { caFile: 42 } }])), /connections\[0\]\.tls\.caFile must be a file path string, got 42/),
    bad('savedMessages[0].format "xml"', () => parseConnectionsFile(conns([{ id: 'a', url: 'ws://a/', savedMessages: [{ name: 'n', format: 'xml' }] }])), /connections\[0\]\.savedMessages\[0\]\.format must be one of text, json, hex, base64, msgpack, got "xml"/),
  ],
  'timeline imports (JSONL)': [
    bad('an event of kind "bogus"', () => importJsonl('{"seq":1,"time":0,"kind":"bogus"}'), /line 1: unknown event kind "bogus"/, { line: 1 }),
    bad('line 2 cut off', () => importJsonl('{"seq":1,"time":0,"kind":"info","message":"a"}\n{"seq":2,'), /line 2, column 10/, { line: 2, column: 10 }),
    bad('a message without data', () => importJsonl('{"seq":1,"time":0,"kind":"message","dir":"in","opcode":"text","size":1,"encoding":"utf8"}'), /message event: "data" must be a string \(missing\)/, { line: 1 }),
    bad('seq going backwards', () => importJsonl('{"seq":2,"time":0,"kind":"info","message":"a"}\n{"seq":1,"time":0,"kind":"info","message":"b"}'), /line 2: seq 1 is not greater than the previous event's 2/, { line: 2 }),
  ],
  'webview messages': [
    bad('null', () => parseWebviewMessage(null), /message is not an object/),
    bad('[] (an array)', () => parseWebviewMessage([]), /message is not an object/),
    bad('{type: "explode"}', () => parseWebviewMessage({ type: 'explode' }), /unknown message type "explode"/),
    bad('{type: "__proto__"}', () => parseWebviewMessage({ type: '__proto__' }), /unknown message type "__proto__"/),
    bad('send without requestId', () => parseWebviewMessage({ type: 'send', format: 'text', body: 'x' }), /send: requestId must be a non-negative integer/),
    bad('send with format "xml"', () => parseWebviewMessage({ type: 'send', requestId: 1, format: 'xml', body: 'x' }), /send: format must be one of text, json, hex, base64, msgpack/),
    bad('send with a body over 16 MiB', () => parseWebviewMessage({ type: 'send', requestId: 1, format: 'text', body: 'x'.repeat(16 * 1024 * 1024 + 1) }), /send: body must be a string of at most 16 MiB/),
    bad('close with code "1000" (a string)', () => parseWebviewMessage({ type: 'close', requestId: 1, code: '1000', reason: '' }), /close: code must be an integer/),
    bad('export as "pdf"', () => parseWebviewMessage({ type: 'export', requestId: 1, format: 'pdf' }), /export: format must be "jsonl" or "har"/),
    bad('saveMessage with a blank name', () => parseWebviewMessage({ type: 'saveMessage', requestId: 1, message: { name: '  ', format: 'text', body: '' } }), /saveMessage: message must be a saved message \{name, format, body, description\?\}/),
    bad('ping with requestId -1', () => parseWebviewMessage({ type: 'ping', requestId: -1, payload: '' }), /ping: requestId must be a non-negative integer/),
    bad('resend with seq 1.5', () => parseWebviewMessage({ type: 'resend', requestId: 1, seq: 1.5 }), /resend: seq must be an integer/),
    bad('lesson: command "workbench.action.files.delete"', () => parseLessonMessage({ type: 'command', command: 'workbench.action.files.delete', args: [] }), /only websocketLab\.\* commands may be run from a lesson/),
    bad('lesson: command with 5 args', () => parseLessonMessage({ type: 'command', command: 'websocketLab.openLesson', args: [1, 2, 3, 4, 5] }), /args must be a short array/),
    bad('lesson: args not an array', () => parseLessonMessage({ type: 'command', command: 'websocketLab.openLesson', args: '1' }), /args must be a short array/),
    bad('lesson: args holding a BigInt (not JSON)', () => parseLessonMessage({ type: 'command', command: 'websocketLab.openLesson', args: [1n] }), /args must be a short array/),
    bad('lesson: topicVisible with topic 42', () => parseLessonMessage({ type: 'topicVisible', topic: 42 }), /topicVisible: topic must be a short string/),
    bad('lesson: {type: "eval"}', () => parseLessonMessage({ type: 'eval' }), /unknown message type "eval"/),
  ],
  'connection inputs at connect time': [
    bad('header "Bad Name"', () => checkHandshakeInputs({ url: 'ws://a/', headers: [['Bad Name', 'v']], subprotocols: [] }), /Header "Bad Name": header name 'Bad Name' has U\+0020 at position 3/),
    bad('subprotocols ["a", "a"]', () => checkHandshakeInputs({ url: 'ws://a/', headers: [], subprotocols: ['a', 'a'] }), /Subprotocols: subprotocol 'a' is listed twice/),
    bad('URL "wss://"', () => checkHandshakeInputs({ url: 'wss://', headers: [], subprotocols: [] }), /Invalid URL: URL has no host after wss:\/\//),
  ],
};

function messageOf(r: AnyResult): string {
  if (typeof r.error === 'string') return r.error;
  if (Array.isArray(r.errors)) return r.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n');
  if ('message' in r && typeof (r as { message?: unknown }).message === 'string') return (r as unknown as { message: string }).message;
  return JSON.stringify(r);
}

function whereOf(r: AnyResult): Where {
  if (Array.isArray(r.errors) && r.errors.length) return { line: r.errors[0].line, column: r.errors[0].column };
  return { position: r.position, line: r.line, column: r.column, index: r.index, field: r.field };
}

const total = Object.values(CATALOG).reduce((n, list) => n + list.length, 0);

describe(`bad input catalog (${total} inputs)`, () => {
  it('has at least 50 named inputs, across every kind of input', () => {
    expect(total).toBeGreaterThanOrEqual(50);
    expect(Object.keys(CATALOG).length).toBeGreaterThanOrEqual(15);
  });

  for (const [area, cases] of Object.entries(CATALOG)) {
    describe(area, () => {
      it.each(cases.map((c) => [c.title, c] as const))('%s', (_title, c) => {
        let r: AnyResult | undefined;
        expect(() => (r = c.run() as AnyResult)).not.toThrow();
        expect(r, 'a result, not undefined').toBeDefined();
        if ('ok' in r!) expect(r!.ok).toBe(false);
        const text = messageOf(r!);
        for (const w of c.words) expect(text).toMatch(w);
        if (c.where) expect(whereOf(r!)).toMatchObject(c.where);
      });
    });
  }
});

// ------------------------------------------------------------------ random input never throws

/** Runs per property: more with WSLAB_FULL=1. */
const RUNS = FULL ? 5000 : 300;
const junk = fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.string({ unit: fc.constantFrom(...'{}[]:,"\'\\-\n #&*!|>?%@`'.split('')) }));
const anything = fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withNullPrototype: true });
const isResult = (r: unknown) => !!r && typeof r === 'object' && typeof (r as { ok?: unknown }).ok === 'boolean';

describe('random input never throws', () => {
  it('validateHeaderValue / validateHeaders', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => isResult(validateHeaderValue(s))), { numRuns: RUNS });
    const entry = fc.record({ name: fc.string(), value: fc.string({ unit: 'binary' }), secret: fc.option(fc.boolean(), { nil: undefined }), enabled: fc.option(fc.boolean(), { nil: undefined }) });
    fc.assert(fc.property(fc.array(entry, { maxLength: 5 }), (list) => {
      const r = validateHeaders(list);
      return isResult(r) && (r.ok || (r.index >= 0 && r.index < list.length));
    }), { numRuns: RUNS });
  });

  it('validateCloseReason', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => isResult(validateCloseReason(s)) && validateCloseReason(s).ok === (new TextEncoder().encode(s).length <= 123)), { numRuns: RUNS });
  });

  it('parseEnvFile / parseEnvFiles', () => {
    fc.assert(fc.property(junk, junk, fc.string(), (a, b, env) => isResult(parseEnvFile(a)) && isResult(parseEnvFiles(a, b, env))), { numRuns: RUNS });
    fc.assert(fc.property(fc.jsonValue(), (v) => isResult(parseEnvFile(JSON.stringify(v)))), { numRuns: RUNS });
  });

  it('importHar', () => {
    fc.assert(fc.property(junk, (s) => isResult(importHar(s))), { numRuns: RUNS });
    const frame = fc.record({ type: fc.oneof(fc.constantFrom('send', 'receive'), fc.string()), time: fc.oneof(fc.double(), fc.string()), opcode: fc.oneof(fc.constantFrom(1, 2, 9), fc.jsonValue()), data: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] });
    const entry = fc.record({ startedDateTime: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()), request: fc.oneof(fc.record({ url: fc.string(), method: fc.string() }), fc.jsonValue()), response: fc.oneof(fc.record({ status: fc.integer(), headers: fc.array(fc.record({ name: fc.string(), value: fc.string() })) }), fc.jsonValue()), _webSocketMessages: fc.oneof(fc.array(frame, { maxLength: 4 }), fc.jsonValue()) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(entry, { maxLength: 3 }), (entries) => {
      const r = importHar(JSON.stringify({ log: { entries } }));
      return isResult(r) && (r.ok || typeof r.error === 'string');
    }), { numRuns: RUNS });
  });

  it('parseScenarioText, on random text, random JSON and random YAML-ish text', () => {
    const yamlish = fc.array(fc.tuple(fc.constantFrom('name', 'rules', 'limits', 'faults', 'handshake', 'pushes', '- ', '  ', 'match', 'regex', 'reply', 'do', 'echo'), fc.constantFrom(': ', ':', ' - ', ''), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('{{json.x}}', '[', '{', '&a', '*a', '!!str', '|', '1005', 'true'))), { maxLength: 12 }).map((lines) => lines.map((l) => l.join('')).join('\n'));
    fc.assert(fc.property(fc.oneof(junk, yamlish), (text) => {
      const r = parseScenarioText(text, 'fuzz.wsmock.yaml');
      return isResult(r) && (r.ok || r.errors.every((e) => e.line >= 1 && e.column >= 1 && e.message !== ''));
    }), { numRuns: RUNS });
    fc.assert(fc.property(fc.jsonValue(), (v) => isResult(parseScenarioText(JSON.stringify(v), 'fuzz.wsmock.json'))), { numRuns: RUNS });
  });

  it('checkTemplate on random JSON templates', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string().map((s) => `{{${s}}}`), (v, t) => Array.isArray(checkTemplate(v)) && Array.isArray(checkTemplate(t))), { numRuns: RUNS });
  });

  it('parseWebviewMessage and parseLessonMessage, on anything', () => {
    const shaped = fc.record({ type: fc.oneof(fc.constantFrom('ready', 'send', 'sendFile', 'ping', 'close', 'connect', 'disconnect', 'clear', 'resend', 'copyText', 'export', 'saveMessage', 'deleteSavedMessage', 'command', 'topicVisible'), fc.string()), requestId: fc.oneof(fc.integer(), fc.double(), anything), format: fc.oneof(fc.constantFrom('text', 'json', 'har', 'jsonl'), anything), body: anything, message: anything, command: fc.oneof(fc.constant('websocketLab.openLesson'), fc.string()), args: anything, topic: anything }, { requiredKeys: ['type'] });
    fc.assert(fc.property(fc.oneof(anything, shaped), (m) => {
      const a = parseWebviewMessage(m);
      const b = parseLessonMessage(m);
      return isResult(a) && isResult(b) && (a.ok || a.error !== '') && (b.ok || b.error !== '');
    }), { numRuns: RUNS * 2 });
  });

  it('checkTimelineEvent, on anything', () => {
    fc.assert(fc.property(fc.oneof(anything, fc.record({ kind: fc.constantFrom('message', 'close', 'handshake-request', 'ping', 'state'), seq: fc.integer(), time: fc.double(), data: anything, headers: anything, encoding: fc.constantFrom('utf8', 'base64') }, { requiredKeys: ['kind'] })), (e) => {
      const r = checkTimelineEvent(e);
      return r === undefined || typeof r === 'string';
    }), { numRuns: RUNS });
  });

  it('checkHandshakeInputs', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), { maxLength: 4 }), fc.array(fc.string(), { maxLength: 4 }), (url, headers, subprotocols) => {
      const r = checkHandshakeInputs({ url, headers, subprotocols });
      return r === undefined || typeof r.message === 'string';
    }), { numRuns: RUNS });
  });

  it('classifyError and the frame / handshake explanations, on any error', () => {
    const code = fc.oneof(fc.constantFrom('WS_ERR_INVALID_OPCODE', 'WS_ERR_INVALID_CLOSE_CODE', 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 'ECONNREFUSED', 'WSLAB_HANDSHAKE_REJECTED', 'WSLAB_HANDSHAKE_INVALID', 'WSLAB_TRUNCATED_FRAME', 'CERT_HAS_EXPIRED', 'ERR_TLS_X', 'constructor', '__proto__', 'toString'), fc.string());
    fc.assert(fc.property(code, fc.string(), fc.option(fc.integer(), { nil: undefined }), anything, (c, message, status, junkValue) => {
      const err = Object.assign(new Error(message), { code: c, status });
      const a = classifyError(err, { url: message, maxMessageSize: status });
      const b = classifyError(junkValue);
      const f = explainFrameError(c, message, { peer: 'client' });
      return typeof a.message === 'string' && a.message !== '' && typeof b.message === 'string' && (f === undefined || f.explanation !== '') && typeof explainHandshakeError(message) === 'string';
    }), { numRuns: RUNS });
  });

  it('TimelineStore.search with any text or regex', () => {
    const store = new TimelineStore(100);
    store.append({ kind: 'message', time: 0, dir: 'in', opcode: 'text', size: 5, encoding: 'utf8', data: 'hello' });
    store.append({ kind: 'info', time: 0, message: 'world' });
    fc.assert(fc.property(fc.string(), fc.string({ unit: fc.constantFrom(...'()[]{}*+?.|^$\\ab'.split('')) }), (text, regex) => {
      const r = store.search({ text, regex });
      return isResult(r) && (r.ok || r.error.includes('Invalid regular expression'));
    }), { numRuns: RUNS });
  });

  it('parseCliArgs with any argv', () => {
    const word = fc.oneof(fc.constantFrom('mock', 'scenarios', 'help', '--scenario', '-s', '--port', '-p', '--host', '--tls', '--tls=1', '--cert-dir', '--port=', '--help', '-'), fc.string());
    fc.assert(fc.property(fc.array(word, { maxLength: 8 }), (argv) => {
      const r = parseCliArgs(argv);
      return typeof r.command === 'string' && (r.command !== 'error' || r.message !== '');
    }), { numRuns: RUNS });
  });

  it('compileScenarioRegex answers quickly for any pattern and flags, with a message when it refuses', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'()[]{}*+?|\\.^$ab1,:<>=!-kpuxc'.split('')), maxLength: 60 }), fc.constantFrom('', 'i', 'u', 'ms'), (p, flags) => {
      const started = Date.now();
      const r = compileScenarioRegex(p, flags);
      // "could not be read" would be a pattern V8 accepts that the translation to RE2 misreads.
      return isResult(r) && (r.ok || (/^(invalid regular expression|regular expression refused): ./.test(r.error) && !r.error.includes('could not be read'))) && Date.now() - started < 100;
    }), { numRuns: RUNS * 3 });
  });

  it('FrameTracker follows any byte stream, cut anywhere, without throwing', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), (chunks) => {
      const t = new FrameTracker();
      for (const c of chunks) t.feed(c);
      const i = t.incomplete;
      return i === undefined || (i.headerBytes >= 0 && i.payloadReceived >= 0 && (i.payloadLength === undefined || i.payloadReceived < i.payloadLength));
    }), { numRuns: RUNS });
  });
});
