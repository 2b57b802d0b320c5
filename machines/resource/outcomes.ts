// Pure context updates of the resource machine: requests, results, fail counts and failure-timeout deadlines.
import type { FactEventOf } from '../kind.ts';
import { sortedRecord, sortedSet } from '../legal.ts';
import { failureTimeoutMsOf } from './meta.ts';
import { failureTimeoutDeadline, normalizeConfig, roleOfConfig, safe, type ResourceContext } from './context.ts';

type Ev<K extends 'ResourceOperationRequested' | 'ResourceOperationSucceeded' | 'ResourceOperationFailed'> = FactEventOf<K>;

/** ResourceDefined / ResourceChanged: the new config and target role. Pure. */
export function configured(ctx: ResourceContext, ev: FactEventOf<'ResourceDefined' | 'ResourceChanged'>): Partial<ResourceContext> {
  const config = normalizeConfig(ev.fact.config ?? { id: ctx.id, agent: '', params: {}, meta: {}, operations: [], failoverDomain: [], container: '' });
  return { config, targetRole: roleOfConfig(config) };
}

/** A recurring monitor (interval > 0) was requested on a node: it is monitored there. Pure. */
export function monitorRequested(ctx: ResourceContext, ev: Ev<'ResourceOperationRequested'>): Partial<ResourceContext> {
  const f = ev.fact;
  if (f.operation !== 'monitor' || !(f.intervalMs > 0) || (ctx.monitoredOn ?? []).includes(f.node)) return {};
  return { monitoredOn: sortedSet([...(ctx.monitoredOn ?? []), f.node]) };
}

/** Where a recurring monitor is still known after a result: only where it is still active, and not where a probe ran. */
function monitoredAfter(ctx: ResourceContext, activeOn: readonly string[], ev: Ev<'ResourceOperationSucceeded'> | Ev<'ResourceOperationFailed'>): Partial<ResourceContext> {
  const before = ctx.monitoredOn;
  if (!before) return {};
  const probe = ev.fact.operation === 'probe' ? ev.fact.node : '';
  const kept = before.filter((n) => activeOn.includes(n) && n !== probe);
  return kept.length === before.length ? {} : { monitoredOn: kept.length > 0 ? kept : undefined };
}

/** A start or stop was requested: remember it as pending and where. Pure. */
export function requested(_ctx: ResourceContext, ev: Ev<'ResourceOperationRequested'>): Partial<ResourceContext> {
  const f = ev.fact;
  return {
    node: f.node,
    pendingOp: { opId: f.opId, operation: f.operation, node: f.node, intervalMs: f.intervalMs, timeoutMs: f.timeoutMs, requestedAt: ev.at },
  };
}

export function lastOp(ev: Ev<'ResourceOperationSucceeded'> | Ev<'ResourceOperationFailed'>) {
  const f = ev.fact;
  const failed = f.type === 'ResourceOperationFailed';
  return {
    operation: f.operation,
    node: f.node,
    rc: f.rc,
    reason: failed ? f.reason : f.output,
    at: ev.at,
    durationMs: f.durationMs,
    timedOut: failed ? f.timedOut : false,
  };
}

function withActive(ctx: ResourceContext, activeOn: string[]): Pick<ResourceContext, 'activeOn' | 'node'> {
  // Keep the current node while it is still active; otherwise the first active one, or none.
  const node = activeOn.includes(ctx.node) ? ctx.node : (activeOn[0] ?? '');
  return { activeOn, node };
}

/** The resource is active on the result's node (a start, or a monitor/probe that found it running). Pure. */
export function foundActive(ctx: ResourceContext, ev: Ev<'ResourceOperationSucceeded'>): Partial<ResourceContext> {
  const activeOn = sortedSet([...ctx.activeOn, ev.fact.node]);
  const node = ev.fact.operation === 'start' || !activeOn.includes(ctx.node) ? ev.fact.node : ctx.node;
  return { activeOn, node, pendingOp: pendingAfter(ctx, ev), lastOperation: lastOp(ev), ...monitoredAfter(ctx, activeOn, ev) };
}

