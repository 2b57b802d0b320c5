// The container statechart: an EVMS cluster container from definition through creation, ownership, activation and I/O fencing.
//
// Lifecycle (seeds 000/001):
//   undefined --ContainerDefined--> defined --ContainerCreated--> inactive (metadata on disk; epoch = that fact's seq)
//   inactive --ContainerActivated(epoch = current)--> active (private/local: on the owner only; shared: on any node)
//   active --ContainerDeactivated--> inactive when no node is left, else stays active
//   ContainerOwnerChanged (private only) names the previous owner and epoch (a stale claim is not legal);
//     the new epoch is the fact's journal sequence: the fencing token the I/O gate checks. While active
//     on the old owner only a takeover is legal (the old owner is fenced) and it drops that activation.
//     A handover (reason handover: a planned move from a live owner) lands only while inactive, i.e. after the
//     owner journaled ContainerDeactivated; the new owner then activates under the new epoch.
//   ContainerIoFenced / ContainerIoResumed block and let through one node's I/O (quorum loss, seed 001).
//   VolumeCreated/Deleted/Resized edit the volumes table (extents must fit and not overlap).
//   inactive with no volumes --ContainerDeleted--> deleted --ContainerRemoved--> removed (or created again).
import { assign, enqueueActions, setup } from 'xstate';
import type { FactEvent } from '../kind.ts';
import { sortedRecord, sortedSet } from '../legal.ts';
import { containerConfigProblem, emptyContainer, plainVolume, sortVolumes, type ContainerContext } from './context.ts';
import { extentsProblem } from './extents.ts';
import { containerIntents, type ContainerIntent } from './intents.ts';

type E<K extends FactEvent['type']> = Extract<FactEvent, { type: K }>;
const is = <K extends FactEvent['type']>(ev: FactEvent, type: K): ev is E<K> => ev.type === type;

function configOf(ev: FactEvent) {
  if (!is(ev, 'ContainerDefined') && !is(ev, 'ContainerChanged')) return null;
  const c = ev.fact.config;
  return c ? { id: c.id, name: c.name, type: c.type, disks: [...c.disks], owner: c.owner, extentSizeKib: c.extentSizeKib, meta: sortedRecord(c.meta) } : null;
}

function diskExtentsOf(f: E<'ContainerCreated'>['fact']): number[] {
  return f.diskExtents.length > 0 ? [...f.diskExtents] : [f.extents];
}

function volumeFits(ctx: ContainerContext, ev: FactEvent): boolean {
  if (is(ev, 'VolumeCreated')) {
    return ev.fact.volume !== '' && !ctx.volumes.some((v) => v.name === ev.fact.volume) &&
      extentsProblem(ctx.diskExtents, ctx.extentSizeKib, ctx.volumes, ev.fact.volume, ev.fact.extents, ev.fact.sizeBytes) === '';
  }
  if (is(ev, 'VolumeResized')) {
    return ctx.volumes.some((v) => v.name === ev.fact.volume) &&
      extentsProblem(ctx.diskExtents, ctx.extentSizeKib, ctx.volumes, ev.fact.volume, ev.fact.extents, ev.fact.sizeBytes) === '';
  }
  return is(ev, 'VolumeDeleted') && ctx.volumes.some((v) => v.name === ev.fact.volume);
}

function ownerClaim(ctx: ContainerContext, ev: FactEvent): boolean {
  return is(ev, 'ContainerOwnerChanged') && ctx.type === 'private' && ev.fact.owner !== '' && ev.fact.owner !== ctx.owner &&
    ev.fact.previousOwner === ctx.owner && ev.fact.previousEpoch === ctx.epoch;
}

