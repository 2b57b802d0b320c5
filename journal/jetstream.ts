// The JetStream journal: stream QUORATE_<CLUSTER>, one subject per entity, Nats-Msg-Id de-duplication,
// expected-last-subject-sequence claims, ordered-consumer replay, snapshots in KV (and the object store).
import { jetstreamManager, JetStreamApiError, type PubAck } from '@nats-io/jetstream';
import { type EntityRef, entityKey } from '../machines/entity.ts';
import { ConcurrencyError, ErrorCode, QuorateError } from '../machines/errors.ts';
import type { AppendFact, AppendOptions, FollowOptions, Journal, JournalEntry, ReadOptions } from './journal.ts';
import { prepareAppend } from './prepare.ts';
import { checkCluster, eventsWildcard, kindSubject, entitySubject, streamName } from './subjects.ts';
import { connectNats, ensureStream } from './jetstream-stream.ts';
import { entryOfStored, lastPerSubject, type ReadContext, scan, tail } from './jetstream-read.ts';
import { createJetStreamSnapshots } from './jetstream-snapshots.ts';
import { retryApi } from './jetstream-retry.ts';


/** How often a claim refused without a sequence number, on a subject that still ends where expected, is retried. */
const CLAIM_RETRIES = 6;
export interface JetStreamJournalOptions {
  /** NATS URLs; the client connects to all of them and fails over. */
  readonly servers: readonly string[];
  readonly cluster: string;
  /** Stream and bucket replicas: 1 for one server, 3 for a cluster (default 1). */
  readonly replicas?: 1 | 3;
  /** Connection name shown by the server. */
  readonly name?: string;
  /** Connect timeout, ms (default 5 s). */
  readonly timeout?: number;
  /** The clock for default fact times; storage times come from the server. */
  readonly now?: () => number;
}

