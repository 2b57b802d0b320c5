import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { constraintModule as M, type ConstraintInput } from '../../machines/constraint/index.ts';
import { INFINITY, addScores, clampScore, formatScore, parseScore } from '../../machines/score.ts';
import { isQuorateError } from '../../machines/errors.ts';
import { given, legal, rejects, when } from './given.ts';

const fresh = (id = 'c1') => given(M, id, []);
const define = (config: ConstraintInput) => ({ type: 'DefineConstraint' as const, config });

test('constraint: a location with an INFINITY score is stored clamped', () => {
  const { facts, then } = when(M, fresh(), define({ id: 'c1', location: { resource: 'web', node: 'n1', score: '+INFINITY' } }));
  assert.equal(facts, [{ type: 'ConstraintDefined', config: { id: 'c1', rule: 'location', location: { resource: 'web', node: 'n1', score: INFINITY } } }]);
  assert.is(then.snapshot.value, 'defined');
  assert.equal(then.snapshot.context.config?.location, { resource: 'web', node: 'n1', score: 1_000_000 });
  const big = when(M, fresh(), define({ id: 'c1', location: { resource: 'web', node: 'n1', score: -5_000_000 } })).facts[0];
  assert.equal((big as { config: { location: { score: number } } }).config.location.score, -INFINITY);
});

test('constraint: colocation and order are completed with their defaults', () => {
  const co = when(M, fresh(), define({ id: 'c1', colocation: { resource: 'web', with: 'ip', score: '-INFINITY' } })).facts[0];
  assert.equal(co, { type: 'ConstraintDefined', config: { id: 'c1', rule: 'colocation', colocation: { resource: 'web', with: 'ip', score: -INFINITY } } });
  const { facts, then } = when(M, fresh(), define({ id: 'c1', order: { first: 'ip', then: 'web' } }));
  assert.equal(facts[0], { type: 'ConstraintDefined', config: { id: 'c1', rule: 'order', order: { first: 'ip', then: 'web', kind: 'mandatory', symmetrical: true, firstAction: 'start', thenAction: 'start' } } });
  assert.equal(then.snapshot.context.config?.order?.kind, 'mandatory');
});

test('constraint: missing fields, unknown kinds and self references are rejected', () => {
  const g = fresh();
  rejects(M, g, define({ id: 'c1' }), /exactly one of location, colocation or order \(got none\)/);
  rejects(M, g, define({ id: 'c1', location: { resource: 'a', node: 'n1', score: 1 }, order: { first: 'a', then: 'b' } }), /got location, order/);
  rejects(M, g, define({ id: 'c1', location: { node: 'n1', score: 1 } }), /location: resource is required/);
  rejects(M, g, define({ id: 'c1', location: { resource: 'web', score: 1 } }), /location: node is required/);
  rejects(M, g, define({ id: 'c1', location: { resource: 'web', node: 'n1' } }), /location: score is required/);
  rejects(M, g, define({ id: 'c1', location: { resource: 'web', node: 'n1', score: 'lots' } }), /"lots" is not a score/);
  rejects(M, g, define({ id: 'c1', colocation: { resource: 'web', score: 1 } }), /colocation: with is required/);
  rejects(M, g, define({ id: 'c1', colocation: { resource: 'web', with: 'web', score: 1 } }), /web cannot be colocated with itself/);
  rejects(M, g, define({ id: 'c1', order: { then: 'web' } }), /order: first is required/);
  rejects(M, g, define({ id: 'c1', order: { first: 'ip', then: 'web', kind: 'sometimes' } }), /unknown order kind "sometimes"/);
  rejects(M, g, define({ id: 'c1', order: { first: 'ip', then: 'web', thenAction: 'dance' } }), /thenAction "dance"/);
  rejects(M, g, define({ id: 'c1', order: { first: 'ip', then: 'ip' } }), /ip cannot be ordered after itself/);
  rejects(M, g, define({ id: 'c2', order: { first: 'ip', then: 'web' } }), /config id "c2" does not match/);
});

test('constraint: the fold refuses an invalid config too', () => {
  assert.not.ok(legal(fresh(), { type: 'ConstraintDefined', config: { id: 'c1', rule: 'colocation', colocation: { resource: 'a', with: 'a', score: 0 } } }));
  assert.not.ok(legal(fresh(), { type: 'ConstraintDefined', config: { id: 'c1' } }));
});

test('constraint: define twice, change or remove an undefined one are rejected; remove then redefine', () => {
  const loc = define({ id: 'c1', location: { resource: 'web', node: 'n1', score: 100 } });
  const d = when(M, fresh(), loc).then;
  rejects(M, d, loc, /already defined/);
  rejects(M, fresh(), { type: 'ChangeConstraint', config: { id: 'c1', location: { resource: 'web', node: 'n1', score: 1 } } }, /not defined/);
  rejects(M, fresh(), { type: 'RemoveConstraint' }, /not defined/);
  const changed = when(M, d, { type: 'ChangeConstraint', config: { id: 'c1', order: { first: 'a', then: 'b', kind: 'optional' } } }).then;
  assert.equal(changed.snapshot.context.config?.rule, 'order');
  assert.is(changed.snapshot.context.config?.location, undefined);
  const removed = when(M, changed, { type: 'RemoveConstraint' }).then;
  assert.is(removed.snapshot.value, 'removed');
  rejects(M, removed, { type: 'RemoveConstraint' }, /not defined/);
  assert.is(when(M, removed, loc).then.snapshot.value, 'defined');
});

test('score: clamps, parses INFINITY forms and adds the Pacemaker way', () => {
  assert.is(clampScore(2_000_000), INFINITY);
  assert.is(clampScore(-2_000_000), -INFINITY);
  assert.is(clampScore(12.7), 12);
  assert.is(parseScore('INFINITY'), INFINITY);
  assert.is(parseScore('+infinity'), INFINITY);
  assert.is(parseScore('-INFINITY'), -INFINITY);
  assert.is(parseScore('-250'), -250);
  assert.is(parseScore('99999999'), INFINITY);
  assert.is(addScores(INFINITY, -INFINITY), -INFINITY);
  assert.is(addScores(999_999, 5), INFINITY);
  assert.is(formatScore(-INFINITY), '-INFINITY');
  try {
    parseScore('1.5', 'constraint/c1 score');
    assert.unreachable();
  } catch (e) {
    assert.ok(isQuorateError(e, 'config.invalid'));
    assert.match((e as Error).message, 'constraint/c1 score: "1.5" is not a score');
  }
});

test.run();
