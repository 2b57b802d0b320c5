// The resource's folded context and the pure helpers the scheduler reads it with (fail counts, role, managed).
import type { Operation, ResourceConfig } from '../../proto/generated.ts';
import { sortedRecord } from '../legal.ts';
import { failureTimeoutMsOf, isManagedMeta, targetRoleOf, type TargetRole } from './meta.ts';

/** Failures of the resource on one node. */
export interface FailCount {
  count: number;
  lastFailedAt: number;
}

/** The last operation result the resource saw. */
export interface LastOperation {
  operation: string;
  node: string;
  rc: number;
  reason: string;
  at: number;
  durationMs: number;
  timedOut: boolean;
}

/** A start or stop that was requested and has no result yet. */
export interface PendingOperation {
  opId: string;
  operation: string;
  node: string;
  intervalMs: number;
  timeoutMs: number;
  requestedAt: number;
}

/** A deadline held as data; the edge journals DeadlineExpired when `dueAt` passes. */
export interface Deadline {
  id: string;
  dueAt: number;
}

/** A resource's context: plain JSON, sorted where order has no meaning. */
export interface ResourceContext {
  id: string;
  /** null until ResourceDefined. */
  config: ResourceConfig | null;
  /** Where it runs, or is starting/stopping; '' if none. */
  node: string;
  /** Sorted nodes where the last evidence says it is active; more than one is "active on multiple nodes". */
  activeOn: string[];
  /** Per node, keys sorted. */
  failCounts: Record<string, FailCount>;
  lastOperation: LastOperation | null;
  pendingOp: PendingOperation | null;
  targetRole: TargetRole;
  /** `at` of the last state change. */
  since: number;
  /** failure-timeout expiries, `failure-timeout:<node>`, sorted by id. */
  deadlines: Deadline[];
  /**
   * Sorted nodes (among activeOn) where a recurring monitor was journaled as requested; absent when none. A probe
   * there (a new daemon's, whose monitors are not the old one's) or the node leaving activeOn forgets it.
   */
  monitoredOn?: string[];
}

/** The context of a resource before its first fact. Pure. */
export function emptyResource(id: string): ResourceContext {
  return { id, config: null, node: '', activeOn: [], failCounts: {}, lastOperation: null, pendingOp: null, targetRole: 'Started', since: 0, deadlines: [] };
}

/** A config as context keeps it: maps with sorted keys, every field present. Pure. */
export function normalizeConfig(c: ResourceConfig): ResourceConfig {
  return {
    id: c.id,
    agent: c.agent,
    params: sortedRecord(c.params),
    meta: sortedRecord(c.meta),
    operations: (c.operations ?? []).map((o) => ({ name: o.name, intervalMs: o.intervalMs, timeoutMs: o.timeoutMs, onFail: o.onFail, role: o.role })),
    failoverDomain: [...(c.failoverDomain ?? [])],
    container: c.container ?? '',
  };
}

/** The deadline id of a node's failure-timeout. */
export function failureTimeoutDeadline(node: string): string {
  return `failure-timeout:${node}`;
}

/** The configured operation `name` (the first; for monitor, the recurring one first), if any. Pure. */
export function operationOf(config: ResourceConfig | null, name: string): Operation | undefined {
  const ops = (config?.operations ?? []).filter((o) => o.name === name);
  return ops.find((o) => o.intervalMs > 0) ?? ops[0];
}

/**
 * The fail count of the resource on `node` at time `at`: 0 once failure-timeout has passed since
 * the last failure (even before the edge journals the expiry). Pure.
 */
export function failCount(ctx: ResourceContext, node: string, at: number): number {
  const fc = ctx.failCounts[node];
  if (!fc) return 0;
  const timeout = ctx.config ? safe(() => failureTimeoutMsOf(ctx.config!.meta), 0) : 0;
  if (timeout > 0 && at >= fc.lastFailedAt + timeout) return 0;
  return fc.count;
}

/** False when meta is-managed=false: quorate watches but never acts. An undefined resource is unmanaged. Pure. */
export function isManaged(ctx: ResourceContext): boolean {
  return ctx.config !== null && safe(() => isManagedMeta(ctx.config!.meta), true);
}

/** The role the resource should be in (meta target-role). Pure. */
export function targetRole(ctx: ResourceContext): TargetRole {
  return ctx.targetRole;
}

/** Parsed meta of a journaled config never throws in the fold: a bad value there falls back to the default. */
export function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** The target role a config asks for, the default when unparsable. Pure. */
export function roleOfConfig(config: ResourceConfig): TargetRole {
  return safe(() => targetRoleOf(config.meta), 'Started');
}
