// One saved connection brought to life: its config, its session (when connected), its timeline
// store and composer history. This is what the tree, the timeline panel and the lessons talk to.
// No VS Code here: secrets, variables and file reading are passed in by the adapter.
import type { ConnectionConfig, ComposerFormat } from '../shared/connection';
import type { ConnectionStats } from '../shared/stats';
import type { ComposerHistoryEntry } from '../shared/protocol/timeline';
import type { ErrorCategory, NewTimelineEvent, TimelineEvent } from '../shared/events';
import { Session, type ResolvedConnection } from './session';
import { TimelineStore } from '../timeline/timelineStore';
import { base64ToBytes } from '../codecs/binaryText';
import { substituteVariables } from '../formats/variables';
import { validateWebSocketUrl, buildUrl, displayUrl } from '../wire/url';
import {
  checkSecretUse, isAuthSubprotocol, originOf, querySlot, headerSlot, refusedMessage, secretSlotsOf, subprotocolSecrets, subprotocolSlot,
  type SecretAnswer, type SecretConsent, type SecretInQuestion, type SecretSlot, type StoredSecret,
} from './secretBinding';
import { validateCloseCodeToSend, validateCloseReason } from '../wire/closeCodes';
import { Emitter } from '../util/emitter';

import type { Reply } from '../shared/result';

export interface LiveConnectionDeps {
  retention: number;
  /** The connection's stored secrets by slot (SecretStorage), each with the origins it may go to. */
  secrets: () => Promise<Record<SecretSlot, StoredSecret>>;
  /**
   * Asks the user whether secrets may go to an origin they were not saved for (a modal in VS
   * Code). Without it they never are.
   */
  confirmSecrets?: (question: SecretConsent) => Promise<SecretAnswer>;
  /** The user answered "always": these slots may go to `origin` from now on. */
  allowSecrets?: (slots: SecretSlot[], origin: string) => Promise<void>;
  /** `{{variables}}` of the active environment. */
  variables: () => Promise<Record<string, string>>;
  /** Values hidden wherever they appear though no entry marks them: those of http-client.private.env.json. */
  envSecrets?: () => Promise<string[]>;
  /** Reads a file the user configured (CA, client certificate, key). */
  readFile: (path: string) => Promise<Uint8Array>;
  sendBackpressureThreshold?: number;
  /** Tests inject a session factory; the default drives a real `ws` socket. */
  createSession?: (resolved: ResolvedConnection) => Session;
}

const HISTORY_LIMIT = 100;

const CLOSED_STATS: ConnectionStats = {
  state: 'CLOSED', messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, queueLength: 0, bufferedAmount: 0,
};

export class LiveConnection {
  readonly store: TimelineStore;
  readonly history: ComposerHistoryEntry[] = [];
  private session: Session | undefined;
  private lastStats: ConnectionStats = { ...CLOSED_STATS };
  private readonly events = new Emitter<TimelineEvent>();
  private readonly statsChanged = new Emitter<ConnectionStats>();
  private readonly clearedEmitter = new Emitter<void>();
  readonly onEvent = this.events.on;
  readonly onStats = this.statsChanged.on;
  readonly onCleared = this.clearedEmitter.on;

  constructor(public config: ConnectionConfig, private readonly deps: LiveConnectionDeps) {
    this.store = new TimelineStore(deps.retention);
  }

  get stats(): ConnectionStats {
    return this.lastStats;
  }

  get isActive(): boolean {
    return this.session !== undefined && this.lastStats.state !== 'CLOSED' || !!this.lastStats.reconnectAt;
  }

  /** Records an event that did not come from the session (validation errors, notes). */
  record(event: NewTimelineEvent): TimelineEvent {
    const stored = this.store.append(event);
    this.events.fire(stored);
    return stored;
  }

  async connect(): Promise<Reply> {
    if (this.session && this.lastStats.state !== 'CLOSED') return { ok: true, message: 'already connected' };
    this.disposeSession();
    const resolved = await this.resolve();
    if (!resolved.ok) {
      // Recorded on the timeline too, so the reason stays visible next to what came before.
      this.record({ kind: 'error', time: Date.now(), category: resolved.category, message: resolved.error });
      return resolved;
    }
    // ws loads with the first connection, not on activation (docs/BENCHMARKS.md, #8).
    const session = this.deps.createSession
      ? this.deps.createSession(resolved.value)
      : new Session(resolved.value, { createTransport: (await import('./wsTransport')).createWsTransport });
    this.session = session;
    session.onEvent((e) => this.record(e));
    session.onStats((s) => {
      this.lastStats = s;
      this.statsChanged.fire(s);
    });
    const started = session.connect();
    return started.ok ? { ok: true } : started;
  }

