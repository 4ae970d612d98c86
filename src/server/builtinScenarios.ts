// The built-in scenarios. They are ordinary scenario files (src/server/scenarios/*.wsmock.json),
// imported so they travel inside the bundle; a test checks each one against the schema.

import echo from './scenarios/echo.wsmock.json';
import chat from './scenarios/chat.wsmock.json';
import rooms from './scenarios/rooms.wsmock.json';
import notifications from './scenarios/notifications.wsmock.json';
import whiteboard from './scenarios/whiteboard.wsmock.json';
import poll from './scenarios/poll.wsmock.json';
import game from './scenarios/game.wsmock.json';
import ticker from './scenarios/ticker.wsmock.json';
import activityFeed from './scenarios/activity-feed.wsmock.json';
import signaling from './scenarios/signaling.wsmock.json';
import iot from './scenarios/iot.wsmock.json';
import requestResponse from './scenarios/request-response.wsmock.json';
import pubsub from './scenarios/pubsub.wsmock.json';
import ack from './scenarios/ack.wsmock.json';
import auth from './scenarios/auth.wsmock.json';
import flaky from './scenarios/flaky.wsmock.json';
import subprotocols from './scenarios/subprotocols.wsmock.json';
import compression from './scenarios/compression.wsmock.json';
import heartbeat from './scenarios/heartbeat.wsmock.json';
import rateLimit from './scenarios/rate-limit.wsmock.json';
import maxSize from './scenarios/max-size.wsmock.json';
import origin from './scenarios/origin.wsmock.json';
import slowReader from './scenarios/slow-reader.wsmock.json';
import latency from './scenarios/latency.wsmock.json';
import drop from './scenarios/drop.wsmock.json';
import closeCodes from './scenarios/close-codes.wsmock.json';
import refuse from './scenarios/refuse.wsmock.json';
import fragment from './scenarios/fragment.wsmock.json';
import invalidUtf8 from './scenarios/invalid-utf8.wsmock.json';
import reservedOpcode from './scenarios/reserved-opcode.wsmock.json';
import maskedFrame from './scenarios/masked-frame.wsmock.json';
import transports from './scenarios/transports.wsmock.json';
import type { Scenario } from './scenarioTypes';

const BUILTINS = [
  echo,
  chat,
  rooms,
  notifications,
  whiteboard,
  poll,
  game,
  ticker,
  activityFeed,
  signaling,
  iot,
  requestResponse,
  pubsub,
  ack,
  auth,
  flaky,
  subprotocols,
  compression,
  heartbeat,
  rateLimit,
  maxSize,
  origin,
  slowReader,
  latency,
  drop,
  closeCodes,
  refuse,
  fragment,
  invalidUtf8,
  reservedOpcode,
  maskedFrame,
  transports,
] as unknown as Scenario[];

const byName = new Map(BUILTINS.map((s) => [s.name, s]));

export function listScenarios(): Array<{ name: string; title: string; description: string }> {
  return BUILTINS.map((s) => ({ name: s.name, title: s.title ?? s.name, description: s.description ?? '' }));
}

/** A fresh copy of a built-in scenario (callers may tweak it, e.g. shorter intervals in tests). */
export function builtinScenario(name: string): Scenario | undefined {
  const s = byName.get(name);
  return s ? (JSON.parse(JSON.stringify(s)) as Scenario) : undefined;
}

export function builtinScenarioNames(): string[] {
  return BUILTINS.map((s) => s.name);
}
