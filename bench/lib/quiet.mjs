// How busy the machine is apart from us: CPU time used over a short window (from /proc/stat), read
// between benchmarks, when none of our processes runs. On a shared machine a full run waits for
// other work to calm down before each benchmark, so that the figures are about our code.
import { readFileSync } from 'node:fs';

function cpuTimes() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  return { idle, total: line.reduce((a, b) => a + b, 0) };
}

/** Fraction of all CPUs busy over `ms` (NaN where /proc/stat is missing). */
export async function busyFraction(ms = 2000) {
  try {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, ms));
    const b = cpuTimes();
    const total = b.total - a.total;
    return total > 0 ? 1 - (b.idle - a.idle) / total : NaN;
  } catch {
    return NaN;
  }
}

/** Waits until less than `threshold` of the CPU is busy, for at most `maxMs`; returns the last reading. */
export async function waitForQuiet({ threshold = 0.2, maxMs = 600_000, sampleMs = 2000, log = () => {} } = {}) {
  const until = Date.now() + maxMs;
  let busy = await busyFraction(sampleMs);
  let said = false;
  while (busy > threshold && Date.now() < until) {
    if (!said) log(`machine ${(busy * 100).toFixed(0)}% busy with other work: waiting (up to ${Math.round(maxMs / 60_000)} min) for it to calm down`);
    said = true;
    await new Promise((r) => setTimeout(r, 8000));
    busy = await busyFraction(sampleMs);
  }
  if (said) log(`machine ${(busy * 100).toFixed(0)}% busy: going on`);
  return busy;
}