/** The resource is not active on the result's node (a stop, or a probe answering 7). Pure. */
export function foundInactive(ctx: ResourceContext, ev: Ev<'ResourceOperationSucceeded'> | Ev<'ResourceOperationFailed'>): Partial<ResourceContext> {
  const activeOn = ctx.activeOn.filter((n) => n !== ev.fact.node);
  return { ...withActive(ctx, activeOn), pendingOp: pendingAfter(ctx, ev), lastOperation: lastOp(ev), ...monitoredAfter(ctx, activeOn, ev) };
}

function pendingAfter(ctx: ResourceContext, ev: Ev<'ResourceOperationSucceeded'> | Ev<'ResourceOperationFailed'>) {
  const p = ctx.pendingOp;
  return p && p.operation === ev.fact.operation && p.node === ev.fact.node ? null : p;
}

/**
 * An operation failed on a node: count it there, arm that node's failure-timeout, record it. A
 * failed start or probe leaves the resource possibly active there (it must be stopped) unless the
 * agent said it is not running or not installed; a monitor answering 7 found it stopped. Pure.
 */
export function failed(ctx: ResourceContext, ev: Ev<'ResourceOperationFailed'>): Partial<ResourceContext> {
  const f = ev.fact;
  const prev = ctx.failCounts[f.node];
  const failCounts = sortedRecord({ ...ctx.failCounts, [f.node]: { count: (prev?.count ?? 0) + 1, lastFailedAt: ev.at } });
  const timeout = ctx.config ? safe(() => failureTimeoutMsOf(ctx.config!.meta), 0) : 0;
  const id = failureTimeoutDeadline(f.node);
  const others = ctx.deadlines.filter((d) => d.id !== id);
  const deadlines = timeout > 0 ? [...others, { id, dueAt: ev.at + timeout }].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : ctx.deadlines;
  const notThere = f.rc === 7 || f.rc === 5;
  let activeOn = ctx.activeOn;
  if ((f.operation === 'start' || f.operation === 'probe') && !notThere) activeOn = sortedSet([...activeOn, f.node]);
  if (f.operation === 'monitor' && f.rc === 7) activeOn = activeOn.filter((n) => n !== f.node);
  const node = f.operation === 'start' || f.operation === 'stop' ? f.node : withActive(ctx, activeOn).node || f.node;
  return { failCounts, deadlines, activeOn, node, pendingOp: pendingAfter(ctx, ev), lastOperation: lastOp(ev), ...monitoredAfter(ctx, activeOn, ev) };
}

/** FailCountReset: forget the fail counts (and their deadlines) of one node, or of all when node is ''. Pure. */
export function reset(ctx: ResourceContext, ev: FactEventOf<'FailCountReset'>): Partial<ResourceContext> {
  const node = ev.fact.node;
  if (node === '') return { failCounts: {}, deadlines: [] };
  const failCounts = { ...ctx.failCounts };
  delete failCounts[node];
  return { failCounts, deadlines: ctx.deadlines.filter((d) => d.id !== failureTimeoutDeadline(node)) };
}

/** DeadlineExpired: a due failure-timeout forgets that node's fail count; a stale one (re-armed later) changes nothing. Pure. */
export function expired(ctx: ResourceContext, ev: FactEventOf<'DeadlineExpired'>): Partial<ResourceContext> {
  const d = ctx.deadlines.find((x) => x.id === ev.fact.deadline);
  if (!d || d.dueAt > ev.at) return {};
  const node = d.id.slice('failure-timeout:'.length);
  const failCounts = { ...ctx.failCounts };
  delete failCounts[node];
  return { failCounts, deadlines: ctx.deadlines.filter((x) => x.id !== d.id) };
}
