// The fold: journal entries -> ClusterState, through each entity's machine with XState's pure transition. Pure.
import { type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
import type { Fact } from '../proto/generated.ts';
import { claimRefusal, dcTermOf, termRefusal } from './dc-term.ts';
import { type EntityRef, entityKey } from './entity.ts';
import { factEvent, type FactEvent } from './kind.ts';
import { moduleFor } from './registry.ts';

/**
 * What the fold reads: a journal entry (structurally `journal/JournalEntry`,
 * which machines/ must not import). A fact with its place and envelope, or
 * a stored message that could not be read.
 */
export type FoldEntry =
  | {
      readonly kind: 'fact';
      readonly seq: number;
      readonly entity: EntityRef;
      readonly fact: Fact;
      readonly meta: { readonly cluster: string; readonly occurredAt: number; readonly origin: string; readonly term: number; readonly eventId?: string };
    }
  | { readonly kind: 'problem'; readonly seq: number; readonly subject: string; readonly code: string; readonly message: string };

/** One entity in the state: its machine snapshot and its last sequence (its fencing token). */
export interface EntityState {
  readonly key: string;
  readonly kind: EntityRef['kind'];
  readonly id: string;
  readonly snapshot: AnyMachineSnapshot;
  readonly lastSeq: number;
  /** `occurredAt` of its last fact. */
  readonly at: number;
  /** The event ids of its last RECENT_EVENTS facts (refused ones too), oldest first: a fact the log stored twice is
   * applied once (see `duplicateOf`). */
  readonly recent?: readonly string[];
}

/** How many event ids per entity the fold remembers to drop a second copy of a fact. The log's own de-duplication
 * (Nats-Msg-Id, a 2-minute window) can let a retried publish through across a stream leader change; the copy lands
 * close behind the original, on the same subject. */
export const RECENT_EVENTS = 64;

/** Why `eventId` must not be applied to an entity that remembers `recent`, or undefined when it is new. Pure. */
export function duplicateOf(eventId: string | undefined, recent: readonly string[] | undefined): string | undefined {
  if (!eventId || !recent || !recent.includes(eventId)) return undefined;
  return `duplicate of event ${eventId}: the log stored it twice; applied once`;
}

/** `recent` with `eventId` appended, at most RECENT_EVENTS long. Pure. */
export function rememberEvent(recent: readonly string[] | undefined, eventId: string | undefined): readonly string[] | undefined {
  if (!eventId) return recent;
  const next = [...(recent ?? []), eventId];
  return next.length > RECENT_EVENTS ? next.slice(next.length - RECENT_EVENTS) : next;
}

/** An undecodable entry the fold met: kept in the state so audits see it. */
export interface FoldProblem {
  readonly seq: number;
  readonly subject: string;
  readonly code: string;
  readonly message: string;
}

/** A fact the entity's machine had no transition for in the state it was in. */
export interface Inconsistency {
  readonly seq: number;
  readonly entity: string;
  readonly type: string;
  readonly state: string;
  /**
   * Why, when it was not the machine's statechart: the machine threw, or the fact was a DC's write with a
   * stale term (machines/dc-term.ts). Either way the snapshot was left as it was.
   */
  readonly error?: string;
}

/**
 * The whole cluster at `position`: every entity's snapshot, keyed `kind/id`.
 * The fold advances it in place (1 M facts must not copy 10 k entities each);
 * take a `cloneState` to keep an earlier one.
 */
export interface ClusterState {
  cluster: string;
  /** The last sequence folded (a problem entry counts); 0 = nothing. */
  position: number;
  /** `occurredAt` of the last fact folded. */
  at: number;
  readonly entities: Map<string, EntityState>;
  readonly problems: FoldProblem[];
  readonly inconsistencies: Inconsistency[];
}

/** A state with nothing folded yet. Pure. */
export function emptyState(cluster = ''): ClusterState {
  return { cluster, position: 0, at: 0, entities: new Map(), problems: [], inconsistencies: [] };
}

/** A copy that later folds into either do not affect the other (snapshots are immutable and shared). Pure. */
export function cloneState(s: ClusterState): ClusterState {
  return { ...s, entities: new Map(s.entities), problems: [...s.problems], inconsistencies: [...s.inconsistencies] };
}

/** Entities in key order (code units): the one stable iteration order of a state. Pure. */
export function sortedEntities(s: Pick<ClusterState, 'entities'>): EntityState[] {
  return [...s.entities.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// XState's `transition()` builds a throwaway actor per call (~20 k/s); the fold
// reuses one inert scope per machine, exactly what `transition()` passes, and
// drops every action it would run: emitted intents never leave a replay.
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();
function inertScope(machine: AnyStateMachine, input: unknown): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input });
    const noop = () => {};
    scope = {
      self, defer: noop, id: '', logger: noop, sessionId: '', stopChild: noop,
      system: self.system, emit: noop, actionExecutor: noop,
    } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

/** The snapshot of a fresh entity: XState's pure initial transition with the module's input. Pure. */
export function initialSnapshot(entity: EntityRef): AnyMachineSnapshot {
  const mod = moduleFor(entity);
  const input = mod.input(entity.id);
  return mod.machine.getInitialSnapshot(inertScope(mod.machine, input), input) as AnyMachineSnapshot;
}

/**
 * A machine snapshot from its persisted form (`getPersistedSnapshot`). Pure.
 *
 * A snapshot restores 10 k entities, most of them in one of a few states; XState's `restoreSnapshot` resolves
 * the state nodes, value and tags from scratch for each and walks each context for actor references. Our
 * journaled machines have no children, no history states and plain-data contexts, so an active snapshot is
 * restored once per (machine, state value) and each entity gets a copy of that one with its own context. A
 * snapshot that has children or history, or is not active, goes through XState's full restore. An unknown state
 * value still throws here, as XState's does: the first restore of each value is XState's.
 */
export function restoreSnapshot(entity: EntityRef, persisted: unknown): AnyMachineSnapshot {
  const mod = moduleFor(entity);
  const p = persisted as { status?: unknown; value?: unknown; context?: unknown; children?: unknown; historyValue?: unknown } | null;
  if (p && typeof p === 'object' && p.status === 'active' && isEmptyRecord(p.children) && isEmptyRecord(p.historyValue)) {
    let byValue = restored.get(mod.machine);
    if (!byValue) restored.set(mod.machine, (byValue = new Map()));
    const key = JSON.stringify(p.value);
    let template = byValue.get(key);
    if (!template) {
      template = mod.machine.restoreSnapshot({ ...p, context: {} } as never, inertScope(mod.machine, mod.input(entity.id))) as AnyMachineSnapshot;
      byValue.set(key, template);
    }
    // The copy shares the template's resolved nodes, value and tags: XState treats them as immutable.
    return { ...template, context: p.context, children: {}, historyValue: {} } as AnyMachineSnapshot;
  }
  const scope = inertScope(mod.machine, mod.input(entity.id));
  return mod.machine.restoreSnapshot(persisted as never, scope) as AnyMachineSnapshot;
}

const restored = new WeakMap<AnyStateMachine, Map<string, AnyMachineSnapshot>>();

function isEmptyRecord(x: unknown): boolean {
  if (x === undefined || x === null) return true;
  if (typeof x !== 'object') return false;
  for (const _ in x) return false;
  return true;
}

/** True when `snapshot`'s machine has a transition for `event` in its current state. Pure. */
export function hasTransition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: FactEvent): boolean {
  if (snapshot.status !== 'active') return false;
  return machine.getTransitionData(snapshot as never, event as never).length > 0;
}

