// cluster/transition: the coordinator's journaled plan (a transition graph) and how far it got.
//
// Lifecycle (Pacemaker's controld: idle → executing): `idle` ──TransitionPlanned──▶ `executing`, whose
// actions all start `pending`; TransitionActionCompleted marks one `done` or `failed` (once); the plan ends
// with TransitionCompleted (legal only when every action is done) or TransitionAborted (any time, e.g. an
// action failed or new input arrived: the DC recomputes from the state at `position`). Every fact names the
// transition it belongs to and is ignored (illegal) for any other. Counters survive across transitions.
import { assign, setup } from 'xstate';
import type { TransitionAction } from '../../proto/generated.ts';
import type { FactEvent, FactEventOf } from '../kind.ts';

/** An action of the current plan and its outcome. */
export interface PlannedAction {
  readonly id: string;
  readonly kind: string;
  readonly resource: string;
  readonly node: string;
  readonly target: string;
  readonly dependsOn: string[];
  readonly reason: string;
  readonly status: 'pending' | 'done' | 'failed';
  readonly rc: number;
  readonly detail: string;
}

/** Totals over the cluster's life. */
export interface TransitionCounters {
  readonly planned: number;
  readonly completed: number;
  readonly aborted: number;
  readonly actionsDone: number;
  readonly actionsFailed: number;
}

/** The transition singleton's context. `transitionId` is '' when idle and nothing ran yet. */
export interface TransitionContext {
  readonly transitionId: string;
  readonly position: number;
  readonly digest: string;
  readonly summary: string;
  readonly actions: PlannedAction[];
  readonly plannedAt: number;
  readonly lastOutcome: '' | 'completed' | 'aborted';
  readonly lastReason: string;
  readonly counters: TransitionCounters;
  readonly since: number;
}

type Ctx = { context: TransitionContext; event: FactEvent };
const sameTransition = ({ context, event }: Ctx) => (event.fact as { transitionId?: string }).transitionId === context.transitionId;

/** Actions of `plan` as pending PlannedActions, in plan order. Pure. */
export function plannedActions(plan: readonly TransitionAction[]): PlannedAction[] {
  return plan.map((a) => ({
    id: a.id, kind: a.kind, resource: a.resource, node: a.node, target: a.target, dependsOn: [...a.dependsOn],
    reason: a.reason, status: 'pending', rc: 0, detail: '',
  }));
}

/** The transition machine. Pure. */
export const transitionMachine = setup({
  types: { context: {} as TransitionContext, events: {} as FactEvent, input: {} as { id: string } },
}).createMachine({
  id: 'transition',
  context: {
    transitionId: '', position: 0, digest: '', summary: '', actions: [], plannedAt: 0, lastOutcome: '', lastReason: '',
    counters: { planned: 0, completed: 0, aborted: 0, actionsDone: 0, actionsFailed: 0 }, since: 0,
  },
  initial: 'idle',
  states: {
    idle: {
      on: {
        TransitionPlanned: {
          guard: ({ event }) => event.fact.transitionId !== '' && new Set(event.fact.actions.map((a) => a.id)).size === event.fact.actions.length,
          target: 'executing',
          actions: assign(({ context, event }) => ({
            ...context, transitionId: event.fact.transitionId, position: event.fact.position, digest: event.fact.stateDigest,
            summary: event.fact.summary, actions: plannedActions(event.fact.actions), plannedAt: event.at, lastReason: '',
            counters: { ...context.counters, planned: context.counters.planned + 1 }, since: event.at,
          })),
        },
      },
    },
    executing: {
      on: {
        TransitionActionCompleted: {
          guard: ({ context, event }) => sameTransition({ context, event })
            && context.actions.some((a) => a.id === event.fact.actionId && a.status === 'pending'),
          actions: assign(({ context, event }) => {
            const f = event.fact;
            return {
              ...context,
              actions: context.actions.map((a) => (a.id !== f.actionId ? a : { ...a, status: f.ok ? 'done' : 'failed', rc: f.rc, detail: f.reason })),
              counters: { ...context.counters, [f.ok ? 'actionsDone' : 'actionsFailed']: context.counters[f.ok ? 'actionsDone' : 'actionsFailed'] + 1 },
            };
          }),
        },
        TransitionCompleted: {
          guard: ({ context, event }) => sameTransition({ context, event }) && context.actions.every((a) => a.status === 'done'),
          target: 'idle',
          actions: assign(({ context, event }) => ({
            ...context, lastOutcome: 'completed' as const, lastReason: '', since: event.at,
            counters: { ...context.counters, completed: context.counters.completed + 1 },
          })),
        },
        TransitionAborted: {
          guard: sameTransition,
          target: 'idle',
          actions: assign(({ context, event }) => ({
            ...context, lastOutcome: 'aborted' as const, lastReason: (event as FactEventOf<'TransitionAborted'>).fact.reason, since: event.at,
            counters: { ...context.counters, aborted: context.counters.aborted + 1 },
          })),
        },
      },
    },
  },
});

/** The transition machine's type. */
export type TransitionMachine = typeof transitionMachine;
