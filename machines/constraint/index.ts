// machines/constraint: public surface — the constraint machine, its decider and config checks.
import type { EntityModule } from '../kind.ts';
import { decideConstraint, type ConstraintCommand } from './constraint.decide.ts';
import { constraintMachine } from './constraint.machine.ts';

/** The constraint kind: machine, fresh input, decider. */
export const constraintModule: EntityModule<typeof constraintMachine, ConstraintCommand> = {
  kind: 'constraint',
  machine: constraintMachine,
  input: (id: string) => ({ id }),
  decide: decideConstraint,
};

export { constraintMachine, type ConstraintContext } from './constraint.machine.ts';
export { decideConstraint, type ConstraintCommand } from './constraint.decide.ts';
export { OrderKind, completeConstraint, constraintProblem, type ConstraintInput, type ScoreInput } from './validate.ts';
