// The 27 "Try it" exercises, one per syllabus module (id mNN = module NN).
// Each exercise names the mock-server scenario to start, how the exercise connection is set up,
// what the learner does, and a pure check over the connection's timeline events.
// The lesson files describe these same exercises; keep titles and outcomes in step with them.

import type { TimelineEvent } from '../shared/events';
import {
  allOf, anyOf, countEchoes, countMessages, inOrder, sawAck, sawAnsweredRequests, sawClose, sawEcho, sawError,
  sawAcceptValueSent, sawHandshake, sawMessage, sawOpen, sawPingAnswered, sawPongWithRtt, sawQueuedThenDelivered, sawReconnectAttempt,
  sawReconnectScheduled, sawRefusal, type CheckResult,
} from './checks';

export type { CheckResult } from './checks';

export interface NameValue {
  name: string;
  value: string;
}

/** How the exercise connection to the scenario's mock server is created. */
export interface ExerciseConnection {
  /** Path on the mock server, default "/". */
  path?: string;
  query?: NameValue[];
  subprotocols?: string[];
  headers?: NameValue[];
  /** Automatic reconnect on (with the default backoff); off when omitted. */
  reconnect?: boolean;
}

export interface Exercise {
  id: string;
  module: number;
  title: string;
  /** Built-in mock server scenario the exercise runs against. */
  scenario: string;
  connection: ExerciseConnection;
  /** Short steps, in order. */
  instructions: string[];
  /** The expected outcome, one sentence (the lesson's "Expected outcome" says the same). */
  expected: string;
  check: (events: readonly TimelineEvent[]) => CheckResult;
}

const sentSomething = sawMessage({ dir: 'out' });

