// Forked child processes (servers under test, load clients) with IPC, deadlines and cleanup.
// Every child gets a hard deadline; the parent kills what is left when it exits.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const live = new Set();

function killAll() {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAll);

export class Child {
  constructor(script, cfg, { execArgv = [], maxMs = 120_000, name = script } = {}) {
    this.name = name;
    this.messages = [];
    this.waiters = [];
    this.exited = false;
    this.stderr = '';
    this.proc = fork(join(HERE, script), [JSON.stringify({ ...cfg, maxMs })], {
      execArgv,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    live.add(this.proc);
    // An IPC write racing the child's exit; the 'exit' handler reports what matters.
    this.proc.on('error', () => {});
    this.proc.stderr.on('data', (d) => {
      this.stderr += d;
      if (this.stderr.length > 20_000) this.stderr = this.stderr.slice(-10_000);
    });
    this.proc.on('message', (m) => {
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
      else this.messages.push(m);
    });
    this.proc.on('exit', (code, signal) => {
      this.exited = true;
      live.delete(this.proc);
      const err = new Error(`${this.name} exited (${signal ?? code}) ${this.stderr.slice(-2000)}`);
      for (const w of this.waiters.splice(0)) w.reject(err);
    });
    this.deadline = setTimeout(() => this.kill(), maxMs + 5000);
    this.deadline.unref();
    this.nextId = 1;
  }

  /** The next message of this type (or an {type:'error'} from the child, which rejects). */
  next(type, timeoutMs = 60_000) {
    const match = (m) => m.type === type || m.type === 'error';
    const settle = (m) => (m.type === 'error' ? Promise.reject(new Error(`${this.name}: ${m.message}`)) : m);
    const i = this.messages.findIndex(match);
    if (i >= 0) return Promise.resolve(this.messages.splice(i, 1)[0]).then(settle);
    if (this.exited) return Promise.reject(new Error(`${this.name} already exited ${this.stderr.slice(-2000)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const j = this.waiters.indexOf(w);
        if (j >= 0) this.waiters.splice(j, 1);
        reject(new Error(`${this.name}: no "${type}" within ${timeoutMs} ms ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const w = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(w);
    }).then(settle);
  }

  send(msg) {
    if (this.exited || !this.proc.connected) return;
    try {
      this.proc.send(msg);
    } catch {
      // it is exiting: nothing left to tell it
    }
  }

  /** Sends { cmd } and waits for the reply carrying the same id. */
  request(cmd, extra = {}, timeoutMs = 60_000) {
    const id = this.nextId++;
    const match = (m) => m.id === id || m.type === 'error';
    const p = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no reply to ${cmd} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          if (m.type === 'error') reject(new Error(`${this.name}: ${m.message}`));
          else resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
    this.send({ cmd, id, ...extra });
    return p;
  }

  async stop() {
    clearTimeout(this.deadline);
    if (this.exited) return;
    const gone = new Promise((r) => this.proc.once('exit', r));
    this.send({ cmd: 'stop' });
    const t = setTimeout(() => this.kill(), 3000);
    await gone;
    clearTimeout(t);
  }

  kill() {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

/** Starts a server under test in its own process; resolves once it listens. */
export async function startServer(cfg, { maxMs = 120_000, gc = false } = {}) {
  const child = new Child('serverProcess.mjs', cfg, {
    // WSLAB_BENCH_PROFILE=dir writes a V8 CPU profile of every server under test there.
    execArgv: [...(gc ? ['--expose-gc'] : []), ...(process.env.WSLAB_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WSLAB_BENCH_PROFILE}`] : [])],
    maxMs,
    name: `server(${cfg.impl} ${cfg.mode})`,
  });
  const m = await child.next('listening', 20_000);
  child.port = m.port;
  return child;
}

/** Starts a load process (bench/lib/loadProcess.mjs) with a scenario config. */
export function startLoad(cfg, { maxMs = 120_000 } = {}) {
  return new Child('loadProcess.mjs', cfg, { maxMs, name: `load(${cfg.mode})` });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One throughput measurement: a fresh server process, a fresh load process. Returns msgs/s and the
 * server CPU per message (over warm-up + measurement), a steadier figure than msgs/s on a shared
 * machine.
 */
export async function measureThroughput({ server: serverOptions, load: loadOptions, warmupMs, durationMs }) {
  const server = await startServer(serverOptions);
  try {
    const before = await server.request('info');
    const load = startLoad({ ...loadOptions, port: server.port, warmupMs, durationMs });
    const r = await load.next('result', warmupMs + durationMs + 30_000);
    const after = await server.request('info');
    const total = r.msgs * ((warmupMs + durationMs) / durationMs);
    const result = { rate: Math.round(r.rate), cpuUsPerMsg: Number((((after.cpuMs - before.cpuMs) * 1000) / total).toFixed(2)) };
    // With a panel attached (bench/lib/serverProcess.mjs): the most events that waited for the
    // webview at once, and how many were skipped because more than the retention waited.
    if (after.panel) Object.assign(result, { panelMostWaiting: after.panel.mostWaiting, panelSkipped: after.panel.skipped, panelMiB: Number((after.panel.bytes / 1048576).toFixed(1)) });
    return result;
  } finally {
    await server.stop();
  }
}
