import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact, GroupConfig } from '../../proto/generated.ts';
import { groupModule as M } from '../../machines/group/index.ts';
import { given, legal, rejects, when } from './given.ts';

const cfg = (over: Partial<GroupConfig> = {}): GroupConfig => ({ id: 'g1', members: ['ip', 'fs', 'web'], meta: {}, failoverDomain: ['n1', 'n2'], ...over });
const defined: Fact = { type: 'GroupDefined', config: cfg() };

test('group: defining it keeps members in start order', () => {
  const { facts, then } = when(M, given(M, 'g1', []), { type: 'DefineGroup', config: { id: 'g1', members: ['ip', 'fs', 'web'] } });
  assert.equal(facts, [{ type: 'GroupDefined', config: { id: 'g1', members: ['ip', 'fs', 'web'], meta: {}, failoverDomain: [] } }]);
  assert.is(then.snapshot.value, 'defined');
  assert.equal(then.snapshot.context.config?.members, ['ip', 'fs', 'web']);
  assert.is(then.snapshot.context.since, then.at);
});

test('group: no members, a member twice, a mismatched id or a duplicate domain node are rejected', () => {
  const g = given(M, 'g1', []);
  rejects(M, g, { type: 'DefineGroup', config: cfg({ members: [] }) }, /g1 has no members/);
  rejects(M, g, { type: 'DefineGroup', config: cfg({ members: ['ip', 'fs', 'ip'] }) }, /member "ip" appears twice/);
  rejects(M, g, { type: 'DefineGroup', config: cfg({ members: ['ip', ''] }) }, /members\[1\]: empty resource name/);
  rejects(M, g, { type: 'DefineGroup', config: cfg({ id: 'g2' }) }, /config id "g2" does not match/);
  rejects(M, g, { type: 'DefineGroup', config: cfg({ failoverDomain: ['n1', 'n1'] }) }, /node "n1" appears twice/);
  rejects(M, given(M, 'g1', [defined]), { type: 'ChangeGroup', config: cfg({ members: [] }) }, /no members/);
});

test('group: the fold refuses an invalid config too', () => {
  assert.not.ok(legal(given(M, 'g1', []), { type: 'GroupDefined', config: cfg({ members: [] }) }));
  assert.not.ok(legal(given(M, 'g1', []), { type: 'GroupDefined', config: cfg({ members: ['a', 'a'] }) }));
});

test('group: define twice, change or remove an undefined group are rejected', () => {
  rejects(M, given(M, 'g1', [defined]), { type: 'DefineGroup', config: cfg() }, /already defined/);
  rejects(M, given(M, 'g1', []), { type: 'ChangeGroup', config: cfg() }, /not defined/);
  rejects(M, given(M, 'g1', []), { type: 'RemoveGroup' }, /not defined/);
});

test('group: change replaces the config; remove, then define again', () => {
  const changed = when(M, given(M, 'g1', [defined]), { type: 'ChangeGroup', config: cfg({ members: ['web', 'ip'] }) }).then;
  assert.equal(changed.snapshot.context.config?.members, ['web', 'ip']);
  const removed = when(M, changed, { type: 'RemoveGroup' });
  assert.equal(removed.facts, [{ type: 'GroupRemoved', id: 'g1' }]);
  assert.is(removed.then.snapshot.value, 'removed');
  assert.is(removed.then.snapshot.context.config, null);
  rejects(M, removed.then, { type: 'RemoveGroup' }, /not defined/);
  assert.is(when(M, removed.then, { type: 'DefineGroup', config: cfg() }).then.snapshot.value, 'defined');
});

test.run();
