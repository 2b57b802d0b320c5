// I8, within 60 s of healing: one DC everybody follows, every running node quorate and unfenced; in the fold of the
// whole journal every resource whose target role is Started runs on exactly one node and nothing runs on a node in
// standby; and each container's application is alive where the journal says: the ground-truth writes after
// the settle sample come from exactly one node, where the resources on that container run.
import { nodesOf } from '../../../actors/view.ts';
import { resourcesOf } from '../../../actors/services/views.ts';
import type { Checker, Violation } from '../history.ts';
import { foldHistory, writesBy } from './lifecycle.ts';

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
  // The journal's word: where each resource runs, and which nodes are in standby.
  const state = foldHistory(h.facts);
  const standby = new Set(nodesOf(state).filter((n) => n.standby).map((n) => n.name));
  const resources = resourcesOf(state);
  for (const r of resources) {
    const on = r.context.activeOn;
    if (r.context.targetRole === 'Started' && on.length !== 1) {
      out.push({ invariant: 'I8', at, message: `${r.id} (target role Started) runs on ${on.length} nodes after healing (${on.join(', ') || 'none'}; state ${r.state})` });
    }
    const idle = on.filter((n) => standby.has(n));
    if (idle.length > 0) out.push({ invariant: 'I8', at, message: `${r.id} runs on ${idle.join(', ')}, in standby` });
  }
  // The ground truth: each container's application writes after the sample, from one node, where the journal runs it.
  for (const [container, writes] of writesBy(h.writes, (w) => w.container)) {
    const writers = [...new Set(writes.filter((w) => w.at > at).map((w) => w.node))].sort();
    const users = resources.filter((r) => r.context.config?.container === container && r.context.targetRole === 'Started');
    const expected = [...new Set(users.flatMap((r) => r.context.activeOn))].sort();
    if (writers.length === 0) out.push({ invariant: 'I8', at, message: `${container}: no write after settling (its resources run on ${expected.join(', ') || 'no node'})` });
    else if (writers.length > 1) out.push({ invariant: 'I8', at, message: `${container}: written by ${writers.join(' and ')} after settling` });
    else if (users.length > 0 && expected.join() !== writers.join()) out.push({ invariant: 'I8', at, message: `${container}: written from ${writers[0]} after settling, but the journal runs its resources on ${expected.join(', ') || 'no node'}` });
    const idle = writers.filter((n) => standby.has(n));
    if (idle.length > 0) out.push({ invariant: 'I8', at, message: `${container}: written from ${idle.join(', ')}, in standby, after settling` });
  }
  return out;
};
