// The group statechart: a configured, ordered set of resources (started in order, stopped in reverse): undefined, defined, removed.
import { assign, setup } from 'xstate';
import type { GroupConfig } from '../../proto/generated.ts';
import type { FactEvent } from '../kind.ts';
import { sortedRecord } from '../legal.ts';
import { groupProblem } from './validate.ts';

/** A group's context: its config (members keep their start order) and when it last changed state. */
export interface GroupContext {
  id: string;
  config: GroupConfig | null;
  since: number;
}

function configOf(event: FactEvent): GroupConfig | null {
  if (event.type !== 'GroupDefined' && event.type !== 'GroupChanged') return null;
  const c = event.fact.config;
  if (!c) return null;
  return { id: c.id, members: [...c.members], meta: sortedRecord(c.meta), failoverDomain: [...c.failoverDomain] };
}

/** The group machine. Pure. A config that fails validation is not legal here either. */
export const groupMachine = setup({
  types: { context: {} as GroupContext, events: {} as FactEvent, input: {} as { id: string } },
  guards: {
    validConfig: ({ context, event }) => {
      const c = configOf(event);
      return c !== null && groupProblem(context.id, c) === '';
    },
    isSelf: ({ context, event }) => event.type === 'GroupRemoved' && event.fact.id === context.id,
  },
  actions: {
    configure: assign({ config: ({ event }) => configOf(event) }),
    touch: assign({ since: ({ event }) => event.at }),
    forget: assign({ config: null }),
  },
}).createMachine({
  id: 'group',
  context: ({ input }) => ({ id: input.id, config: null, since: 0 }),
  initial: 'undefined',
  states: {
    undefined: { on: { GroupDefined: { guard: 'validConfig', target: 'defined', actions: ['configure', 'touch'] } } },
    defined: {
      on: {
        GroupChanged: { guard: 'validConfig', actions: ['configure'] },
        GroupRemoved: { guard: 'isSelf', target: 'removed', actions: ['forget', 'touch'] },
      },
    },
    removed: { on: { GroupDefined: { guard: 'validConfig', target: 'defined', actions: ['configure', 'touch'] } } },
  },
});
