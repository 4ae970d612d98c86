// The built-in scenarios. They are ordinary scenario files (src/server/scenario/builtin/*.wsmock.json),
// imported so they travel inside the bundle; a test checks each one against the schema.

import echo from './builtin/echo.wsmock.json';
import chat from './builtin/chat.wsmock.json';
import rooms from './builtin/rooms.wsmock.json';
import notifications from './builtin/notifications.wsmock.json';
import whiteboard from './builtin/whiteboard.wsmock.json';
import poll from './builtin/poll.wsmock.json';
import game from './builtin/game.wsmock.json';
import ticker from './builtin/ticker.wsmock.json';
import activityFeed from './builtin/activity-feed.wsmock.json';
import signaling from './builtin/signaling.wsmock.json';
import iot from './builtin/iot.wsmock.json';
import requestResponse from './builtin/request-response.wsmock.json';
import pubsub from './builtin/pubsub.wsmock.json';
import ack from './builtin/ack.wsmock.json';
import auth from './builtin/auth.wsmock.json';
import flaky from './builtin/flaky.wsmock.json';
import subprotocols from './builtin/subprotocols.wsmock.json';
import compression from './builtin/compression.wsmock.json';
import heartbeat from './builtin/heartbeat.wsmock.json';
import rateLimit from './builtin/rate-limit.wsmock.json';
import maxSize from './builtin/max-size.wsmock.json';
import origin from './builtin/origin.wsmock.json';
import slowReader from './builtin/slow-reader.wsmock.json';
import latency from './builtin/latency.wsmock.json';
import drop from './builtin/drop.wsmock.json';
import closeCodes from './builtin/close-codes.wsmock.json';
import refuse from './builtin/refuse.wsmock.json';
import fragment from './builtin/fragment.wsmock.json';
import invalidUtf8 from './builtin/invalid-utf8.wsmock.json';
import reservedOpcode from './builtin/reserved-opcode.wsmock.json';
import maskedFrame from './builtin/masked-frame.wsmock.json';
import transports from './builtin/transports.wsmock.json';
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
