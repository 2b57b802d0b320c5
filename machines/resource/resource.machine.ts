// The resource statechart: its lifecycle from definition through starts, stops, failures and recovery.
//
// Lifecycle (one resource, cluster-wide; the node it runs on is data, not state):
//   undefined --ResourceDefined--> stopped
//   stopped --start requested--> starting --start ok--> running
//                                          --start failed--> failed (fail count +1 on that node)
//   running --stop requested--> stopping --stop ok--> stopped (or running, if still active elsewhere)
//                                        --stop failed--> blocked; emits Fence for the DC (Pacemaker's default
//                                          on-fail for stop: fence when fencing is on, else block)
//   running --monitor failed--> monitor-failed (awaiting recovery: the scheduler stops and restarts it; a later
//                                 good monitor does not cancel the recovery)
//   failed / monitor-failed --stop requested--> stopping;  failed --start requested--> starting (elsewhere)
//   blocked: nothing is started or stopped until a FailCountReset (cleanup) or a stop that fencing implied.
//   is-managed=false turns any failure into blocked. Probes/monitors that find it active (rc 0/8/190/191)
//   move stopped/failed to running (monitor-failed stays, active there); a probe answering 7 removes that node from activeOn.
//   stopped / failed with nothing active --ResourceRemoved--> removed --ResourceDefined--> stopped.
// Fail counts expire by failure-timeout: a deadline in context; the edge journals DeadlineExpired.
import { assign, enqueueActions, setup } from 'xstate';
import type { FactEvent } from '../kind.ts';
import { effectiveOnFail, isActiveRc } from './ocf.ts';
import { emptyResource, isManaged, operationOf, type ResourceContext } from './context.ts';
import { configured, expired, failed, foundActive, foundInactive, lastOp, monitorRequested, requested, reset } from './outcomes.ts';
import { intentsFor, type ResourceIntent } from './intents.ts';

type E<K extends FactEvent['type']> = Extract<FactEvent, { type: K }>;
const is = <K extends FactEvent['type']>(ev: FactEvent, type: K): ev is E<K> => ev.type === type;

function opMatches(ctx: ResourceContext, ev: E<'ResourceOperationSucceeded'> | E<'ResourceOperationFailed'>, operation: string): boolean {
  const p = ctx.pendingOp;
  return ev.fact.operation === operation && ev.fact.node === ctx.node && (p === null || ev.fact.opId === '' || p.opId === ev.fact.opId);
}
const isCheck = (op: string) => op === 'monitor' || op === 'probe';
const noneLeft = (ctx: ResourceContext, node: string) => ctx.activeOn.every((n) => n === node);
const checkFailOnFail = (ctx: ResourceContext, ev: FactEvent) =>
  is(ev, 'ResourceOperationFailed') && isCheck(ev.fact.operation) ? effectiveOnFail(operationOf(ctx.config, 'monitor')?.onFail ?? '', 'monitor', true) : '';

