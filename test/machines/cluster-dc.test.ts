// Specifications of cluster/dc: claims, terms, racing claims and resignation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dcModule } from '../../machines/cluster/index.ts';
import { apply, given, legal, rejects, when } from './given.ts';

const D = dcModule;
const claim = (node: string, currentTerm: number, quorate = true) => ({ type: 'ClaimDc' as const, node, currentTerm, viewId: 4, quorate });

test('cluster: the first ClaimDc in a quorate partition elects the DC and its term is the fact sequence', () => {
  const g = given(D, 'dc', []);
  assert.is(g.snapshot.value, 'vacant');
  const { facts, then } = when(D, g, claim('n1', 0));
  assert.equal(facts, [{ type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 4, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]);
  assert.is(then.snapshot.value, 'elected');
  assert.is(then.snapshot.context.term, then.seq);
  assert.is(then.snapshot.context.dc, 'n1');
  assert.is(then.snapshot.context.since, then.at);
});

test('cluster: ClaimDc is refused outside quorum and with a stale term; the sitting DC re-claiming is a no-op', () => {
  const g = given(D, 'dc', [{ type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 1, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]);
  rejects(D, g, claim('n2', 1, false), "n2's partition is not quorate");
  rejects(D, g, claim('n2', 0), 'stale term: n2 saw term 0, the journal holds term 1');
  rejects(D, g, claim('', 1), 'node must be a non-empty node name');
  assert.equal(when(D, g, claim('n1', 1)).facts, []);
  const { facts, then } = when(D, g, claim('n2', 1));
  assert.equal(facts, [{ type: 'DcElected', node: 'n2', previousTerm: 1, previousDc: 'n1', viewId: 4, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]);
  assert.is(then.snapshot.context.term, 2);
  assert.is(then.snapshot.context.previousDc, 'n1');
});

test('cluster: of two racing DcElected facts naming the same previous term only the first folds', () => {
  const g = given(D, 'dc', [{ type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 1, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]);
  const a = { type: 'DcElected' as const, node: 'n2', previousTerm: 1, previousDc: 'n1', viewId: 2, votes: 0, expectedVotes: 0, heard: [] as string[], twoNode: false };
  const b = { type: 'DcElected' as const, node: 'n3', previousTerm: 1, previousDc: 'n1', viewId: 2, votes: 0, expectedVotes: 0, heard: [] as string[], twoNode: false };
  const won = apply(D, g, a, 7);
  assert.is(won.snapshot.context.term, 7);
  assert.not.ok(legal(won, b), 'the second claim on term 1 must not be legal');
  assert.ok(legal(won, { ...b, previousTerm: 7 }));
  assert.not.ok(legal(given(D, 'dc', []), { ...a, previousTerm: 3 }));
});

test('cluster: only the DC resigns; after resigning the term stays and the next claim builds on it', () => {
  const g = given(D, 'dc', [{ type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 1, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]);
  rejects(D, g, { type: 'ResignDc', node: 'n2' }, 'n2 is not the DC (n1 is)');
  const { facts, then } = when(D, g, { type: 'ResignDc', node: 'n1', reason: 'shutdown' });
  assert.equal(facts, [{ type: 'DcResigned', node: 'n1', reason: 'shutdown' }]);
  assert.is(then.snapshot.value, 'vacant');
  assert.is(then.snapshot.context.term, 1);
  assert.is(then.snapshot.context.resignedReason, 'shutdown');
  rejects(D, then, { type: 'ResignDc', node: 'n1' }, 'there is none');
  assert.not.ok(legal(then, { type: 'DcResigned', node: 'n1', reason: '' }));
  const next = when(D, then, claim('n2', 1)).then;
  assert.is(next.snapshot.context.dc, 'n2');
  assert.is(next.snapshot.context.term, next.seq);
});

test('cluster: a claim that declares its view counts only with a majority of it (or two-node mode)', () => {
  const claim = (votes: number, expectedVotes: number, twoNode = false) =>
    ({ type: 'DcElected' as const, node: 'n1', previousTerm: 0, previousDc: '', viewId: 1, votes, expectedVotes, heard: ['n1'], twoNode });
  const g = given(D, 'dc', []);
  assert.ok(legal(g, claim(2, 3)));
  assert.not.ok(legal(g, claim(1, 3)), 'one vote of three is no quorum');
  assert.not.ok(legal(g, claim(1, 2)), 'one of two is no majority');
  assert.ok(legal(g, claim(1, 2, true)), 'two-node mode: one of two');
  assert.ok(legal(g, claim(0, 0)), 'a claim that declares no view (schema 1 writers) is judged by its term alone');
});

test.run();
