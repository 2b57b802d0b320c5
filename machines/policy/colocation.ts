// Colocation: dependents are placed after what they depend on; mandatory (±INFINITY) bounds, advisory scores add.
import type { Prepared, Unit } from './prepare.ts';
import { byCodeUnits } from './prepare.ts';
import { addScores, anyAllowed, INFINITY, Rule, type Scores, type Tracer } from './scores.ts';

/** A colocation between two units. */
export interface UnitColocation {
  readonly id: string;
  readonly dependent: Unit;
  readonly primary: Unit;
  readonly score: number;
}

/** Colocations indexed by unit, both ways. */
export interface ColocationIndex {
  readonly byDependent: Map<string, UnitColocation[]>;
  readonly byPrimary: Map<string, UnitColocation[]>;
}

/** Indexes colocations by unit; one between members of the same group is noted and ignored. Pure but for `notes`. */
export function indexColocations(p: Prepared): ColocationIndex {
  const byDependent = new Map<string, UnitColocation[]>();
  const byPrimary = new Map<string, UnitColocation[]>();
  for (const c of p.colocations) {
    const dependent = p.unitOf.get(c.resource)!;
    const primary = p.unitOf.get(c.with)!;
    if (dependent === primary) {
      p.notes.push(`colocation ${c.id}: ${c.resource} and ${c.with} are in the same group ${dependent.id}; ignored`);
      continue;
    }
    if (c.score === 0) continue;
    const uc: UnitColocation = { id: c.id, dependent, primary, score: c.score };
    push(byDependent, dependent.id, uc);
    push(byPrimary, primary.id, uc);
  }
  return { byDependent, byPrimary };
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/**
 * Units in placement order: every primary before its dependents, otherwise by id. A colocation cycle is
 * broken at the unit met first (by id), with a note. Pure but for `notes`.
 */
export function placementOrder(p: Prepared, idx: ColocationIndex): Unit[] {
  const out: Unit[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (root: Unit) => {
    // Iterative DFS: long colocation chains must not overflow the stack.
    const stack: { u: Unit; i: number }[] = [{ u: root, i: 0 }];
    state.set(root.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const deps = idx.byDependent.get(top.u.id) ?? [];
      if (top.i < deps.length) {
        const c = deps[top.i++]!;
        const s = state.get(c.primary.id);
        if (s === undefined) {
          state.set(c.primary.id, 1);
          stack.push({ u: c.primary, i: 0 });
        } else if (s === 1) {
          p.notes.push(`colocation ${c.id}: cycle through ${c.primary.id}; ${c.dependent.id} is placed without it first`);
        }
        continue;
      }
      stack.pop();
      state.set(top.u.id, 2);
      out.push(top.u);
    }
  };
  for (const u of p.units) if (!state.has(u.id)) visit(u);
  return out;
}

/**
 * Adds what the unit's dependents prefer (their base scores scaled by score/INFINITY, positive colocations
 * only), unless that would leave no node at all, as Pacemaker does. Returns the new scores. Pure.
 */
export function mergeDependents(p: Prepared, u: Unit, idx: ColocationIndex, scores: Scores, baseOf: (u: Unit) => Scores, trace?: Tracer): Scores {
  let out = scores;
  const deps = (idx.byPrimary.get(u.id) ?? []).filter((c) => c.score > 0).sort((a, b) => byCodeUnits(a.id, b.id));
  for (const c of deps) {
    const b = baseOf(c.dependent);
    const scaled = b.map((v) => (c.score >= INFINITY ? v : Math.trunc((v * c.score) / INFINITY)));
    const merged = out.map((v, x) => addScores(v, scaled[x]!));
    if (!anyAllowed(merged)) continue;
    out = merged;
    if (trace) scaled.forEach((v, x) => {
      if (v !== 0) trace({ node: p.nodes[x]!, rule: Rule.dependent, score: v, detail: `colocation ${c.id}: ${c.dependent.id} (score ${c.score}) prefers it` });
    });
  }
  return out;
}

/** Applies the unit's colocations with already placed primaries (node -1: not running). Pure but for `scores`. */
export function applyColocations(p: Prepared, u: Unit, idx: ColocationIndex, nodeOf: (u: Unit) => number, scores: Scores, trace?: Tracer): void {
  for (const c of idx.byDependent.get(u.id) ?? []) {
    const at = nodeOf(c.primary);
    const where = at >= 0 ? `${c.primary.id} runs on ${p.nodes[at]}` : `${c.primary.id} is not running`;
    if (c.score >= INFINITY) {
      for (let x = 0; x < scores.length; x++) {
        if (x === at) continue;
        scores[x] = -INFINITY;
        trace?.({ node: p.nodes[x]!, rule: Rule.colocation, score: -INFINITY, detail: `colocation ${c.id}: must run with ${c.primary.id}; ${where}` });
      }
    } else if (at >= 0) {
      scores[at] = addScores(scores[at]!, c.score);
      trace?.({ node: p.nodes[at]!, rule: Rule.colocation, score: c.score, detail: `colocation ${c.id}: ${where}` });
    }
  }
}
