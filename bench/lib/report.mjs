// Renders benchmark results as docs/BENCHMARKS.md and as a console table.
import { fmtBytes, fmtMs, fmtNum, fmtRatio } from './stats.mjs';

export function fmtValue(v, r) {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '—';
  if (r.format === 'bytes' || r.unit === 'bytes') return fmtBytes(v);
  if (r.unit === 'ms') return fmtMs(v);
  return `${fmtNum(v)}${r.unit ? ` ${r.unit}` : ''}`;
}

const metText = (m) => (m === true ? '✅ met' : m === false ? '❌ not met' : '—');
const esc = (s) => String(s).replace(/\|/g, '\\|');

export function consoleTable(results) {
  const lines = [];
  for (const b of results) {
    if (b.status !== 'ok') {
      lines.push(`#${b.id} ${b.title}: ${b.status.toUpperCase()}${b.reason ? ` (${b.reason.split('\n')[0]})` : ''}`);
      continue;
    }
    for (const r of b.result.rows ?? []) {
      lines.push(`#${b.id} ${r.label}: peer ${fmtValue(r.peer, r)} | ours ${fmtValue(r.ours, r)} | ${fmtRatio(r.ratio)} | ${r.target} ${metText(r.met)}`);
    }
  }
  return lines.join('\n');
}

function runsText(r) {
  const f = (xs) => (xs ?? []).map((x) => fmtValue(x, r)).join(', ');
  if (!r.peerRuns && !r.oursRuns) return '';
  return r.peerRuns?.length && !r.oursOnly ? `peer: ${f(r.peerRuns)}; ours: ${f(r.oursRuns)}` : `${f(r.oursRuns)}`;
}

export function markdown({ results, machine, commands, startedAt, finishedAt, modules }) {
  const out = [];
  out.push('# Benchmarks');
  out.push('');
  out.push('<!-- Written by `npm run bench` (bench/run.mjs). Do not edit by hand: the next full run rewrites it. -->');
  out.push('');
  out.push('Issue 6. Every benchmark runs the peer and ours in the same run on the same machine, alternating');
  out.push('(ABBA order), 5 runs each unless said otherwise; figures are medians; load clients run in a');
  out.push('separate process from the server; everything is on 127.0.0.1 with port 0. The machine may be');
  out.push('shared with other work: a full run waits, before each benchmark and each measurement, until the');
  out.push('CPU is mostly idle (the reading is noted per benchmark). The console output of a run and');
  out.push('`bench/results/*.json` (git-ignored) keep every figure.');
  out.push('');
  out.push('## Machine');
  out.push('');
  for (const [k, v] of Object.entries(machine)) out.push(`- **${k}**: ${v}`);
  out.push(`- **Run**: ${startedAt} → ${finishedAt}`);
  out.push('');
  out.push('## Commands');
  out.push('');
  out.push('```sh');
  for (const c of commands) out.push(c);
  out.push('```');
  out.push('');
  out.push('## Results');
  out.push('');
  out.push('| # | benchmark | case | peer | peer (median) | ours (median) | ours/peer | target | met |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const b of results) {
    if (b.status !== 'ok') {
      out.push(`| ${b.id} | ${esc(b.title)} | ${b.status}: ${esc((b.reason ?? '').split('\n')[0])} | | | | | ${esc(b.target)} | — |`);
      continue;
    }
    const peerName = modules.find((m) => m.id === b.id)?.peerName ?? '';
    for (const r of b.result.rows ?? []) {
      out.push(`| ${b.id} | ${esc(b.title)} | ${esc(r.label)} | ${esc(peerName)} | ${esc(r.peerLabel ?? fmtValue(r.peer, r))} | ${esc(fmtValue(r.ours, r))} | ${r.ratio === undefined ? '—' : fmtRatio(r.ratio)} | ${esc(r.target ?? '')} | ${metText(r.met)} |`);
    }
  }
  out.push('');
  out.push('## Details');
  for (const b of results) {
    const mod = modules.find((m) => m.id === b.id);
    out.push('');
    out.push(`### ${b.id}. ${b.title}`);
    out.push('');
    out.push(`Target: ${b.target}. Time: ${fmtNum(b.seconds)} s. CPU busy with other work just before: ${b.busyBefore ?? '?'}; 1-min load average before/after: ${b.loadBefore} / ${b.loadAfter}.`);
    out.push('');
    if (mod?.method) {
      out.push(mod.method);
      out.push('');
    }
    if (b.status !== 'ok') {
      out.push(`**${b.status}**: ${b.reason ?? ''}`);
      if (mod?.howTo) out.push('', mod.howTo);
      continue;
    }
    const rows = [...(b.result.rows ?? []), ...(b.result.extra ?? [])];
    if (rows.length) {
      out.push('| case | peer | ours | ours/peer | every run |');
      out.push('| --- | --- | --- | --- | --- |');
      for (const r of rows) {
        const unit = r.unit && r.format !== 'bytes' && r.unit !== 'ms' && !r.label.includes(`(${r.unit})`) ? ` (${esc(r.unit)})` : '';
        out.push(`| ${esc(r.label)}${unit} | ${esc(r.peerLabel ?? fmtValue(r.peer, r))} | ${esc(fmtValue(r.ours, r))} | ${r.ratio === undefined ? '—' : fmtRatio(r.ratio)} | ${esc(runsText(r))} |`);
      }
      out.push('');
    }
    for (const n of b.result.notes ?? []) out.push(`- ${n}`);
    if (b.result.notes?.length) out.push('');
    if (mod?.findings) {
      out.push('**Changes made.**');
      out.push('');
      out.push(mod.findings);
      out.push('');
    }
    const missed = (b.result.rows ?? []).some((r) => r.met === false);
    const limits = typeof mod?.limits === 'function' ? mod.limits(b.result) : mod?.limits;
    if (limits && (missed || mod?.alwaysShowLimits)) {
      out.push(missed ? '**What limits it.**' : '**Notes.**');
      out.push('');
      out.push(limits);
      out.push('');
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
