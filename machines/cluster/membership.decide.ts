// The membership decider: a new view, and quorum gained or lost.
import type { SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { membershipMachine } from './membership.machine.ts';
import { hasQuorum } from './quorum.ts';

/** Commands on cluster/membership. */
export type MembershipCommand =
  | { type: 'ChangeView'; viewId: number; members: string[]; lost?: string[]; votes: number; expectedVotes: number }
  /** Quorum from the current view's votes; `twoNode` is the cluster option. */
  | { type: 'GainQuorum'; twoNode?: boolean }
  | { type: 'LoseQuorum' };

const ENTITY = 'cluster/membership';

/**
 * Decides a membership command. Pure. ChangeView refuses a view id that does not increase, a node listed as
 * both member and lost, and votes that are not whole numbers; GainQuorum refuses when the current view holds
 * no quorum (see `hasQuorum`); LoseQuorum refuses when not quorate.
 */
export function decideMembership(command: MembershipCommand, snapshot: SnapshotFrom<typeof membershipMachine>, at: number): Fact[] {
  const c = snapshot.context;
  const no = (reason: string): never => reject(ENTITY, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(membershipMachine, snapshot, ENTITY, command.type, facts, at);
  switch (command.type) {
    case 'ChangeView': {
      if (!Number.isSafeInteger(command.viewId) || command.viewId <= c.viewId) {
        no(`view id ${JSON.stringify(command.viewId)} does not increase (current view ${c.viewId})`);
      }
      const members = names(command.members, 'members', no);
      const lost = names(command.lost ?? [], 'lost', no);
      const both = members.find((m) => lost.includes(m));
      if (both !== undefined) no(`node ${both} is listed as both member and lost`);
      for (const [k, v] of [['votes', command.votes], ['expectedVotes', command.expectedVotes]] as const) {
        if (!Number.isSafeInteger(v) || v < 0) no(`${k} must be a whole number, got ${JSON.stringify(v)}`);
      }
      return legal([{ type: 'MembershipViewChanged', viewId: command.viewId, members, lost, votes: command.votes, expectedVotes: command.expectedVotes }]);
    }
    case 'GainQuorum': {
      if (c.quorate) no(`view ${c.viewId} is already quorate`);
      if (!hasQuorum(c.votes, c.expectedVotes, command.twoNode ?? false, c.seenAll)) {
        const twoNode = command.twoNode && c.expectedVotes === 2 && !c.seenAll ? ' (two-node mode waits until both nodes were seen together)' : '';
        no(`${c.votes} of ${c.expectedVotes} votes in view ${c.viewId} is not a quorum${twoNode}`);
      }
      return legal([{ type: 'QuorumGained', viewId: c.viewId, votes: c.votes, expectedVotes: c.expectedVotes }]);
    }
    case 'LoseQuorum':
      if (!c.quorate) no(`view ${c.viewId} is not quorate`);
      return legal([{ type: 'QuorumLost', viewId: c.viewId, votes: c.votes, expectedVotes: c.expectedVotes }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}

function names(list: unknown, field: string, no: (r: string) => never): string[] {
  if (!Array.isArray(list) || list.some((n) => typeof n !== 'string' || n === '')) no(`${field} must be a list of node names`);
  const sorted = [...new Set(list as string[])].sort();
  if (sorted.length !== (list as string[]).length) no(`${field} lists a node twice`);
  return sorted;
}
