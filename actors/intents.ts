// Where a live actor's intents go: the IntentRouter interface, and the recorder, the only router until executors exist.
import type { Intent } from '../machines/kind.ts';

/** Why an intent was emitted: the new fact that caused it. */
export interface IntentCause {
  /** The sequence of the fact whose transition emitted the intent. */
  readonly seq: number;
  /** `kind/id` of the entity whose machine emitted it. */
  readonly entity: string;
  /** The fact's type. */
  readonly fact: string;
  /** The fact's `occurredAt`. */
  readonly at: number;
}

/**
 * Receives the intents of new facts that name this node (or, for the DC
 * router, the DC: node ''). Called synchronously in sequence order; a router
 * that does slow work queues it and returns. A throw is caught and reported by
 * the host, never lost.
 */
export interface IntentRouter {
  route(intent: Intent, cause: IntentCause): void;
}

/** One routed intent, as the recorder keeps it. */
export interface RecordedIntent {
  readonly intent: Intent;
  readonly cause: IntentCause;
}

/**
 * A router that only records. Executors (agents, fencing, storage) come in
 * later issues; until then this is the router, and it starts nothing: a
 * recorded `RunAgent` has not run.
 */
export interface IntentRecorder extends IntentRouter {
  /** Everything routed so far, in order. */
  readonly records: readonly RecordedIntent[];
  /** Forgets the records. */
  clear(): void;
}

/** Creates an IntentRecorder. */
export function createIntentRecorder(): IntentRecorder {
  const records: RecordedIntent[] = [];
  return {
    records,
    route(intent, cause) {
      records.push({ intent, cause });
    },
    clear() {
      records.length = 0;
    },
  };
}
