// cluster/membership: the journaled membership view (who is in the partition) and whether it is quorate.
//
// Lifecycle: `inquorate` ──QuorumGained──▶ `quorate` ──QuorumLost──▶ `inquorate`. MembershipViewChanged is
// legal in both states when its view id increases; it replaces members, lost, votes and expected votes.
// Quorum facts name the current view id. `seenAll` turns true for good once a view held every expected vote
// (corosync's wait_for_all, which two-node mode needs; see quorum.ts).
import { assign, setup } from 'xstate';
import type { FactEvent } from '../kind.ts';

/** The membership singleton's context. `since` is when the quorum state last changed. */
export interface MembershipContext {
  readonly viewId: number;
  readonly members: string[];
  readonly lost: string[];
  readonly votes: number;
  readonly expectedVotes: number;
  readonly quorate: boolean;
  readonly seenAll: boolean;
  readonly since: number;
  readonly viewAt: number;
}

/** The membership machine. Pure. */
export const membershipMachine = setup({
  types: { context: {} as MembershipContext, events: {} as FactEvent, input: {} as { id: string } },
}).createMachine({
  id: 'membership',
  context: { viewId: 0, members: [], lost: [], votes: 0, expectedVotes: 0, quorate: false, seenAll: false, since: 0, viewAt: 0 },
  initial: 'inquorate',
  on: {
    MembershipViewChanged: {
      guard: ({ context, event }) => event.fact.viewId > context.viewId,
      actions: assign(({ context, event }) => ({
        ...context,
        viewId: event.fact.viewId,
        members: [...event.fact.members].sort(),
        lost: [...event.fact.lost].sort(),
        votes: event.fact.votes,
        expectedVotes: event.fact.expectedVotes,
        seenAll: context.seenAll || (event.fact.expectedVotes > 0 && event.fact.votes >= event.fact.expectedVotes),
        viewAt: event.at,
      })),
    },
  },
  states: {
    inquorate: {
      on: {
        QuorumGained: {
          guard: ({ context, event }) => event.fact.viewId === context.viewId,
          target: 'quorate',
          actions: assign({ quorate: true, since: ({ event }) => event.at }),
        },
      },
    },
    quorate: {
      on: {
        QuorumLost: {
          guard: ({ context, event }) => event.fact.viewId === context.viewId,
          target: 'inquorate',
          actions: assign({ quorate: false, since: ({ event }) => event.at }),
        },
      },
    },
  },
});

/** The membership machine's type. */
export type MembershipMachine = typeof membershipMachine;
