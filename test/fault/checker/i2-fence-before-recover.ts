// I2, fence before recover: what a lost node held moves only after its journaled fencing (or the configured
// watchdog wait, measured on the servers' clock), and the disk shows no write from it after its successor's first.
import type { Checker, Violation } from '../history.ts';
import { lastEvent, lifecycles } from './lifecycle.ts';

/** Pure. */
export const checkFenceBeforeRecover: Checker = (h) => {
  const out: Violation[] = [];
  const life = lifecycles(h.facts);
  // Journal: watchdog fencing only after twice the watchdog timeout since the loss (the daemon's rule).
  for (const r of h.facts) {
    if (r.fact.type !== 'NodeFenced' || r.fact.method !== 'watchdog') continue;
    const lost = lastEvent(life.get(r.fact.node), { seq: r.seq - 1 });
    if (lost?.kind !== 'lost') continue;
    const waited = r.storedAt - lost.at;
    if (waited < 2 * h.options.watchdogMs) {
      out.push({ invariant: 'I2', seq: r.seq, message: `${r.fact.node} counted as fenced by the watchdog ${waited} ms after its loss (at ${lost.seq}); the wait is ${2 * h.options.watchdogMs} ms` });
    }
  }
  // Journal: a takeover from a lost owner needs its fencing first.
  for (const r of h.facts) {
    if (r.fact.type !== 'ContainerOwnerChanged' || r.fact.previousOwner === '' || r.fact.previousOwner === r.fact.owner) continue;
    const last = lastEvent(life.get(r.fact.previousOwner), { seq: r.seq - 1 });
    if (last?.kind === 'lost') {
      out.push({ invariant: 'I2', seq: r.seq, message: `${r.fact.container} taken from ${r.fact.previousOwner}, lost at ${last.seq} and not fenced` });
    }
  }
  // Disk: each change of writer; the old writer must be silent afterwards, and if it was lost, fenced first.
  const byDisk = new Map<string, typeof h.writes[number][]>();
  for (const w of h.writes) byDisk.set(w.disk, [...(byDisk.get(w.disk) ?? []), w]);
  for (const [disk, writes] of byDisk) {
    const sorted = [...writes].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const next = sorted[i]!;
      if (prev.node === next.node || next.epoch <= prev.epoch) continue;
      const later = sorted.slice(i + 1).find((w) => w.node === prev.node && w.epoch <= prev.epoch);
      if (later) out.push({ invariant: 'I2', at: later.at, message: `${disk}: ${prev.node} wrote at ${later.at} after its successor ${next.node}'s first write at ${next.at}` });
      const state = lastEvent(life.get(prev.node), { at: next.at });
      if (state?.kind === 'lost') {
        out.push({ invariant: 'I2', at: next.at, message: `${disk}: ${next.node} took over at ${next.at} from ${prev.node}, lost at ${state.seq} and not yet fenced` });
      }
    }
  }
  return out;
};
