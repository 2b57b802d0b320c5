// I8, within 60 s of healing: one DC everybody follows, every running node quorate and unfenced, and the workload
// writing again from exactly one node.
import type { Checker, Violation } from '../history.ts';

/** How long after the last heal the cluster has to settle. */
export const SETTLE_MS = 60_000;

/** Pure; silent when the run did not heal (no `settled` sample). */
export const checkSettles: Checker = (h) => {
  const out: Violation[] = [];
  if (!h.settled || h.healedAt === undefined) return out;
  const { at, views } = h.settled;
  if (at - h.healedAt > SETTLE_MS) out.push({ invariant: 'I8', at, message: `settled only ${at - h.healedAt} ms after healing (limit ${SETTLE_MS} ms)` });
  const running = views.filter((v) => v.running);
  const dcs = running.filter((v) => v.isDc);
  if (dcs.length !== 1) out.push({ invariant: 'I8', at, message: `${dcs.length} nodes act as DC after healing (${dcs.map((v) => v.node).join(', ') || 'none'})` });
  const termsSeen = new Set(running.map((v) => v.term));
  if (termsSeen.size > 1) out.push({ invariant: 'I8', at, message: `nodes follow different terms after healing: ${running.map((v) => `${v.node}=${v.term}`).join(', ')}` });
  for (const v of running) {
    if (!v.quorate || v.ioFenced) out.push({ invariant: 'I8', at, message: `${v.node} still ${v.quorate ? '' : 'not quorate '}${v.ioFenced ? 'I/O-fenced' : ''} after healing`.trim() });
  }
  const disks = new Set(h.writes.map((w) => w.disk));
  for (const disk of disks) {
    const after = h.writes.filter((w) => w.disk === disk && w.at > h.healedAt! && w.at <= at);
    const writers = new Set(after.map((w) => w.node));
    if (writers.size === 0) out.push({ invariant: 'I8', at, message: `${disk}: no write between healing and the settle sample` });
    const late = h.writes.filter((w) => w.disk === disk && w.at > at - 2_000 && w.at <= at);
    const lateWriters = new Set(late.map((w) => w.node));
    if (lateWriters.size > 1) out.push({ invariant: 'I8', at, message: `${disk}: written by ${[...lateWriters].join(' and ')} after settling` });
  }
  return out;
};
