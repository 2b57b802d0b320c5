// I1, never two owners: on each disk no write with an epoch lower than one already seen; on each container one
// writer per epoch, the write windows of successive epochs never overlapping, and every write made under an epoch
// the journal gave its writer (the owner a ContainerCreated / ContainerOwnerChanged named at that sequence, and a
// ContainerActivated of that node under it).
import type { Checker, Violation } from '../history.ts';
import { activations, epochs, writesBy } from './lifecycle.ts';

/** Pure. */
export const checkSingleOwner: Checker = (h) => {
  const out: Violation[] = [];
  for (const [disk, writes] of writesBy(h.writes, (w) => `${w.container}/${w.disk}`)) {
    let max = -Infinity;
    let maxBy = '';
    for (const w of writes) {
      if (w.epoch < max) out.push({ invariant: 'I1', at: w.at, message: `${disk}: ${w.node} wrote with epoch ${w.epoch} at offset ${w.offset} after ${maxBy} wrote with epoch ${max}` });
      else if (w.epoch > max) [max, maxBy] = [w.epoch, w.node];
    }
  }
  const owners = new Map(epochs(h.facts).map((e) => [`${e.container}:${e.epoch}`, e.owner]));
  const active = activations(h.facts);
  for (const [container, writes] of writesBy(h.writes, (w) => w.container)) {
    const windows = new Map<number, { node: string; first: number; last: number }>();
    const reported = new Set<string>();
    for (const w of writes) {
      const win = windows.get(w.epoch);
      if (win && win.node !== w.node && !reported.has(`two:${w.epoch}:${w.node}`)) {
        reported.add(`two:${w.epoch}:${w.node}`);
        out.push({ invariant: 'I1', at: w.at, message: `${container}: ${w.node} and ${win.node} both wrote with epoch ${w.epoch}` });
      }
      windows.set(w.epoch, { node: win?.node ?? w.node, first: win?.first ?? w.at, last: w.at });
      const owner = owners.get(`${container}:${w.epoch}`);
      const key = `journal:${w.node}:${w.epoch}`;
      if (reported.has(key)) continue;
      if (owner !== w.node) {
        reported.add(key);
        out.push({ invariant: 'I1', at: w.at, message: `${container}: ${w.node} wrote with epoch ${w.epoch}, which the journal gave ${owner === undefined ? 'nobody' : `to ${owner || 'no owner'}`}` });
      } else if (!active.has(`${container}:${w.node}:${w.epoch}`)) {
        reported.add(key);
        out.push({ invariant: 'I1', at: w.at, message: `${container}: ${w.node} wrote with epoch ${w.epoch} but never journaled ContainerActivated under it` });
      }
    }
    const sorted = [...windows].sort(([a], [b]) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      const [e0, w0] = sorted[i - 1]!;
      const [e1, w1] = sorted[i]!;
      if (w0.last > w1.first) {
        out.push({ invariant: 'I1', at: w1.first, message: `${container}: the write windows of epoch ${e0} (${w0.node}, last write at ${w0.last}) and epoch ${e1} (${w1.node}, first write at ${w1.first}) overlap` });
      }
    }
  }
  return out;
};