/** The container machine. Pure: fed only with journaled facts; intents are emitted, never executed. */
export const containerMachine = setup({
  types: { context: {} as ContainerContext, events: {} as FactEvent, input: {} as { id: string }, emitted: {} as ContainerIntent },
  guards: {
    validConfig: ({ context, event }) => {
      const c = configOf(event);
      return c !== null && containerConfigProblem(context.id, c) === '';
    },
    sameLayout: ({ context, event }) => {
      const c = configOf(event);
      return c !== null && containerConfigProblem(context.id, c) === '' && c.type === context.type && c.disks.join('\n') === context.disks.join('\n');
    },
    validCreate: ({ event }) => {
      if (!is(event, 'ContainerCreated')) return false;
      const f = event.fact;
      const per = diskExtentsOf(f);
      return (f.containerType === 'private' || f.containerType === 'shared' || f.containerType === 'local') && f.disks.length > 0 && f.extentSizeKib > 0 &&
        (f.diskExtents.length === 0 || f.diskExtents.length === f.disks.length) && per.reduce((a, b) => a + b, 0) === f.extents &&
        (f.containerType === 'shared') === (f.owner === '');
    },
    ownerClaim: ({ context, event }) => ownerClaim(context, event),
    takeover: ({ context, event }) =>
      ownerClaim(context, event) && is(event, 'ContainerOwnerChanged') && event.fact.reason === 'takeover' && event.fact.fenceRequestId !== '',
    canActivate: ({ context, event }) => {
      if (!is(event, 'ContainerActivated')) return false;
      const { node, epoch } = event.fact;
      if (node === '' || epoch !== context.epoch || context.activeOn.includes(node) || context.ioFenced.includes(node)) return false;
      return context.type === 'shared' || (node === context.owner && context.activeOn.length === 0);
    },
    lastDeactivated: ({ context, event }) => is(event, 'ContainerDeactivated') && context.activeOn.length === 1 && context.activeOn[0] === event.fact.node,
    deactivated: ({ context, event }) => is(event, 'ContainerDeactivated') && context.activeOn.includes(event.fact.node),
    volumeFits: ({ context, event }) => volumeFits(context, event),
    ioFence: ({ context, event }) => is(event, 'ContainerIoFenced') && event.fact.node !== '' && !context.ioFenced.includes(event.fact.node),
    ioResume: ({ context, event }) => is(event, 'ContainerIoResumed') && context.ioFenced.includes(event.fact.node),
    noVolumes: ({ context }) => context.volumes.length === 0,
  },
  actions: {
    touch: assign({ since: ({ event }) => event.at }),
    configure: assign({ config: ({ event }) => configOf(event) }),
    forget: assign(({ context }) => ({ ...emptyContainer(context.id), since: context.since })),
    create: assign(({ context, event }) => {
      if (!is(event, 'ContainerCreated')) return {};
      const f = event.fact;
      return {
        type: f.containerType, disks: [...f.disks], extentSizeKib: f.extentSizeKib, diskExtents: diskExtentsOf(f), extents: f.extents,
        owner: f.owner, epoch: event.seq, volumes: [], activeOn: [], ioFenced: context.ioFenced,
      };
    }),
    own: assign(({ context, event }) => {
      if (!is(event, 'ContainerOwnerChanged')) return {};
      // A takeover drops the fenced old owner's activation: it can no longer write (its epoch is stale).
      return { owner: event.fact.owner, epoch: event.seq, activeOn: context.activeOn.filter((n) => n !== event.fact.previousOwner) };
    }),
    activate: assign({ activeOn: ({ context, event }) => (is(event, 'ContainerActivated') ? sortedSet([...context.activeOn, event.fact.node]) : context.activeOn) }),
    deactivate: assign({ activeOn: ({ context, event }) => (is(event, 'ContainerDeactivated') ? context.activeOn.filter((n) => n !== event.fact.node) : context.activeOn) }),
    volume: assign({
      volumes: ({ context, event }) => {
        if (is(event, 'VolumeDeleted')) return context.volumes.filter((v) => v.name !== event.fact.volume);
        if (is(event, 'VolumeCreated') || is(event, 'VolumeResized')) {
          const others = context.volumes.filter((v) => v.name !== event.fact.volume);
          return sortVolumes([...others, plainVolume(event.fact.volume, event.fact.sizeBytes, event.fact.extents)]);
        }
        return context.volumes;
      },
    }),
    io: assign({
      ioFenced: ({ context, event }) => {
        if (is(event, 'ContainerIoFenced')) return sortedSet([...context.ioFenced, event.fact.node]);
        if (is(event, 'ContainerIoResumed')) return context.ioFenced.filter((n) => n !== event.fact.node);
        return context.ioFenced;
      },
    }),
    intents: enqueueActions(({ context, event, enqueue }) => {
      for (const intent of containerIntents(context, event)) enqueue.emit(intent);
    }),
  },
}).createMachine({
  id: 'container',
  context: ({ input }) => emptyContainer(input.id),
  initial: 'undefined',
  states: {
    undefined: { on: { ContainerDefined: { guard: 'validConfig', target: 'defined', actions: ['configure', 'touch'] } } },
    defined: {
      on: {
        ContainerChanged: { guard: 'validConfig', actions: ['configure'] },
        ContainerRemoved: { target: 'removed', actions: ['forget', 'touch'] },
        ContainerCreated: { guard: 'validCreate', target: 'inactive', actions: ['create', 'touch', 'intents'] },
      },
    },
    inactive: {
      on: {
        ContainerChanged: { guard: 'sameLayout', actions: ['configure'] },
        ContainerOwnerChanged: { guard: 'ownerClaim', actions: ['own', 'intents'] },
        ContainerActivated: { guard: 'canActivate', target: 'active', actions: ['activate', 'touch', 'intents'] },
        VolumeCreated: { guard: 'volumeFits', actions: ['volume'] },
        VolumeDeleted: { guard: 'volumeFits', actions: ['volume'] },
        VolumeResized: { guard: 'volumeFits', actions: ['volume'] },
        ContainerIoFenced: { guard: 'ioFence', actions: ['io', 'intents'] },
        ContainerIoResumed: { guard: 'ioResume', actions: ['io', 'intents'] },
        ContainerDeleted: { guard: 'noVolumes', target: 'deleted', actions: ['touch'] },
      },
    },
    active: {
      on: {
        ContainerChanged: { guard: 'sameLayout', actions: ['configure'] },
        ContainerOwnerChanged: { guard: 'takeover', target: 'inactive', actions: ['own', 'touch', 'intents'] },
        ContainerActivated: { guard: 'canActivate', actions: ['activate', 'intents'] },
        ContainerDeactivated: [
          { guard: 'lastDeactivated', target: 'inactive', actions: ['deactivate', 'touch', 'intents'] },
          { guard: 'deactivated', actions: ['deactivate', 'intents'] },
        ],
        VolumeCreated: { guard: 'volumeFits', actions: ['volume'] },
        VolumeDeleted: { guard: 'volumeFits', actions: ['volume'] },
        VolumeResized: { guard: 'volumeFits', actions: ['volume'] },
        ContainerIoFenced: { guard: 'ioFence', actions: ['io', 'intents'] },
        ContainerIoResumed: { guard: 'ioResume', actions: ['io', 'intents'] },
      },
    },
    deleted: {
      on: {
        ContainerChanged: { guard: 'validConfig', actions: ['configure'] },
        ContainerCreated: { guard: 'validCreate', target: 'inactive', actions: ['create', 'touch', 'intents'] },
        ContainerRemoved: { target: 'removed', actions: ['forget', 'touch'] },
      },
    },
    removed: { on: { ContainerDefined: { guard: 'validConfig', target: 'defined', actions: ['configure', 'touch'] } } },
  },
});
