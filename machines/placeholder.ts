// TEMPORARY: a stand-in module for kinds whose machine is not written yet. Remove when every kind has its own.
import { assign, setup } from 'xstate';
import type { EntityKind } from './entity.ts';
import type { EntityModule, FactEvent } from './kind.ts';
import { CommandRejectedError } from './errors.ts';

export function placeholderModule(kind: EntityKind): EntityModule {
  const machine = setup({
    types: { context: {} as { id: string; facts: number }, events: {} as FactEvent, input: {} as { id: string } },
  }).createMachine({
    id: kind,
    context: ({ input }) => ({ id: input.id, facts: 0 }),
    initial: 'present',
    states: { present: { on: { '*': { actions: assign({ facts: ({ context }) => context.facts + 1 }) } } } },
  });
  return {
    kind,
    machine,
    input: (id: string) => ({ id }),
    decide: (command) => {
      throw new CommandRejectedError(`${kind}/?`, 'present', command.type, 'not implemented yet');
    },
  };
}
