// machines/container: public surface — the EVMS cluster container machine, its decider and extent arithmetic.
import type { EntityModule } from '../kind.ts';
import { decideContainer, type ContainerCommand } from './container.decide.ts';
import { containerMachine } from './container.machine.ts';

/** The container kind: machine, fresh input, decider. */
export const containerModule: EntityModule<typeof containerMachine, ContainerCommand> = {
  kind: 'container',
  machine: containerMachine,
  input: (id: string) => ({ id }),
  decide: decideContainer,
};

export { containerMachine } from './container.machine.ts';
export { decideContainer, type ContainerCommand } from './container.decide.ts';
export { ContainerType, DEFAULT_EXTENT_SIZE_KIB, containerConfigProblem, emptyContainer, isContainerType, type ContainerContext } from './context.ts';
export { allocate, extentsFor, extentsProblem, freeCount, freeRuns, growInPlace, shrink, type Volume } from './extents.ts';
export type { ActivateContainer, ContainerIntent, DeactivateContainer, FenceIo, ResumeIo, WriteEpoch } from './intents.ts';
