// What changes for each resource, in words an admin knows (Start, Stop, Move, Recover, Restart, Leave, Blocked), with the reason.
import { reasonAgainst } from './explain.ts';
import type { ResourcePlan } from './plan.ts';
import type { Solution } from './solve.ts';

/** The verbs of the summary, as Pacemaker's crm_simulate prints them (plus Blocked). */
export const ChangeKind = {
  start: 'Start', stop: 'Stop', move: 'Move', recover: 'Recover', restart: 'Restart', leave: 'Leave', blocked: 'Blocked',
} as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

/** One summary line's data. */
export interface ResourceChange {
  readonly resource: string;
  readonly change: ChangeKind;
  /** Node(s) it is on now ('' for a start). */
  readonly from: string;
  /** Node it goes to ('' for a stop, or when it stays). */
  readonly to: string;
  readonly reason: string;
}

/** The changes of every resource, in placement order (groups in member order). Pure. */
export function describeChanges(sol: Solution): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const pl of sol.plans.values()) out.push(...changesOf(sol, pl));
  return out;
}

const NONE: ResourceChange[] = [];

function changesOf(sol: Solution, pl: ResourcePlan): ResourceChange[] {
  if (pl.mode.kind === 'place' && pl.stops.length === 0 && pl.start < 0 && pl.lost.length === 0) return NONE;
  const p = sol.prepared;
  const r = pl.resource;
  const id = r.id;
  const name = (x: number) => p.nodes[x]!;
  if (pl.mode.kind === 'pin') {
    if (pl.mode.reason.startsWith('no quorum')) return [];
    const on = [...r.active, ...r.onMaintenance, ...r.onLost].sort((a, b) => a - b).map(name).join(', ');
    return [{ resource: id, change: pl.mode.blocked ? 'Blocked' : 'Leave', from: on || 'stopped', to: '', reason: pl.mode.reason }];
  }
  if (pl.restartCause) return [{ resource: id, change: 'Restart', from: name(pl.to), to: '', reason: pl.restartCause }];
  const from = [...r.active, ...r.onLost].sort((a, b) => a - b);
  const failed = (x: number) => r.failed.has(x);
  const many = from.length > 1 ? `active on ${from.length} nodes` : '';
  const stopReason = (x: number) => (pl.mode.kind === 'stop' ? pl.mode.reason : many && pl.to >= 0 ? many : reasonAgainst(sol, id, x));
  if (pl.to < 0) return from.map((x) => ({ resource: id, change: 'Stop', from: name(x), to: '', reason: stopReason(x) }));
  if (from.length === 0) return [{ resource: id, change: 'Start', from: '', to: name(pl.to), reason: '' }];
  const out: ResourceChange[] = [];
  let rest = from;
  if (from.includes(pl.to)) {
    if (failed(pl.to)) out.push({ resource: id, change: 'Recover', from: name(pl.to), to: '', reason: `failed on ${name(pl.to)}` });
    rest = from.filter((x) => x !== pl.to);
  } else {
    const x = from[0]!;
    const why = reasonAgainst(sol, id, x);
    out.push({ resource: id, change: failed(x) ? 'Recover' : 'Move', from: name(x), to: name(pl.to), reason: failed(x) ? `failed on ${name(x)}; ${why}` : why });
    rest = from.slice(1);
  }
  for (const x of rest) out.push({ resource: id, change: 'Stop', from: name(x), to: '', reason: stopReason(x) });
  return out;
}
