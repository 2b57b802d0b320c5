// The transition graph: actions with deterministic ids, dependencies, and a deterministic dependency order.
import type { FenceDecision } from './fencing.ts';
import type { OrderEdge } from './ordering.ts';
import type { ResourcePlan } from './plan.ts';
import type { Prepared } from './prepare.ts';
import { byCodeUnits } from './prepare.ts';

/** Action kinds, in the order they sort among independent actions. */
export const ActionKind = { fence: 'fence', stop: 'stop', start: 'start', monitor: 'monitor' } as const;
export type ActionKind = (typeof ActionKind)[keyof typeof ActionKind];
const RANK: Record<ActionKind, number> = { fence: 0, stop: 1, start: 2, monitor: 3 };

/** One action: `fence:n1`, `stop:web@n1`, `start:web@n2`, `monitor:web@n2`. */
export interface TransitionAction {
  readonly id: string;
  readonly kind: ActionKind;
  /** '' for a fence. */
  readonly resource: string;
  /** The node that runs it; '' for a fence (the coordinator picks the executor). */
  readonly node: string;
  /** The node a fence targets; '' otherwise. */
  readonly target: string;
  /** Ids of actions that must complete first, in graph order. */
  readonly dependsOn: string[];
  readonly reason: string;
}

/** The id of an action. Pure. */
export function actionId(kind: ActionKind, resource: string, node: string): string {
  return kind === 'fence' ? `fence:${node}` : `${kind}:${resource}@${node}`;
}

interface Draft { action: TransitionAction; deps: Set<string> }

/** Builds the actions of `plans` and `fences` with their dependencies, in dependency order. Pure but for `notes`. */
export function buildActions(p: Prepared, plans: Map<string, ResourcePlan>, fences: readonly FenceDecision[], edges: readonly OrderEdge[], reasons: Map<string, string>): TransitionAction[] {
  const drafts = new Map<string, Draft>();
  const add = (kind: ActionKind, resource: string, node: string, reason: string): Draft => {
    const id = actionId(kind, resource, node);
    const d: Draft = { action: { id, kind, resource, node: kind === 'fence' ? '' : node, target: kind === 'fence' ? node : '', dependsOn: [], reason }, deps: new Set() };
    drafts.set(id, d);
    return d;
  };
  const fenced = new Set<string>();
  for (const f of fences) {
    add('fence', '', f.node, f.reason);
    fenced.add(f.node);
  }
  const stopsOf = new Map<string, string[]>();
  const startsOf = new Map<string, string[]>();
  for (const pl of plans.values()) {
    if (pl.stops.length === 0 && pl.start < 0) {
      // Left running where it is, but with no recurring monitor known there (a probe found it after a reattach).
      const m = pl.resource;
      if (pl.mode.kind === 'place' && pl.to >= 0 && m.monitorIntervalMs > 0 && m.monitored !== null && !m.monitored.has(pl.to) && m.active.includes(pl.to) && !m.failed.has(pl.to)) {
        add('monitor', m.id, p.nodes[pl.to]!, `every ${m.monitorIntervalMs} ms (not monitored on ${p.nodes[pl.to]!})`);
      }
      continue;
    }
    const r = pl.resource.id;
    const reason = reasons.get(r) ?? '';
    const stops = pl.stops.map((x) => add('stop', r, p.nodes[x]!, reason).action.id);
    stopsOf.set(r, stops);
    if (pl.start < 0) continue;
    const node = p.nodes[pl.start]!;
    const start = add('start', r, node, reason);
    for (const s of stops) start.deps.add(s);
    for (const x of pl.lost) if (fenced.has(p.nodes[x]!)) start.deps.add(actionId('fence', '', p.nodes[x]!));
    startsOf.set(r, [start.action.id]);
    if (pl.resource.monitorIntervalMs > 0) add('monitor', r, node, `every ${pl.resource.monitorIntervalMs} ms`).deps.add(start.action.id);
  }
  for (const e of edges) {
    for (const t of startsOf.get(e.then) ?? []) for (const f of startsOf.get(e.first) ?? []) drafts.get(t)!.deps.add(f);
    if (!e.symmetrical) continue;
    for (const f of stopsOf.get(e.first) ?? []) for (const t of stopsOf.get(e.then) ?? []) drafts.get(f)!.deps.add(t);
  }
  return sortActions(p, drafts);
}

function key(a: TransitionAction): [number, string, string] {
  return [RANK[a.kind], a.resource, a.node || a.target];
}

function compare(a: TransitionAction, b: TransitionAction): number {
  const ka = key(a);
  const kb = key(b);
  return ka[0] - kb[0] || byCodeUnits(ka[1], kb[1]) || byCodeUnits(ka[2], kb[2]);
}

/** Kahn's algorithm in rounds, each round sorted: a stable topological order. A cycle is broken with a note. */
function sortActions(p: Prepared, drafts: Map<string, Draft>): TransitionAction[] {
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const d of drafts.values()) {
    pending.set(d.action.id, d.deps.size);
    for (const dep of d.deps) {
      const a = dependents.get(dep);
      if (a) a.push(d.action.id);
      else dependents.set(dep, [d.action.id]);
    }
  }
  const pos = new Map<string, number>();
  const out: TransitionAction[] = [];
  let ready = [...drafts.values()].filter((d) => d.deps.size === 0).map((d) => d.action);
  while (out.length < drafts.size) {
    if (ready.length === 0) {
      const stuck = [...drafts.values()].map((d) => d.action).filter((a) => !pos.has(a.id)).sort(compare)[0]!;
      p.notes.push(`order cycle: ${stuck.id} started without waiting for ${[...drafts.get(stuck.id)!.deps].filter((x) => !pos.has(x)).join(', ')}`);
      drafts.get(stuck.id)!.deps.forEach((x) => { if (!pos.has(x)) drafts.get(stuck.id)!.deps.delete(x); });
      ready = [stuck];
    }
    ready.sort(compare);
    const next: TransitionAction[] = [];
    for (const a of ready) {
      pos.set(a.id, out.length);
      out.push(a);
      for (const t of dependents.get(a.id) ?? []) {
        const n = pending.get(t)! - 1;
        pending.set(t, n);
        if (n === 0 && !pos.has(t)) next.push(drafts.get(t)!.action);
      }
    }
    ready = next;
  }
  return out.map((a) => ({ ...a, dependsOn: [...drafts.get(a.id)!.deps].sort((x, y) => pos.get(x)! - pos.get(y)!) }));
}
