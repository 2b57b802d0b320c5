// The constraint decider: define, change and remove a constraint; incomplete or self-referencing rules are refused.
import type { SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { constraintMachine } from './constraint.machine.ts';
import { completeConstraint, ConstraintProblem, type ConstraintInput } from './validate.ts';

/** Commands a constraint takes. */
export type ConstraintCommand =
  | { type: 'DefineConstraint'; config: ConstraintInput }
  | { type: 'ChangeConstraint'; config: ConstraintInput }
  | { type: 'RemoveConstraint' };

/** Decides a constraint command. Pure. */
export function decideConstraint(command: ConstraintCommand, snapshot: SnapshotFrom<typeof constraintMachine>, at: number): Fact[] {
  const id = snapshot.context.id;
  const entity = `constraint/${id}`;
  const state = snapshot.value as string;
  const no = (reason: string): never => reject(entity, state, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(constraintMachine, snapshot, entity, command.type, facts, at);
  const checked = (config: ConstraintInput) => {
    try {
      return completeConstraint(id, config);
    } catch (e) {
      if (e instanceof ConstraintProblem) return no(e.message);
      throw e;
    }
  };
  switch (command.type) {
    case 'DefineConstraint':
      if (state === 'defined') no(`constraint ${id} is already defined (change it instead)`);
      return legal([{ type: 'ConstraintDefined', config: checked(command.config) }]);
    case 'ChangeConstraint':
      if (state !== 'defined') no(`constraint ${id} is not defined`);
      return legal([{ type: 'ConstraintChanged', config: checked(command.config) }]);
    case 'RemoveConstraint':
      if (state !== 'defined') no(`constraint ${id} is not defined`);
      return legal([{ type: 'ConstraintRemoved', id }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}
