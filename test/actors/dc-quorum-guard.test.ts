// The DC's last look before a claim: claims need a quorate journaled view; membership facts and stops do not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { emptyState, foldEntry, type ClusterState } from '../../machines/fold.ts';
import { claimsOf, inquorateView } from '../../actors/dc-quorum-guard.ts';

const T0 = Date.UTC(2024, 4, 1);
const claim: Fact = { type: 'DcElected', node: 'n3', previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false };
const view = (viewId: number, members: string[], votes: number): Fact => ({ type: 'MembershipViewChanged', viewId, members, lost: [], votes, expectedVotes: 3 });

function given(facts: readonly Fact[]): ClusterState {
  const s = emptyState('guard');
  facts.forEach((fact, i) => foldEntry(s, { kind: 'fact', seq: i + 1, entity: entityOf(fact), fact, meta: { cluster: 'guard', occurredAt: T0 + i, origin: 'n3', term: 1 } }));
  return s;
}

test('guard: ownership, activation and starts are claims; stops, monitors and membership facts are not', () => {
  const start: Fact = { type: 'ResourceOperationRequested', resource: 'r', node: 'n3', operation: 'start', opId: 'o', intervalMs: 0, timeoutMs: 1, transitionId: '', actionId: '' };
  const stop: Fact = { ...start, operation: 'stop' };
  const owner: Fact = { type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n2', owner: 'n3', reason: 'takeover', previousEpoch: 1, fenceRequestId: '' };
  assert.equal(claimsOf([view(1, ['n3'], 1), stop, start, owner]).map((f) => f.type), ['ResourceOperationRequested', 'ContainerOwnerChanged']);
  assert.equal(claimsOf([stop, { type: 'QuorumLost', viewId: 2, votes: 1, expectedVotes: 3 }]), []);
});

test('guard: given a view that lost quorum, when a claim is checked, then it is refused with the view named', () => {
  assert.is(inquorateView(given([claim])), undefined, 'no view journaled yet: the bootstrap DC decides');
  assert.is(inquorateView(given([claim, view(1, ['n1', 'n2', 'n3'], 3), { type: 'QuorumGained', viewId: 1, votes: 3, expectedVotes: 3 }])), undefined);
  const lost = given([claim, view(1, ['n1', 'n2', 'n3'], 3), { type: 'QuorumGained', viewId: 1, votes: 3, expectedVotes: 3 }, view(2, ['n3'], 1), { type: 'QuorumLost', viewId: 2, votes: 1, expectedVotes: 3 }]);
  assert.match(inquorateView(lost) ?? '', /view 2 holds 1 of 3 votes/);
});

test.run();