/** The resource machine. Pure: fed only with journaled facts; intents are emitted, never executed. */
export const resourceMachine = setup({
  types: {
    context: {} as ResourceContext,
    events: {} as FactEvent,
    input: {} as { id: string },
    emitted: {} as ResourceIntent,
  },
  guards: {
    startRequest: ({ context, event }) =>
      is(event, 'ResourceOperationRequested') && event.fact.operation === 'start' && event.fact.node !== '' && isManaged(context),
    // A stop where it runs, or where it last ran and failed: recovery stops a failed resource even when its
    // monitor said "not running" (rc 7), as Pacemaker does; a stop of a stopped resource succeeds.
    stopRequest: ({ context, event }) =>
      is(event, 'ResourceOperationRequested') && event.fact.operation === 'stop' &&
      (context.activeOn.includes(event.fact.node) || (event.fact.node !== '' && event.fact.node === context.node)),
    // validate-all runs beside the lifecycle: its failure is recorded, the resource's state does not move.
    validateFailed: ({ event }) => is(event, 'ResourceOperationFailed') && event.fact.operation === 'validate',
    checkRequest: ({ context, event }) =>
      is(event, 'ResourceOperationRequested') && event.fact.node !== '' &&
      (event.fact.operation === 'probe' || (event.fact.operation === 'monitor' && context.activeOn.includes(event.fact.node))),
    startDone: ({ context, event }) => is(event, 'ResourceOperationSucceeded') && opMatches(context, event, 'start'),
    stopDone: ({ context, event }) => is(event, 'ResourceOperationSucceeded') && opMatches(context, event, 'stop'),
    stopDoneNoneLeft: ({ context, event }) =>
      is(event, 'ResourceOperationSucceeded') && opMatches(context, event, 'stop') && noneLeft(context, event.fact.node),
    stopImplied: ({ context, event }) =>
      is(event, 'ResourceOperationSucceeded') && event.fact.operation === 'stop' && context.activeOn.includes(event.fact.node),
    stopImpliedNoneLeft: ({ context, event }) =>
      is(event, 'ResourceOperationSucceeded') && event.fact.operation === 'stop' && context.activeOn.includes(event.fact.node) && noneLeft(context, event.fact.node),
    checkActive: ({ event }) => is(event, 'ResourceOperationSucceeded') && isCheck(event.fact.operation) && isActiveRc(event.fact.rc),
    checkInactive: ({ event }) => is(event, 'ResourceOperationSucceeded') && event.fact.operation === 'probe' && event.fact.rc === 7,
    checkInactiveNoneLeft: ({ context, event }) =>
      is(event, 'ResourceOperationSucceeded') && event.fact.operation === 'probe' && event.fact.rc === 7 && noneLeft(context, event.fact.node),
    startFailed: ({ context, event }) => is(event, 'ResourceOperationFailed') && opMatches(context, event, 'start'),
    startFailedBlocks: ({ context, event }) =>
      is(event, 'ResourceOperationFailed') && opMatches(context, event, 'start') &&
      (!isManaged(context) || effectiveOnFail(operationOf(context.config, 'start')?.onFail ?? '', 'start', true) === 'block'),
    stopFailed: ({ context, event }) => is(event, 'ResourceOperationFailed') && opMatches(context, event, 'stop'),
    stopFailIgnored: ({ context, event }) =>
      is(event, 'ResourceOperationFailed') && opMatches(context, event, 'stop') && isManaged(context) &&
      operationOf(context.config, 'stop')?.onFail === 'ignore',
    checkFailed: ({ event }) => is(event, 'ResourceOperationFailed') && isCheck(event.fact.operation) && event.fact.node !== '',
    checkFailBlocks: ({ context, event }) =>
      is(event, 'ResourceOperationFailed') && isCheck(event.fact.operation) && event.fact.node !== '' &&
      (!isManaged(context) || checkFailOnFail(context, event) === 'block'),
    checkFailIgnored: ({ context, event }) =>
      is(event, 'ResourceOperationFailed') && isCheck(event.fact.operation) && event.fact.node !== '' && checkFailOnFail(context, event) === 'ignore',
    nothingActive: ({ context }) => context.activeOn.length === 0,
    knownDeadline: ({ context, event }) => is(event, 'DeadlineExpired') && context.deadlines.some((d) => d.id === event.fact.deadline),
    resetUnblocks: ({ context, event }) => is(event, 'FailCountReset') && (event.fact.node === '' || event.fact.node === context.node),
    resetUnblocksActive: ({ context, event }) =>
      is(event, 'FailCountReset') && (event.fact.node === '' || event.fact.node === context.node) && context.activeOn.length > 0,
  },
  actions: {
    touch: assign({ since: ({ event }) => event.at }),
    define: assign(({ context, event }) => (is(event, 'ResourceDefined') || is(event, 'ResourceChanged') ? configured(context, event) : {})),
    clear: assign(({ context }) => ({ ...emptyResource(context.id), since: context.since })),
    request: assign(({ context, event }) => (is(event, 'ResourceOperationRequested') ? requested(context, event) : {})),
    monitorRequested: assign(({ context, event }) => (is(event, 'ResourceOperationRequested') ? monitorRequested(context, event) : {})),
    active: assign(({ context, event }) => (is(event, 'ResourceOperationSucceeded') ? foundActive(context, event) : {})),
    inactive: assign(({ context, event }) =>
      is(event, 'ResourceOperationSucceeded') || is(event, 'ResourceOperationFailed') ? foundInactive(context, event) : {}),
    failed: assign(({ context, event }) => (is(event, 'ResourceOperationFailed') ? failed(context, event) : {})),
    recordValidate: assign(({ event }) => (is(event, 'ResourceOperationFailed') ? { lastOperation: lastOp(event) } : {})),
    reset: assign(({ context, event }) => (is(event, 'FailCountReset') ? reset(context, event) : {})),
    expire: assign(({ context, event }) => (is(event, 'DeadlineExpired') ? expired(context, event) : {})),
    intents: enqueueActions(({ context, event, enqueue }) => {
      for (const intent of intentsFor(context, event)) enqueue.emit(intent);
    }),
  },
}).createMachine({
  id: 'resource',
  context: ({ input }) => emptyResource(input.id),
  // Children's transitions win; this one applies where no state handles the fact.
  on: { ResourceOperationFailed: { guard: 'validateFailed', actions: ['recordValidate'] } },
  initial: 'undefined',
  states: {
    undefined: { on: { ResourceDefined: { target: 'stopped', actions: ['clear', 'define', 'touch'] } } },
    removed: { on: { ResourceDefined: { target: 'stopped', actions: ['clear', 'define', 'touch'] } } },
    stopped: {
      on: {
        ...common(),
        ResourceRemoved: { guard: 'nothingActive', target: 'removed', actions: ['touch'] },
        ResourceOperationRequested: [
          { guard: 'startRequest', target: 'starting', actions: ['request', 'touch', 'intents'] },
          { guard: 'checkRequest', actions: ['monitorRequested', 'intents'] },
        ],
        ResourceOperationSucceeded: [
          { guard: 'checkActive', target: 'running', actions: ['active', 'touch'] },
          { guard: 'checkInactive', actions: ['inactive'] },
        ],
        ResourceOperationFailed: checkFailures('stopped'),
      },
    },
    starting: {
      on: {
        ...common(),
        ResourceOperationSucceeded: { guard: 'startDone', target: 'running', actions: ['active', 'touch'] },
        ResourceOperationFailed: [
          { guard: 'startFailedBlocks', target: 'blocked', actions: ['failed', 'touch', 'intents'] },
          { guard: 'startFailed', target: 'failed', actions: ['failed', 'touch', 'intents'] },
        ],
      },
    },
    running: {
      on: {
        ...common(),
        ResourceOperationRequested: [
          { guard: 'stopRequest', target: 'stopping', actions: ['request', 'touch', 'intents'] },
          { guard: 'checkRequest', actions: ['monitorRequested', 'intents'] },
        ],
        ResourceOperationSucceeded: checkSuccesses('running'),
        ResourceOperationFailed: checkFailures('running'),
      },
    },
    'monitor-failed': {
      on: {
        ...common(),
        ResourceOperationRequested: [
          { guard: 'stopRequest', target: 'stopping', actions: ['request', 'touch', 'intents'] },
          { guard: 'checkRequest', actions: ['monitorRequested', 'intents'] },
        ],
        ResourceOperationSucceeded: checkSuccesses('monitor-failed'),
        ResourceOperationFailed: checkFailures('monitor-failed'),
      },
    },
    stopping: {
      on: {
        ...common(),
        ResourceOperationSucceeded: [
          { guard: 'stopDoneNoneLeft', target: 'stopped', actions: ['inactive', 'touch'] },
          { guard: 'stopDone', target: 'running', actions: ['inactive', 'touch'] },
        ],
        ResourceOperationFailed: [
          { guard: 'stopFailIgnored', target: 'stopped', actions: ['inactive', 'touch'] },
          { guard: 'stopFailed', target: 'blocked', actions: ['failed', 'touch', 'intents'] },
        ],
      },
    },
    failed: {
      on: {
        ...common(),
        ResourceRemoved: { guard: 'nothingActive', target: 'removed', actions: ['touch'] },
        ResourceOperationRequested: [
          { guard: 'startRequest', target: 'starting', actions: ['request', 'touch', 'intents'] },
          { guard: 'stopRequest', target: 'stopping', actions: ['request', 'touch', 'intents'] },
          { guard: 'checkRequest', actions: ['monitorRequested', 'intents'] },
        ],
        ResourceOperationSucceeded: [
          { guard: 'checkActive', target: 'running', actions: ['active', 'touch'] },
          { guard: 'checkInactive', actions: ['inactive'] },
        ],
        ResourceOperationFailed: checkFailures('failed'),
      },
    },
    blocked: {
      on: {
        ResourceChanged: { actions: ['define'] },
        DeadlineExpired: { guard: 'knownDeadline', actions: ['expire'] },
        FailCountReset: [
          { guard: 'resetUnblocksActive', target: 'failed', actions: ['intents', 'reset', 'touch'] },
          { guard: 'resetUnblocks', target: 'stopped', actions: ['intents', 'reset', 'touch'] },
          { actions: ['intents', 'reset'] },
        ],
        ResourceOperationRequested: { guard: 'checkRequest', actions: ['monitorRequested', 'intents'] },
        ResourceOperationSucceeded: [
          // A stop that fencing implied (the DC journals it once the node is fenced) ends the block.
          { guard: 'stopImpliedNoneLeft', target: 'stopped', actions: ['inactive', 'touch'] },
          { guard: 'stopImplied', actions: ['inactive'] },
          { guard: 'checkActive', actions: ['active'] },
          { guard: 'checkInactive', actions: ['inactive'] },
        ],
        ResourceOperationFailed: { guard: 'checkFailed', actions: ['failed', 'intents'] },
      },
    },
  },
});

