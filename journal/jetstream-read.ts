// Reading the JetStream journal with ordered consumers: finite ranges, endless follows, and the last fact per subject.
import { DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg, type StoredMsg } from '@nats-io/jetstream';
import type { EntityRef } from '../machines/entity.ts';
import { toEntry } from './entry.ts';
import { matches } from './filter.ts';
import type { JournalEntry, ReadOptions } from './journal.ts';
import { entitySubject, eventsWildcard, kindSubject } from './subjects.ts';
import { retryApi } from './jetstream-retry.ts';

/** What a reader needs from the open journal. */
export interface ReadContext {
  readonly cluster: string;
  readonly stream: string;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** Registers a stopper so that `close()` ends every open iterator; returns the unregister function. */
  track(stop: () => void): () => void;
}

/** The server-side subject filter for an entity or kind filter. */
export function filterSubject(cluster: string, entity: ReadOptions['entity']): string {
  if (!entity) return eventsWildcard(cluster);
  return 'id' in entity ? entitySubject(cluster, entity as EntityRef) : kindSubject(cluster, entity.kind);
}

const nsToMs = (ns: number) => Math.floor(ns / 1e6);

/**
 * How long one pull request waits before the client issues the next. The client's 30 s default means that a
 * pull lost right after a consumer is created (its interest not yet routed across an R3 cluster) or across a
 * reconnect stalls a reader for 30 s; a cluster manager's follower must not lag that long. 2 s is the price.
 */
export const PULL_EXPIRES_MS = 2_000;

/** How many messages of one entity a finite read fetches directly before it switches to a consumer. */
export const DIRECT_READ_LIMIT = 64;

/** A delivered consumer message as a journal entry. */
export function entryOfMsg(cluster: string, m: JsMsg): JournalEntry {
  return toEntry(cluster, m.seq, m.subject, nsToMs(m.info.timestampNanos), m.data);
}

/** A directly fetched stored message as a journal entry. */
export function entryOfStored(cluster: string, m: StoredMsg): JournalEntry {
  return toEntry(cluster, m.seq, m.subject, m.time.getTime(), m.data);
}

/** The first message at or after `seq` on `filter` (leader read), or null. */
export async function nextMatching(ctx: ReadContext, filter: string, seq: number): Promise<StoredMsg | null> {
  return retryApi(`lookup on ${filter} in ${ctx.stream}`, () => ctx.jsm.streams.getMessage(ctx.stream, { seq: Math.max(1, seq), next_by_subj: filter } as never));
}

/** A finite read (`Journal.read`): see jetstream-range.ts. */
export { scan } from './jetstream-range.ts';

/** Yields matching messages from `from` on, waiting for new ones until `signal` aborts or the journal closes. */
export async function* tail(ctx: ReadContext, opts: ReadOptions & { signal?: AbortSignal }, from: number): AsyncGenerator<JournalEntry> {
  if (opts.signal?.aborted) return;
  const consumer = await retryApi(`ordered consumer on ${ctx.stream}`, () => ctx.js.consumers.get(ctx.stream, {
    filter_subjects: [filterSubject(ctx.cluster, opts.entity)],
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, from),
  }));
  const messages = await consumer.consume({ max_messages: 1024, expires: PULL_EXPIRES_MS });
  const stop = () => messages.stop();
  const untrack = ctx.track(stop);
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const m of messages) {
      if (opts.signal?.aborted) break;
      const e = entryOfMsg(ctx.cluster, m);
      if (matches(ctx.cluster, e, opts)) yield e;
    }
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    untrack();
    messages.stop();
  }
}

/** The last message of every subject under `filter`, in sequence order (DeliverPolicy.LastPerSubject). */
export async function lastPerSubject(ctx: ReadContext, filter: string): Promise<JournalEntry[]> {
  if (!(await nextMatching(ctx, filter, 1))) return [];
  const consumer = await retryApi(`ordered consumer on ${ctx.stream}`, () =>
    ctx.js.consumers.get(ctx.stream, { filter_subjects: [filter], deliver_policy: DeliverPolicy.LastPerSubject }));
  const messages = await consumer.consume({ max_messages: 1024, expires: PULL_EXPIRES_MS });
  const untrack = ctx.track(() => messages.stop());
  const out: JournalEntry[] = [];
  try {
    for await (const m of messages) {
      out.push(entryOfMsg(ctx.cluster, m));
      if (m.info.pending === 0) break;
    }
  } finally {
    untrack();
    messages.stop();
  }
  return out.sort((a, b) => a.seq - b.seq);
}
