// Secret values of saved connections, in VS Code's SecretStorage.
//
// SecretStorage is per extension, not per workspace, and the connections file is committed: a
// key made from what the file says (`websocketLab.header.<id>.<header>`, as before) would hand a
// stored token to any repository, or pull request, that writes the same connection id. So each
// secret is stored under a random key (`websocketLab.secret.<uuid>`) that only this workspace's
// own state (workspaceState; globalState without a workspace) maps to, and with it the origins it
// may be sent to (src/client/secretBinding.ts decides, LiveConnection asks the user otherwise).
//
// Secrets saved by an earlier version under the old key are moved on first use, without an
// origin: where they were meant to go is not known, so the first connect asks.
import type * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { SecretSlot, StoredSecret } from '../../client/secretBinding';

/** connection id -> slot -> random secret id: kept in workspace state, never in the file. */
const INDEX_KEY = 'websocketLab.secretIds';
const KEY_PREFIX = 'websocketLab.secret.';
/** The key of an earlier version: websocketLab.header.<connection id>.<header name, lower case>. */
const LEGACY_PREFIX = 'websocketLab.header.';

type Index = Record<string, Record<SecretSlot, string>>;

interface Entry {
  value: string;
  origins: string[];
  /** What the entry was stored for: a key handed another connection's slot is not used. */
  connection: string;
  slot: SecretSlot;
}

export class SecretStore {
  constructor(
    private readonly storage: vscode.SecretStorage,
    /** Where the index lives: this workspace's state (globalState when no folder is open). */
    private readonly state: () => vscode.Memento,
  ) {}

  private index(): Index {
    return structuredClone(this.state().get<Index>(INDEX_KEY, {}));
  }

  private async saveIndex(index: Index): Promise<void> {
    await this.state().update(INDEX_KEY, index);
  }

  /** The stored secrets of these slots (moving an earlier version's header secrets on the way). */
  async get(connection: string, slots: readonly SecretSlot[]): Promise<Record<SecretSlot, StoredSecret>> {
    const out: Record<SecretSlot, StoredSecret> = {};
    for (const slot of slots) {
      const found = (await this.read(connection, slot)) ?? (await this.migrate(connection, slot));
      if (found) out[slot] = found;
    }
    return out;
  }

  /** Stores a value entered for `origins` (empty when the URL's origin is not known yet). */
  async set(connection: string, slot: SecretSlot, value: string, origins: string[]): Promise<void> {
    const index = this.index();
    const id = index[connection]?.[slot] ?? randomUUID();
    const entry: Entry = { value, origins, connection, slot };
    await this.storage.store(KEY_PREFIX + id, JSON.stringify(entry));
    index[connection] = { ...index[connection], [slot]: id };
    await this.saveIndex(index);
  }

  /** The user said these slots may always go to `origin`. */
  async allow(connection: string, slots: readonly SecretSlot[], origin: string): Promise<void> {
    for (const slot of slots) {
      const found = await this.read(connection, slot);
      if (found && !found.origins.includes(origin)) await this.set(connection, slot, found.value, [...found.origins, origin]);
    }
  }

  /** Deletes the connection's secrets except those in `keep`. */
  async prune(connection: string, keep: readonly SecretSlot[]): Promise<void> {
    const index = this.index();
    const mine = index[connection] ?? {};
    const gone = Object.keys(mine).filter((slot) => !keep.includes(slot));
    if (gone.length === 0) return;
    for (const slot of gone) {
      await this.storage.delete(KEY_PREFIX + mine[slot]);
      delete mine[slot];
    }
    if (Object.keys(mine).length) index[connection] = mine;
    else delete index[connection];
    await this.saveIndex(index);
  }

  /** Deletes every secret of a deleted connection, an earlier version's header secrets (`headerSlots`) included. */
  async forget(connection: string, headerSlots: readonly SecretSlot[]): Promise<void> {
    await this.prune(connection, []);
    for (const slot of headerSlots) await this.storage.delete(legacyKey(connection, slot));
  }

  private async read(connection: string, slot: SecretSlot): Promise<StoredSecret | undefined> {
    const id = this.index()[connection]?.[slot];
    if (!id) return undefined;
    const text = await this.storage.get(KEY_PREFIX + id);
    if (text === undefined) return undefined;
    try {
      const e = JSON.parse(text) as Partial<Entry>;
      if (e.connection !== connection || e.slot !== slot || typeof e.value !== 'string' || !Array.isArray(e.origins)) return undefined;
      return { value: e.value, origins: e.origins.filter((o): o is string => typeof o === 'string') };
    } catch {
      return undefined;
    }
  }

  /** An earlier version's header secret becomes an entry with no origin, and its old key goes. */
  private async migrate(connection: string, slot: SecretSlot): Promise<StoredSecret | undefined> {
    if (!slot.startsWith('header:')) return undefined;
    const value = await this.storage.get(legacyKey(connection, slot));
    if (value === undefined) return undefined;
    await this.set(connection, slot, value, []);
    await this.storage.delete(legacyKey(connection, slot));
    return { value, origins: [] };
  }
}

function legacyKey(connection: string, slot: SecretSlot): string {
  return `${LEGACY_PREFIX}${connection}.${slot.slice('header:'.length)}`;
}
