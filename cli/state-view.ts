// The audit commands' view of a rebuilt state: each entity's state, since when, and its key fields; and the fold that tracks "since".
import { DateTime, Duration } from 'luxon';
import { type ClusterState, type FoldEntry, emptyState, foldEntry, sortedEntities, stateName } from '../machines/fold.ts';
import { digestState } from '../machines/digest.ts';
import type { Journal } from '../journal/journal.ts';

/** One entity as the audit commands show it. */
export interface EntityView {
  readonly key: string;
  readonly kind: string;
  readonly id: string;
  readonly state: string;
  /** `occurredAt` of the fact that put it in this state. */
  readonly since: number;
  readonly lastSeq: number;
  /** Where it runs / who owns it / term and quorum: the context fields people look for. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A whole state as the audit commands show it. */
export interface StateView {
  readonly cluster: string;
  readonly position: number;
  readonly at: number;
  readonly digest: string;
  readonly entities: readonly EntityView[];
  readonly problems: ClusterState['problems'];
  readonly inconsistencies: ClusterState['inconsistencies'];
}

/** Context fields worth a column, in the order shown. Unknown shapes simply show fewer. */
const KEY_FIELDS = [
  'node', 'owner', 'activeOn', 'dc', 'term', 'quorate', 'hasQuorum', 'votes', 'expectedVotes', 'members', 'lost',
  'epoch', 'targetRole', 'viewId', 'ioFenced', 'activeNodes', 'type',
] as const;

function keyFields(context: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!context || typeof context !== 'object') return out;
  const c = context as Record<string, unknown>;
  for (const k of KEY_FIELDS) {
    const v = c[k];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (typeof v === 'object' && !Array.isArray(v)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Folds the journal from the beginning to `to`, remembering when each entity
 * entered its current state. `onEntry` sees the state after every entry (the
 * audit compares snapshots there).
 */
export async function foldTracked(
  journal: Journal,
  to: number,
  onEntry?: (state: ClusterState, entry: FoldEntry) => void,
): Promise<{ state: ClusterState; since: Map<string, number> }> {
  const state = emptyState(journal.cluster);
  const since = new Map<string, number>();
  if (to > 0) {
    for await (const entry of journal.read({ toSeq: to })) {
      const key = entry.kind === 'fact' ? `${entry.entity.kind}/${entry.entity.id}` : '';
      const before = key ? state.entities.get(key) : undefined;
      foldEntry(state, entry);
      const after = key ? state.entities.get(key) : undefined;
      if (after && (!before || stateName(before.snapshot.value) !== stateName(after.snapshot.value))) since.set(key, after.at);
      onEntry?.(state, entry);
    }
  }
  return { state, since };
}

/** The view of `state`; `since` from foldTracked (an entity missing there shows its last fact's time). */
export function viewOf(state: ClusterState, since: ReadonlyMap<string, number>): StateView {
  return {
    cluster: state.cluster, position: state.position, at: state.at, digest: digestState(state),
    entities: sortedEntities(state).map((e) => ({
      key: e.key, kind: e.kind, id: e.id, state: stateName(e.snapshot.value), since: since.get(e.key) ?? e.at,
      lastSeq: e.lastSeq, fields: keyFields(e.snapshot.context),
    })),
    problems: state.problems, inconsistencies: state.inconsistencies,
  };
}

/** A time for people: local (or UTC) `yyyy-MM-dd HH:mm:ss`; `-` for 0. */
export function showTime(ms: number, utc: boolean): string {
  if (!ms) return '-';
  return DateTime.fromMillis(ms, { zone: utc ? 'utc' : 'local' }).toFormat(utc ? "yyyy-MM-dd HH:mm:ss'Z'" : 'yyyy-MM-dd HH:mm:ss');
}

/** `2 hours, 5 minutes` (luxon, largest units, no zero parts); `0 seconds` for less than a second. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const d = Duration.fromMillis(Math.floor(ms / 1000) * 1000).shiftTo('days', 'hours', 'minutes', 'seconds');
  const parts = Object.entries(d.toObject()).filter(([, v]) => v) as Array<[string, number]>;
  return Duration.fromObject(Object.fromEntries(parts.slice(0, 2))).toHuman({ unitDisplay: 'long' });
}

/** `node=n1 term=4 activeOn=n1,n2`. */
export function showFields(fields: Readonly<Record<string, unknown>>): string {
  return Object.entries(fields).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ');
}

const SECTIONS: ReadonlyArray<readonly [title: string, kinds: readonly string[]]> = [
  ['NODES', ['node']],
  ['RESOURCES', ['resource']],
  ['GROUPS', ['group']],
  ['CONTAINERS', ['container']],
  ['FENCING', ['fence-device', 'fence-level']],
  ['CONSTRAINTS', ['constraint']],
];

/** The human rendering of `replay --at`: header, DC and quorum, then one section per kind. */
export function renderState(v: StateView, utc: boolean): string[] {
  const lines = [`cluster ${v.cluster} at seq ${v.position} (${showTime(v.at, utc)})  digest ${v.digest}`];
  const dc = v.entities.find((e) => e.key === 'cluster/dc');
  const membership = v.entities.find((e) => e.key === 'cluster/membership');
  lines.push(`DC:      ${dc ? `${dc.state} ${showFields(dc.fields)} since ${showTime(dc.since, utc)}` : 'none elected'}`);
  lines.push(`quorum:  ${membership ? `${membership.state} ${showFields(membership.fields)} since ${showTime(membership.since, utc)}` : 'no membership view yet'}`);
  for (const [title, kinds] of SECTIONS) {
    const es = v.entities.filter((e) => kinds.includes(e.kind));
    if (es.length === 0) continue;
    lines.push('', `${title} (${es.length})`);
    const w = Math.max(...es.map((e) => e.id.length), 4);
    const sw = Math.max(...es.map((e) => e.state.length), 5);
    for (const e of es) {
      lines.push(`  ${e.id.padEnd(w)}  ${e.state.padEnd(sw)}  since ${showTime(e.since, utc)}  ${showFields(e.fields)}`.trimEnd());
    }
  }
  if (v.problems.length) lines.push('', `PROBLEMS (${v.problems.length})`, ...v.problems.map((p) => `  seq ${p.seq}  ${p.code}  ${p.message}`));
  if (v.inconsistencies.length) {
    lines.push('', `INCONSISTENCIES (${v.inconsistencies.length})`, ...v.inconsistencies.map((i) => `  seq ${i.seq}  ${i.entity} (${i.state}) had no transition for ${i.type}`));
  }
  return lines;
}
