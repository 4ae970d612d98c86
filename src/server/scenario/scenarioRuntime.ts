// Runs a scenario's data against live clients: rules answer messages, pushes and the feed send on
// timers, actions route messages to clients, rooms and state. Everything here is driven by the
// scenario; nothing in a scenario can run code.

import type { NewTimelineEvent } from '../../shared/events';
import type { Action, JsonValue, Push, Rule, Scenario, Template } from './scenarioTypes';
import type { ClientConnection } from '../net/clientConnection';
import { Generators } from './generators';
import { matchMessage, type IncomingMessage, type MatchGroups } from './matcher';
import { readPath, renderTemplate, renderToText, type TemplateContext } from './template';
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

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
const DEFAULT_MAX_ITEMS = 1000;

export class ScenarioRuntime {
  readonly clients = new Map<string, ClientConnection>();
  private readonly rooms = new Map<string, Set<string>>();
  private readonly shared: Record<string, JsonValue>;
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
  }

  /** Starts server-wide timers (pushes to all or to a room, and the feed). */
  start(): void {
    (this.scenario.pushes ?? []).forEach((push) => {
      if ((push.to ?? 'client') === 'client') return;
      let counter = 0;
      this.serverTimers.add(setInterval(() => this.firePush(push, ++counter), push.everyMs));
    });
    const feed = this.scenario.feed;
    if (feed) {
      this.serverTimers.add(setInterval(() => {
        const id = ++this.feedCounter;
        const text = renderToText(feed.message, this.context({ counter: id }));
        for (const c of this.clients.values()) c.send(text, false);
        this.feed?.publish(id, text);
      }, feed.everyMs));
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
    this.runActions(this.scenario.onConnect ?? [], { client, counter: ++this.connectionCount });
    (this.scenario.pushes ?? []).forEach((push) => {
      if ((push.to ?? 'client') !== 'client') return;
      let counter = 0;
      client.every(push.everyMs, () => this.firePush(push, ++counter, client));
    });
  }

  disconnected(client: ClientConnection): void {
    this.clients.delete(client.id);
    for (const p of this.acks.get(client.id)?.values() ?? []) clearTimeout(p.timer);
    this.acks.delete(client.id);
    for (const [name, members] of this.rooms) {
      members.delete(client.id);
      if (members.size === 0) this.rooms.delete(name);
    }
    this.runActions(this.scenario.onDisconnect ?? [], { client, counter: this.connectionCount });
  }

  message(client: ClientConnection, data: Buffer, isBinary: boolean, receivedAt: number): void {
    const message = new ReceivedMessage(data, isBinary);
    for (const rule of this.scenario.rules ?? []) {
      const groups = matchMessage(rule.match, message);
      if (!groups) continue;
      const scope: ActionScope = { client, message, match: groups, counter: client.messagesIn, receivedAt };
      const actions = ruleActions(rule);
      if (rule.delayMs) client.later(rule.delayMs, () => this.runActions(actions, scope));
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
    const arm = (entry: PendingAck): NodeJS.Timeout => client.later(opts.timeoutMs, () => {
      if (!pending.has(key)) return;
      if (entry.deliveries > (opts.maxRedeliveries ?? 5)) {
        pending.delete(key);
        return;
      }
      entry.deliveries++;
      client.send(JSON.stringify({ ...entry.value, redelivery: true }), false);
      entry.timer = arm(entry);
    });
    const entry: PendingAck = { value, deliveries: 1, timer: undefined as unknown as NodeJS.Timeout };
    entry.timer = arm(entry);
    pending.set(key, entry);
  }

  private sendToRoom(room: string, text: string, except?: string): void {
    for (const id of this.rooms.get(room) ?? []) if (id !== except) this.clients.get(id)?.send(text, false);
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
          const members = [...(rooms.get(scope.room) ?? [])];
          return { name: scope.room, size: members.length, members, peers: members.filter((m) => m !== client?.id) };
        },
      },
      gen: (name) => this.generators.next(name, scope.item === undefined ? '' : JSON.stringify(scope.item)),
    };
  }

  private runActions(actions: Action[], scope: ActionScope): void {
    for (const action of actions) {
      try {
        this.runAction(action, scope);
      } catch (e) {
        // A surprising value (say, a huge state path) must not take the server down.
        this.emit({ kind: 'error', time: Date.now(), category: 'other', message: `action failed: ${(e as Error).message}`, clientId: scope.client?.id });
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
      const out = text(a.broadcast);
      for (const c of this.clients.values()) if (!(a.exceptSender && c === client)) c.send(out, false, scope.receivedAt);
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
      for (const name of names) {
        if (!client) break;
        if (!this.rooms.has(name)) this.rooms.set(name, new Set());
        this.rooms.get(name)?.add(client.id);
        scope.room = name;
      }
    } else if (a.leave !== undefined) {
      scope.room = text(a.leave);
      const members = this.rooms.get(scope.room);
      if (client && members) {
        members.delete(client.id);
        if (members.size === 0) this.rooms.delete(scope.room);
      }
    } else if (a.leaveAll) {
      for (const [name, members] of this.rooms) {
        if (client) members.delete(client.id);
        if (members.size === 0) this.rooms.delete(name);
      }
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

  private updateState(a: Action, scope: ActionScope, ctx: TemplateContext): void {
    const target = a.scope === 'shared' ? this.shared : scope.client?.state;
    if (!target) return;
    const entries = Object.entries(a.set ?? a.add ?? a.append ?? {});
    for (const [keyTemplate, valueTemplate] of entries) {
      const path = renderToText(keyTemplate, ctx).split('.');
      if (path.some((p) => p === '' || UNSAFE_KEYS.has(p))) continue;
      const value = renderTemplate(valueTemplate, ctx) ?? null;
      const parent = ensureParent(target, path);
      if (!parent) continue;
      const key = path[path.length - 1];
      if (a.set) {
        parent[key] = value;
      } else if (a.add) {
        const sum = Number(parent[key] ?? 0) + Number(value);
        if (Number.isFinite(sum)) parent[key] = sum;
      } else {
        const list = Array.isArray(parent[key]) ? (parent[key] as JsonValue[]) : [];
        list.push(value);
        const max = a.maxItems ?? DEFAULT_MAX_ITEMS;
        if (list.length > max) list.splice(0, list.length - max);
        parent[key] = list;
      }
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

/** The object that holds the last path segment, creating objects along the way. */
function ensureParent(root: Record<string, JsonValue>, path: string[]): Record<string, JsonValue> | undefined {
  let node: Record<string, JsonValue> = root;
  for (const seg of path.slice(0, -1)) {
    const next = node[seg];
    if (next === undefined || next === null) node[seg] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) return undefined;
    node = node[seg] as Record<string, JsonValue>;
  }
  return node;
}