/** Facts every defined, unblocked state takes without changing state. */
function common() {
  return {
    ResourceChanged: { actions: ['define'] as const },
    FailCountReset: { actions: ['intents', 'reset'] as const }, // intents first: they cancel the deadlines reset drops
    DeadlineExpired: { guard: 'knownDeadline' as const, actions: ['expire'] as const },
  };
}

/**
 * Monitor/probe successes in a state where the resource may be running. A good result after a failed monitor
 * records where it is active but leaves it monitor-failed: the failure is still acted on (stop, then start per
 * policy), as Pacemaker recovers a failed monitor even when a later one passes before the recovery ran.
 */
function checkSuccesses(from: 'running' | 'monitor-failed') {
  return [
    from === 'running'
      ? { guard: 'checkActive' as const, target: 'running' as const, actions: ['active'] as const }
      : { guard: 'checkActive' as const, actions: ['active'] as const },
    { guard: 'checkInactiveNoneLeft' as const, target: 'stopped' as const, actions: ['inactive', 'touch'] as const },
    { guard: 'checkInactive' as const, actions: ['inactive'] as const },
  ];
}

/** Monitor/probe failures: blocked when unmanaged or on-fail=block, ignored by on-fail=ignore, else monitor-failed. */
function checkFailures(from: 'stopped' | 'running' | 'monitor-failed' | 'failed') {
  const stay = { guard: 'checkFailIgnored' as const, actions: ['failed', 'intents'] as const };
  const toFailed = from === 'monitor-failed'
    ? { guard: 'checkFailed' as const, actions: ['failed', 'intents'] as const }
    : { guard: 'checkFailed' as const, target: 'monitor-failed' as const, actions: ['failed', 'touch', 'intents'] as const };
  return [{ guard: 'checkFailBlocks' as const, target: 'blocked' as const, actions: ['failed', 'touch', 'intents'] as const }, stay, toFailed];
}

export type { E as ResourceFactEvent };
