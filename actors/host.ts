// The actor host: one live XState actor per entity, rebuilt from the journal and then fed only from it, in order.
import { type AnyActorRef, type AnyMachineSnapshot, createActor } from 'xstate';
import { claimRefusal, dcTermOf, termRefusal } from '../machines/dc-term.ts';
import { duplicateOf, rememberEvent, type ClusterState, type EntityState, type FoldProblem, type Inconsistency, hasTransition, stateName } from '../machines/fold.ts';
import { digestState, entityDigests } from '../machines/digest.ts';
import { type EntityRef, entityKey } from '../machines/entity.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import { factEvent, type Intent } from '../machines/kind.ts';
import { moduleFor } from '../machines/registry.ts';
import type { Journal, JournalEntry } from '../journal/journal.ts';
import { rebuild } from '../journal/rebuild.ts';
import { writeSnapshot } from '../journal/snapshot.ts';
import type { IntentCause, IntentRouter } from './intents.ts';

export interface ActorHostOptions {
  readonly journal: Journal;
  /** This node: only intents naming it go to `router`. */
  readonly node: string;
  /** Intents for this node (the intent recorder until executors exist). */
  readonly router: IntentRouter;
  /** Intents for the DC (node ''), for the coordinator; without it they are counted, not routed. */
  readonly dcRouter?: IntentRouter;
  /** Write a snapshot every N new facts (0 or absent: never). */
  readonly snapshotEvery?: number;
  /** Called with each warning (a snapshot ignored, a router that threw, a failed snapshot write). */
  readonly onWarning?: (message: string) => void;
}

/** Counters, for tests and `status`. */
export interface ActorHostStats {
  /** New facts applied since the host started. */
  applied: number;
  routed: number;
  dcRouted: number;
  /** Intents naming another node (theirs to act on) or the DC with no dcRouter. */
  notOurs: number;
  snapshots: number;
}

/** The running host. */
export interface ActorHost {
  readonly node: string;
  /** The last sequence applied. */
  readonly position: number;
  /** The sequence the host started at: facts up to it were history, never routed. */
  readonly startedAt: number;
  readonly stats: Readonly<ActorHostStats>;
  readonly warnings: readonly string[];
  /** The live state: a ClusterState over the actors' current snapshots. */
  state(): ClusterState;
  /** digestState(state()). */
  digest(): string;
  /** entityDigests(state()): each entity's digest, in key order. */
  entityDigests(): { key: string; digest: string }[];
  /** The live actor of `kind/id`, if the entity has one. */
  actor(key: string): AnyActorRef | undefined;
  /** Resolves once `position >= seq`; rejects after `timeoutMs` (default 30 s) or when the host stops first. */
  waitFor(seq: number, timeoutMs?: number): Promise<void>;
  /** Stops following, stops every actor, waits for a snapshot write in flight. */
  stop(): Promise<void>;
}

interface Live {
  readonly ref: EntityRef;
  readonly key: string;
  readonly actor: AnyActorRef;
  lastSeq: number;
  at: number;
  recent?: readonly string[];
}