  disconnect(): Reply {
    if (!this.session) return { ok: false, error: 'Not connected.' };
    this.session.disconnect();
    return { ok: true };
  }

  /** Resets a tripped circuit breaker (or a pending backoff) and connects now. */
  retry(): Reply {
    if (!this.session) {
      void this.connect();
      return { ok: true };
    }
    this.session.retry();
    return { ok: true };
  }

  async sendComposer(format: ComposerFormat, body: string): Promise<Reply> {
    const vars = await this.deps.variables();
    const substituted = substituteVariables(body, vars);
    if (!substituted.ok) return { ok: false, error: substituted.error, position: substituted.position };
    // The codecs (and msgpackr) load with the first send, not on activation (docs/BENCHMARKS.md, #8).
    const { encodeWith } = await import('../codecs/registry');
    const encoded = encodeWith(format, substituted.text);
    if (!encoded.ok) return { ok: false, error: encoded.error, position: encoded.position };
    const sent = this.sendData(encoded.data, encoded.opcode, format);
    if (sent.ok) this.remember({ format, body });
    return sent;
  }

  sendBytes(bytes: Uint8Array, label: string): Reply {
    return this.sendData(bytes, 'binary', `file:${label}`);
  }

  resend(seq: number): Reply {
    const event = this.store.get(seq);
    if (!event || event.kind !== 'message') return { ok: false, error: `Event #${seq} is not a message (it may have been dropped by retention).` };
    if (event.encoding === 'utf8') return this.sendData(event.data, event.opcode, event.format);
    const decoded = base64ToBytes(event.data);
    return decoded.ok ? this.sendData(decoded.bytes, event.opcode, event.format) : { ok: false, error: `Could not decode the stored payload: ${decoded.error}` };
  }

  ping(payload: string): Reply {
    if (!this.session || this.lastStats.state !== 'OPEN') return { ok: false, error: 'Ping needs an open connection.' };
    if (new TextEncoder().encode(payload).length > 125) return { ok: false, error: 'A ping payload is at most 125 bytes (RFC 6455 §5.5).' };
    this.session.ping(payload);
    return { ok: true };
  }

  close(code: number, reason: string): Reply {
    const codeCheck = validateCloseCodeToSend(code);
    if (!codeCheck.ok) return codeCheck;
    const reasonCheck = validateCloseReason(reason);
    if (!reasonCheck.ok) return reasonCheck;
    if (!this.session || this.lastStats.state !== 'OPEN') return { ok: false, error: 'Close needs an open connection.' };
    this.session.close(code, reason);
    return { ok: true };
  }

  clear(): void {
    this.store.clear();
    this.clearedEmitter.fire();
  }

  dispose(): void {
    this.disposeSession();
    this.events.dispose();
    this.statsChanged.dispose();
    this.clearedEmitter.dispose();
  }

  private sendData(data: string | Uint8Array, opcode: 'text' | 'binary', format?: string): Reply {
    if (!this.session) return { ok: false, error: 'Not connected: connect first (messages are queued only while reconnecting).' };
    const r = this.session.send({ data, opcode, format });
    return r.ok ? { ok: true, message: r.queued ? 'queued until the connection is back' : undefined } : r;
  }

  private remember(entry: ComposerHistoryEntry): void {
    const last = this.history[this.history.length - 1];
    if (last && last.body === entry.body && last.format === entry.format) return;
    this.history.push(entry);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
  }

  private disposeSession(): void {
    this.session?.dispose();
    this.session = undefined;
  }

