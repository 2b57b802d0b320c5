// The node machine: a cluster member's membership lifecycle, fencing, and its standby/maintenance modes.
//
// Lifecycle. A node starts `unknown` and becomes `defined` by NodeDefined (admin configuration); NodeRemoved
// takes it to `removed`, from where only a new NodeDefined brings it back. While defined, three regions run
// side by side:
//
//   membership  joining ──NodeJoined──▶ member ──NodeSuspected──▶ suspect ──NodeJoined (same incarnation)──▶ member
//               member|suspect ──NodeLost──▶ lost ──FenceRequested──▶ fencing ──FenceSucceeded off/reboot──▶ fenced
//               fencing ──FenceFailed final (no other power-off pending)──▶ lost (failure recorded)
//               lost|fencing ──NodeFenced (manual/watchdog/restart)──▶ fenced
//               member|suspect ──NodeLeft──▶ left
//               fenced|left ──NodeJoined/NodeRejoined (new incarnation)──▶ member
//   standby     online ◀──NodeStandby / NodeOnline──▶ standby       (no resources may run; orthogonal)
//   maintenance normal ◀──NodeMaintenance {on}──▶ maintenance       (resources left alone; orthogonal)
//
// `joining` is "defined but not yet seen"; NodeJoined makes it a member at once — whether the member counts
// toward quorum is the membership view's business (cluster/membership), not this machine's.
// Fence before recover: a `lost` node never becomes a member again without passing through `fenced`, which
// only a fence agent's success or an explicit NodeFenced (watchdog self-fence elapsed, operator, or 'restart':
// the node's new incarnation reported that it stopped all the lost incarnation's work) reaches.
// FenceRequested from any membership state but `fencing` moves to `fencing` (the decider asks for `force`
// on a healthy member, a left or fenced node); in `fencing` a further request is merged into the pending
// set. Action `on` (unfencing) never changes state and is legal only for a joining, member, fenced or left
// node — never one that is suspect, lost or being fenced. Every accepted FenceRequested emits a `Fence` intent
// for the executor node named in it ('' = the DC). A request still pending when the node is marked fenced
// and rejoins stays pending and its late answer changes no state; nothing yet expires such a request (it
// would need a fence deadline), so the executor should check the target's incarnation before it acts.
import { assign, emit, setup } from 'xstate';
import type { FactEvent, FactEventOf } from '../kind.ts';
import {
  answerFence, configure, initialNodeContext, isPowerOff, pendingAction, pendingPowerOff, requestFence, type NodeContext,
} from './node.context.ts';

/** What the node machine asks the edge to do: run the fence agents for `target` on node `node`. */
export interface FenceIntent {
  readonly type: 'Fence';
  readonly node: string;
  readonly target: string;
  readonly action: string;
  readonly requestId: string;
  readonly reason: string;
}

type Ev<K extends FactEvent['type']> = { context: NodeContext; event: FactEventOf<K> };

const powerOff = ({ event }: Ev<'FenceRequested'>) => isPowerOff(event.fact.action);
// Unfencing (`on`) lets a node back at shared storage: only one that is not lost, suspect or being fenced.
const unfence = ({ event }: Ev<'FenceRequested'>) => event.fact.action === 'on';
const answersPowerOff = ({ context, event }: Ev<'FenceSucceeded'>) => isPowerOff(pendingAction(context, event.fact.requestId));
const isPending = ({ context, event }: Ev<'FenceSucceeded' | 'FenceFailed'>) => pendingAction(context, event.fact.requestId) !== '';
const newIncarnation = ({ context, event }: Ev<'NodeJoined' | 'NodeRejoined'>) =>
  event.fact.incarnation !== '' && event.fact.incarnation !== context.incarnation;

