// Specifications of cluster/transition: plan, action outcomes, completion and abort.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TransitionAction } from '../../proto/generated.ts';
import { transitionModule } from '../../machines/cluster/index.ts';
import { given, legal, rejects, when } from './given.ts';

const X = transitionModule;
const act = (id: string, kind: string, dependsOn: string[] = []): TransitionAction =>
  ({ id, kind, resource: kind === 'fence' ? '' : 'web', node: 'n2', target: kind === 'fence' ? 'n1' : '', dependsOn, reason: 'n1 lost' });
const plan = (transitionId = 't1', actions = [act('t1/0', 'fence'), act('t1/1', 'start', ['t1/0'])]) =>
  ({ type: 'PlanTransition' as const, transitionId, position: 41, digest: 'abc', actions, summary: 'fence n1, start web on n2' });
const executing = () => when(X, given(X, 'transition', []), plan()).then;

test('cluster: PlanTransition starts executing with every action pending', () => {
  const { facts, then } = when(X, given(X, 'transition', []), plan());
  assert.equal(facts, [{ type: 'TransitionPlanned', transitionId: 't1', position: 41, stateDigest: 'abc', actions: [act('t1/0', 'fence'), act('t1/1', 'start', ['t1/0'])], summary: 'fence n1, start web on n2' }]);
  assert.is(then.snapshot.value, 'executing');
  const c = then.snapshot.context;
  assert.equal([c.transitionId, c.position, c.digest], ['t1', 41, 'abc']);
  assert.equal(c.actions.map((a) => a.status), ['pending', 'pending']);
  assert.is(c.counters.planned, 1);
  rejects(X, then, plan('t2'), 'transition t1 is executing; complete or abort it first');
});

test('cluster: a plan with repeated ids, unknown dependencies or a cycle is refused', () => {
  const g = given(X, 'transition', []);
  rejects(X, g, plan('t1', [act('a', 'stop'), act('a', 'start')]), 'action id a appears twice');
  rejects(X, g, plan('t1', [act('a', 'stop', ['zz'])]), 'action a depends on zz, which is not in the plan');
  rejects(X, g, plan('t1', [act('a', 'stop', ['b']), act('b', 'start', ['a']), act('c', 'start')]), 'actions a, b depend on each other in a cycle');
  rejects(X, g, plan('t1', [{ ...act('a', 'stop'), kind: '' }]), 'action a has no kind');
  rejects(X, g, plan(''), 'transitionId must be a non-empty string');
  rejects(X, g, { ...plan(), position: -1 }, 'position must be a journal sequence');
  assert.not.ok(legal(g, { type: 'TransitionPlanned', transitionId: 't1', position: 1, stateDigest: '', actions: [act('a', 'x'), act('a', 'y')], summary: '' }));
});

test('cluster: action outcomes are recorded once; completion needs every action done', () => {
  const g = executing();
  rejects(X, g, { type: 'CompleteTransition', transitionId: 't1' }, 'actions t1/0, t1/1 still pending');
  const one = when(X, g, { type: 'CompleteAction', transitionId: 't1', actionId: 't1/0', ok: true }).then;
  assert.equal(one.snapshot.context.actions.map((a) => a.status), ['done', 'pending']);
  rejects(X, one, { type: 'CompleteAction', transitionId: 't1', actionId: 't1/0', ok: true }, 'action t1/0 is already done');
  rejects(X, one, { type: 'CompleteAction', transitionId: 't1', actionId: 'nope', ok: true }, 'transition t1 has no action "nope"');
  rejects(X, one, { type: 'CompleteAction', transitionId: 't0', actionId: 't1/1', ok: true }, 'transition t0 is not the current one (t1)');
  const two = when(X, one, { type: 'CompleteAction', transitionId: 't1', actionId: 't1/1', ok: true, rc: 0 }).then;
  const { facts, then } = when(X, two, { type: 'CompleteTransition', transitionId: 't1' });
  assert.equal(facts, [{ type: 'TransitionCompleted', transitionId: 't1' }]);
  assert.is(then.snapshot.value, 'idle');
  assert.is(then.snapshot.context.lastOutcome, 'completed');
  assert.equal(then.snapshot.context.counters, { planned: 1, completed: 1, aborted: 0, actionsDone: 2, actionsFailed: 0 });
  rejects(X, then, { type: 'CompleteTransition', transitionId: 't1' }, 'no transition is executing');
});

test('cluster: a failed action means abort and recompute, not completion', () => {
  const failed = when(X, executing(), { type: 'CompleteAction', transitionId: 't1', actionId: 't1/0', ok: false, rc: 1, reason: 'fence timeout' }).then;
  assert.is(failed.snapshot.context.actions[0]?.detail, 'fence timeout');
  const done = when(X, failed, { type: 'CompleteAction', transitionId: 't1', actionId: 't1/1', ok: true }).then;
  rejects(X, done, { type: 'CompleteTransition', transitionId: 't1' }, 'action t1/0 failed; abort and recompute instead');
  assert.not.ok(legal(done, { type: 'TransitionCompleted', transitionId: 't1' }));
  const { facts, then } = when(X, done, { type: 'AbortTransition', transitionId: 't1', reason: 'fence failed', position: 50 });
  assert.equal(facts, [{ type: 'TransitionAborted', transitionId: 't1', reason: 'fence failed', position: 50 }]);
  assert.is(then.snapshot.value, 'idle');
  assert.is(then.snapshot.context.lastReason, 'fence failed');
  assert.equal(then.snapshot.context.counters, { planned: 1, completed: 0, aborted: 1, actionsDone: 1, actionsFailed: 1 });
  rejects(X, given(X, 'transition', []), { type: 'AbortTransition', transitionId: 't1', reason: 'x' }, 'no transition is executing');
  assert.is(when(X, then, plan('t2', [])).then.snapshot.context.transitionId, 't2');
});

test.run();
