// Runs a scenario's data against live clients: rules answer messages, pushes and the feed send on
// timers, actions route messages to clients, rooms and state. Everything here is driven by the
// scenario; nothing in a scenario can run code. What clients can grow is bounded (state in bytes,
// rooms per client, what a template renders), timers are never longer than the scenario schema's
// cap, and what a timer's work throws becomes an error event: in VS Code this runs in the extension
// host, which an uncaught exception or an exhausted heap would take down.

import type { NewTimelineEvent } from '../../shared/events';
import type { Action, JsonValue, Push, Rule, Scenario, Template } from './scenarioTypes';
import type { ClientConnection } from '../net/clientConnection';
import { Generators } from './generators';
import { matchMessage, type IncomingMessage, type MatchGroups } from './matcher';
import { MAX_RENDERED_CHARS, readPath, renderTemplate, renderToText, renderUncopied, type TemplateContext } from './template';
import { BoundedState, DEFAULT_STATE_LIMITS, parseStateKey, type SharedBudget } from './stateBounds';
import { Rooms } from './rooms';
import { MAX_SCENARIO_TIMER_MS } from '../../shared/schema/scenario';
import { isValidWireCloseCode, SENDABLE_CLOSE_CODES_TEXT } from '../../wire/closeCodes';
import type { FeedHub } from '../net/feedHub';

/** What an action list runs with: who caused it and what they sent. */
interface ActionScope {
  client?: ClientConnection;
  message?: IncomingMessage & { data: Buffer; size: number };
  match?: MatchGroups;
  counter: number;
  item?: JsonValue;
  /** The room last named by join/leave/publish, for {{room.*}}. */
  room?: string;
  receivedAt?: number;
}

interface PendingAck {
  value: Record<string, JsonValue>;
  deliveries: number;
  timer: NodeJS.Timeout;
}

const DEFAULT_MAX_ITEMS = 1000;
/** The schema's smallest interval (everyMs, timeoutMs). */
const MIN_INTERVAL_MS = 10;

/**
 * A delay as a timer takes it. The schema caps every timer field; a scenario object that did not go
 * through it is held to the same cap here, because Node runs a delay over 2^31-1 ms after 1 ms.
 */
export function timerDelay(ms: number, min = 0): number {
  return Number.isFinite(ms) ? Math.min(Math.max(ms, min), MAX_SCENARIO_TIMER_MS) : MAX_SCENARIO_TIMER_MS;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  try {
    return String(e);
  } catch {
    return 'an unprintable value was thrown';
  }
}

