// Placement: each unit's mode (place, leave alone, stop), then a node per unit in colocation order, then per member.
import { applyColocations, mergeDependents, type ColocationIndex } from './colocation.ts';
import { canFence, whyNotFenced } from './fencing.ts';
import { assignMembers, unitBase, type Blocked, type UnitBase } from './groups.ts';
import type { Prepared, Unit } from './prepare.ts';
import { INFINITY, zeros, type Scores, type Tracer } from './scores.ts';
import { currentNodeOf } from './stickiness.ts';

/** What the scheduler may do with a unit. */
export type UnitMode =
  | { readonly kind: 'place' }
  /** Leave it exactly as it is: no start, stop or monitor. `blocked` when it waits for a fence. */
  | { readonly kind: 'pin'; readonly reason: string; readonly blocked: boolean }
  /** Stop everything it runs (no quorum). */
  | { readonly kind: 'stop'; readonly reason: string };

/** The mode of every unit. Pure. */
export function unitModes(p: Prepared): Map<string, UnitMode> {
  const out = new Map<string, UnitMode>();
  const fence = canFence(p);
  const policy = p.quorate ? 'quorate' : p.options.noQuorumPolicy;
  for (const u of p.units) {
    out.set(u.id, modeOf(p, u, fence, policy));
  }
  return out;
}

function modeOf(p: Prepared, u: Unit, fence: boolean, policy: string): UnitMode {
  if (policy === 'freeze') return { kind: 'pin', reason: 'no quorum (no-quorum-policy=freeze)', blocked: false };
  for (const m of u.members) {
    if (!m.managed) {
      const reason = p.options.maintenanceMode ? 'maintenance-mode' : `${m.id} is unmanaged (is-managed=false)`;
      return { kind: 'pin', reason, blocked: false };
    }
    if (m.blocked) return { kind: 'pin', reason: `${m.id} is blocked: ${m.blocked}`, blocked: true };
    if (m.onMaintenance.length > 0) return { kind: 'pin', reason: `${p.nodes[m.onMaintenance[0]!]} is in maintenance`, blocked: false };
    if (m.onLost.length > 0 && !fence) return { kind: 'pin', reason: whyNotFenced(p, p.nodes[m.onLost[0]!]!), blocked: true };
  }
  if (policy === 'stop') return { kind: 'stop', reason: 'no quorum (no-quorum-policy=stop)' };
  return { kind: 'place' };
}

/** Where everything goes: node indexes, -1 for nowhere. */
export interface Placement {
  readonly modes: Map<string, UnitMode>;
  readonly unitNode: Map<string, number>;
  /** Per resource id. */
  readonly target: Map<string, number>;
  readonly bases: Map<string, UnitBase>;
  readonly order: Unit[];
}

/** The first node a pinned unit runs on (for its dependents), or -1. Pure. */
function pinnedNode(u: Unit): number {
  for (const m of u.members) {
    const x = m.active[0] ?? m.onMaintenance[0] ?? m.onLost[0];
    if (x !== undefined) return x;
  }
  return -1;
}

/** Picks the best allowed node: highest score, then the current node, then the lowest name. -1 if none. Pure. */
export function chooseNode(scores: Scores, current: number): number {
  let best = -1;
  let bestScore = -INFINITY;
  for (let x = 0; x < scores.length; x++) {
    const v = scores[x]!;
    if (v > bestScore) {
      best = x;
      bestScore = v;
    }
  }
  if (best >= 0 && current >= 0 && scores[current] === bestScore) return current;
  return best;
}

/** The unit's base scores, computed once and kept in `bases`. */
function cachedBase(p: Prepared, u: Unit, blocked: Blocked, bases: Map<string, UnitBase>): UnitBase {
  let b = bases.get(u.id);
  if (!b) bases.set(u.id, (b = unitBase(p, u, blocked)));
  return b;
}

/** A unit's final scores and the base they came from. */
export interface Scored {
  readonly scores: Scores;
  readonly base: UnitBase;
}

/**
 * The unit's final scores given where its primaries went. Bases of units that are some colocation's
 * dependent are cached in `bases` (their primaries merge them); the others are computed into `buf`
 * when given, so placing 10,000 lone resources allocates no score vectors. Pure but for `bases`, `buf`.
 */
export function finalScores(p: Prepared, u: Unit, idx: ColocationIndex, blocked: Blocked, bases: Map<string, UnitBase>, unitNode: Map<string, number>, trace?: Tracer, buf?: Scores): Scored {
  const dependent = idx.byDependent.has(u.id);
  const base = trace ? unitBase(p, u, blocked, trace) : dependent ? cachedBase(p, u, blocked, bases) : unitBase(p, u, blocked, undefined, buf);
  const own = base.scores;
  const merged = idx.byPrimary.has(u.id) ? mergeDependents(p, u, idx, own, (v) => cachedBase(p, v, blocked, bases).scores, trace) : own;
  if (!dependent) return { scores: merged, base };
  // applyColocations writes into the vector: never into a cached base.
  const scores = merged === own && !trace ? [...own] : merged;
  applyColocations(p, u, idx, (v) => unitNode.get(v.id) ?? -1, scores, trace);
  return { scores, base };
}

/** Places every unit and member, units in `order` (primaries first). Pure. */
export function place(p: Prepared, modes: Map<string, UnitMode>, idx: ColocationIndex, order: Unit[], blocked: Blocked): Placement {
  const bases = new Map<string, UnitBase>();
  const unitNode = new Map<string, number>();
  const target = new Map<string, number>();
  const buf = zeros(p.nodes.length);
  for (const u of order) {
    const mode = modes.get(u.id)!;
    if (mode.kind === 'pin') {
      unitNode.set(u.id, pinnedNode(u));
      for (const m of u.members) target.set(m.id, m.active[0] ?? m.onMaintenance[0] ?? m.onLost[0] ?? -1);
      continue;
    }
    if (mode.kind === 'stop') {
      unitNode.set(u.id, -1);
      for (const m of u.members) target.set(m.id, -1);
      continue;
    }
    const { scores, base } = finalScores(p, u, idx, blocked, bases, unitNode, undefined, buf);
    const node = chooseNode(scores, currentNodeOf(u.members));
    unitNode.set(u.id, node);
    const members = assignMembers(base, node);
    u.members.forEach((m, i) => target.set(m.id, members[i]!));
  }
  return { modes, unitNode, target, bases, order };
}
