// Planned container handovers: a private container follows where the scheduler wants its dependents when its
// live owner is in standby or an explicit location constraint (an operator's `move`, a ban) prefers another node.
//
// The dependents of a container (ResourceConfig.container) run only where it is journaled active, so the scheduler
// alone would leave them on, or stopped at, the owner. Here the placement is computed as if the container could
// follow them (the container-active bans left out); when that differs from the owner and the move is asked for
// (standby, or a location constraint scoring the wanted node above the owner), a handover is planned:
//   1. the dependents are banned everywhere (the adapter), so the scheduler stops them on the owner;
//   2. the owner, once none of them runs (or is in flight) there, closes its gate and journals ContainerDeactivated
//      (reason handover): the proof it no longer writes;
//   3. the DC journals ContainerOwnerChanged (reason handover) to the wanted node: no fencing, the owner is alive
//      and journaled inactive; the new node activates under the new epoch and the scheduler starts the dependents.
// A lost owner is not handed over (it is fenced and taken over). Pure.
import type { ClusterState } from '../fold.ts';
import type { ResourceContext } from '../resource/context.ts';
import type { ScheduleInput } from './input.ts';
import { prepare } from './prepare.ts';
import { addScores } from './scores.ts';
import { solve } from './solve.ts';

/** One planned handover of a private container from its live owner to the node its dependents should run on. */
export interface Handover {
  readonly container: string;
  readonly from: string;
  readonly to: string;
  /** A dependent still runs (or starts or stops) on `from`: the owner keeps the container active until it is stopped. */
  readonly holding: boolean;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The dependents of every private, created container, by container id (resource ids sorted). */
function dependentsOf(state: ClusterState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of state.entities.values()) {
    if (e.kind !== 'resource') continue;
    const id = (e.snapshot.context as ResourceContext).config?.container ?? '';
    if (id !== '') out.set(id, [...(out.get(id) ?? []), e.id].sort(byCodeUnits));
  }
  return out;
}

/**
 * The handovers planned in `state`, given the scheduler's input WITHOUT the container-active bans (the
 * placement as if containers followed their dependents). None without quorum or in maintenance mode. Pure.
 */
export function handoversOf(state: ClusterState, input: ScheduleInput): Handover[] {
  if (!input.quorate || input.options?.maintenanceMode) return [];
  const status = new Map(input.nodes.map((n) => [n.name, n.status]));
  const deps = dependentsOf(state);
  const candidates: { container: string; owner: string; resources: string[]; scoreAt: (node: string) => number }[] = [];
  for (const key of [...state.entities.keys()].sort(byCodeUnits)) {
    const e = state.entities.get(key)!;
    if (e.kind !== 'container' || (e.snapshot.value !== 'inactive' && e.snapshot.value !== 'active')) continue;
    const c = e.snapshot.context as { id: string; type: string; owner: string };
    const resources = deps.get(c.id) ?? [];
    const st = status.get(c.owner);
    if (c.type !== 'private' || resources.length === 0 || (st !== 'online' && st !== 'standby')) continue;
    const groups = new Set((input.groups ?? []).filter((g) => g.members.some((m) => resources.includes(m))).map((g) => g.id));
    const mine = (input.locations ?? []).filter((l) => resources.includes(l.resource) || groups.has(l.resource));
    if (st === 'online' && mine.length === 0) continue;
    const scoreAt = (node: string) => mine.filter((l) => l.node === node).reduce((s, l) => addScores(s, l.score), 0);
    candidates.push({ container: c.id, owner: c.owner, resources, scoreAt });
  }
  if (candidates.length === 0) return [];
  const sol = solve(prepare(input));
  const nodeOf = (r: string) => sol.prepared.nodes[sol.placement.target.get(r) ?? -1] ?? '';
  const out: Handover[] = [];
  for (const c of candidates) {
    const wanted = [...new Set(c.resources.map(nodeOf).filter((n) => n !== ''))];
    const to = wanted.length === 1 ? wanted[0]! : '';
    if (to === '' || to === c.owner || status.get(to) !== 'online') continue;
    if (status.get(c.owner) === 'online' && !(c.scoreAt(to) > c.scoreAt(c.owner))) continue;
    const holding = input.resources.some((r) => c.resources.includes(r.id) && (r.running ?? []).includes(c.owner));
    out.push({ container: c.container, from: c.owner, to, holding });
  }
  return out;
}
