// Groups: members placed together (each colocated with the one before), a member that cannot run stops the ones after it.
import { addFailureBans } from './failures.ts';
import { addMemberLocations, unitScores } from './location.ts';
import type { Prepared, PreparedResource, Unit } from './prepare.ts';
import { addScores, anyAllowed, INFINITY, Rule, zeros, type Contribution, type Scores, type Tracer } from './scores.ts';
import { addStickiness } from './stickiness.ts';

/** Why a resource cannot run at all (from the ordering stage), by resource id. */
export type Blocked = ReadonlyMap<string, string>;

/**
 * A resource's own scores: its locations and domain when in a group, stickiness, fail-count bans,
 * target-role=Stopped and a block from a mandatory order. Pure.
 */
export function memberScores(p: Prepared, r: PreparedResource, blocked: Blocked, trace?: Tracer): Scores {
  const s = zeros(p.nodes.length);
  addMemberLocations(p, r, s, trace);
  addStickiness(p, r, s, trace);
  addFailureBans(r, p.nodeIndex, p.at, s, trace);
  const ban = r.stopped ? `${r.id} has target-role=Stopped` : blocked.get(r.id);
  if (ban !== undefined) {
    s.fill(-INFINITY);
    if (trace) for (const node of p.nodes) trace({ node, rule: r.stopped ? Rule.targetRole : Rule.order, score: -INFINITY, detail: ban });
  }
  return s;
}

/** The unit's base scores and each member's own scores, before colocation with other units. */
export interface UnitBase {
  readonly scores: Scores;
  readonly members: Scores[];
}

/**
 * The base scores of a unit: its own scores plus its first member's, then each later member's in turn
 * as long as some node can still run all of them (Pacemaker merges a group's members the same way:
 * a member that can run nowhere with the others does not drag the group down, it stops instead).
 * `out`: a buffer the scores may be written into (the caller's to reuse). Pure but for `out`.
 */
export function unitBase(p: Prepared, u: Unit, blocked: Blocked, trace?: Tracer, out?: Scores): UnitBase {
  let scores = unitScores(p, u, trace, out);
  const members: Scores[] = [];
  u.members.forEach((m, i) => {
    if (!trace && neutral(m, blocked)) {
      // Fast path (most resources): nothing of its own to add; share one zero vector.
      members.push(zeroOf(p));
      return;
    }
    const seen: Contribution[] = [];
    const ms = memberScores(p, m, blocked, trace && ((c) => seen.push(c)));
    members.push(ms);
    const merged = scores.map((v, x) => addScores(v, ms[x]!));
    const take = i === 0 || anyAllowed(merged);
    if (take) scores = merged;
    if (!trace) return;
    const note = take ? '' : ' (not counted: no node could run it with the members before it)';
    for (const c of seen) trace(u.group ? { ...c, detail: `member ${m.id}: ${c.detail}${note}` } : c);
  });
  return { scores, members };
}

const zeroes = new WeakMap<Prepared, Scores>();
function zeroOf(p: Prepared): Scores {
  let z = zeroes.get(p);
  if (!z) zeroes.set(p, (z = zeros(p.nodes.length)));
  return z;
}

/** True when the member adds nothing: no own location or domain, stickiness, fail counts or ban. Pure. */
function neutral(r: PreparedResource, blocked: Blocked): boolean {
  if (r.group !== null || r.stopped || blocked.has(r.id)) return false;
  if (r.stickiness !== 0 && r.active.length > 0) return false;
  for (const _ in r.failCounts) return false;
  return true;
}

/**
 * Where each member goes when the unit is placed on `node` (-1: nowhere): in start order, each member
 * that may run there goes there, and the first that may not stops itself and every member after it. Pure.
 */
export function assignMembers(base: UnitBase, node: number): number[] {
  const out: number[] = [];
  let ok = node >= 0;
  for (const ms of base.members) {
    ok = ok && ms[node]! > -INFINITY;
    out.push(ok ? node : -1);
  }
  return out;
}
