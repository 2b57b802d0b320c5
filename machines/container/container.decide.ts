// The container decider: configure, create, own, take over, hand over, activate, carve volumes, fence I/O, delete.
import type { SnapshotFrom } from 'xstate';
import type { ContainerConfig, Fact } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { containerMachine } from './container.machine.ts';
import { containerConfigProblem, DEFAULT_EXTENT_SIZE_KIB, type ContainerContext } from './context.ts';
import { allocate, extentsFor, freeCount, growInPlace, shrink } from './extents.ts';

/** Commands a container takes. TakeOver carries what the caller read from the owner node's state. */
export type ContainerCommand =
  | { type: 'DefineContainer'; config: Partial<ContainerConfig> }
  | { type: 'ChangeContainer'; config: Partial<ContainerConfig> }
  | { type: 'RemoveContainer' }
  | { type: 'CreateContainer'; diskExtents: number[] }
  | { type: 'ChangeOwner'; owner: string }
  | { type: 'TakeOver'; node: string; ownerFenced: boolean; fenceRequestId: string }
  | { type: 'Handover'; node: string }
  | { type: 'Activate'; node: string }
  | { type: 'Deactivate'; node: string; reason?: string }
  | { type: 'CreateVolume'; volume: string; sizeBytes: number }
  | { type: 'DeleteVolume'; volume: string }
  | { type: 'ResizeVolume'; volume: string; sizeBytes: number }
  | { type: 'FenceIo'; node: string; reason?: string }
  | { type: 'ResumeIo'; node: string }
  | { type: 'DeleteContainer' };

type Snapshot = SnapshotFrom<typeof containerMachine>;
const CREATED = new Set(['inactive', 'active']);

function complete(id: string, c: Partial<ContainerConfig>): ContainerConfig {
  return {
    id, name: c.name ?? '', type: c.type ?? '', disks: [...(c.disks ?? [])], owner: c.owner ?? '',
    extentSizeKib: c.extentSizeKib || DEFAULT_EXTENT_SIZE_KIB, meta: { ...(c.meta ?? {}) },
  };
}

