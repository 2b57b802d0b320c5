// The resource decider: commands to facts, legal only where the resource statechart says so.
import type { SnapshotFrom } from 'xstate';
import type { Fact, ResourceConfig } from '../../proto/generated.ts';
import { ensureLegal, reject, stateName } from '../legal.ts';
import { isManaged, operationOf, type ResourceContext } from './context.ts';
import { isOperationName, isOperationSuccess, recoveryOf } from './ocf.ts';
import { resourceMachine } from './resource.machine.ts';
import { completeConfig, ConfigProblem } from './validate.ts';

/** Commands a resource takes. `commandId` derives ids (`${commandId}/0`) where a command needs one. */
export type ResourceCommand =
  | { type: 'DefineResource'; config: Partial<ResourceConfig> }
  | { type: 'ChangeResource'; config: Partial<ResourceConfig> }
  | { type: 'RemoveResource' }
  | {
      type: 'RequestOperation'; operation: string; node: string; opId?: string; commandId?: string;
      intervalMs?: number; timeoutMs?: number; transitionId?: string; actionId?: string;
    }
  | {
      type: 'RecordOperationResult'; operation: string; node: string; opId: string; rc: number;
      durationMs?: number; output?: string; reason?: string; timedOut?: boolean;
    }
  | { type: 'ResetFailCount'; node?: string; reason?: string }
  | { type: 'ExpireDeadline'; deadline: string; dueAt?: number };

