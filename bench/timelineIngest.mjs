// #6 Timeline ingest: the real webview bundle (dist/webview/timeline.js) in headless Chromium, fed
// 20,000 events/s for 30 s in `events` batches every 16 ms, against a page that only counts them.
import { alternate, row } from './lib/compare.mjs';
import { launch, startStaticServer } from './lib/browser.mjs';
import { sleep } from './lib/procs.mjs';
import { median, percentile, slope } from './lib/stats.mjs';

export const id = 6;
export const title = 'Timeline ingest at 20,000 events/s';
export const peerName = 'page that only counts';
export const target = 'keeps up, no growing backlog, ≥ 0.9× the counting page';
export const needsDist = true;

const RATE = 20_000;
const RETENTION = 100_000; // the extension's default websocketLab.timeline.retention
const WARMUP_MS = 1000;

/** The value of a step series [[t, v], ...] (ascending t) at time t. */
function at(series, t) {
  let v = 0;
  for (const [ts, x] of series) {
    if (ts > t) break;
    v = x;
  }
  return v;
}

async function measure(browser, port, kind, durationMs) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/feeder.html`);
    // localhost vs 127.0.0.1: another site, so Chromium gives the webview its own renderer
    // process, as VS Code's webview iframes have.
    const file = kind === 'ours' ? 'timeline.html' : 'counter.html';
    await page.evaluate((src) => window.__load(src), `http://localhost:${port}/${file}`);
    const frame = page.frames().find((f) => f.url().endsWith(file));
    if (!frame) throw new Error(`no ${file} frame`);
    const feed = await page.evaluate((cfg) => window.__stream(cfg), { rate: RATE, durationMs, retention: RETENTION });
    const endWall = feed.startWall + durationMs;
    let drainedAt;
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const last = await frame.evaluate(() => window.__samples[window.__samples.length - 1]);
      if (last && last[1] >= feed.total) {
        drainedAt = last[0];
        break;
      }
      await sleep(50);
    }
    const samples = await frame.evaluate(() => window.__samples);
    const frames = kind === 'ours' ? await frame.evaluate(() => window.__frames.map((t) => t + performance.timeOrigin)) : [];
    const longTasks = kind === 'ours' ? await frame.evaluate(() => window.__longTasks.map(([s, d]) => [s + performance.timeOrigin, d])) : [];
    if (errors.length) throw new Error(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    if (kind === 'ours') {
      const shown = await frame.evaluate(() => document.querySelector('[data-testid="event-count"]')?.textContent ?? '');
      if (!/events|of/.test(shown)) throw new Error(`the timeline shows no event count ("${shown}")`);
    }

    const from = feed.startWall + WARMUP_MS;
    const inWindow = samples.filter(([t]) => t >= from && t <= endWall);
    if (inWindow.length < 3) throw new Error(`only ${inWindow.length} progress samples while feeding`);
    const first = inWindow[0];
    const last = inWindow[inWindow.length - 1];
    const rate = ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
    const backlog = inWindow.map(([t, seq]) => [t, at(feed.sent, t) - seq]);
    const half = backlog.filter(([t]) => t >= from + (endWall - from) / 2);
    const growth = slope(half.map(([t]) => t / 1000), half.map(([, b]) => b));
    const endBacklog = feed.total - at(samples, endWall);
    const frameTimes = [];
    for (let i = 1; i < frames.length; i++) if (frames[i] >= from && frames[i] <= endWall) frameTimes.push(frames[i] - frames[i - 1]);
    const lt = longTasks.filter(([s]) => s >= from && s <= endWall);
    return {
      rate: Math.round(rate),
      offered: RATE,
      backlogGrowth: Math.round(growth),
      maxBacklog: Math.max(0, ...backlog.map(([, b]) => b)),
      endBacklog,
      drainMs: drainedAt === undefined ? NaN : Math.max(0, drainedAt - endWall),
      frameP95: frameTimes.length ? Number(percentile(frameTimes, 95).toFixed(1)) : NaN,
      longTaskMs: Math.round(lt.reduce((n, [, d]) => n + d, 0)),
      fps: frameTimes.length ? Number((1000 / median(frameTimes)).toFixed(1)) : NaN,
    };
  } finally {
    await context.close();
  }
}