/** The node machine. Pure: fed only FactEvents; its only time is `event.at`. */
export const nodeMachine = setup({
  types: {
    context: {} as NodeContext,
    events: {} as FactEvent,
    input: {} as { id: string },
    emitted: {} as FenceIntent,
  },
  actions: {
    moved: assign({ since: ({ event }) => event.at }),
    join: assign(({ context, event }) => {
      const f = (event as FactEventOf<'NodeJoined'> | FactEventOf<'NodeRejoined'>).fact;
      return { ...context, incarnation: f.incarnation, address: 'address' in f ? f.address : context.address, since: event.at, leftReason: '' };
    }),
    requestFence: assign(({ context, event }) => requestFence(context, (event as FactEventOf<'FenceRequested'>).fact, event.at)),
    emitFence: emit(({ event }) => {
      const f = (event as FactEventOf<'FenceRequested'>).fact;
      return { type: 'Fence' as const, node: f.executor, target: f.target, action: f.action, requestId: f.requestId, reason: f.reason };
    }),
    answerFence: assign(({ context, event }) =>
      answerFence(context, (event as FactEventOf<'FenceSucceeded'> | FactEventOf<'FenceFailed'>).fact, event.at)),
    fenced: assign(({ context, event }) => ({
      ...context, fencedAt: event.at, since: event.at,
      fencedBy: event.type === 'NodeFenced' ? event.fact.method || 'manual' : 'agent',
    })),
  },
}).createMachine({
  id: 'node',
  context: ({ input }) => initialNodeContext(input.id),
  initial: 'unknown',
  states: {
    unknown: {
      on: { NodeDefined: { target: 'defined', actions: [assign(({ context, event }) => configure(context, event.fact.config)), 'moved'] } },
    },
    removed: {
      on: { NodeDefined: { target: 'defined', actions: [assign(({ context, event }) => configure(context, event.fact.config)), 'moved'] } },
    },
    defined: {
      type: 'parallel',
      on: {
        NodeChanged: { actions: assign(({ context, event }) => configure(context, event.fact.config)) },
        // Late answers to a request (and unfencing) never change the membership state.
        FenceSucceeded: { guard: isPending, actions: 'answerFence' },
        FenceFailed: { guard: isPending, actions: 'answerFence' },
      },
      states: {
        membership: {
          initial: 'joining',
          states: {
            joining: {
              on: {
                NodeJoined: { target: 'member', actions: 'join' },
                FenceRequested: [
                  { guard: powerOff, target: 'fencing', actions: ['requestFence', 'emitFence', 'moved'] },
                  { guard: unfence, actions: ['requestFence', 'emitFence'] },
                ],
                NodeRemoved: { target: '#node.removed', actions: 'moved' },
              },
            },
            member: {
              on: {
                NodeSuspected: { target: 'suspect', actions: 'moved' },
                NodeLost: { target: 'lost', actions: [assign({ lostAt: ({ event }) => event.at }), 'moved'] },
                NodeLeft: { target: 'left', actions: [assign({ leftReason: ({ event }) => event.fact.reason }), 'moved'] },
                FenceRequested: [
                  { guard: powerOff, target: 'fencing', actions: ['requestFence', 'emitFence', 'moved'] },
                  { guard: unfence, actions: ['requestFence', 'emitFence'] },
                ],
              },
            },
            suspect: {
              on: {
                NodeJoined: { guard: ({ context, event }) => event.fact.incarnation === context.incarnation, target: 'member', actions: 'join' },
                NodeLost: { target: 'lost', actions: [assign({ lostAt: ({ event }) => event.at }), 'moved'] },
                NodeLeft: { target: 'left', actions: [assign({ leftReason: ({ event }) => event.fact.reason }), 'moved'] },
                FenceRequested: { guard: powerOff, target: 'fencing', actions: ['requestFence', 'emitFence', 'moved'] },
              },
            },
            lost: {
              on: {
                FenceRequested: { guard: powerOff, target: 'fencing', actions: ['requestFence', 'emitFence', 'moved'] },
                NodeFenced: { target: 'fenced', actions: 'fenced' },
              },
            },
            fencing: {
              on: {
                FenceRequested: { guard: powerOff, actions: ['requestFence', 'emitFence'] },
                FenceSucceeded: { guard: answersPowerOff, target: 'fenced', actions: ['answerFence', 'fenced'] },
                FenceFailed: [
                  {
                    guard: ({ context, event }) => event.fact.final && isPowerOff(pendingAction(context, event.fact.requestId))
                      && pendingPowerOff(context, event.fact.requestId).length === 0,
                    target: 'lost', actions: ['answerFence', 'moved'],
                  },
                ],
                NodeFenced: { target: 'fenced', actions: 'fenced' },
              },
            },
            fenced: {
              on: {
                NodeJoined: { guard: newIncarnation, target: 'member', actions: 'join' },
                NodeRejoined: { guard: newIncarnation, target: 'member', actions: 'join' },
                FenceRequested: [
                  { guard: powerOff, target: 'fencing', actions: ['requestFence', 'emitFence', 'moved'] },
                  { guard: unfence, actions: ['requestFence', 'emitFence'] },
                ],
                NodeRemoved: { target: '#node.removed', actions: 'moved' },
              },
            },
            left: {
              on: {
                NodeJoined: { guard: newIncarnation, target: 'member', actions: 'join' },
                NodeRejoined: { guard: newIncarnation, target: 'member', actions: 'join' },
                FenceRequested: [
                  { guard: powerOff, target: 'fencing', actions: ['requestFence', 'emitFence', 'moved'] },
                  { guard: unfence, actions: ['requestFence', 'emitFence'] },
                ],
                NodeRemoved: { target: '#node.removed', actions: 'moved' },
              },
            },
          },
        },
        standby: {
          initial: 'online',
          states: {
            online: { on: { NodeStandby: { target: 'standby', actions: [assign({ standbyReason: ({ event }) => event.fact.reason }), 'moved'] } } },
            standby: { on: { NodeOnline: { target: 'online', actions: [assign({ standbyReason: '' }), 'moved'] } } },
          },
        },
        maintenance: {
          initial: 'normal',
          states: {
            normal: { on: { NodeMaintenance: { guard: ({ event }) => event.fact.on, target: 'maintenance', actions: 'moved' } } },
            maintenance: { on: { NodeMaintenance: { guard: ({ event }) => !event.fact.on, target: 'normal', actions: 'moved' } } },
          },
        },
      },
    },
  },
});

/** The node machine's type. */
export type NodeMachine = typeof nodeMachine;
