// machines/fence-level: public surface — a node's fencing topology machine and its decider.
import type { EntityModule } from '../kind.ts';
import { decideFenceLevel, type FenceLevelCommand } from './fence-level.decide.ts';
import { fenceLevelMachine, type FenceLevelMachine } from './fence-level.machine.ts';

export { fenceLevelMachine, validIndex, LEVEL_MAX, LEVEL_MIN, type FenceLevel, type FenceLevelContext, type FenceLevelMachine } from './fence-level.machine.ts';
export { decideFenceLevel, type FenceLevelCommand } from './fence-level.decide.ts';

/** The fence-level kind: one entity per fenced node (the target). */
export const fenceLevelModule: EntityModule<FenceLevelMachine, FenceLevelCommand> = {
  kind: 'fence-level',
  machine: fenceLevelMachine,
  input: (id) => ({ id }),
  decide: decideFenceLevel,
};