/** The state value written flat: `running`, `defined.{membership.member, standby.online}`. Pure. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      v && typeof v === 'object' && Object.keys(v).length === 0 ? k : `${k}.${stateName(v)}`);
    // Parallel regions: `defined.{membership.member, standby.online}`.
    return parts.length === 1 ? parts[0]! : `{${parts.join(', ')}}`;
  }
  return String(value);
}

/**
 * Folds one entry into `state` (in place) and returns it. A fact goes to its
 * entity's machine with XState's pure transition; a fact the machine has no
 * transition for, or a DC-only fact stamped with a term that is not the
 * current DC term (machines/dc-term.ts), is recorded as an inconsistency and
 * changes nothing; a problem entry is recorded. An entry at or before `position` is a caller
 * bug (a replayed range) and is ignored: the fold is idempotent by sequence.
 * Pure: no clock, no I/O, intents dropped.
 */
export function foldEntry(state: ClusterState, entry: FoldEntry): ClusterState {
  if (entry.seq <= state.position) return state;
  state.position = entry.seq;
  if (entry.kind === 'problem') {
    state.problems.push({ seq: entry.seq, subject: entry.subject, code: entry.code, message: entry.message });
    return state;
  }
  if (state.cluster === '') state.cluster = entry.meta.cluster;
  state.at = entry.meta.occurredAt;
  const key = entityKey(entry.entity);
  const mod = moduleFor(entry.entity);
  const prev = state.entities.get(key);
  const snapshot = prev?.snapshot ?? initialSnapshot(entry.entity);
  const event = factEvent(entry.fact, entry.seq, entry.meta.occurredAt, entry.meta.origin, entry.meta.term);
  let next = snapshot;
  // A second copy of a fact changes nothing but the entity's last sequence (the subject's token, as for a refusal).
  const stale = duplicateOf(entry.meta.eventId, prev?.recent)
    ?? termRefusal(entry.fact, entry.meta.term, currentTerm(state))
    ?? (entry.fact.type === 'DcElected' ? claimRefusal(entry.fact, state.entities.get(`node/${entry.fact.node}`)?.snapshot.value) : undefined);
  if (stale !== undefined) {
    state.inconsistencies.push({ seq: entry.seq, entity: key, type: entry.fact.type, state: stateName(snapshot.value), error: stale });
  } else if (!hasTransition(mod.machine, snapshot, event)) {
    state.inconsistencies.push({ seq: entry.seq, entity: key, type: entry.fact.type, state: stateName(snapshot.value) });
  } else {
    try {
      next = mod.machine.transition(snapshot as never, event as never, inertScope(mod.machine, mod.input(entry.entity.id))) as AnyMachineSnapshot;
    } catch (e) {
      state.inconsistencies.push({
        seq: entry.seq, entity: key, type: entry.fact.type, state: stateName(snapshot.value), error: (e as Error).message ?? String(e),
      });
    }
  }
  // lastSeq moves even when the fact was refused: it is on the entity's subject, so it is its token (the
  // server's expected-last-subject-sequence counts it too).
  const recent = rememberEvent(prev?.recent, entry.meta.eventId);
  state.entities.set(key, { key, kind: entry.entity.kind, id: entry.entity.id, snapshot: next, lastSeq: entry.seq, at: entry.meta.occurredAt, ...(recent ? { recent } : {}) });
  return state;
}

/** The DC term in force in `state`: the sequence of the last DcElected the fold accepted, 0 before any. Pure. */
export function currentTerm(state: Pick<ClusterState, 'entities'>): number {
  return dcTermOf(state.entities.get('cluster/dc')?.snapshot.context);
}

/** Folds `entries` in order onto `from` (in place) or onto an empty state. Pure. */
export function foldAll(entries: Iterable<FoldEntry>, from: ClusterState = emptyState()): ClusterState {
  for (const e of entries) foldEntry(from, e);
  return from;
}
