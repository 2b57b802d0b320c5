// The Journal interface: the replicated event log every fact goes through. Two implementations pass one contract suite.
import type { Fact, FactType } from '../proto/generated.ts';
import type { EntityRef } from '../machines/entity.ts';
import type { ErrorCode } from '../machines/errors.ts';
import type { EnvelopeMeta } from './codec.ts';

/** One fact to append. Ids and time are stamped by the journal when absent. */
export interface AppendFact {
  readonly fact: Fact;
  /** De-duplication key (JetStream `Nats-Msg-Id`); default `${commandId}/${index}`. */
  readonly eventId?: string;
  /** ms since epoch; default: the journal's clock when appended. */
  readonly at?: number;
}

export interface AppendOptions {
  /**
   * The entity's last sequence as the writer saw it (0: it has none). The log
   * refuses the append with a ConcurrencyError when it holds a newer one. With
   * several facts, each later fact expects the sequence of the one before.
   */
  readonly expectedLastSeq?: number;
  /** Groups the facts; default: a fresh random id. */
  readonly commandId?: string;
  /** Who writes: a node name, or `cli:<user>`. */
  readonly origin?: string;
  /** The DC term in force. */
  readonly term?: number;
}

/** A fact as stored: its place in the log and its envelope. */
export interface JournalRecord {
  readonly kind: 'fact';
  readonly seq: number;
  readonly subject: string;
  readonly entity: EntityRef;
  /** ms since epoch at which the journal stored it (server time for JetStream). */
  readonly storedAt: number;
  readonly meta: EnvelopeMeta;
  readonly fact: Fact;
}

/** A stored message that is not a readable fact. Reported, kept, and reading goes on. */
export interface JournalProblem {
  readonly kind: 'problem';
  readonly seq: number;
  readonly subject: string;
  readonly storedAt: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export type JournalEntry = JournalRecord | JournalProblem;

/** Which part of the log to read. Bounds are inclusive; a time bound is on `storedAt`. */
export interface ReadOptions {
  readonly fromSeq?: number;
  readonly toSeq?: number;
  readonly since?: number;
  readonly until?: number;
  /** One entity, or every entity of a kind. */
  readonly entity?: EntityRef | { readonly kind: EntityRef['kind'] };
  readonly types?: readonly FactType[];
}

export interface FollowOptions extends Omit<ReadOptions, 'toSeq' | 'until'> {
  /** Stops the follow; the iterator then ends. */
  readonly signal?: AbortSignal;
}

/** Snapshots of the folded state, keyed by name (e.g. `latest`). */
export interface SnapshotStore {
  put(name: string, bytes: Uint8Array): Promise<void>;
  get(name: string): Promise<Uint8Array | undefined>;
  delete(name: string): Promise<void>;
}

/** The replicated event log. */
export interface Journal {
  readonly cluster: string;
  /** Appends facts to one entity in order; resolves to their sequences. Every fact must belong to `entity`. */
  append(entity: EntityRef, facts: readonly AppendFact[], options?: AppendOptions): Promise<number[]>;
  /** Reads a finite range in sequence order; ends at the last fact stored when the read began (or `toSeq`). */
  read(options?: ReadOptions): AsyncIterable<JournalEntry>;
  /** Reads from `fromSeq` and then waits for new facts, until the signal aborts or the journal closes. */
  follow(options?: FollowOptions): AsyncIterable<JournalEntry>;
  /** The entity's last fact, or undefined when it has none. */
  last(entity: EntityRef): Promise<JournalEntry | undefined>;
  /** The last fact of every entity (of one kind, if given), in sequence order. */
  lastPerEntity(kind?: EntityRef['kind']): AsyncIterable<JournalEntry>;
  /** The stream's last sequence, or the entity's when given; 0 when empty. */
  lastSeq(entity?: EntityRef): Promise<number>;
  /** The last sequence stored at or before `time` (ms); 0 when none. */
  seqAt(time: number): Promise<number>;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}
