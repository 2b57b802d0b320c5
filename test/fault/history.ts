// What one fault run observed, as plain data: the journal's facts, the ground-truth disk-write log, the fault
// timeline and the end-of-run probes. The checkers are pure functions of this; runs save it as JSON to replay.
import type { Fact } from '../../proto/generated.ts';

/** One journaled fact with the envelope fields the checkers need. `storedAt` is the NATS server's clock. */
export interface HistFact {
  readonly seq: number;
  readonly storedAt: number;
  readonly occurredAt: number;
  readonly origin: string;
  readonly term: number;
  readonly eventId: string;
  readonly entity: string;
  readonly fact: Fact;
}

/** One write the application (app-writer.ts) made through the block API and logged, stamped by the host clock (the one the servers use). */
export interface DiskWrite {
  readonly node: string;
  /** The container written, and the member disk the write landed on (its file name). */
  readonly container: string;
  readonly disk: string;
  /** The ownership epoch the writer held: the journal sequence of the container's creation or last owner change. */
  readonly epoch: number;
  readonly offset: number;
  readonly at: number;
}

/** One injected fault: from `at` to `end` (absent: instantaneous or still on). */
export interface FaultEvent {
  readonly at: number;
  readonly end?: number;
  readonly kind: string;
  /** Nodes or servers affected. */
  readonly targets: readonly string[];
  readonly note?: string;
}

/** A fact the harness appended and the journal acknowledged. */
export interface AckedFact {
  readonly eventId: string;
  readonly seq: number;
}

/** One NATS server's copy of the journal stream after healing. */
export interface ReplicaState {
  readonly server: string;
  readonly messages: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly bytes: number;
}

/** A state digest computed by someone (a node, or a from-scratch replay through one server) at a position. */
export interface DigestProbe {
  readonly who: string;
  readonly position: number;
  readonly digest: string;
}

/** What each node believed at one moment after healing (its status.json), with whether it was running. */
export interface NodeView {
  readonly node: string;
  readonly running: boolean;
  readonly quorate: boolean;
  readonly ioFenced: boolean;
  readonly isDc: boolean;
  readonly term: number;
}

/** How a daemon process ended, and whether the timeline explains it. */
export interface ProcessExit {
  readonly node: string;
  readonly at: number;
  readonly code: number | null;
  readonly signal: string | null;
}

/** Everything one run observed. Optional parts are checked only when present. */
export interface RunHistory {
  readonly nodes: readonly string[];
  /** Journal facts in sequence order. */
  readonly facts: readonly HistFact[];
  readonly writes: readonly DiskWrite[];
  readonly timeline: readonly FaultEvent[];
  readonly acked: readonly AckedFact[];
  /** Who may append: node names and harness origins. */
  readonly origins: readonly string[];
  readonly options: { readonly watchdogMs: number; readonly deadTimeMs: number; readonly fencingMode: 'agent' | 'watchdog' };
  readonly replicas?: readonly ReplicaState[];
  readonly digests?: readonly DigestProbe[];
  /** When the last fault was healed, and the node views sampled after it. */
  readonly healedAt?: number;
  readonly settled?: { readonly at: number; readonly views: readonly NodeView[] };
  readonly logs?: Readonly<Record<string, readonly string[]>>;
  readonly exits?: readonly ProcessExit[];
}

/** The invariants of issue 9. */
export const Invariant = {
  singleOwner: 'I1',
  fenceBeforeRecover: 'I2',
  quorateOnly: 'I3',
  oneDcPerTerm: 'I4',
  factsExactlyOnce: 'I5',
  replicasIdentical: 'I6',
  replayEqualsLive: 'I7',
  settles: 'I8',
  noCrash: 'I9',
} as const;
export type InvariantId = (typeof Invariant)[keyof typeof Invariant];

/** One broken invariant, with where to look. */
export interface Violation {
  readonly invariant: InvariantId;
  readonly message: string;
  readonly seq?: number;
  readonly at?: number;
}

/** A checker: pure, over one run's history. */
export type Checker = (h: RunHistory) => Violation[];
