// The coordinator's phase as an explicit statechart (Pacemaker's controld FSA, reduced): idle → computing →
// executing → idle. Not journaled: it is the DC's working mode; what it decides is journaled by the driver.
//
//   idle ──input──▶ computing ──planned──▶ executing ──finished / aborted──▶ idle
//                   computing ──nothing──▶ idle     (the graph was empty)
//                   computing ──input──▶ computing  (new input while computing: the result is discarded)
//   any ──deposed──▶ idle                           (no longer DC: stop at once, forget the plan)
import { createActor, setup } from 'xstate';

/** The coordinator's phases. */
export const CoordinatorPhase = { idle: 'idle', computing: 'computing', executing: 'executing' } as const;
export type CoordinatorPhase = (typeof CoordinatorPhase)[keyof typeof CoordinatorPhase];

/** What moves the coordinator between phases. */
export type CoordinatorEvent =
  | { type: 'input' }
  | { type: 'planned' }
  | { type: 'nothing' }
  | { type: 'finished' }
  | { type: 'aborted' }
  | { type: 'deposed' };

/** The phase statechart. Pure; the driver (coordinator.ts) sends it what happened. */
export const coordinatorMachine = setup({ types: { events: {} as CoordinatorEvent } }).createMachine({
  id: 'coordinator',
  initial: 'idle',
  on: { deposed: '.idle' },
  states: {
    idle: { on: { input: 'computing' } },
    computing: {
      on: {
        input: { target: 'computing', reenter: true },
        planned: 'executing',
        nothing: 'idle',
      },
    },
    executing: { on: { finished: 'idle', aborted: 'idle' } },
  },
});

/** A running phase actor with a one-call view of its phase. */
export interface CoordinatorPhaseActor {
  phase(): CoordinatorPhase;
  send(event: CoordinatorEvent): void;
  stop(): void;
}

/** Starts the phase statechart. */
export function createCoordinatorPhase(onChange?: (from: CoordinatorPhase, to: CoordinatorPhase) => void): CoordinatorPhaseActor {
  const actor = createActor(coordinatorMachine).start();
  let last = actor.getSnapshot().value as CoordinatorPhase;
  actor.subscribe((s) => {
    const now = s.value as CoordinatorPhase;
    if (now !== last) onChange?.(last, now);
    last = now;
  });
  return {
    phase: () => actor.getSnapshot().value as CoordinatorPhase,
    send: (event) => actor.send(event),
    stop: () => actor.stop(),
  };
}
