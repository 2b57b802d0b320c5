// cluster/options: the cluster-wide options map (Pacemaker-style names; typed view in options-schema.ts).
//
// Lifecycle: `unset` ──ClusterOptionsDefined──▶ `set`. Defined sets the whole map (once); Changed sets the
// names it carries and keeps the rest (a merge, so two admins changing different options do not undo each
// other); Removed drops the names it lists, which must all be set. Keys are kept in code-unit order.
import { assign, setup } from 'xstate';
import type { FactEvent } from '../kind.ts';
import { sortedRecord } from '../legal.ts';

/** The options singleton's context: option name -> text as written. */
export interface OptionsContext {
  readonly options: Record<string, string>;
  readonly since: number;
  readonly changedAt: number;
}

/** The options machine. Pure. */
export const optionsMachine = setup({
  types: { context: {} as OptionsContext, events: {} as FactEvent, input: {} as { id: string } },
}).createMachine({
  id: 'options',
  context: { options: {}, since: 0, changedAt: 0 },
  initial: 'unset',
  states: {
    unset: {
      on: {
        ClusterOptionsDefined: {
          target: 'set',
          actions: assign(({ event }) => ({ options: sortedRecord(event.fact.options), since: event.at, changedAt: event.at })),
        },
      },
    },
    set: {
      on: {
        ClusterOptionsChanged: {
          actions: assign(({ context, event }) => ({ ...context, options: sortedRecord({ ...context.options, ...event.fact.options }), changedAt: event.at })),
        },
        ClusterOptionsRemoved: {
          guard: ({ context, event }) => event.fact.names.length > 0 && event.fact.names.every((n) => Object.hasOwn(context.options, n)),
          actions: assign(({ context, event }) => ({
            ...context,
            options: sortedRecord(Object.fromEntries(Object.entries(context.options).filter(([k]) => !event.fact.names.includes(k)))),
            changedAt: event.at,
          })),
        },
      },
    },
  },
});

/** The options machine's type. */
export type OptionsMachine = typeof optionsMachine;