type Snapshot = SnapshotFrom<typeof resourceMachine>;
/** Default agent timeout when the config names none (Pacemaker's 20 s). */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** Decides a resource command at `at`: the facts, or a CommandRejectedError saying why. Pure. */
export function decideResource(command: ResourceCommand, snapshot: Snapshot, at: number): Fact[] {
  const ctx = snapshot.context;
  const entity = `resource/${ctx.id}`;
  const state = snapshot.value as string;
  const no = (reason: string): never => reject(entity, state, command.type, reason);
  const legal = (facts: Fact[], why?: (f: Fact) => string) => ensureLegal(resourceMachine, snapshot, entity, command.type, facts, at, why);
  const defined = state !== 'undefined' && state !== 'removed';
  const config = (input: Partial<ResourceConfig>) => {
    try {
      return completeConfig(ctx.id, input);
    } catch (e) {
      if (e instanceof ConfigProblem) return no(e.message);
      throw e;
    }
  };

  switch (command.type) {
    case 'DefineResource':
      if (defined) no(`resource ${ctx.id} is already defined (change it instead)`);
      return legal([{ type: 'ResourceDefined', config: config(command.config) }]);
    case 'ChangeResource':
      if (!defined) no(`resource ${ctx.id} is not defined`);
      return legal([{ type: 'ResourceChanged', config: config(command.config) }]);
    case 'RemoveResource':
      if (!defined) no(`resource ${ctx.id} is not defined`);
      if (ctx.activeOn.length > 0) no(`resource ${ctx.id} is active on ${ctx.activeOn.join(', ')}: stop it first`);
      return legal([{ type: 'ResourceRemoved', id: ctx.id }], () => `resource ${ctx.id} is ${state}: stop it first`);
    case 'RequestOperation':
      return legal([requestFact(command, ctx, state, no)], () => `cannot ${command.operation} ${ctx.id} on ${command.node} while ${state}`);
    case 'RecordOperationResult': {
      if (!defined) no(`resource ${ctx.id} is not defined`);
      const c = command;
      const ok = !c.timedOut && isOperationSuccess(c.operation, c.rc);
      const fact: Fact = ok
        ? { type: 'ResourceOperationSucceeded', resource: ctx.id, node: c.node, operation: c.operation, opId: c.opId, rc: c.rc, durationMs: c.durationMs ?? 0, output: c.output ?? '' }
        : {
            type: 'ResourceOperationFailed', resource: ctx.id, node: c.node, operation: c.operation, opId: c.opId, rc: c.rc,
            reason: c.reason ?? (c.timedOut ? `timed out after ${c.durationMs ?? 0} ms` : ''), durationMs: c.durationMs ?? 0,
            timedOut: c.timedOut ?? false, recovery: recoveryOf(c.rc, c.timedOut ?? false),
          };
      return legal([fact], () => resultWhy(ctx, state, c.operation, c.node));
    }
    case 'ResetFailCount':
      if (!defined) no(`resource ${ctx.id} is not defined`);
      return legal([{ type: 'FailCountReset', resource: ctx.id, node: command.node ?? '', reason: command.reason ?? 'cleanup' }]);
    case 'ExpireDeadline': {
      const d = ctx.deadlines.find((x) => x.id === command.deadline);
      if (!d) no(`no deadline "${command.deadline}" is armed`);
      return legal([{ type: 'DeadlineExpired', entity, deadline: command.deadline, dueAt: command.dueAt ?? d!.dueAt }]);
    }
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}

function requestFact(c: Extract<ResourceCommand, { type: 'RequestOperation' }>, ctx: ResourceContext, state: string, no: (r: string) => never): Fact {
  const id = ctx.id;
  if (state === 'removed') no(`resource ${id} is removed`);
  if (state === 'undefined') no(`resource ${id} is not defined`);
  if (!isOperationName(c.operation)) no(`unknown operation "${c.operation}"`);
  if (c.operation === 'promote' || c.operation === 'demote') no(`${c.operation} is not supported for resource ${id}`);
  if (c.node === '') no('no node given');
  const opId = c.opId ?? (c.commandId === undefined ? '' : `${c.commandId}/0`);
  if (opId === '') no('an operation needs an opId or a commandId');
  const active = ctx.activeOn.length > 0 ? ` (active on ${ctx.activeOn.join(', ')})` : '';
  if (state === 'blocked' && c.operation !== 'probe') no(`resource ${id} is blocked on ${ctx.node}: clean up (reset its fail count) first`);
  if (c.operation === 'start') {
    if (!isManaged(ctx)) no(`resource ${id} is not managed (is-managed=false)`);
    if (state === 'starting') no(`resource ${id} is already starting on ${ctx.node}`);
    if (state === 'running') no(`resource ${id} is running on ${ctx.node}`);
    if (state === 'stopping') no(`resource ${id} is stopping on ${ctx.node}`);
    if (state === 'monitor-failed') no(`resource ${id} failed its monitor on ${ctx.node}: stop it first`);
  }
  if (c.operation === 'stop') {
    if (state === 'starting' || state === 'stopping') no(`resource ${id} has a ${ctx.pendingOp?.operation ?? 'operation'} pending on ${ctx.node}`);
    // Recovery stops a failed resource where it failed even when the agent said it is not running there (a
    // monitor answering 7): Pacemaker's cleanup stop before the restart, which leaves nothing half-running.
    const failedHere = (state === 'monitor-failed' || state === 'failed') && c.node === ctx.node;
    if (!ctx.activeOn.includes(c.node) && !failedHere) no(`resource ${id} is not active on ${c.node}${active}`);
  }
  if (c.operation === 'monitor' && !ctx.activeOn.includes(c.node)) no(`resource ${id} is not active on ${c.node}${active}`);
  const op = operationOf(ctx.config, c.operation === 'probe' ? 'monitor' : c.operation);
  return {
    type: 'ResourceOperationRequested', resource: id, node: c.node, operation: c.operation, opId,
    intervalMs: c.intervalMs ?? (c.operation === 'monitor' ? (op?.intervalMs ?? 0) : 0),
    timeoutMs: c.timeoutMs ?? (op?.timeoutMs || DEFAULT_TIMEOUT_MS),
    transitionId: c.transitionId ?? '', actionId: c.actionId ?? '',
  };
}

function resultWhy(ctx: ResourceContext, state: string, operation: string, node: string): string {
  const p = ctx.pendingOp;
  if ((operation === 'start' || operation === 'stop') && (!p || p.operation !== operation)) return `no ${operation} of ${ctx.id} is pending (it is ${state})`;
  if (p && (p.operation === operation) && p.node !== node) return `the pending ${operation} of ${ctx.id} is on ${p.node}, not ${node}`;
  if (p && p.operation === operation) return `the result does not match the pending ${operation} (opId ${p.opId})`;
  return `a ${operation} result on ${node} is not legal while ${ctx.id} is ${stateName(state)}`;
}
