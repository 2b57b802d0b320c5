// The in-memory journal: for unit tests of pure logic only. It stores encoded envelopes, so it reads through the same codec.
import type { EntityRef } from '../machines/entity.ts';
import { entityKey } from '../machines/entity.ts';
import { ConcurrencyError, ErrorCode, QuorateError } from '../machines/errors.ts';
import { toEntry } from './entry.ts';
import type { AppendFact, AppendOptions, FollowOptions, Journal, JournalEntry, ReadOptions, SnapshotStore } from './journal.ts';
import { prepareAppend } from './prepare.ts';
import { checkCluster, entitySubject } from './subjects.ts';
import { matches } from './filter.ts';

interface Stored {
  seq: number;
  subject: string;
  storedAt: number;
  data: Uint8Array;
}

export interface MemoryJournalOptions {
  /** The clock for `storedAt` and default fact times; tests pass a fake one. */
  readonly now?: () => number;
}

/** An in-memory Journal with the same contract as the JetStream one. */
export interface MemoryJournal extends Journal {
  /** Test hook: overwrite a stored message's bytes, to simulate corruption. */
  corrupt(seq: number, mutate: (data: Uint8Array) => Uint8Array): void;
  /** Test hook: store raw bytes on a subject, as a foreign or newer writer might. */
  appendRaw(subject: string, data: Uint8Array): number;
}

export function createMemoryJournal(cluster: string, options: MemoryJournalOptions = {}): MemoryJournal {
  checkCluster(cluster);
  const now = options.now ?? (() => Date.now());
  const log: Stored[] = [];
  const lastBySubject = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const snapshots = new Map<string, Uint8Array>();
  let waiters: Array<() => void> = [];
  let closed = false;

  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const checkOpen = () => {
    if (closed) throw new QuorateError(ErrorCode.journalClosed, `journal for ${cluster} is closed`);
  };
  const entryOf = (s: Stored): JournalEntry => toEntry(cluster, s.seq, s.subject, s.storedAt, s.data);
  const store = (subject: string, data: Uint8Array): number => {
    const seq = log.length + 1;
    log.push({ seq, subject, storedAt: now(), data });
    lastBySubject.set(subject, seq);
    return seq;
  };

  async function* scan(opts: ReadOptions, end: number): AsyncGenerator<JournalEntry> {
    for (let i = Math.max(1, opts.fromSeq ?? 1); i <= end; i++) {
      const s = log[i - 1]!;
      if (opts.since !== undefined && s.storedAt < opts.since) continue;
      if (opts.until !== undefined && s.storedAt > opts.until) break;
      const e = entryOf(s);
      if (matches(cluster, e, opts)) yield e;
    }
  }

  const journal: MemoryJournal = {
    cluster,
    async append(entity: EntityRef, facts: readonly AppendFact[], opts: AppendOptions = {}) {
      checkOpen();
      const subject = entitySubject(cluster, entity);
      const prepared = prepareAppend(cluster, entity, facts, opts, now);
      const seqs: number[] = [];
      let expected = opts.expectedLastSeq;
      for (const m of prepared) {
        const dup = seenIds.get(m.eventId);
        if (dup !== undefined) {
          seqs.push(dup);
          expected = dup;
          continue;
        }
        const actual = lastBySubject.get(subject) ?? 0;
        if (expected !== undefined && actual !== expected) throw new ConcurrencyError(entityKey(entity), expected, actual);
        const seq = store(subject, m.data);
        seenIds.set(m.eventId, seq);
        seqs.push(seq);
        if (expected !== undefined) expected = seq;
      }
      wake();
      return seqs;
    },
    read(opts: ReadOptions = {}) {
      checkOpen();
      return scan(opts, Math.min(log.length, opts.toSeq ?? Number.MAX_SAFE_INTEGER));
    },
    async *follow(opts: FollowOptions = {}) {
      checkOpen();
      let next = Math.max(1, opts.fromSeq ?? 1);
      while (!closed && !opts.signal?.aborted) {
        const end = log.length;
        if (next <= end) {
          for await (const e of scan({ ...opts, fromSeq: next }, end)) yield e;
          next = end + 1;
          continue;
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          opts.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
    },
    async last(entity: EntityRef) {
      checkOpen();
      const seq = lastBySubject.get(entitySubject(cluster, entity));
      return seq === undefined ? undefined : entryOf(log[seq - 1]!);
    },
    async *lastPerEntity(kind?: EntityRef['kind']) {
      checkOpen();
      const seqs = [...lastBySubject.values()].sort((a, b) => a - b);
      for (const seq of seqs) {
        const e = entryOf(log[seq - 1]!);
        if (kind === undefined || matches(cluster, e, { entity: { kind } })) yield e;
      }
    },
    async lastSeq(entity?: EntityRef) {
      checkOpen();
      return entity ? (lastBySubject.get(entitySubject(cluster, entity)) ?? 0) : log.length;
    },
    async seqAt(time: number) {
      checkOpen();
      let seq = 0;
      for (const s of log) {
        if (s.storedAt > time) break;
        seq = s.seq;
      }
      return seq;
    },
    snapshots: {
      async put(name, bytes) {
        snapshots.set(name, bytes.slice());
      },
      async get(name) {
        return snapshots.get(name)?.slice();
      },
      async delete(name) {
        snapshots.delete(name);
      },
    } satisfies SnapshotStore,
    async close() {
      closed = true;
      wake();
    },
    corrupt(seq, mutate) {
      const s = log[seq - 1];
      if (!s) throw new QuorateError(ErrorCode.journalBadRange, `no message at sequence ${seq}`);
      s.data = mutate(s.data.slice());
    },
    appendRaw(subject, data) {
      const seq = store(subject, data);
      wake();
      return seq;
    },
  };
  return journal;
}
