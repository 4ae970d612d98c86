// Runs the peer and ours alternately in the same run (ABBA order, so a machine that slows down or
// warms up over time is shared fairly) and collects each side's measurements.
import { median, ratio } from './stats.mjs';

let beforeEachRun = async () => {};

/** A full run checks that the machine is quiet before every measurement (see run.mjs). */
export function setBeforeEachRun(fn) {
  beforeEachRun = fn;
}

export async function alternate(runs, peerFn, oursFn, log = () => {}) {
  const peer = [];
  const ours = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['peer', 'ours'] : ['ours', 'peer'];
    for (const side of order) {
      await beforeEachRun(log);
      const value = side === 'peer' ? await peerFn(i) : await oursFn(i);
      (side === 'peer' ? peer : ours).push(value);
      log(`  run ${i + 1}/${runs} ${side}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
    }
  }
  return { peer, ours };
}

/** A result row: medians of both sides, the ratio ours/peer and whether it meets the target. */
export function row({ label, unit, peerRuns, oursRuns, pick = (x) => x, meets, target, format }) {
  const p = median(peerRuns.map(pick));
  const o = median(oursRuns.map(pick));
  const r = ratio(o, p);
  return {
    label,
    unit,
    peer: p,
    ours: o,
    ratio: r,
    target,
    met: meets ? meets(r, o, p) : null,
    format,
    peerRuns: peerRuns.map(pick),
    oursRuns: oursRuns.map(pick),
  };
}