export async function run({ quick, log }) {
  const runs = quick ? 1 : 5;
  const durationMs = quick ? 3000 : 30_000;
  const server = await startStaticServer();
  const browser = await launch();
  try {
    log(`timeline ingest, ${RATE.toLocaleString('en-US')} events/s for ${durationMs / 1000} s, retention ${RETENTION.toLocaleString('en-US')}`);
    const { peer, ours } = await alternate(
      runs,
      () => measure(browser, server.port, 'peer', durationMs),
      () => measure(browser, server.port, 'ours', durationMs),
      log,
    );
    const keepsUp = row({ label: 'backlog growth, 2nd half (events/s)', unit: 'events/s', peerRuns: peer, oursRuns: ours, pick: (x) => x.backlogGrowth, target: 'no growing backlog' });
    const endBacklog = median(ours.map((x) => x.endBacklog));
    // Keeps up: the backlog grows by less than 2% of the offered rate and what is left when the
    // feed stops is under half a second of events.
    keepsUp.met = Math.abs(keepsUp.ours) <= 0.02 * RATE && endBacklog <= RATE / 2;
    keepsUp.ratio = NaN;
    return {
      rows: [
        row({ label: `events processed/s (${RATE.toLocaleString('en-US')}/s offered)`, unit: 'events/s', peerRuns: peer, oursRuns: ours, pick: (x) => x.rate, target: '≥ 0.9×', meets: (r) => r >= 0.9 }),
        keepsUp,
      ],
      extra: [
        row({ label: 'largest backlog while feeding', unit: 'events', peerRuns: peer, oursRuns: ours, pick: (x) => x.maxBacklog, target: '—' }),
        row({ label: 'backlog when the feed stopped', unit: 'events', peerRuns: peer, oursRuns: ours, pick: (x) => x.endBacklog, target: '—' }),
        row({ label: 'time to drain after the feed stopped', unit: 'ms', peerRuns: peer, oursRuns: ours, pick: (x) => x.drainMs, target: '—' }),
        { ...row({ label: 'webview frame interval p95 while feeding', unit: 'ms', peerRuns: ours, oursRuns: ours, pick: (x) => x.frameP95 }), peer: NaN, ratio: undefined, oursOnly: true },
        { ...row({ label: 'webview long tasks while feeding (total)', unit: 'ms', peerRuns: ours, oursRuns: ours, pick: (x) => x.longTaskMs }), peer: NaN, ratio: undefined, oursOnly: true },
      ],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

export const method = `A feeder page on http://127.0.0.1 plays the extension host and loads the webview in an iframe
from http://localhost (another site, so Chromium runs it in its own renderer process, like a VS Code
webview). The webview page is \`dist/webview/timeline.js\` + its CSS, built by \`node esbuild.mjs\`,
with a fake \`acquireVsCodeApi\` that forwards \`ready\` to the feeder. The feeder sends \`init\`
(retention 100,000, the extension's default), then every 16 ms one \`events\` message with the
events due at 20,000/s (64-byte text messages from 32 clients, split at 5,000 like \`MAX_BATCH\`)
plus a \`stats\` message, for 30 s. A probe script in the webview samples at every animation frame
the newest event the list has drawn (the last row's \`data-seq\`); the peer page only counts what the
\`message\` events carry (and is sampled the same way). Processed rate and backlog (sent − drawn) are taken after a 1 s warm-up.`;

export const alwaysShowLimits = true;

export function limits() {
  return `Where the webview's main thread goes at 20,000 events/s: the largest part is deserializing the
\`events\` messages (structured clone), which the counting page pays too; then the list's render, which
in follow mode shows ~50 new events every frame by rewriting the text of recycled row elements (none
is created: media/webview/timeline/timelineRow.ts), and style/layout/paint of those rows. The header
applies the newest \`stats\` at most once per animation frame, in place (header.ts). The frame interval
in the table is how often the page could draw while fed.`;
}
