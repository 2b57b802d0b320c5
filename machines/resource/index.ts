// machines/resource: public surface — the resource machine, its decider, OCF codes and the scheduler's helpers.
import type { EntityModule } from '../kind.ts';
import { decideResource, type ResourceCommand } from './resource.decide.ts';
import { resourceMachine } from './resource.machine.ts';

/** The resource kind: machine, fresh input, decider. */
export const resourceModule: EntityModule<typeof resourceMachine, ResourceCommand> = {
  kind: 'resource',
  machine: resourceMachine,
  input: (id: string) => ({ id }),
  decide: decideResource,
};

export { resourceMachine } from './resource.machine.ts';
export { decideResource, DEFAULT_TIMEOUT_MS, type ResourceCommand } from './resource.decide.ts';
export {
  emptyResource, failCount, failureTimeoutDeadline, isManaged, operationOf, targetRole,
  type Deadline, type FailCount, type LastOperation, type PendingOperation, type ResourceContext,
} from './context.ts';
export type { ArmDeadline, CancelDeadline, FenceForResource, ResourceIntent, RunAgent } from './intents.ts';
export {
  OCF_CODES, OcfRc, OnFail, OperationName, Recovery, defaultOnFail, effectiveOnFail, isActiveRc, isOnFail,
  isOperationName, isOperationSuccess, ocfCode, recoveryOf, type OcfCode,
} from './ocf.ts';
export {
  TargetRole, failureTimeoutMsOf, isManagedMeta, migrationThresholdOf, parseDurationMs, stickinessOf, targetRoleOf,
} from './meta.ts';
