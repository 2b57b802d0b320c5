// The node machine's context: plain JSON data, and the pure updates its transitions apply.
import type { FactOf, FenceRequested, NodeConfig } from '../../proto/generated.ts';

type FenceSucceeded = FactOf<'FenceSucceeded'>;
type FenceFailed = FactOf<'FenceFailed'>;

/** How many fence requests a node remembers (oldest dropped first). */
export const FENCE_HISTORY_LIMIT = 10;

/** One fence request and what became of it. */
export interface FenceRecord {
  readonly requestId: string;
  readonly action: string;
  readonly requestedAt: number;
  readonly requestedBy: string;
  readonly executor: string;
  readonly reason: string;
  readonly outcome: 'pending' | 'succeeded' | 'failed';
  readonly level: number;
  readonly devices: string[];
  readonly detail: string;
  readonly completedAt: number | null;
}

/** A fence request not yet answered. */
export interface PendingFence {
  readonly requestId: string;
  readonly action: string;
  readonly executor: string;
}

/** The node's context. `since` is the `at` of the last state change in any region. */
export interface NodeContext {
  readonly name: string;
  readonly votes: number;
  readonly attributes: Record<string, string>;
  readonly incarnation: string;
  readonly address: string;
  readonly since: number;
  readonly lostAt: number | null;
  readonly fencedAt: number | null;
  readonly fencedBy: string;
  readonly standbyReason: string;
  readonly leftReason: string;
  readonly lastFenceFailure: string;
  /** Fence requests not yet answered, sorted by request id. */
  readonly pendingFence: PendingFence[];
  /** The last FENCE_HISTORY_LIMIT requests, oldest first. */
  readonly fenceHistory: FenceRecord[];
}

/** A fresh, undefined node. Pure. */
export function initialNodeContext(name: string): NodeContext {
  return {
    name, votes: 1, attributes: {}, incarnation: '', address: '', since: 0, lostAt: null, fencedAt: null,
    fencedBy: '', standbyReason: '', leftReason: '', lastFenceFailure: '', pendingFence: [], fenceHistory: [],
  };
}

/** Votes and attributes from a NodeConfig (votes 0 = the default 1; attribute keys sorted). Pure. */
export function configure(context: NodeContext, config: NodeConfig | undefined): NodeContext {
  return { ...context, votes: config?.votes || 1, attributes: sortedRecord(config?.attributes ?? {}) };
}

/** A record with its keys in code-unit order, so equal maps encode equally. Pure. */
export function sortedRecord(input: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(input).sort()) out[k] = input[k] ?? '';
  return out;
}

/** Records a new pending fence request. Pure. */
export function requestFence(context: NodeContext, fact: FenceRequested, at: number): NodeContext {
  const record: FenceRecord = {
    requestId: fact.requestId, action: fact.action, requestedAt: at, requestedBy: fact.requestedBy,
    executor: fact.executor, reason: fact.reason, outcome: 'pending', level: 0, devices: [], detail: '', completedAt: null,
  };
  return {
    ...context,
    pendingFence: [
      ...context.pendingFence.filter((p) => p.requestId !== fact.requestId),
      { requestId: fact.requestId, action: fact.action, executor: fact.executor },
    ].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0)),
    fenceHistory: [...context.fenceHistory, record].slice(-FENCE_HISTORY_LIMIT),
  };
}

/**
 * Records the answer to a pending fence request. A success or a `final` failure closes it; a non-final
 * failure (one level failed, the executor tries the next) keeps it pending and records the failure. Pure.
 */
export function answerFence(context: NodeContext, fact: FenceSucceeded | FenceFailed, at: number): NodeContext {
  const failed = fact.type === 'FenceFailed';
  const closes = !failed || fact.final;
  const detail = failed ? `level ${fact.level}: ${fact.reason || 'failed'}` : '';
  return {
    ...context,
    pendingFence: closes ? context.pendingFence.filter((p) => p.requestId !== fact.requestId) : context.pendingFence,
    lastFenceFailure: failed ? `${fact.requestId} ${detail}` : context.lastFenceFailure,
    fenceHistory: context.fenceHistory.map((r) =>
      r.requestId !== fact.requestId ? r : {
        ...r, outcome: !closes ? 'pending' : failed ? 'failed' : 'succeeded', level: fact.level,
        devices: [...fact.devices], detail, completedAt: closes ? at : null,
      },
    ),
  };
}

/** The action of a pending request, or '' when `requestId` is not pending. Pure. */
export function pendingAction(context: NodeContext, requestId: string): string {
  return context.pendingFence.find((p) => p.requestId === requestId)?.action ?? '';
}

/** Pending requests that power the node off (off or reboot), other than `except`. Pure. */
export function pendingPowerOff(context: NodeContext, except = ''): PendingFence[] {
  return context.pendingFence.filter((p) => p.requestId !== except && isPowerOff(p.action));
}

/** True for the fence actions that take a node down: off and reboot. */
export function isPowerOff(action: string): boolean {
  return action === 'off' || action === 'reboot';
}
