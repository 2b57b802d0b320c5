// The group decider: define, change and remove a group; a group without members or with a member twice is refused.
import type { SnapshotFrom } from 'xstate';
import type { Fact, GroupConfig } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { groupMachine } from './group.machine.ts';
import { completeGroup, groupProblem } from './validate.ts';

/** Commands a group takes. */
export type GroupCommand =
  | { type: 'DefineGroup'; config: Partial<GroupConfig> }
  | { type: 'ChangeGroup'; config: Partial<GroupConfig> }
  | { type: 'RemoveGroup' };

/** Decides a group command. Pure. */
export function decideGroup(command: GroupCommand, snapshot: SnapshotFrom<typeof groupMachine>, at: number): Fact[] {
  const id = snapshot.context.id;
  const entity = `group/${id}`;
  const state = snapshot.value as string;
  const no = (reason: string): never => reject(entity, state, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(groupMachine, snapshot, entity, command.type, facts, at);
  const checked = (config: Partial<GroupConfig>) => {
    const problem = groupProblem(id, config);
    return problem === '' ? completeGroup(id, config) : no(problem);
  };
  switch (command.type) {
    case 'DefineGroup':
      if (state === 'defined') no(`group ${id} is already defined (change it instead)`);
      return legal([{ type: 'GroupDefined', config: checked(command.config) }]);
    case 'ChangeGroup':
      if (state !== 'defined') no(`group ${id} is not defined`);
      return legal([{ type: 'GroupChanged', config: checked(command.config) }]);
    case 'RemoveGroup':
      if (state !== 'defined') no(`group ${id} is not defined`);
      return legal([{ type: 'GroupRemoved', id }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}
