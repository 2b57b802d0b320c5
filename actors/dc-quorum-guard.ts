// The DC's last look before it journals a claim: the journaled membership view must still be quorate.
//
// A DC decides on the state it has applied; its membership service may journal "quorum lost" while another of its
// services is between deciding and appending a claim. The claim's append expects only its own entity's last
// sequence, so nothing in the log refuses it. The DC writes every membership fact itself, so catching up to the
// membership entity's last sequence and reading the view again closes that window (I3: claims and starts only from a
// quorate view).
import type { Fact } from '../proto/generated.ts';
import type { Journal } from '../journal/journal.ts';
import { ClusterEntity } from '../machines/entity.ts';
import type { ActorHost } from './host.ts';
import type { MembershipContext } from '../machines/cluster/membership.machine.ts';
import type { ClusterState } from '../machines/fold.ts';

/** Facts that claim something (ownership, activation, a start) and so need a quorate view. Pure. */
export function claimsOf(facts: readonly Fact[]): Fact[] {
  return facts.filter((f) => f.type === 'ContainerOwnerChanged' || f.type === 'ContainerActivated'
    || (f.type === 'ResourceOperationRequested' && (f.operation === 'start' || f.operation === 'promote')));
}

/** Why the journaled view forbids claims now, or undefined when it allows them (quorate, or no view journaled yet:
 * the bootstrap DC decides from the configured nodes). Pure. */
export function inquorateView(state: ClusterState): string | undefined {
  const m = state.entities.get('cluster/membership')?.snapshot.context as MembershipContext | undefined;
  if (!m || m.viewId === 0 || m.quorate) return undefined;
  return `the journaled view ${m.viewId} holds ${m.votes} of ${m.expectedVotes} votes (no quorum)`;
}

/** Catches `host` up on the membership facts journaled so far, then says why the view forbids claims (undefined: it
 * allows them). For every writer of claims: the DC's appends and the storage service's. */
export async function viewForbidsClaims(journal: Journal, host: ActorHost, timeoutMs: number): Promise<string | undefined> {
  await host.waitFor(await journal.lastSeq(ClusterEntity.membership), timeoutMs);
  return inquorateView(host.state());
}
