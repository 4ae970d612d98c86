// Plain HTTP endpoints next to the WebSocket endpoint: health, metrics, and the feed over
// Server-Sent Events and long-polling.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scenario } from '../scenario/scenarioTypes';
import type { Metrics } from './metrics';
import { sendJson, type FeedHub } from './feedHub';
import type { AccessPolicy } from './accessPolicy';
import { hostRefusalBody } from './handshakePolicy';
import { parseRequestTarget } from './requestTarget';

export interface RouteDeps {
  scenario: Scenario;
  metrics: Metrics;
  feed?: FeedHub;
  clientCount: () => number;
  wsUrl: () => string;
  access: AccessPolicy;
}

export function createRequestHandler(deps: RouteDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) {
      sendJson(res, 400, { error: target.error });
      return;
    }
    if (!deps.access.hostAllowed(req.headers.host)) {
      sendJson(res, 421, hostRefusalBody(req.headers.host ?? '', deps.access));
      return;
    }
    const { pathname } = target;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: `${req.method} is not supported here; use GET` }, { Allow: 'GET, HEAD' });
      return;
    }
    switch (pathname) {
      case '/healthz':
        sendJson(res, 200, {
          status: 'ok',
          scenario: deps.scenario.name,
          clients: deps.clientCount(),
          uptimeSeconds: Math.round((Date.now() - deps.metrics.startedAt) / 1000),
        });
        return;
      case '/metrics': {
        const text = deps.metrics.render(deps.scenario.name);
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      case '/sse':
      case '/poll':
        if (!deps.feed) {
          sendJson(res, 404, { error: `scenario "${deps.scenario.name}" has no feed; ${pathname} works with scenarios that have one, such as "transports"` });
        } else if (pathname === '/sse') {
          // CORS only for the pages a WebSocket would be accepted from; never "*".
          const origin = req.headers.origin;
          deps.feed.handleSse(req, res, origin !== undefined && deps.access.originAllowed(origin) ? origin : undefined);
        } else {
          // FeedHub reads the query from a URL; one with a fixed base and a set search never throws.
          const url = new URL('http://localhost/poll');
          url.search = target.query.toString();
          deps.feed.handlePoll(url, res);
        }
        return;
      case '/':
        sendJson(res, 200, {
          scenario: deps.scenario.name,
          title: deps.scenario.title ?? deps.scenario.name,
          description: deps.scenario.description ?? '',
          websocket: deps.wsUrl(),
          endpoints: ['/healthz', '/metrics', ...(deps.feed ? ['/sse', '/poll?since=0'] : [])],
        });
        return;
      default:
        sendJson(res, 404, { error: `nothing at ${pathname}`, endpoints: ['/', '/healthz', '/metrics', ...(deps.feed ? ['/sse', '/poll'] : [])] });
    }
  };
}
