// Specifications of cluster/membership and hasQuorum: views, quorum, two-node mode.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasQuorum, membershipModule } from '../../machines/cluster/index.ts';
import { given, legal, rejects, when } from './given.ts';

const M = membershipModule;
const view = (viewId: number, members: string[], votes: number, expectedVotes: number, lost: string[] = []) =>
  ({ type: 'ChangeView' as const, viewId, members, lost, votes, expectedVotes });

test('cluster: hasQuorum is a strict majority of expected votes', () => {
  assert.ok(hasQuorum(2, 3, false));
  assert.not.ok(hasQuorum(1, 3, false));
  assert.not.ok(hasQuorum(2, 4, false), 'a tie is not quorate');
  assert.ok(hasQuorum(3, 4, false));
  assert.not.ok(hasQuorum(0, 0, false));
  assert.not.ok(hasQuorum(1, 2, false));
});

test('cluster: two-node mode counts 1 of 2 only after both nodes were seen (wait_for_all)', () => {
  assert.not.ok(hasQuorum(1, 2, true, false));
  assert.ok(hasQuorum(1, 2, true, true));
  assert.ok(hasQuorum(2, 2, true, true));
  assert.not.ok(hasQuorum(0, 2, true, true));
  assert.not.ok(hasQuorum(1, 3, true, true), 'two-node mode only applies to two expected votes');
});

test('cluster: ChangeView sorts members and refuses a view id that does not increase', () => {
  const { facts, then } = when(M, given(M, 'membership', []), view(1, ['n2', 'n1'], 2, 3, ['n3']));
  assert.equal(facts, [{ type: 'MembershipViewChanged', viewId: 1, members: ['n1', 'n2'], lost: ['n3'], votes: 2, expectedVotes: 3 }]);
  assert.equal(then.snapshot.context.members, ['n1', 'n2']);
  assert.is(then.snapshot.value, 'inquorate');
  rejects(M, then, view(1, ['n1'], 1, 3), 'view id 1 does not increase (current view 1)');
  rejects(M, then, view(0, ['n1'], 1, 3), 'does not increase');
  rejects(M, then, view(2, ['n1'], 1, 3, ['n1']), 'node n1 is listed as both member and lost');
  rejects(M, then, view(2, ['n1', 'n1'], 1, 3), 'members lists a node twice');
  rejects(M, then, view(2, ['n1'], -1, 3), 'votes must be a whole number');
  assert.not.ok(legal(then, { type: 'MembershipViewChanged', viewId: 1, members: [], lost: [], votes: 0, expectedVotes: 3 }));
});

test('cluster: GainQuorum needs a majority in the current view; LoseQuorum needs quorum', () => {
  const minority = when(M, given(M, 'membership', []), view(1, ['n1'], 1, 3)).then;
  rejects(M, minority, { type: 'GainQuorum' }, '1 of 3 votes in view 1 is not a quorum');
  rejects(M, minority, { type: 'LoseQuorum' }, 'view 1 is not quorate');
  const majority = when(M, minority, view(2, ['n1', 'n2'], 2, 3)).then;
  const { facts, then } = when(M, majority, { type: 'GainQuorum' });
  assert.equal(facts, [{ type: 'QuorumGained', viewId: 2, votes: 2, expectedVotes: 3 }]);
  assert.is(then.snapshot.value, 'quorate');
  assert.ok(then.snapshot.context.quorate);
  assert.is(then.snapshot.context.since, then.at);
  rejects(M, then, { type: 'GainQuorum' }, 'already quorate');
  assert.not.ok(legal(majority, { type: 'QuorumGained', viewId: 1, votes: 2, expectedVotes: 3 }), 'quorum facts name the current view');
  const down = when(M, when(M, then, view(3, ['n1'], 1, 3, ['n2'])).then, { type: 'LoseQuorum' });
  assert.equal(down.facts, [{ type: 'QuorumLost', viewId: 3, votes: 1, expectedVotes: 3 }]);
  assert.is(down.then.snapshot.value, 'inquorate');
});

test('cluster: in two-node mode a lone node gains quorum only after a view held both', () => {
  const alone = when(M, given(M, 'membership', []), view(1, ['n1'], 1, 2)).then;
  rejects(M, alone, { type: 'GainQuorum', twoNode: true }, 'two-node mode waits until both nodes were seen together');
  const both = when(M, alone, view(2, ['n1', 'n2'], 2, 2)).then;
  assert.ok(both.snapshot.context.seenAll);
  const afterLoss = when(M, both, view(3, ['n1'], 1, 2, ['n2'])).then;
  assert.ok(afterLoss.snapshot.context.seenAll, 'seenAll stays true');
  assert.is(when(M, afterLoss, { type: 'GainQuorum', twoNode: true }).then.snapshot.value, 'quorate');
  rejects(M, afterLoss, { type: 'GainQuorum' }, '1 of 2 votes');
});

test.run();
