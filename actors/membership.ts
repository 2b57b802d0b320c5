// The DC's membership planner: from the folded node states and what its heartbeats say, the facts to journal.
// Pure (the silences are measured by the caller), so every rule below has a unit test.
import type { Fact } from '../proto/generated.ts';

/** The membership states of the node machine, flattened. */
export type NodeMembership = 'unknown' | 'joining' | 'member' | 'suspect' | 'lost' | 'fencing' | 'fenced' | 'left' | 'removed';

/** A node as the fold knows it. */
export interface NodeView {
  readonly name: string;
  readonly membership: NodeMembership;
  readonly incarnation: string;
  readonly votes: number;
}

/** A node as the DC's heartbeats know it. */
export interface Heard {
  readonly node: string;
  readonly incarnation: string;
  readonly silentMs: number;
  readonly leaving: boolean;
  /** The previous incarnation whose local work (resources, I/O) this incarnation has stopped, '' when none. */
  readonly retired?: string;
}

export interface MembershipInput {
  readonly nodes: readonly NodeView[];
  readonly heard: readonly Heard[];
  /** Silence after which a member is suspected, then lost. */
  readonly suspectMs: number;
  readonly deadTimeMs: number;
  /** The journaled view. */
  readonly viewId: number;
  readonly members: readonly string[];
  readonly quorate: boolean;
  /** Two-node mode: 1 of 2 votes is quorate once both were seen (corosync two_node + wait_for_all). */
  readonly twoNode: boolean;
  readonly seenAll: boolean;
}

/** Majority of configured votes; in two-node mode one of two, but only after all were seen once. Pure. */
export function hasQuorum(votes: number, expected: number, twoNode: boolean, seenAll: boolean): boolean {
  if (expected <= 0) return false;
  if (twoNode && expected === 2) return seenAll && votes >= 1;
  return votes * 2 > expected;
}

/**
 * The membership facts the DC journals now, in order: definitions of nodes heard for the first time, joins
 * and rejoins, suspicions, losses, then a new view and a quorum change when they follow. A node that comes back
 * with a new incarnation while still a member lost its old self: it is journaled lost (fence before recover)
 * and rejoins once fenced; a lost node whose new incarnation says it stopped the old one's work (`retired`)
 * counts as fenced by that restart. Pure.
 */
export function planMembership(input: MembershipInput): Fact[] {
  const facts: Fact[] = [];
  const heard = new Map(input.heard.map((h) => [h.node, h]));
  const byName = new Map(input.nodes.map((n) => [n.name, n]));
  const members = new Set<string>();
  const lost = new Set<string>();

  for (const h of [...input.heard].sort((a, b) => cmp(a.node, b.node))) {
    if (!byName.has(h.node) && h.silentMs <= input.deadTimeMs && !h.leaving) {
      facts.push({ type: 'NodeDefined', config: { node: h.node, votes: 1, attributes: {} } });
      byName.set(h.node, { name: h.node, membership: 'joining', incarnation: '', votes: 1 });
    }
  }
  for (const n of [...byName.values()].sort((a, b) => cmp(a.name, b.name))) {
    const h = heard.get(n.name);
    const live = h !== undefined && h.silentMs <= input.deadTimeMs && !h.leaving;
    switch (n.membership) {
      case 'joining':
        if (live) {
          facts.push({ type: 'NodeJoined', node: n.name, incarnation: h.incarnation, address: '' });
          members.add(n.name);
        }
        break;
      case 'member':
      case 'suspect':
        if (h && h.incarnation !== n.incarnation && h.incarnation !== '') {
          facts.push({ type: 'NodeLost', node: n.name, viewId: input.viewId + 1, reason: `restarted as ${h.incarnation}` });
          // Already stopped what the old incarnation ran: fenced by its restart at once (see 'lost' below), so a
          // cold restart never leaves every node journaled lost with no DC left to re-admit them.
          if (live && h.retired === n.incarnation && n.incarnation !== '') facts.push(restartFenced(n.name, h.incarnation));
          lost.add(n.name);
        } else if (!h || h.silentMs > input.deadTimeMs) {
          const silent = h ? `${Math.round(h.silentMs)} ms` : 'never heard by this DC';
          facts.push({ type: 'NodeLost', node: n.name, viewId: input.viewId + 1, reason: `silent: ${silent}` });
          lost.add(n.name);
        } else if (n.membership === 'member' && h.silentMs > input.suspectMs) {
          facts.push({ type: 'NodeSuspected', node: n.name, lastHeardAt: 0, silentMs: Math.round(h.silentMs) });
          members.add(n.name);
        } else if (n.membership === 'suspect' && h.silentMs <= input.suspectMs) {
          facts.push({ type: 'NodeJoined', node: n.name, incarnation: h.incarnation, address: '' });
          members.add(n.name);
        } else {
          members.add(n.name);
        }
        break;
      case 'fenced':
      case 'left':
        if (live && h.incarnation !== n.incarnation) {
          facts.push({ type: 'NodeRejoined', node: n.name, incarnation: h.incarnation });
          members.add(n.name);
        }
        break;
      case 'lost':
      case 'fencing':
        // Fence before recover, by restart: the node is back as a new incarnation that says it has stopped
        // everything the lost one ran (its resources, its I/O gate; a restarted daemon's gate starts closed).
        // The incarnation the journal gave up is then dead as surely as after a fence agent's "off": the node
        // itself saw to it. Journaled as fenced with the new incarnation as the reason; it rejoins next.
        if (live && n.incarnation !== '' && h.incarnation !== n.incarnation && h.retired === n.incarnation) {
          facts.push(restartFenced(n.name, h.incarnation));
        }
        lost.add(n.name);
        break;
      default:
        break;
    }
  }

  const memberList = [...members].sort(cmp);
  const votes = memberList.reduce((s, m) => s + (byName.get(m)?.votes ?? 1), 0);
  const expected = [...byName.values()].filter((n) => n.membership !== 'removed').reduce((s, n) => s + n.votes, 0);
  let viewId = input.viewId;
  if (!sameList(memberList, input.members)) {
    viewId += 1;
    facts.push({ type: 'MembershipViewChanged', viewId, members: memberList, lost: [...lost].sort(cmp), votes, expectedVotes: expected });
  }
  const quorate = hasQuorum(votes, expected, input.twoNode, input.seenAll || memberList.length >= expected);
  if (quorate !== input.quorate) {
    facts.push(quorate
      ? { type: 'QuorumGained', viewId, votes, expectedVotes: expected }
      : { type: 'QuorumLost', viewId, votes, expectedVotes: expected });
  }
  return facts;
}

/** NodeFenced by a restart: `incarnation` is the new one, that stopped the lost one's work. Pure. */
function restartFenced(node: string, incarnation: string): Fact {
  return { type: 'NodeFenced', node, method: 'restart', requestId: `restart:${incarnation}`, device: '' };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
