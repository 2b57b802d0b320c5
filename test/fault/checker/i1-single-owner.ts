// I1, never two owners: on each disk, no write with an epoch lower than one already seen, and one writer per epoch.
import type { Checker, Violation } from '../history.ts';

/** Pure: walks each disk's writes in time order. */
export const checkSingleOwner: Checker = (h) => {
  const out: Violation[] = [];
  const byDisk = new Map<string, typeof h.writes[number][]>();
  for (const w of h.writes) byDisk.set(w.disk, [...(byDisk.get(w.disk) ?? []), w]);
  for (const [disk, writes] of byDisk) {
    const sorted = [...writes].sort((a, b) => a.at - b.at);
    let max = -Infinity;
    let maxBy = '';
    const writerOf = new Map<number, string>();
    for (const w of sorted) {
      const holder = writerOf.get(w.epoch);
      if (holder !== undefined && holder !== w.node) {
        out.push({ invariant: 'I1', at: w.at, message: `${disk}: ${w.node} and ${holder} both wrote with epoch ${w.epoch}` });
      }
      writerOf.set(w.epoch, holder ?? w.node);
      if (w.epoch < max) {
        out.push({ invariant: 'I1', at: w.at, message: `${disk}: ${w.node} wrote with epoch ${w.epoch} at offset ${w.offset} after ${maxBy} wrote with epoch ${max}` });
      } else if (w.epoch > max) {
        max = w.epoch;
        maxBy = w.node;
      }
    }
  }
  return out;
};