/** Decides a container command at `at`: the facts, or a CommandRejectedError saying why. Pure. */
export function decideContainer(command: ContainerCommand, snapshot: Snapshot, at: number): Fact[] {
  const ctx = snapshot.context;
  const id = ctx.id;
  const entity = `container/${id}`;
  const state = snapshot.value as string;
  const no = (reason: string): never => reject(entity, state, command.type, reason);
  const legal = (facts: Fact[], why?: (f: Fact) => string) => ensureLegal(containerMachine, snapshot, entity, command.type, facts, at, why);
  const mustBeCreated = () => {
    if (!CREATED.has(state)) no(`container ${id} is ${state === 'deleted' ? 'deleted' : 'not created'}`);
  };
  const node = (n: string) => (n === '' ? no('no node given') : n);

  switch (command.type) {
    case 'DefineContainer': {
      if (state !== 'undefined' && state !== 'removed') no(`container ${id} is already defined (change it instead)`);
      const problem = containerConfigProblem(id, command.config);
      return problem ? no(problem) : legal([{ type: 'ContainerDefined', config: complete(id, command.config) }]);
    }
    case 'ChangeContainer': {
      if (state === 'undefined' || state === 'removed') no(`container ${id} is not defined`);
      const problem = containerConfigProblem(id, command.config);
      if (problem) no(problem);
      const config = complete(id, command.config);
      if (CREATED.has(state) && (config.type !== ctx.type || config.disks.join('\n') !== ctx.disks.join('\n'))) {
        no(`the type and disks of container ${id} cannot change once it is created`);
      }
      return legal([{ type: 'ContainerChanged', config }]);
    }
    case 'RemoveContainer':
      if (state === 'undefined' || state === 'removed') no(`container ${id} is not defined`);
      if (CREATED.has(state)) no(`container ${id} exists on disk: delete it first`);
      return legal([{ type: 'ContainerRemoved', id }]);
    case 'CreateContainer': {
      if (state === 'undefined' || state === 'removed') no(`container ${id} is not defined`);
      if (CREATED.has(state)) no(`container ${id} is already created`);
      const c = ctx.config!;
      const per = command.diskExtents;
      if (per.length !== c.disks.length) no(`diskExtents has ${per.length} entries for ${c.disks.length} disks`);
      per.forEach((n, i) => { if (!Number.isInteger(n) || n <= 0) no(`diskExtents[${i}] (${c.disks[i]}): ${n} is not a positive whole number`); });
      const owner = c.type === 'shared' ? '' : c.owner;
      return legal([{
        type: 'ContainerCreated', container: id, containerType: c.type, disks: [...c.disks], extentSizeKib: c.extentSizeKib || DEFAULT_EXTENT_SIZE_KIB,
        extents: per.reduce((a, b) => a + b, 0), owner, epoch: 0, diskExtents: [...per],
      }]);
    }
    case 'ChangeOwner': {
      mustBeCreated();
      if (ctx.type !== 'private') no(`only a private container has an owner to change (${id} is ${ctx.type})`);
      const owner = node(command.owner);
      if (owner === ctx.owner) no(`${owner} already owns ${id}`);
      if (ctx.activeOn.includes(ctx.owner)) no(`${id} is active on its owner ${ctx.owner}: deactivate it first`);
      return legal([ownerChanged(ctx, owner, 'admin', '')]);
    }
    case 'TakeOver': {
      mustBeCreated();
      if (ctx.type !== 'private') no(`only a private container can be taken over (${id} is ${ctx.type})`);
      const to = node(command.node);
      if (to === ctx.owner) no(`${to} already owns ${id}`);
      if (!command.ownerFenced) no(`owner ${ctx.owner} is not fenced: fence it before taking ${id} over`);
      if (command.fenceRequestId === '') no('a takeover needs the fence request that made it safe');
      return legal([ownerChanged(ctx, to, 'takeover', command.fenceRequestId)]);
    }
    case 'Handover': {
      // A planned move from a live owner: legal only once the container is journaled active nowhere (the owner
      // journaled it deactivated: that is the proof it stopped writing, so no fencing is needed).
      mustBeCreated();
      if (ctx.type !== 'private') no(`only a private container is handed over (${id} is ${ctx.type})`);
      const to = node(command.node);
      if (to === ctx.owner) no(`${to} already owns ${id}`);
      if (ctx.activeOn.length > 0) no(`${id} is active on ${ctx.activeOn.join(', ')}: a handover waits until it is journaled deactivated there`);
      return legal([ownerChanged(ctx, to, 'handover', '')]);
    }
    case 'Activate': {
      mustBeCreated();
      const n = node(command.node);
      if (ctx.type !== 'shared' && n !== ctx.owner) no(`${n} is not the owner of ${id} (owner ${ctx.owner})`);
      if (ctx.activeOn.includes(n)) no(`${id} is already active on ${n}`);
      if (ctx.ioFenced.includes(n)) no(`I/O of ${n} to ${id} is fenced: resume it first`);
      return legal([{ type: 'ContainerActivated', container: id, node: n, epoch: ctx.epoch }]);
    }
    case 'Deactivate': {
      mustBeCreated();
      const n = node(command.node);
      if (!ctx.activeOn.includes(n)) no(`${id} is not active on ${n}`);
      return legal([{ type: 'ContainerDeactivated', container: id, node: n, reason: command.reason ?? 'admin' }]);
    }
    case 'CreateVolume': {
      mustBeCreated();
      const { volume, sizeBytes } = command;
      if (volume === '') no('no volume name given');
      if (ctx.volumes.some((v) => v.name === volume)) no(`volume ${volume} already exists in ${id}`);
      if (!Number.isInteger(sizeBytes) || sizeBytes <= 0) no(`size ${sizeBytes} is not a positive number of bytes`);
      const need = extentsFor(sizeBytes, ctx.extentSizeKib);
      const extents = allocate(ctx.diskExtents, ctx.volumes, need);
      if (!extents) no(`too little space: need ${need} extents, ${freeCount(ctx.diskExtents, ctx.volumes)} free`);
      return legal([{ type: 'VolumeCreated', container: id, volume, sizeBytes, extents: extents! }]);
    }
    case 'DeleteVolume': {
      mustBeCreated();
      if (!ctx.volumes.some((v) => v.name === command.volume)) no(`no volume ${command.volume} in ${id}`);
      return legal([{ type: 'VolumeDeleted', container: id, volume: command.volume }]);
    }
    case 'ResizeVolume':
      mustBeCreated();
      return legal([resized(ctx, command.volume, command.sizeBytes, no)]);
    case 'FenceIo': {
      mustBeCreated();
      const n = node(command.node);
      if (ctx.ioFenced.includes(n)) no(`I/O of ${n} to ${id} is already fenced`);
      return legal([{ type: 'ContainerIoFenced', container: id, node: n, reason: command.reason ?? 'quorum-lost' }]);
    }
    case 'ResumeIo': {
      mustBeCreated();
      const n = node(command.node);
      if (!ctx.ioFenced.includes(n)) no(`I/O of ${n} to ${id} is not fenced`);
      return legal([{ type: 'ContainerIoResumed', container: id, node: n }]);
    }
    case 'DeleteContainer':
      mustBeCreated();
      if (ctx.activeOn.length > 0) no(`${id} is active on ${ctx.activeOn.join(', ')}: deactivate it first`);
      if (ctx.volumes.length > 0) no(`${id} still has volumes (${ctx.volumes.map((v) => v.name).join(', ')}): delete them first`);
      return legal([{ type: 'ContainerDeleted', container: id }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}

function ownerChanged(ctx: ContainerContext, owner: string, reason: string, fenceRequestId: string): Fact {
  return { type: 'ContainerOwnerChanged', container: ctx.id, previousOwner: ctx.owner, owner, reason, previousEpoch: ctx.epoch, fenceRequestId };
}

function resized(ctx: ContainerContext, name: string, sizeBytes: number, no: (r: string) => never): Fact {
  const v = ctx.volumes.find((x) => x.name === name);
  if (!v) return no(`no volume ${name} in ${ctx.id}`);
  if (!Number.isInteger(sizeBytes) || sizeBytes <= 0) no(`size ${sizeBytes} is not a positive number of bytes`);
  if (sizeBytes === v.sizeBytes) no(`volume ${name} is already ${sizeBytes} bytes`);
  const have = v.extents.reduce((n, e) => n + e.count, 0);
  const need = extentsFor(sizeBytes, ctx.extentSizeKib);
  let extents = v.extents;
  if (need > have) {
    const grown = growInPlace(ctx.diskExtents, ctx.volumes, v, need - have);
    if (!Array.isArray(grown)) no(`cannot grow ${name} in place: need ${need - have} more contiguous extents after it, ${grown.free} free there`);
    extents = grown as typeof extents;
  } else if (need < have) {
    extents = shrink(v, need);
  }
  return { type: 'VolumeResized', container: ctx.id, volume: name, sizeBytes, extents: extents.map((e) => ({ ...e })) };
}
