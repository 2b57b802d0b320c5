// Pure helpers of the executor service: an agent result as a journaled fact, and a resource's configured operations.
import type { Fact, ResourceConfig } from '../../proto/generated.ts';
import type { OperationResult } from '../executors/executor.ts';

/** Pacemaker's default operation timeout (20 s) when neither the request nor the config gives one. */
export const DEFAULT_OP_TIMEOUT_MS = 20_000;

/** The most of an agent's stdout kept in a success fact (facts stay small; the agent log has the rest). */
const OUTPUT_MAX = 256;

/** The journaled fact for `r` on `node`: ResourceOperationSucceeded, or ResourceOperationFailed with rc, reason and recovery. */
export function resultFact(node: string, operation: string, r: OperationResult): Fact {
  const durationMs = Math.max(0, Math.round(r.durationMs));
  if (r.ok) {
    const out = r.stdout.trim();
    return {
      type: 'ResourceOperationSucceeded', resource: r.resource, node, operation, opId: r.opId, rc: r.rc, durationMs,
      output: out.length > OUTPUT_MAX ? out.slice(out.length - OUTPUT_MAX) : out,
    };
  }
  return {
    type: 'ResourceOperationFailed', resource: r.resource, node, operation, opId: r.opId, rc: r.rc,
    reason: r.reason, durationMs, timedOut: r.timedOut, recovery: r.recovery ?? '',
  };
}

/** A failure that never reached an agent (a bad agent name or parameter): not configured (rc 6, fatal), with the error as reason. */
export function refusedFact(node: string, resource: string, operation: string, opId: string, reason: string): Fact {
  return { type: 'ResourceOperationFailed', resource, node, operation, opId, rc: 6, reason, durationMs: 0, timedOut: false, recovery: 'fatal' };
}

/** The configured timeout of `operation` (a probe uses the monitor's), else the default. */
export function operationTimeoutMs(config: ResourceConfig | null | undefined, operation: string): number {
  const name = operation === 'probe' ? 'monitor' : operation;
  const ops = (config?.operations ?? []).filter((o) => o.name === name && o.timeoutMs > 0);
  // A probe or one-shot monitor prefers the interval-0 entry; a recurring one its own.
  const op = ops.find((o) => o.intervalMs === 0) ?? ops[0];
  return op?.timeoutMs ?? DEFAULT_OP_TIMEOUT_MS;
}

/** The recurring monitors a config asks for: every monitor operation with an interval, sorted by interval. */
export function recurringMonitorsOf(config: ResourceConfig | null | undefined): { intervalMs: number; timeoutMs: number }[] {
  const seen = new Set<number>();
  const out: { intervalMs: number; timeoutMs: number }[] = [];
  for (const o of config?.operations ?? []) {
    if (o.name !== 'monitor' || !(o.intervalMs > 0) || seen.has(o.intervalMs)) continue;
    // A Slave/Unpromoted-role monitor is for promotable clones, which quorate does not run yet.
    if (o.role !== '' && o.role !== 'Started' && o.role !== 'Promoted' && o.role !== 'Master') continue;
    seen.add(o.intervalMs);
    out.push({ intervalMs: o.intervalMs, timeoutMs: o.timeoutMs > 0 ? o.timeoutMs : DEFAULT_OP_TIMEOUT_MS });
  }
  return out.sort((a, b) => a.intervalMs - b.intervalMs);
}
