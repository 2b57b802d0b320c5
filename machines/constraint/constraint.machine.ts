// The constraint statechart: a location, colocation or order rule the scheduler reads: undefined, defined, removed.
import { assign, setup } from 'xstate';
import type { ConstraintConfig } from '../../proto/generated.ts';
import type { FactEvent } from '../kind.ts';
import { constraintProblem } from './validate.ts';

/** A constraint's context: its config (exactly one rule) and when it last changed state. */
export interface ConstraintContext {
  id: string;
  config: ConstraintConfig | null;
  since: number;
}

function configOf(event: FactEvent): ConstraintConfig | null {
  if (event.type !== 'ConstraintDefined' && event.type !== 'ConstraintChanged') return null;
  const c = event.fact.config;
  if (!c) return null;
  // Plain JSON with only the rule that is set (the decoded oneof may carry the others as undefined).
  if (c.location) return { id: c.id, rule: 'location', location: { ...c.location } };
  if (c.colocation) return { id: c.id, rule: 'colocation', colocation: { ...c.colocation } };
  if (c.order) return { id: c.id, rule: 'order', order: { ...c.order } };
  return null;
}

/** The constraint machine. Pure. A config that fails validation is not legal here either. */
export const constraintMachine = setup({
  types: { context: {} as ConstraintContext, events: {} as FactEvent, input: {} as { id: string } },
  guards: {
    validConfig: ({ context, event }) => {
      const c = configOf(event);
      return c !== null && constraintProblem(context.id, c) === '';
    },
    isSelf: ({ context, event }) => event.type === 'ConstraintRemoved' && event.fact.id === context.id,
  },
  actions: {
    configure: assign({ config: ({ event }) => configOf(event) }),
    touch: assign({ since: ({ event }) => event.at }),
    forget: assign({ config: null }),
  },
}).createMachine({
  id: 'constraint',
  context: ({ input }) => ({ id: input.id, config: null, since: 0 }),
  initial: 'undefined',
  states: {
    undefined: { on: { ConstraintDefined: { guard: 'validConfig', target: 'defined', actions: ['configure', 'touch'] } } },
    defined: {
      on: {
        ConstraintChanged: { guard: 'validConfig', actions: ['configure'] },
        ConstraintRemoved: { guard: 'isSelf', target: 'removed', actions: ['forget', 'touch'] },
      },
    },
    removed: { on: { ConstraintDefined: { guard: 'validConfig', target: 'defined', actions: ['configure', 'touch'] } } },
  },
});