/** Opens (creating if needed) the cluster's journal on JetStream; unreachable servers are `journal.unavailable`. */
export async function createJetStreamJournal(options: JetStreamJournalOptions): Promise<Journal> {
  const cluster = checkCluster(options.cluster);
  const replicas = options.replicas ?? 1;
  if (replicas !== 1 && replicas !== 3) {
    throw new QuorateError(ErrorCode.configInvalid, `replicas must be 1 or 3, got ${String(replicas)}`, { details: { replicas } });
  }
  const now = options.now ?? (() => Date.now());
  const nc = await connectNats(options.servers, { ...(options.name ? { name: options.name } : {}), ...(options.timeout ? { timeout: options.timeout } : {}) });
  const stream = streamName(cluster);
  let closed = false;
  const stoppers = new Set<() => void>();
  try {
    const setupTimeout = options.timeout ?? 5_000;
    // Short requests while setting up, so a dropped one is retried quickly; appends then get the longer timeout.
    // jetstreamManager() asks the account info first: a cluster still settling its meta leader can drop that
    // request, which must be retried like any other setup request, never surface as a bare "timeout".
    const setupJsm = await retryApi(`JetStream at ${options.servers.join(',')}`, () => jetstreamManager(nc, { timeout: Math.min(setupTimeout, 3_000) }));
    await ensureStream(setupJsm, cluster, replicas, Math.max(setupTimeout, 20_000));
    const jsm = await retryApi(`JetStream at ${options.servers.join(',')}`, () => jetstreamManager(nc, { timeout: Math.max(setupTimeout, 10_000) }));
    const js = jsm.jetstream();
    const ctx: ReadContext = {
      cluster, stream, js, jsm,
      track(stop) {
        stoppers.add(stop);
        return () => stoppers.delete(stop);
      },
    };
    const checkOpen = () => {
      if (closed) throw new QuorateError(ErrorCode.journalClosed, `journal for ${cluster} is closed`);
    };
    const streamLastSeq = async () => retryApi(`stream info of ${stream}`, async () => (await jsm.streams.info(stream)).state.last_seq);
    const lastMsg = async (entity: EntityRef) =>
      retryApi(`last of ${entityKey(entity)} on ${stream}`, () => jsm.streams.getMessage(stream, { last_by_subj: entitySubject(cluster, entity) }));

    /** The last sequence stored at or before `time`: the one before the first message stored after it. */
    const seqAt = async (time: number): Promise<number> => {
      checkOpen();
      const after = await retryApi(`seqAt(${time}) on ${stream}`, () =>
        jsm.streams.getMessage(stream, { start_time: new Date(Math.floor(time) + 1).toISOString() } as never));
      return after ? after.seq - 1 : streamLastSeq();
    };

    const publishOne = async (subject: string, data: Uint8Array, eventId: string, expected: number | undefined, key: string): Promise<PubAck> => {
      try {
        // Two literals, no spread: a spread here cost more than the rest of the append's client work (bench/journal).
        const options = expected === undefined ? { msgID: eventId } : { msgID: eventId, expect: { lastSubjectSequence: expected } };
        return await js.publish(subject, data, options);
      } catch (e) {
        if (e instanceof JetStreamApiError && (e.code === 10071 || e.code === 10164) && expected !== undefined) {
          const actual = /last sequence:?\s*(\d+)/i.exec(e.message)?.[1];
          throw new ConcurrencyError(key, expected, actual === undefined ? undefined : Number(actual), e);
        }
        throw new QuorateError(ErrorCode.journalUnavailable, `append to ${key} on ${stream} failed: ${(e as Error).message}`, { cause: e });
      }
    };

    /** The sequence of the message with `eventId` among the next few on `subject` after `after`, if any. */
    const storedAfter = async (subject: string, eventId: string, after: number): Promise<number | undefined> => {
      let seq = after + 1;
      for (let i = 0; i < 64; i++) {
        const m = await retryApi(`lookup of ${eventId} on ${stream}`, () => jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as never));
        if (!m) return undefined;
        if (m.header?.get('Nats-Msg-Id') === eventId) return m.seq;
        seq = m.seq + 1;
      }
      return undefined;
    };

    const journal: Journal = {
      cluster,
      async append(entity: EntityRef, facts: readonly AppendFact[], opts: AppendOptions = {}) {
        checkOpen();
        const key = entityKey(entity);
        const subject = entitySubject(cluster, entity);
        const prepared = prepareAppend(cluster, entity, facts, opts, now);
        if (opts.expectedLastSeq === undefined) {
          // No claim: pipeline every publish and await all acks.
          const acks = await Promise.all(prepared.map((m) => publishOne(subject, m.data, m.eventId, undefined, key)));
          return acks.map((a) => a.seq);
        }
        // A claim: each fact expects the sequence of the one before it.
        const seqs: number[] = [];
        let expected = opts.expectedLastSeq;
        for (const m of prepared) {
          let seq: number | undefined;
          for (let attempt = 0; seq === undefined; attempt++) {
            try {
              seq = (await publishOne(subject, m.data, m.eventId, expected, key)).seq;
            } catch (e) {
              // The server checks the expected sequence before de-duplication: a retried claim whose first try was
              // stored (and its ack lost) is refused. Find our event id after `expected` and treat it as the duplicate.
              const stored = e instanceof ConcurrencyError ? await storedAfter(subject, m.eventId, expected) : undefined;
              if (stored !== undefined) {
                seq = stored;
                break;
              }
              // A replicated stream refuses a claim with a bare "wrong last sequence" (no number) while an earlier
              // message of the subject is still being proposed, even though the writer has its ack (seen under
              // load on R3, bench/journal). If the subject still ends at `expected` the claim holds: publish again
              // (same msg id, same expectation, so never stored twice); otherwise report the real last sequence.
              if (!(e instanceof ConcurrencyError) || e.actual !== undefined) throw e;
              const last = (await lastMsg(entity))?.seq ?? 0;
              if (last !== expected || attempt >= CLAIM_RETRIES) throw new ConcurrencyError(key, expected, last === expected ? undefined : last, e);
              await new Promise((r) => setTimeout(r, 5 * 2 ** attempt));
            }
          }
          seqs.push(seq);
          expected = seq;
        }
        return seqs;
      },
      read(opts: ReadOptions = {}) {
        checkOpen();
        // Not a generator delegating to scan: one async-generator hop less per fact is most of the replay budget.
        return scan(ctx, opts, async () => {
          let from = Math.max(1, opts.fromSeq ?? 1);
          if (opts.since !== undefined) from = Math.max(from, (await seqAt(opts.since - 1)) + 1);
          let end = Math.min(await streamLastSeq(), opts.toSeq ?? Number.MAX_SAFE_INTEGER);
          if (opts.until !== undefined) end = Math.min(end, await seqAt(opts.until));
          return [from, end] as const;
        });
      },
      async *follow(opts: FollowOptions = {}) {
        checkOpen();
        let from = Math.max(1, opts.fromSeq ?? 1);
        if (opts.since !== undefined) from = Math.max(from, (await seqAt(opts.since - 1)) + 1);
        yield* tail(ctx, opts, from);
      },
      async last(entity: EntityRef): Promise<JournalEntry | undefined> {
        checkOpen();
        const m = await lastMsg(entity);
        return m ? entryOfStored(cluster, m) : undefined;
      },
      async *lastPerEntity(kind?: EntityRef['kind']) {
        checkOpen();
        yield* await lastPerSubject(ctx, kind ? kindSubject(cluster, kind) : eventsWildcard(cluster));
      },
      async lastSeq(entity?: EntityRef) {
        checkOpen();
        if (!entity) return streamLastSeq();
        return (await lastMsg(entity))?.seq ?? 0;
      },
      seqAt,
      snapshots: createJetStreamSnapshots(nc, js, cluster, replicas),
      async close() {
        if (closed) return;
        closed = true;
        for (const stop of [...stoppers]) stop();
        stoppers.clear();
        await nc.close();
      },
    };
    return journal;
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw e;
  }
}
