// What the resource machine asks the live edge to do: run an agent, arm or cancel a deadline, fence a node.
import type { FactEvent } from '../kind.ts';
import { failureTimeoutDeadline, operationOf, type ResourceContext } from './context.ts';
import { effectiveOnFail } from './ocf.ts';

/** Run an agent operation on `node` (the executor there is idempotent by opId). */
export interface RunAgent {
  type: 'RunAgent';
  node: string;
  resource: string;
  operation: string;
  opId: string;
  intervalMs: number;
  timeoutMs: number;
  agent: string;
  params: Record<string, string>;
}
/** Arm a timer that journals DeadlineExpired for `entity` at `dueAt` (the DC's clock). */
export interface ArmDeadline {
  type: 'ArmDeadline';
  node: '';
  entity: string;
  deadline: string;
  dueAt: number;
}
/** Drop an armed timer: its deadline is gone from context. */
export interface CancelDeadline {
  type: 'CancelDeadline';
  node: '';
  entity: string;
  deadline: string;
}
/**
 * Fence `target` because a stop (or, with on-fail=fence, a monitor) failed there. The DC acts:
 * when `onlyIfFencingEnabled`, it fences only if stonith-enabled is on (Pacemaker's default
 * on-fail for stop), else the resource stays blocked. Once fenced, the DC journals the implied stop.
 */
export interface FenceForResource {
  type: 'Fence';
  node: '';
  target: string;
  resource: string;
  reason: string;
  onlyIfFencingEnabled: boolean;
}
/** Every intent the resource machine emits. */
export type ResourceIntent = RunAgent | ArmDeadline | CancelDeadline | FenceForResource;

/**
 * The intents of a transition, from the context after its updates (before them for a reset)
 * and the event. Pure.
 */
export function intentsFor(ctx: ResourceContext, event: FactEvent): ResourceIntent[] {
  const entity = `resource/${ctx.id}`;
  switch (event.type) {
    case 'ResourceOperationRequested': {
      const f = event.fact;
      return [{
        type: 'RunAgent', node: f.node, resource: ctx.id, operation: f.operation, opId: f.opId,
        intervalMs: f.intervalMs, timeoutMs: f.timeoutMs, agent: ctx.config?.agent ?? '', params: { ...(ctx.config?.params ?? {}) },
      }];
    }
    case 'ResourceOperationFailed': {
      const f = event.fact;
      const out: ResourceIntent[] = [];
      const deadline = ctx.deadlines.find((d) => d.id === failureTimeoutDeadline(f.node));
      if (deadline && ctx.failCounts[f.node]?.lastFailedAt === event.at) {
        out.push({ type: 'ArmDeadline', node: '', entity, deadline: deadline.id, dueAt: deadline.dueAt });
      }
      const configured = operationOf(ctx.config, f.operation === 'probe' ? 'monitor' : f.operation)?.onFail ?? '';
      if (f.operation === 'stop' && configured !== 'ignore' && configured !== 'block') {
        const onFail = effectiveOnFail(configured, 'stop', true);
        out.push({ type: 'Fence', node: '', target: f.node, resource: ctx.id, reason: `stop of ${ctx.id} failed on ${f.node}: ${f.reason || `rc ${f.rc}`}`, onlyIfFencingEnabled: configured !== onFail });
      } else if (f.operation !== 'stop' && configured === 'fence') {
        out.push({ type: 'Fence', node: '', target: f.node, resource: ctx.id, reason: `${f.operation} of ${ctx.id} failed on ${f.node} (on-fail=fence)`, onlyIfFencingEnabled: false });
      }
      return out;
    }
    case 'FailCountReset': {
      // Run before the reset: the deadlines still in context are the ones it drops.
      const node = event.fact.node;
      return ctx.deadlines
        .filter((d) => node === '' || d.id === failureTimeoutDeadline(node))
        .map((d) => ({ type: 'CancelDeadline', node: '', entity, deadline: d.id }));
    }
    default:
      return [];
  }
}
