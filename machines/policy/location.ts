// Location scores: node availability, opt-in clusters, location constraints and failover domains (sugar over location).
import type { Prepared, PreparedResource, Unit } from './prepare.ts';
import { addScores, formatScore, INFINITY, Rule, zeros, type Scores, type Tracer } from './scores.ts';

const STATUS_TEXT: Record<string, string> = {
  standby: 'is in standby', maintenance: 'is in maintenance', 'lost-unfenced': 'is lost', fenced: 'is fenced', offline: 'is offline',
};

/** The score step between failover-domain positions: the first of k nodes gets k*100, the last 100. */
export const DOMAIN_STEP = 100;

function addDomain(p: Prepared, owner: string, domain: readonly string[], scores: Scores, trace?: Tracer): void {
  const k = domain.length;
  domain.forEach((node, i) => {
    const x = p.nodeIndex.get(node);
    if (x === undefined) return;
    const s = (k - i) * DOMAIN_STEP;
    scores[x] = addScores(scores[x]!, s);
    trace?.({ node, rule: Rule.domain, score: s, detail: `${owner} failover domain position ${i + 1} of ${k}` });
  });
}

function addLocations(p: Prepared, owner: string, scores: Scores, trace?: Tracer): void {
  for (const l of p.locations.get(owner) ?? []) {
    const x = p.nodeIndex.get(l.node)!;
    scores[x] = addScores(scores[x]!, l.score);
    trace?.({ node: l.node, rule: Rule.location, score: l.score, detail: `location ${l.id}: ${owner} on ${l.node} scores ${formatScore(l.score)}` });
  }
}

const rows = new WeakMap<Prepared, Scores>();

/** -INFINITY on every node that cannot run resources, 0 elsewhere; computed once per input. */
function availability(p: Prepared): Scores {
  let row = rows.get(p);
  if (!row) {
    row = p.status.map((st) => (st === 'online' ? 0 : -INFINITY));
    rows.set(p, row);
  }
  return row;
}

/** True when an opt-in cluster enables `x` for the unit: a location >= 0 or a failover domain names it. Pure. */
function enabled(p: Prepared, u: Unit, node: string): boolean {
  const owners = [u.id, ...(u.group ? u.members.map((m) => m.id) : [])];
  for (const o of owners) for (const l of p.locations.get(o) ?? []) if (l.node === node && l.score >= 0) return true;
  if (u.domain.includes(node)) return true;
  return u.group && u.members.some((m) => m.domain.includes(node));
}

/**
 * Scores that apply to the unit as a whole: nodes that cannot run resources, opt-in, the unit's own
 * location constraints and failover domain. Pure.
 */
export function unitScores(p: Prepared, u: Unit, trace?: Tracer, out?: Scores): Scores {
  if (!trace && p.options.symmetricCluster) {
    // Fast path: copy the availability row (into `out`, a reused buffer, when given).
    const row = availability(p);
    let s: Scores;
    if (out) {
      s = out;
      for (let x = 0; x < row.length; x++) s[x] = row[x]!;
    } else {
      s = row.slice();
    }
    addLocations(p, u.id, s);
    addDomain(p, u.id, u.domain, s);
    return s;
  }
  const s = zeros(p.nodes.length);
  for (let x = 0; x < s.length; x++) {
    const st = p.status[x];
    if (st !== 'online') {
      s[x] = -INFINITY;
      trace?.({ node: p.nodes[x]!, rule: Rule.node, score: -INFINITY, detail: `${p.nodes[x]} ${STATUS_TEXT[st!] ?? `is ${st}`}` });
    } else if (!p.options.symmetricCluster && !enabled(p, u, p.nodes[x]!)) {
      s[x] = -INFINITY;
      trace?.({ node: p.nodes[x]!, rule: Rule.optIn, score: -INFINITY, detail: `opt-in cluster: no location or domain enables ${p.nodes[x]} for ${u.id}` });
    }
  }
  addLocations(p, u.id, s, trace);
  addDomain(p, u.id, u.domain, s, trace);
  return s;
}

/** A group member's own location constraints and failover domain (a lone resource's are its unit's). Pure but for `scores`. */
export function addMemberLocations(p: Prepared, r: PreparedResource, scores: Scores, trace?: Tracer): void {
  if (r.group === null) return;
  addLocations(p, r.id, scores, trace);
  addDomain(p, r.id, r.domain, scores, trace);
}