export class ScenarioRuntime {
  readonly clients = new Map<string, ClientConnection>();
  private readonly rooms = new Rooms((message, clientId) => this.report(message, clientId));
  private readonly shared: Record<string, JsonValue>;
  private readonly sharedState: BoundedState;
  private readonly clientStates = new Map<string, BoundedState>();
  private readonly clientStatePool: SharedBudget;
  private readonly stateLimits: Record<keyof typeof DEFAULT_STATE_LIMITS, number>;
  /** The most characters a template renders: enough to echo the largest message allowed twice over. */
  private readonly maxRenderedChars: number;
  private readonly generators: Generators;
  private readonly serverTimers = new Set<NodeJS.Timeout>();
  private readonly acks = new Map<string, Map<string, PendingAck>>();
  private connectionCount = 0;
  private feedCounter = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly emit: (e: NewTimelineEvent) => void,
    private readonly feed?: FeedHub,
  ) {
    this.shared = JSON.parse(JSON.stringify(scenario.sharedState ?? {})) as Record<string, JsonValue>;
    this.generators = new Generators(scenario.generators);
    const limits = scenario.limits ?? {};
    this.stateLimits = {
      maxSharedStateBytes: limits.maxSharedStateBytes ?? DEFAULT_STATE_LIMITS.maxSharedStateBytes,
      maxClientStateBytes: limits.maxClientStateBytes ?? DEFAULT_STATE_LIMITS.maxClientStateBytes,
      maxTotalClientStateBytes: limits.maxTotalClientStateBytes ?? DEFAULT_STATE_LIMITS.maxTotalClientStateBytes,
      maxStateValueBytes: limits.maxStateValueBytes ?? DEFAULT_STATE_LIMITS.maxStateValueBytes,
    };
    this.sharedState = new BoundedState(
      this.shared,
      { limit: this.stateLimits.maxSharedStateBytes, limitName: 'maxSharedStateBytes', label: 'the shared state' },
      this.stateLimits.maxStateValueBytes,
    );
    this.clientStatePool = { bytes: 0, limit: this.stateLimits.maxTotalClientStateBytes, limitName: 'maxTotalClientStateBytes', label: "all clients' state together" };
    // Only a limit the scenario sets raises the render bound: the default message limit is ws's
    // 100 MiB, and twice that per render would let a template fill a worker's heap.
    this.maxRenderedChars = Math.max(MAX_RENDERED_CHARS, 2 * (limits.maxMessageBytes ?? 0));
  }

  /** Starts server-wide timers (pushes to all or to a room, and the feed). */
  start(): void {
    (this.scenario.pushes ?? []).forEach((push) => {
      if ((push.to ?? 'client') === 'client') return;
      let counter = 0;
      this.serverTimers.add(setInterval(this.guarded('push', undefined, () => this.firePush(push, ++counter)), timerDelay(push.everyMs, MIN_INTERVAL_MS)));
    });
    const feed = this.scenario.feed;
    if (feed) {
      const tick = this.guarded('feed', undefined, () => {
        const id = ++this.feedCounter;
        const text = renderToText(feed.message, this.context({ counter: id }));
        for (const c of this.clients.values()) c.send(text, false);
        this.feed?.publish(id, text);
      });
      this.serverTimers.add(setInterval(tick, timerDelay(feed.everyMs, MIN_INTERVAL_MS)));
    }
  }

  stop(): void {
    for (const t of this.serverTimers) clearInterval(t);
    this.serverTimers.clear();
    for (const pending of this.acks.values()) for (const p of pending.values()) clearTimeout(p.timer);
    this.acks.clear();
  }

  connected(client: ClientConnection): void {
    this.clients.set(client.id, client);
    this.clientStates.set(
      client.id,
      new BoundedState(
        client.state,
        { limit: this.stateLimits.maxClientStateBytes, limitName: 'maxClientStateBytes', label: `client ${client.id}'s state` },
        this.stateLimits.maxStateValueBytes,
        this.clientStatePool,
      ),
    );
    this.runActions(this.scenario.onConnect ?? [], { client, counter: ++this.connectionCount });
    (this.scenario.pushes ?? []).forEach((push) => {
      if ((push.to ?? 'client') !== 'client') return;
      let counter = 0;
      client.every(timerDelay(push.everyMs, MIN_INTERVAL_MS), this.guarded('push', client.id, () => this.firePush(push, ++counter, client)));
    });
  }

  disconnected(client: ClientConnection): void {
    this.clients.delete(client.id);
    for (const p of this.acks.get(client.id)?.values() ?? []) clearTimeout(p.timer);
    this.acks.delete(client.id);
    this.rooms.leaveAll(client.id);
    this.runActions(this.scenario.onDisconnect ?? [], { client, counter: this.connectionCount });
    // After onDisconnect, whose templates may still read the client's state.
    this.clientStates.get(client.id)?.release();
    this.clientStates.delete(client.id);
  }

  message(client: ClientConnection, data: Buffer, isBinary: boolean, receivedAt: number): void {
    const message = new ReceivedMessage(data, isBinary);
    for (const rule of this.scenario.rules ?? []) {
      const groups = matchMessage(rule.match, message);
      if (!groups) continue;
      const scope: ActionScope = { client, message, match: groups, counter: client.messagesIn, receivedAt };
      const actions = ruleActions(rule);
      if (rule.delayMs) client.later(timerDelay(rule.delayMs), this.guarded('delayed rule', client.id, () => this.runActions(actions, scope)));
      else this.runActions(actions, scope);
      return;
    }
  }

  private firePush(push: Push, counter: number, client?: ClientConnection): void {
    if (client ? !client.isOpen : this.clients.size === 0) return;
    for (const item of push.forEach ?? [undefined]) {
      const scope: ActionScope = { client, counter, item: item as JsonValue | undefined };
      const ctx = this.context(scope);
      const value = renderTemplate(push.message, ctx);
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
      if (client) {
        client.send(text, false);
        if (push.requireAck) this.trackAck(client, value, push.requireAck);
      } else if (push.to === 'room') {
        this.sendToRoom(renderToText(push.room ?? '', ctx), text);
      } else {
        for (const c of this.clients.values()) c.send(text, false);
      }
    }
  }

  private trackAck(client: ClientConnection, value: JsonValue | undefined, opts: NonNullable<Push['requireAck']>): void {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    const id = readPath(value, [opts.idField ?? 'id']);
    if (id === undefined || !this.clients.has(client.id)) return;
    // Made on the first message that waits for an ack: an idle server keeps nothing per client.
    let pending = this.acks.get(client.id);
    if (!pending) this.acks.set(client.id, (pending = new Map()));
    const key = String(id);
    const arm = (entry: PendingAck): NodeJS.Timeout => client.later(timerDelay(opts.timeoutMs, MIN_INTERVAL_MS), this.guarded('redelivery', client.id, () => {
      if (!pending.has(key)) return;
      if (entry.deliveries > (opts.maxRedeliveries ?? 5)) {
        pending.delete(key);
        return;
      }
      entry.deliveries++;
      client.send(JSON.stringify({ ...entry.value, redelivery: true }), false);
      entry.timer = arm(entry);
    }));
    const entry: PendingAck = { value, deliveries: 1, timer: undefined as unknown as NodeJS.Timeout };
    entry.timer = arm(entry);
    pending.set(key, entry);
  }

  private sendToRoom(room: string, text: string, except?: string): void {
    for (const id of this.rooms.members(room)) if (id !== except) this.clients.get(id)?.send(text, false);
  }

  private report(message: string, clientId?: string): void {
    this.emit({ kind: 'error', time: Date.now(), category: 'other', message, clientId });
  }

  /**
   * A timer's work, with what it throws turned into an error event: thrown from a timer, it would
   * end the process. A timer that fails on every tick says so at most once a second.
   */
  private guarded(what: string, clientId: string | undefined, work: () => void): () => void {
    let reportedAt = -Infinity;
    return () => {
      try {
        work();
      } catch (e) {
        const now = Date.now();
        if (now - reportedAt < 1000) return;
        reportedAt = now;
        this.report(`${what} failed: ${errorText(e)}`, clientId);
      }
    };
  }

  private context(scope: ActionScope): TemplateContext {
    const { clients, rooms } = this;
    const scenarioName = this.scenario.name;
    const client = scope.client;
    return {
      vars: {
        clientId: client?.id,
        counter: scope.counter,
        item: scope.item,
        message: scope.message && { text: scope.message.text, size: scope.message.size, binary: scope.message.binary },
        json: scope.message?.json,
        match: scope.match,
        state: client?.state,
        shared: this.shared,
        get clients() {
          return Object.fromEntries([...clients.values()].map((c) => [c.id, c.state]));
        },
        get server() {
          return { clients: clients.size, clientIds: [...clients.keys()], scenario: scenarioName };
        },
        get room() {
          if (scope.room === undefined) return undefined;
          const members = [...rooms.members(scope.room)];
          return { name: scope.room, size: members.length, members, peers: members.filter((m) => m !== client?.id) };
        },
      },
      gen: (name) => this.generators.next(name, scope.item === undefined ? '' : JSON.stringify(scope.item)),
      maxChars: this.maxRenderedChars,
    };
  }

  private runActions(actions: Action[], scope: ActionScope): void {
    for (const action of actions) {
      try {
        this.runAction(action, scope);
      } catch (e) {
        // A surprising value (a template rendering too much, say) must not take the server down.
        this.report(`action failed: ${errorText(e)}`, scope.client?.id);
      }
    }
  }

  private runAction(a: Action, scope: ActionScope): void {
    const client = scope.client;
    const ctx = (): TemplateContext => this.context(scope);
    const text = (t: Template): string => renderToText(t, ctx());
    const reply = (t: Template): void => client?.send(text(t), false, scope.receivedAt);

    if (a.echo && client && scope.message) {
      client.send(scope.message.data, scope.message.binary, scope.receivedAt);
    } else if (a.reply !== undefined) {
      reply(a.reply);
    } else if (a.broadcast !== undefined) {
      // Rendered once, and only when someone receives it.
      let out: string | undefined;
      for (const c of this.clients.values()) if (!(a.exceptSender && c === client)) c.send((out ??= text(a.broadcast)), false, scope.receivedAt);
    } else if (a.publish !== undefined) {
      scope.room = text(a.room ?? '');
      this.sendToRoom(scope.room, text(a.publish), a.exceptSender ? client?.id : undefined);
    } else if (a.direct !== undefined) {
      const target = this.clients.get(text(a.to ?? ''));
      if (target) target.send(text(a.direct), false, scope.receivedAt);
      else if (a.ifMissing !== undefined) reply(a.ifMissing);
    } else if (a.join !== undefined) {
      const value = renderTemplate(a.join, ctx());
      const names = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' && v !== '') as string[];
      const joined = client && this.rooms.join(client.id, names);
      if (joined !== undefined) scope.room = joined;
    } else if (a.leave !== undefined) {
      scope.room = text(a.leave);
      if (client) this.rooms.leave(client.id, scope.room);
    } else if (a.leaveAll) {
      if (client) this.rooms.leaveAll(client.id);
    } else if (a.set || a.add || a.append) {
      this.updateState(a, scope, ctx());
    } else if (a.ack !== undefined) {
      const id = renderTemplate(a.ack, ctx());
      if (client && id !== undefined) {
        const pending = this.acks.get(client.id);
        const entry = pending?.get(String(id));
        if (entry) {
          client.cancel(entry.timer);
          pending?.delete(String(id));
        }
      }
    } else if (a.close) {
      const codeText = typeof a.close.code === 'number' ? String(a.close.code) : text(a.close.code);
      const code = Number(codeText);
      if (isValidWireCloseCode(code)) {
        client?.close(code, text(a.close.reason ?? ''));
      } else {
        reply({ type: 'error', message: `cannot close with code "${codeText}": use ${SENDABLE_CLOSE_CODES_TEXT}` });
      }
    } else if (a.terminate) {
      client?.drop('terminated by the scenario');
    }
  }

  /** set / add / append: each write is measured against the state's bounds (stateBounds.ts) first. */
  private updateState(a: Action, scope: ActionScope, ctx: TemplateContext): void {
    const clientId = scope.client?.id;
    const state = a.scope === 'shared' ? this.sharedState : clientId === undefined ? undefined : this.clientStates.get(clientId);
    if (!state) return;
    const entries = Object.entries(a.set ?? a.add ?? a.append ?? {});
    for (const [keyTemplate, valueTemplate] of entries) {
      const key = parseStateKey(renderToText(keyTemplate, ctx));
      if (!key.ok) {
        if (key.problem) this.report(`state not changed: ${key.problem}`, clientId);
        continue;
      }
      // Not copied yet: the state measures it (depth, then bytes) before keeping a copy.
      const value = renderUncopied(valueTemplate, ctx);
      const problem = a.set
        ? state.set(key.path, value)
        : a.add
          ? state.add(key.path, value)
          : state.append(key.path, value, a.maxItems ?? DEFAULT_MAX_ITEMS);
      if (problem) this.report(`state not changed: ${problem}`, clientId);
    }
  }
}

