// machines/group: public surface — the group machine and its decider.
import type { EntityModule } from '../kind.ts';
import { decideGroup, type GroupCommand } from './group.decide.ts';
import { groupMachine } from './group.machine.ts';

/** The group kind: machine, fresh input, decider. */
export const groupModule: EntityModule<typeof groupMachine, GroupCommand> = {
  kind: 'group',
  machine: groupMachine,
  input: (id: string) => ({ id }),
  decide: decideGroup,
};

export { groupMachine, type GroupContext } from './group.machine.ts';
export { decideGroup, type GroupCommand } from './group.decide.ts';
export { groupProblem } from './validate.ts';
