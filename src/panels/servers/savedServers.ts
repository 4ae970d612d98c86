// Which mock servers were running, so they come back after a window reload on the same port (a
// reload ends the extension host and its worker threads; saved connections point at those ports).
// Kept in workspace state. Plain data and no `vscode` import: unit tests read it directly.
import { createServer } from 'node:net';

/** A server to start again: a built-in scenario by name, or a scenario file by path. */
export interface SavedServer {
  scenario: string;
  /** Set for a server started from a scenario file: the file to load again. */
  file?: string;
  port: number;
  tls?: boolean;
}

export const SAVED_SERVERS_KEY = 'websocketLab.runningMockServers';

/** The saved list as read back from workspace state: anything malformed is dropped, not trusted. */
export function parseSavedServers(value: unknown): SavedServer[] {
  if (!Array.isArray(value)) return [];
  const out: SavedServer[] = [];
  for (const v of value as unknown[]) {
    if (typeof v !== 'object' || v === null) continue;
    const s = v as Record<string, unknown>;
    if (typeof s.scenario !== 'string' || !s.scenario || !isPort(s.port) || s.port === 0) continue;
    out.push({ scenario: s.scenario, port: s.port, ...(typeof s.file === 'string' ? { file: s.file } : {}), ...(s.tls === true ? { tls: true } : {}) });
  }
  return out;
}

/** The list with `server` in it; one server per port, so a port reused replaces the old entry. */
export function rememberServer(list: readonly SavedServer[], server: SavedServer): SavedServer[] {
  return [...list.filter((s) => s.port !== server.port), server];
}

export function forgetServer(list: readonly SavedServer[], port: number): SavedServer[] {
  return list.filter((s) => s.port !== port);
}

const isPort = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;

/**
 * What the user typed as a port: blank is any free port (0). Returns the port or the message the
 * input box shows.
 */
export function parsePortInput(text: string): { ok: true; port: number } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, port: 0 };
  if (!/^\d+$/.test(t)) return { ok: false, error: 'Enter a port number (1–65535), or leave it blank for any free port' };
  const port = Number(t);
  if (port < 1 || port > 65535) return { ok: false, error: 'A port is between 1 and 65535' };
  return { ok: true, port };
}

/** True for the error a listen on a taken port fails with. */
export function isPortInUse(message: string): boolean {
  return /EADDRINUSE|already in use/i.test(message);
}

/**
 * `url` with its origin moved from `from` to `to` (both ws(s)://host:port), or undefined when
 * `url` is not on `from`. Used when a server could not get its port back: the connections to it follow.
 */
export function movedUrl(url: string, from: string, to: string): string | undefined {
  const origin = (u: string) => /^(wss?:\/\/[^/?#]+)/i.exec(u)?.[1]?.toLowerCase();
  const fromOrigin = origin(from);
  const toOrigin = origin(to);
  if (!fromOrigin || !toOrigin || origin(url) !== fromOrigin) return undefined;
  return toOrigin + url.slice(fromOrigin.length);
}

/**
 * The websocketLab.mockServer.autoStart setting: built-in scenarios to start when the window opens
 * (npm start puts its echo server there, so it shows in the Mock Servers view). Only built-in names:
 * a workspace's settings cannot point the extension at a file to run.
 */
export function parseAutoStart(value: unknown, builtins: readonly string[]): { servers: SavedServer[]; problems: string[] } {
  const servers: SavedServer[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { servers, problems };
  if (!Array.isArray(value)) return { servers, problems: ['websocketLab.mockServer.autoStart must be a list of { "scenario": "echo", "port": 8080 }'] };
  for (const v of value as unknown[]) {
    const entry = typeof v === 'string' ? { scenario: v } : typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
    const port = entry.port ?? 0;
    if (typeof entry.scenario !== 'string' || !builtins.includes(entry.scenario)) {
      problems.push(`websocketLab.mockServer.autoStart: "${String(entry.scenario)}" is not a built-in scenario (${builtins.join(', ')})`);
    } else if (!isPort(port)) {
      problems.push(`websocketLab.mockServer.autoStart: the port of "${entry.scenario}" must be a whole number from 0 (any free port) to 65535`);
    } else {
      servers.push({ scenario: entry.scenario, port, ...(entry.tls === true ? { tls: true } : {}) });
    }
  }
  return { servers, problems };
}

/**
 * Waits up to `timeoutMs` for the port to be free on `host` (the window before a reload may still
 * be letting go of it). Checked with a listen in this process, far cheaper than starting a worker.
 */
export async function waitForFreePort(port: number, host: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, host, () => probe.close(() => resolve(true)));
    });
    if (free || Date.now() >= deadline) return free;
    await new Promise((r) => setTimeout(r, 250));
  }
}
