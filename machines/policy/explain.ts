// Explanations: for every node the score and each rule behind it, why the chosen node won (`quorate why`), and why things change.
import { memberScores } from './groups.ts';
import { finalScores } from './placement.ts';
import type { Unit } from './prepare.ts';
import { formatScore, INFINITY, type Contribution, type Scores } from './scores.ts';
import type { Solution } from './solve.ts';

/** One node's score for a resource and the rules that made it. */
export interface NodeExplanation {
  readonly node: string;
  readonly status: string;
  readonly score: number;
  readonly allowed: boolean;
  readonly contributions: readonly Omit<Contribution, 'node'>[];
}

/** Why a resource goes where it goes. */
export interface Explanation {
  readonly resource: string;
  /** The group it is placed with, or null. */
  readonly group: string | null;
  readonly current: string[];
  readonly chosen: string | null;
  /** Nodes in score order (highest first, then name). */
  readonly nodes: NodeExplanation[];
  readonly why: string;
}

/** The unit's final scores with every contribution recorded. Pure. */
export function traceUnit(sol: Solution, u: Unit): { scores: Scores; contributions: Contribution[] } {
  const contributions: Contribution[] = [];
  const { prepared: p, colocations, blocked, placement } = sol;
  const { scores } = finalScores(p, u, colocations, blocked, placement.bases, placement.unitNode, (c) => contributions.push(c));
  return { scores, contributions };
}

function firstBan(contributions: readonly Contribution[], node: string): string | undefined {
  return contributions.find((c) => c.node === node && c.score <= -INFINITY)?.detail;
}

/** Why `resource` does not stay on node index `x`: the rule that forbids it, or the better score elsewhere. Pure. */
export function reasonAgainst(sol: Solution, resource: string, x: number): string {
  const p = sol.prepared;
  const r = p.resources.get(resource)!;
  const u = p.unitOf.get(resource)!;
  const node = p.nodes[x]!;
  const own: Contribution[] = [];
  memberScores(p, r, sol.blocked, (c) => own.push(c));
  const mine = firstBan(own, node);
  if (mine !== undefined) return mine;
  const at = sol.placement.unitNode.get(u.id) ?? -1;
  if (at === x) {
    const before = u.members.slice(0, u.members.indexOf(r)).find((m) => (sol.placement.target.get(m.id) ?? -1) < 0);
    if (before) return `${before.id} before it in group ${u.id} cannot run`;
  }
  const t = traceUnit(sol, u);
  const ban = firstBan(t.contributions, node);
  if (ban !== undefined) return ban;
  if (at < 0) return `no node can run ${u.id}`;
  if (at === x) return `${resource} cannot run on ${node}`;
  return `${p.nodes[at]} scores ${formatScore(t.scores[at]!)}, ${node} ${formatScore(t.scores[x]!)}`;
}

/** Explains where `resource` goes and why, from a solved input. Unknown resources are a plain error. Pure. */
export function explainResource(sol: Solution, resource: string): Explanation {
  const p = sol.prepared;
  const r = p.resources.get(resource);
  if (!r) throw new RangeError(`why: no resource "${resource}"`);
  const u = p.unitOf.get(resource)!;
  const { scores, contributions } = traceUnit(sol, u);
  const nodes: NodeExplanation[] = p.nodes.map((node, x) => ({
    node,
    status: p.status[x]!,
    score: scores[x]!,
    allowed: scores[x]! > -INFINITY,
    contributions: contributions.filter((c) => c.node === node).map(({ rule, score, detail }) => ({ rule, score, detail })),
  }));
  nodes.sort((a, b) => b.score - a.score || (a.node < b.node ? -1 : 1));
  const to = sol.placement.target.get(resource) ?? -1;
  const current = [...r.active, ...r.onMaintenance, ...r.onLost].sort((a, b) => a - b).map((x) => p.nodes[x]!);
  return { resource, group: u.group ? u.id : null, current, chosen: to >= 0 ? p.nodes[to]! : null, nodes, why: whyChosen(sol, u, resource, to, nodes, current) };
}

function whyChosen(sol: Solution, u: Unit, resource: string, to: number, nodes: NodeExplanation[], current: string[]): string {
  const p = sol.prepared;
  const mode = sol.placement.modes.get(u.id)!;
  if (mode.kind !== 'place') return `${mode.kind === 'pin' ? 'left as it is' : 'stopped'}: ${mode.reason}`;
  const at = sol.placement.unitNode.get(u.id) ?? -1;
  if (at < 0) return `no node can run ${u.id}: every node scores -INFINITY`;
  if (to < 0) return `${u.id} goes to ${p.nodes[at]}, but ${resource} cannot run there: ${reasonAgainst(sol, resource, at)}`;
  const chosen = p.nodes[to]!;
  const best = nodes.find((n) => n.node === chosen)!;
  const rival = nodes.find((n) => n.node !== chosen && n.allowed);
  const score = formatScore(best.score);
  if (!rival) return `${chosen} is the only node that can run it (score ${score})`;
  if (rival.score < best.score) return `${chosen} has the highest score (${score}); next is ${rival.node} (${formatScore(rival.score)})`;
  if (current.includes(chosen)) return `${chosen} ties with ${rival.node} at ${score}; it already runs there, so it stays`;
  return `${chosen} ties with ${rival.node} at ${score}; the lowest node name wins`;
}

/** The explanation as text, one node per block. Pure. */
export function formatExplanation(e: Explanation): string {
  const lines = [`${e.resource}${e.group ? ` (group ${e.group})` : ''}: ${e.chosen ? `runs on ${e.chosen}` : 'stopped'}; now on ${e.current.join(', ') || 'no node'}`];
  for (const n of e.nodes) {
    lines.push(`  ${n.node} (${n.status}): ${formatScore(n.score)}${n.node === e.chosen ? '  <- chosen' : ''}`);
    for (const c of n.contributions) lines.push(`    ${formatScore(c.score).padStart(9)}  ${c.rule}: ${c.detail}`);
  }
  lines.push(`why: ${e.why}`);
  return lines.join('\n');
}
