// What the container machine asks the live edge to do: write the epoch, activate, deactivate, fence or resume I/O.
import type { FactEvent } from '../kind.ts';
import type { ContainerContext } from './context.ts';
import type { Volume } from './extents.ts';

/** Write the container's epoch into its on-disk metadata (the I/O gate checks it before every write). */
export interface WriteEpoch { type: 'WriteEpoch'; node: string; container: string; epoch: number; owner: string }
/** Import and activate the container's volumes on `node`, under `epoch`. */
export interface ActivateContainer { type: 'ActivateContainer'; node: string; container: string; epoch: number; disks: string[]; volumes: Volume[] }
/** Deactivate the container's volumes on `node`. */
export interface DeactivateContainer { type: 'DeactivateContainer'; node: string; container: string; reason: string }
/** Block `node`'s I/O to the container (quorum lost, or fencing). */
export interface FenceIo { type: 'FenceIo'; node: string; container: string; reason: string }
/** Let `node`'s I/O through again. */
export interface ResumeIo { type: 'ResumeIo'; node: string; container: string }
/** Every intent the container machine emits. */
export type ContainerIntent = WriteEpoch | ActivateContainer | DeactivateContainer | FenceIo | ResumeIo;

/**
 * The intents of a transition, from the context after its updates and the event. The epoch is
 * written by the owner (the DC for a shared container). Pure.
 */
export function containerIntents(ctx: ContainerContext, event: FactEvent): ContainerIntent[] {
  const container = ctx.id;
  switch (event.type) {
    case 'ContainerCreated':
    case 'ContainerOwnerChanged':
      return [{ type: 'WriteEpoch', node: ctx.type === 'shared' ? '' : ctx.owner, container, epoch: ctx.epoch, owner: ctx.owner }];
    case 'ContainerActivated':
      return [{ type: 'ActivateContainer', node: event.fact.node, container, epoch: ctx.epoch, disks: [...ctx.disks], volumes: ctx.volumes }];
    case 'ContainerDeactivated':
      return [{ type: 'DeactivateContainer', node: event.fact.node, container, reason: event.fact.reason }];
    case 'ContainerIoFenced':
      return [{ type: 'FenceIo', node: event.fact.node, container, reason: event.fact.reason }];
    case 'ContainerIoResumed':
      return [{ type: 'ResumeIo', node: event.fact.node, container }];
    default:
      return [];
  }
}
