// Ordering: order constraints and group chains as resource edges; blocks from mandatory orders; restarts they imply.
import type { Placement } from './placement.ts';
import type { ResourcePlan } from './plan.ts';
import type { Prepared } from './prepare.ts';

/** Start `first` before `then` (and, when symmetrical, stop `then` before `first`). */
export interface OrderEdge {
  readonly id: string;
  readonly first: string;
  readonly then: string;
  readonly mandatory: boolean;
  readonly symmetrical: boolean;
  /** True for the implicit order between consecutive group members. */
  readonly group: boolean;
}

/** Every order edge between resources: constraints expanded to group members, and group chains. Pure. */
export function orderEdges(p: Prepared): OrderEdge[] {
  const out: OrderEdge[] = [];
  for (const u of p.units) {
    if (!u.group) continue;
    for (let i = 1; i < u.members.length; i++) {
      out.push({ id: `group ${u.id}`, first: u.members[i - 1]!.id, then: u.members[i]!.id, mandatory: true, symmetrical: true, group: true });
    }
  }
  const expand = (id: string) => {
    const u = p.unitOf.get(id)!;
    return u.id === id ? u.members.map((m) => m.id) : [id];
  };
  for (const c of p.orders) {
    const mandatory = (c.kind ?? 'mandatory') === 'mandatory';
    const symmetrical = c.symmetrical ?? true;
    for (const f of expand(c.first)) for (const t of expand(c.then)) {
      if (f !== t) out.push({ id: `order ${c.id}`, first: f, then: t, mandatory, symmetrical, group: false });
    }
  }
  return out;
}

/**
 * Adds to `blocked` every resource whose mandatory order's `first` will not run after the transition
 * (Pacemaker: the `then` start is unrunnable). Returns true when something new was blocked. Pure but for `blocked`.
 */
export function blockFromOrders(p: Prepared, edges: readonly OrderEdge[], placement: Placement, blocked: Map<string, string>): boolean {
  let changed = false;
  for (const e of edges) {
    if (!e.mandatory || e.group || blocked.has(e.then)) continue;
    if ((placement.target.get(e.first) ?? -1) >= 0) continue;
    const mode = placement.modes.get(p.unitOf.get(e.then)!.id)!;
    if (mode.kind !== 'place') continue;
    blocked.set(e.then, `${e.id}: ${e.then} needs ${e.first}, which cannot run`);
    changed = true;
  }
  return changed;
}

/**
 * Restarts in place every resource that a mandatory order (or its group) makes depend on a resource
 * being stopped in this transition, transitively. Pure but for `plans`.
 */
export function propagateRestarts(edges: readonly OrderEdge[], plans: Map<string, ResourcePlan>): void {
  const byFirst = new Map<string, OrderEdge[]>();
  for (const e of edges) {
    if (!e.mandatory) continue;
    const a = byFirst.get(e.first);
    if (a) a.push(e);
    else byFirst.set(e.first, [e]);
  }
  const work = [...plans.values()].filter((pl) => pl.stops.length > 0).map((pl) => pl.resource.id);
  while (work.length > 0) {
    const first = work.pop()!;
    for (const e of byFirst.get(first) ?? []) {
      const t = plans.get(e.then);
      if (!t || t.mode.kind !== 'place' || t.to < 0 || t.stops.length > 0 || t.start >= 0) continue;
      if (!t.resource.active.includes(t.to)) continue;
      t.stops.push(t.to);
      t.start = t.to;
      t.restartCause = `${e.id}: ${first} stops`;
      work.push(t.resource.id);
    }
  }
}