/** Rebuilds the state, starts one actor per entity (id `<kind>:<id>`) and follows the journal from there. */
export async function createActorHost(options: ActorHostOptions): Promise<ActorHost> {
  const { journal, node, router, dcRouter } = options;
  const every = options.snapshotEvery ?? 0;
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const stats: ActorHostStats = { applied: 0, routed: 0, dcRouted: 0, notOurs: 0, snapshots: 0 };
  const startedAt = await journal.lastSeq();
  const base = await rebuild(journal, { to: startedAt });
  for (const w of base.warnings) warn(w);

  const live = new Map<string, Live>();
  const problems: FoldProblem[] = [...base.problems];
  const inconsistencies: Inconsistency[] = [...base.inconsistencies];
  let position = base.position;
  let at = base.at;
  let cause: IntentCause | undefined;
  let stopped = false;
  let failure: Error | undefined;
  let sinceSnapshot = 0;
  let snapshotWrite: Promise<void> | undefined;
  let waiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> = [];

  const onIntent = (intent: Intent) => {
    // Only a new fact's transition routes: emits while starting or restoring an actor are not caused by one.
    if (!cause) return;
    const target = intent.node === node ? router : intent.node === '' ? dcRouter : undefined;
    if (!target) {
      stats.notOurs++;
      return;
    }
    try {
      target.route(intent, cause);
      if (target === router) stats.routed++;
      else stats.dcRouted++;
    } catch (e) {
      warn(`intent ${intent.type} from ${cause.entity} (fact ${cause.seq}) was not routed: ${(e as Error).message}`);
    }
  };

  const start = (ref: EntityRef, snapshot?: AnyMachineSnapshot): Live => {
    const mod = moduleFor(ref);
    const key = entityKey(ref);
    const actor = createActor(mod.machine, {
      id: `${ref.kind}:${ref.id}`,
      input: mod.input(ref.id),
      ...(snapshot ? { snapshot: mod.machine.getPersistedSnapshot(snapshot) } : {}),
    });
    actor.on('*', (e) => onIntent(e as Intent));
    // An error observer, so a machine that throws is reported here instead of crashing the process.
    actor.subscribe({ error: (e) => warn(`actor ${actor.id} failed: ${(e as Error)?.message ?? String(e)}`) });
    actor.start();
    const l: Live = { ref, key, actor, lastSeq: 0, at: 0 };
    live.set(key, l);
    return l;
  };
  for (const e of base.entities.values()) Object.assign(start(e, e.snapshot), { lastSeq: e.lastSeq, at: e.at, recent: e.recent });

  const settle = () => {
    const keep: typeof waiters = [];
    for (const w of waiters) (position >= w.seq ? w.resolve() : keep.push(w));
    waiters = keep;
  };

  const apply = (entry: JournalEntry) => {
    if (entry.seq <= position) return;
    if (entry.kind === 'problem') {
      problems.push({ seq: entry.seq, subject: entry.subject, code: entry.code, message: entry.message });
    } else {
      const key = entityKey(entry.entity);
      const l = live.get(key) ?? start(entry.entity);
      const event = factEvent(entry.fact, entry.seq, entry.meta.occurredAt, entry.meta.origin, entry.meta.term);
      const before = l.actor.getSnapshot() as AnyMachineSnapshot;
      // The fold's DC-term rule, applied the same way live (live = rebuild): a stale DC write is not sent.
      const stale = duplicateOf(entry.meta.eventId, l.recent)
        ?? termRefusal(entry.fact, entry.meta.term, dcTermOf(live.get('cluster/dc')?.actor.getSnapshot().context))
        ?? (entry.fact.type === 'DcElected' ? claimRefusal(entry.fact, live.get(`node/${entry.fact.node}`)?.actor.getSnapshot().value) : undefined);
      if (stale !== undefined) {
        inconsistencies.push({ seq: entry.seq, entity: key, type: entry.fact.type, state: stateName(before.value), error: stale });
      } else {
        if (!hasTransition(moduleFor(entry.entity).machine, before, event)) {
          inconsistencies.push({ seq: entry.seq, entity: key, type: entry.fact.type, state: stateName(before.value) });
        }
        cause = { seq: entry.seq, entity: key, fact: entry.fact.type, at: entry.meta.occurredAt };
        try {
          l.actor.send(event);
        } finally {
          cause = undefined;
        }
      }
      l.lastSeq = entry.seq;
      l.at = entry.meta.occurredAt;
      l.recent = rememberEvent(l.recent, entry.meta.eventId);
      at = entry.meta.occurredAt;
    }
    position = entry.seq;
    stats.applied++;
    if (every > 0 && ++sinceSnapshot >= every && !snapshotWrite) {
      sinceSnapshot = 0;
      const s = state();
      snapshotWrite = writeSnapshot(journal, s)
        .then(() => void stats.snapshots++)
        .catch((e: Error) => warn(`snapshot at ${s.position} was not written: ${e.message}`))
        .finally(() => (snapshotWrite = undefined));
    }
    settle();
  };

  const abort = new AbortController();
  const loop = (async () => {
    try {
      for await (const entry of journal.follow({ fromSeq: position + 1, signal: abort.signal })) {
        if (stopped) break;
        apply(entry);
      }
    } catch (e) {
      if (!stopped) {
        failure = e as Error;
        warn(`journal follow failed at ${position}: ${failure.message}`);
      }
    }
    const why = failure ?? new QuorateError(ErrorCode.journalClosed, `actor host of ${node} stopped at ${position}`);
    for (const w of waiters) w.reject(why);
    waiters = [];
  })();

  function state(): ClusterState {
    const entities = new Map<string, EntityState>();
    for (const l of live.values()) {
      entities.set(l.key, {
        key: l.key, kind: l.ref.kind, id: l.ref.id, snapshot: l.actor.getSnapshot() as AnyMachineSnapshot, lastSeq: l.lastSeq, at: l.at, ...(l.recent ? { recent: l.recent } : {}),
      });
    }
    return { cluster: journal.cluster, position, at, entities, problems: [...problems], inconsistencies: [...inconsistencies] };
  }

  return {
    node,
    startedAt,
    stats,
    warnings,
    get position() {
      return position;
    },
    state,
    digest: () => digestState(state()),
    entityDigests: () => entityDigests(state()),
    actor: (key) => live.get(key)?.actor,
    waitFor(seq, timeoutMs = 30_000) {
      if (position >= seq) return Promise.resolve();
      if (stopped || failure) return Promise.reject(failure ?? new QuorateError(ErrorCode.journalClosed, `actor host of ${node} is stopped`));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.resolve !== done);
          reject(new QuorateError(ErrorCode.journalUnavailable, `actor host of ${node}: position ${position} did not reach ${seq} in ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push({ seq, resolve: done, reject: (e) => (clearTimeout(timer), reject(e)) });
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      await loop;
      await snapshotWrite;
      for (const l of live.values()) l.actor.stop();
    },
  };
}
