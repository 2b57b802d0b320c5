// I2, fence before recover: a container moves away from a lost owner only after that owner's journaled fencing
// (watchdog fencing itself only after the configured wait, measured on the servers' clock), and the disk shows no
// write from the old owner after its successor's first write, nor a successor's write before the fencing.
import type { Checker, Violation } from '../history.ts';
import { epochs, lastEvent, lifecycles, writesBy } from './lifecycle.ts';

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
  const byContainer = writesBy(h.writes, (w) => w.container);
  for (const e of epochs(h.facts)) {
    if (e.previousOwner === '' || e.previousOwner === e.owner) continue;
    // Journal: an ownership change away from a lost owner needs its fencing first.
    const last = lastEvent(life.get(e.previousOwner), { seq: e.epoch - 1 });
    if (last?.kind === 'lost') {
      out.push({ invariant: 'I2', seq: e.epoch, message: `${e.container} taken from ${e.previousOwner}, lost at ${last.seq} and not fenced` });
    }
    // A watchdog fencing stands for the wait: the container may move only once the wait is over.
    const lost = last?.kind === 'fenced' ? lastEvent(life.get(e.previousOwner), { seq: last.seq - 1 }) : undefined;
    const fence = last && h.facts.find((r) => r.seq === last.seq)?.fact;
    if (lost?.kind === 'lost' && fence?.type === 'NodeFenced' && fence.method === 'watchdog' && e.at - lost.at < 2 * h.options.watchdogMs) {
      out.push({ invariant: 'I2', seq: e.epoch, message: `${e.container} taken from ${e.previousOwner} ${e.at - lost.at} ms after its loss (at ${lost.seq}), on a watchdog fencing before the ${2 * h.options.watchdogMs} ms wait` });
    }
    // Disk: the successor's first write under this epoch; the old owner silent from then on, and fenced by then.
    const writes = byContainer.get(e.container) ?? [];
    const first = writes.find((w) => w.node === e.owner && w.epoch === e.epoch);
    if (!first) continue;
    const late = writes.find((w) => w.node === e.previousOwner && w.epoch < e.epoch && w.at > first.at);
    if (late) out.push({ invariant: 'I2', at: late.at, message: `${e.container}: ${e.previousOwner} wrote (epoch ${late.epoch}) at ${late.at} after its successor ${e.owner}'s first write at ${first.at} (epoch ${e.epoch})` });
    // Only the loss the takeover answered counts: the old owner may have rejoined since (fenced, a new
    // incarnation) and been lost again after the takeover, which says nothing about this epoch's writes.
    const state = lastEvent(life.get(e.previousOwner), { at: first.at });
    if (state?.kind === 'lost' && state.seq < e.epoch) {
      out.push({ invariant: 'I2', at: first.at, message: `${e.container}: ${e.owner} wrote under epoch ${e.epoch} at ${first.at}, taken from ${e.previousOwner}, lost at ${state.seq} and not yet fenced` });
    }
  }
  return out;
};