/**
 * A client message as rules and templates see it. The text is decoded and the JSON parsed on first
 * use only: a rule without conditions (echo) needs neither, and a failed JSON.parse throws, which
 * cost the echo scenario a third of its CPU time per plain-text message (bench/echoThroughput.mjs).
 */
class ReceivedMessage implements IncomingMessage {
  private decoded: string | undefined;
  private parsed: { json: unknown; ok: boolean } | undefined;

  constructor(readonly data: Buffer, readonly binary: boolean) {}

  get size(): number {
    return this.data.length;
  }

  /** Undefined for binary frames. */
  get text(): string | undefined {
    if (this.binary) return undefined;
    return (this.decoded ??= this.data.toString('utf8'));
  }

  get json(): unknown {
    return this.parse().json;
  }

  get jsonOk(): boolean {
    return this.parse().ok;
  }

  private parse(): { json: unknown; ok: boolean } {
    if (this.parsed) return this.parsed;
    this.parsed = { json: undefined, ok: false };
    const text = this.text;
    if (text !== undefined) {
      try {
        this.parsed.json = JSON.parse(text);
        this.parsed.ok = true;
      } catch {
        // Not JSON: rules can still match the text, and `invalidJson` rules match exactly this.
      }
    }
    return this.parsed;
  }
}

function ruleActions(rule: Rule): Action[] {
  const actions = [...(rule.do ?? [])];
  if (rule.reply !== undefined) actions.push({ reply: rule.reply });
  if (rule.close) actions.push({ close: rule.close });
  return actions;
}