  /**
   * Fills variables and secrets in and validates everything the handshake needs. Stored secrets
   * go only to the origins they were saved for; anywhere else the user is asked first
   * (secretBinding.ts).
   */
  private async resolve(): Promise<{ ok: true; value: ResolvedConnection } | { ok: false; error: string; category: ErrorCategory }> {
    const c = this.config;
    const vars = await this.deps.variables();
    const fill = (text: string, where: string): string | { error: string } => {
      const r = substituteVariables(text, vars);
      return r.ok ? r.text : { error: `${where}: ${r.error}` };
    };
    const url = fill(c.url, 'URL');
    if (typeof url !== 'string') return { ok: false, error: url.error, category: 'invalid-url' };
    const valid = validateWebSocketUrl(url);
    if (!valid.ok) return { ok: false, error: valid.error, category: 'invalid-url' };

    const stored = await this.deps.secrets();
    const secret = (slot: SecretSlot) => stored[slot]?.value;
    const missing = secretSlotsOf(c).find(({ slot }) => secret(slot) === undefined);
    if (missing) return { ok: false, error: `The ${missing.label} is secret but no value is stored: edit the connection to set it.`, category: 'other' };
    const allowed = await this.releaseSecrets(c, valid.url, stored);
    if (!allowed.ok) return { ok: false, error: allowed.error, category: 'other' };

    // Every value of the private env file is a secret, wherever a {{variable}} put it.
    const secretValues: string[] = [...((await this.deps.envSecrets?.()) ?? [])];
    const query = [];
    for (const q of c.query.filter((q) => q.enabled !== false)) {
      if (q.secret) {
        const value = secret(querySlot(q.name))!;
        query.push({ ...q, value });
        secretValues.push(value);
        continue;
      }
      const v = fill(q.value, `Query parameter ${q.name}`);
      if (typeof v !== 'string') return { ok: false, error: v.error, category: 'invalid-url' };
      query.push({ ...q, value: v });
    }
    const headers: Array<[string, string]> = [];
    for (const h of c.headers.filter((h) => h.enabled !== false)) {
      if (h.secret) {
        const value = secret(headerSlot(h.name))!;
        headers.push([h.name, value]);
        secretValues.push(value);
      } else {
        const v = fill(h.value, `Header ${h.name}`);
        if (typeof v !== 'string') return { ok: false, error: v.error, category: 'other' };
        headers.push([h.name, v]);
      }
    }
    const subprotocols: string[] = [];
    for (const p of c.subprotocols) {
      const v = typeof p === 'string' ? fill(p, `Subprotocol ${p}`) : secret(subprotocolSlot(p.name))!;
      if (typeof v !== 'string') return { ok: false, error: v.error, category: 'other' };
      subprotocols.push(v);
      // An auth.<token> subprotocol written into the file is a credential all the same.
      if (typeof p !== 'string' || isAuthSubprotocol(v)) secretValues.push(...subprotocolSecrets(v));
    }
    const tls: ResolvedConnection['tls'] = { rejectUnauthorized: c.tls.rejectUnauthorized };
    try {
      if (c.tls.caFile) tls.ca = await this.deps.readFile(c.tls.caFile);
      if (c.tls.certFile) tls.cert = await this.deps.readFile(c.tls.certFile);
      if (c.tls.keyFile) tls.key = await this.deps.readFile(c.tls.keyFile);
    } catch (err) {
      return { ok: false, error: `TLS file could not be read: ${(err as Error).message}`, category: 'tls' };
    }
    return {
      ok: true,
      value: {
        url: buildUrl(valid.url, query),
        headers,
        secretValues,
        subprotocols,
        reconnect: c.reconnect,
        heartbeat: c.heartbeat,
        handshakeTimeoutMs: c.handshakeTimeoutMs,
        maxMessageSize: c.maxMessageSize,
        perMessageDeflate: c.perMessageDeflate,
        tls,
        queueLimit: c.queueLimit,
        sendBackpressureThreshold: this.deps.sendBackpressureThreshold,
      },
    };
  }

  /**
   * The stored secrets this connection sends may go to `url` when each was saved for (or allowed
   * to go to) its origin; otherwise the user is asked once for all of them. No answer is no.
   */
  private async releaseSecrets(c: ConnectionConfig, url: string, stored: Record<SecretSlot, StoredSecret>): Promise<{ ok: true } | { ok: false; error: string }> {
    const origin = originOf(url);
    const asked: SecretInQuestion[] = [];
    for (const { slot, label } of secretSlotsOf(c)) {
      const verdict = checkSecretUse(stored[slot].origins, url);
      if (!verdict.allowed) asked.push({ slot, label, reason: verdict.reason, origins: stored[slot].origins });
    }
    if (asked.length === 0) return { ok: true };
    const question: SecretConsent = { connection: c.name, origin: origin ?? displayUrl(url), secrets: asked };
    const answer = origin ? await this.deps.confirmSecrets?.(question) : undefined;
    if (!answer) return { ok: false, error: refusedMessage(question) };
    if (answer === 'always') await this.deps.allowSecrets?.(asked.map((s) => s.slot), origin!);
    return { ok: true };
  }
}
