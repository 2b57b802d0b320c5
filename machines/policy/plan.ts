// Per-resource plans: from where it is to where placement wants it, as the stops and the start that get it there.
import type { Placement, UnitMode } from './placement.ts';
import type { Prepared, PreparedResource } from './prepare.ts';

/** What happens to one resource in a transition (node indexes; -1 = none). */
export interface ResourcePlan {
  readonly resource: PreparedResource;
  readonly unit: string;
  readonly mode: UnitMode;
  /** Where it should run after the transition. */
  readonly to: number;
  /** Live nodes to stop it on (a failed copy, a copy elsewhere than `to`, or a restart). */
  readonly stops: number[];
  /** Where to start it, or -1. */
  start: number;
  /** Set when a mandatory order restarts it in place. */
  restartCause: string;
  /** Lost nodes it may still run on: its start waits for their fencing. */
  readonly lost: readonly number[];
}

/** The plan of every resource, in unit placement order and group member order. Pure. */
export function buildPlans(p: Prepared, placement: Placement): ResourcePlan[] {
  const out: ResourcePlan[] = [];
  for (const u of placement.order) {
    const mode = placement.modes.get(u.id)!;
    for (const r of u.members) {
      const to = placement.target.get(r.id) ?? -1;
      if (mode.kind === 'pin') {
        out.push({ resource: r, unit: u.id, mode, to, stops: [], start: -1, restartCause: '', lost: r.onLost });
        continue;
      }
      const stops = r.active.length === 0 ? [] : r.active.filter((x) => x !== to || r.failed.has(x));
      const start = to >= 0 && (!r.active.includes(to) || r.failed.has(to)) ? to : -1;
      out.push({ resource: r, unit: u.id, mode, to, stops, start, restartCause: '', lost: r.onLost });
    }
  }
  return out;
}

/** True when the plan does anything. Pure. */
export function changes(plan: ResourcePlan): boolean {
  return plan.stops.length > 0 || plan.start >= 0 || (plan.lost.length > 0 && plan.mode.kind !== 'pin');
}