export const EXERCISES: readonly Exercise[] = [
  {
    id: 'm01', module: 1, title: 'Your first echo', scenario: 'echo', connection: {},
    instructions: ['Connect.', 'Type any text in the composer and send it.', 'Watch the timeline.'],
    expected: 'Your message appears as an outgoing frame, followed by the same text coming back.',
    check: inOrder(sawEcho()),
  },
  {
    id: 'm02', module: 2, title: 'Watch the opening handshake', scenario: 'echo', connection: {},
    instructions: ['Connect.', 'Open the handshake (WebSocket Lab: Show Handshake) and compare Sec-WebSocket-Key with Sec-WebSocket-Accept.', 'Copy the Sec-WebSocket-Accept value and send it as a message.'],
    expected: 'The server answers 101 Switching Protocols with a Sec-WebSocket-Accept that matches your key, and you send that value.',
    // The 101 alone arrives on connect: sending the accept value proves the handshake was read.
    check: inOrder(sawHandshake({ status: 101, acceptValid: true }), sawAcceptValueSent()),
  },
  {
    id: 'm03', module: 3, title: 'Ping and pong', scenario: 'echo', connection: {},
    instructions: ['Connect.', 'Send a ping from the composer.', 'Find the pong and its round-trip time.'],
    expected: 'A pong frame comes back and the timeline shows its round-trip time.',
    check: inOrder(sawPongWithRtt()),
  },
  {
    id: 'm04', module: 4, title: 'Send binary data', scenario: 'echo', connection: {},
    instructions: ['Connect.', 'Switch the composer to Hex and send bytes such as `01 02 ff`.', 'Look at the echoed frame.'],
    expected: 'The same bytes come back in a binary frame.',
    check: inOrder(sawEcho({ opcode: 'binary' })),
  },
  {
    id: 'm05', module: 5, title: 'Close with your own code', scenario: 'echo', connection: {},
    instructions: ['Connect.', 'Use Close with code 4000 and reason `bye`.', 'Read the close event.'],
    expected: 'The close event shows code 4000, reason "bye", a clean close that you started.',
    check: inOrder(sawClose({ code: 4000, reason: 'bye', initiator: 'client', wasClean: true })),
  },
  {
    id: 'm06', module: 6, title: 'JSON and MessagePack', scenario: 'echo', connection: {},
    instructions: ['Connect.', 'Send `{"hello":"json"}` with the JSON format.', 'Send the same value with the MessagePack format.'],
    expected: 'Both messages are echoed: the JSON one as text, the MessagePack one as a binary frame.',
    check: allOf(sawEcho({ format: 'json' }), sawEcho({ format: 'msgpack', opcode: 'binary' })),
  },
  {
    id: 'm07', module: 7, title: 'Answer the heartbeat', scenario: 'heartbeat', connection: {},
    instructions: ['Connect.', 'Wait a few seconds (the server pings every 2 seconds).', 'Find the server ping and your pong.'],
    expected: 'The server pings you and your client answers with a pong automatically.',
    check: inOrder(sawPingAnswered()),
  },
  {
    id: 'm08', module: 8, title: 'Reconnect to a flaky server', scenario: 'flaky', connection: { reconnect: true },
    instructions: ['Connect (automatic reconnect is on).', 'Wait for the server to drop you (after 5 seconds) or refuse you (503).', 'Watch the session try again.'],
    expected: 'After a failure the session schedules a reconnect and the connection opens again.',
    check: inOrder(sawReconnectAttempt(), sawOpen()),
  },
  {
    id: 'm09', module: 9, title: 'Authenticate with a token', scenario: 'auth', connection: {},
    instructions: ['Connect without credentials and read the refusal.', 'Add `?token=lab-token` to the URL (or the header `Authorization: Bearer lab-token`).', 'Connect again.'],
    expected: 'The first attempt is refused with 401; with the token the connection opens.',
    check: inOrder(sawRefusal(401), sawOpen()),
  },
  {
    id: 'm10', module: 10, title: 'Join a room and publish to it', scenario: 'rooms', connection: {},
    instructions: ['Connect.', 'Send `{"type":"join","room":"lobby"}`.', 'Publish with `{"type":"publish","room":"lobby","text":"hi"}`.'],
    expected: 'You receive your message as {"type":"message","room":"lobby",...} from the room.',
    check: inOrder(sentSomething, sawMessage({ dir: 'in', json: { type: 'message', room: 'lobby' } })),
  },
  {
    id: 'm11', module: 11, title: 'Send a chat line and receive the broadcast', scenario: 'chat', connection: {},
    instructions: ['Connect.', 'Send a chat line such as `hello everyone`.', 'Watch for the broadcast.'],
    expected: 'The server broadcasts your line back as a {"type":"chat",...} message.',
    check: inOrder(sentSomething, sawMessage({ dir: 'in', json: { type: 'chat' } })),
  },
  {
    id: 'm12', module: 12, title: 'Negotiate chat.v1', scenario: 'subprotocols', connection: {},
    instructions: ['Connect: the connection offers no subprotocol and the server refuses it with 400.', 'Edit the connection to offer the subprotocol `chat.v1`.', 'Connect again and read the protocol on the open event.'],
    expected: 'After the refusal, the connection opens with the subprotocol chat.v1.',
    // The exercise connection offers nothing: a preset chat.v1 passed the moment Start connected.
    check: inOrder(sawRefusal(400), sawOpen({ protocol: 'chat.v1' })),
  },
  {
    id: 'm13', module: 13, title: 'Negotiate permessage-deflate', scenario: 'compression', connection: {},
    instructions: ['Keep per-message deflate on in the connection settings.', 'Connect and read the extensions on the open event.', 'Send a text longer than 64 bytes (the server compresses from 64) and watch it come back unchanged.'],
    expected: 'The connection opens with permessage-deflate negotiated and a message over 64 bytes is echoed unchanged.',
    // The open alone arrives on connect: the learner's compressed round trip is the exercise.
    check: inOrder(sawOpen({ extensionsInclude: 'permessage-deflate' }), sawEcho({ largerThan: 64 })),
  },
  {
    id: 'm14', module: 14, title: 'Subscribe, publish, receive', scenario: 'pubsub', connection: {},
    instructions: ['Connect.', 'Send `{"type":"subscribe","topic":"news"}`.', 'Publish with `{"type":"publish","topic":"news","data":"hello"}`.'],
    expected: 'You receive a {"type":"event","topic":"news",...} message.',
    check: inOrder(sentSomething, sawMessage({ dir: 'in', json: { type: 'event', topic: 'news' } })),
  },
  {
    id: 'm15', module: 15, title: 'Acknowledge a delivered message', scenario: 'ack', connection: {},
    instructions: ['Connect.', 'Wait for a `{"type":"msg","id":N}` message.', 'Reply `{"type":"ack","id":N}` with the same id.'],
    expected: 'Your acknowledgement carries the id of the message you received.',
    check: inOrder(sawAck('msg', 'ack')),
  },
  {
    id: 'm16', module: 16, title: 'Queue a message while disconnected', scenario: 'flaky', connection: { reconnect: true },
    instructions: ['Connect (automatic reconnect is on).', 'When the connection drops (after 5 seconds), send a message right away.', 'Wait for the reconnect.'],
    expected: 'The message is queued while disconnected and sent as soon as the connection opens again.',
    check: inOrder(sawQueuedThenDelivered()),
  },
  {
    id: 'm17', module: 17, title: 'Catch an invalid UTF-8 frame', scenario: 'invalid-utf8', connection: {},
    instructions: ['Connect.', 'Send any message: the server echoes it, then sends a frame that is not valid UTF-8.', 'Read the error and the close code.'],
    expected: 'The client reports a protocol error and the connection closes with 1007.',
    check: inOrder(anyOf(sawError({ category: 'protocol' }), sawClose({ code: 1007 }))),
  },
  {
    id: 'm18', module: 18, title: 'Measure a quote stream', scenario: 'ticker', connection: {},
    instructions: ['Connect.', 'Let the quotes stream for a few seconds.', 'Watch the message rate in the timeline header.'],
    expected: 'At least 20 quote messages arrive.',
    check: inOrder(countMessages({ dir: 'in', json: { type: 'quote' } }, 20, 'quote messages')),
  },
  {
    id: 'm19', module: 19, title: 'Watch an abnormal closure', scenario: 'drop', connection: {},
    instructions: ['Connect (automatic reconnect is off).', 'Send five messages (or wait 10 seconds) until the server cuts the connection.', 'Read the close event.'],
    expected: 'The connection closes abnormally: code 1006, not clean.',
    check: inOrder(sawClose({ code: 1006, wasClean: false })),
  },
  {
    id: 'm20', module: 20, title: 'Compare round-trip times', scenario: 'latency', connection: {},
    instructions: ['Connect.', 'Send three messages, one after another.', 'Compare when each was sent and when its echo arrived.'],
    expected: 'Three messages are echoed back, each after a measurable delay.',
    check: inOrder(countEchoes(3)),
  },
  {
    id: 'm21', module: 21, title: 'Hit the rate limit', scenario: 'rate-limit', connection: {},
    instructions: ['Connect.', 'Send more than 5 messages within one second (use Resend repeatedly).', 'Read how the server reacts.'],
    expected: 'The server closes the connection with 1008 (Policy Violation).',
    check: inOrder(sawClose({ code: 1008, initiator: 'server' })),
  },
  {
    id: 'm22', module: 22, title: 'One feed, three transports', scenario: 'transports', connection: {},
    instructions: ['Connect over WebSocket.', 'Let the feed run for a few seconds.', 'Compare with the SSE and polling endpoints described in the lesson.'],
    expected: 'At least 5 feed messages arrive over the WebSocket.',
    check: inOrder(countMessages({ dir: 'in', json: { type: 'tick' } }, 5, 'feed messages ({"type":"tick"})')),
  },
  {
    id: 'm23', module: 23, title: 'Correlate two requests', scenario: 'request-response', connection: {},
    instructions: ['Connect.', 'Send `{"id":"1","method":"time"}`.', 'Send `{"id":"2","method":"add","params":[2,3]}` and match each response to its request by id.'],
    expected: 'Both requests are answered, each response carrying its request id.',
    check: inOrder(sawAnsweredRequests(2)),
  },
  {
    id: 'm24', module: 24, title: 'Exceed the message size limit', scenario: 'max-size', connection: {},
    instructions: ['Connect.', 'Send a message longer than 1024 bytes.', 'Read the close event.'],
    expected: 'The server closes the connection with 1009 (Message Too Big).',
    check: inOrder(sawMessage({ dir: 'out', largerThan: 1024 }), sawClose({ code: 1009 })),
  },
  {
    id: 'm25', module: 25, title: 'Let the connection come back by itself', scenario: 'drop', connection: { reconnect: true },
    instructions: ['Connect (automatic reconnect is on).', 'Send five messages (or wait 10 seconds) until the connection drops.', 'Watch the session reconnect by itself.'],
    expected: 'After the drop the session schedules a reconnect and the connection opens again.',
    check: inOrder(sawClose({ wasClean: false }), sawReconnectScheduled(), sawOpen()),
  },
  {
    id: 'm26', module: 26, title: 'Reboot a sensor', scenario: 'iot', connection: {},
    instructions: ['Connect.', 'Send `{"type":"command","device":"sensor-1","action":"reboot"}`.', 'Wait for the acknowledgement.'],
    expected: 'The device answers with a {"type":"command-ack",...} message.',
    check: inOrder(
      sawMessage({ dir: 'out', json: { type: 'command', device: 'sensor-1', action: 'reboot' } }),
      sawMessage({ dir: 'in', json: { type: 'command-ack' } }),
    ),
  },
  {
    id: 'm27', module: 27, title: 'Cast a vote', scenario: 'poll', connection: {},
    instructions: ['Connect.', 'Send a vote such as `{"type":"vote","option":"A"}`.', 'Watch the results update.'],
    expected: 'You receive the updated {"type":"results",...} message.',
    check: inOrder(sentSomething, sawMessage({ dir: 'in', json: { type: 'results' } })),
  },
];

export const EXERCISE_IDS: readonly string[] = EXERCISES.map((e) => e.id);

export function findExercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

/**
 * Runs an exercise's check; never throws (a bad event list must not break the Check button).
 */
export function checkExercise(id: string, events: readonly TimelineEvent[]): CheckResult {
  const exercise = findExercise(id);
  if (!exercise) return { passed: false, message: `Unknown exercise "${id}".` };
  try {
    return exercise.check(events);
  } catch (err) {
    return { passed: false, message: `The check could not run: ${err instanceof Error ? err.message : String(err)}` };
  }
}
