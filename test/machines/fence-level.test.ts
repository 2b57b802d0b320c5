// Specifications of fence-level/<target>: levels 1..9, replacement, removal, and every refusal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fenceLevelModule } from '../../machines/fence-level/index.ts';
import { given, legal, rejects, when } from './given.ts';

const L = fenceLevelModule;
const level = (index: number, devices: string[]) => ({ type: 'DefineFenceLevel' as const, index, devices });

test('fence-level: DefineFenceLevel adds levels in index order and replaces an existing index', () => {
  const { facts, then } = when(L, given(L, 'n1', []), level(2, ['pdu-a', 'pdu-b']));
  assert.equal(facts, [{ type: 'FenceLevelDefined', config: { target: 'n1', index: 2, devices: ['pdu-a', 'pdu-b'] } }]);
  assert.is(then.snapshot.value, 'configured');
  const both = when(L, then, level(1, ['ipmi'])).then;
  assert.equal(both.snapshot.context.levels, [{ index: 1, devices: ['ipmi'] }, { index: 2, devices: ['pdu-a', 'pdu-b'] }]);
  const replaced = when(L, both, level(2, ['pdu-c'])).then;
  assert.equal(replaced.snapshot.context.levels, [{ index: 1, devices: ['ipmi'] }, { index: 2, devices: ['pdu-c'] }]);
  assert.equal(when(L, replaced, level(1, ['ipmi'])).facts, [], 'the same level again is a no-op');
});

test('fence-level: an index outside 1..9 or an empty, repeating or unknown device list is refused', () => {
  const g = given(L, 'n1', []);
  rejects(L, g, level(0, ['ipmi']), 'level index must be an integer from 1 to 9, got 0');
  rejects(L, g, level(10, ['ipmi']), 'got 10');
  rejects(L, g, level(1.5, ['ipmi']), 'got 1.5');
  rejects(L, g, level(1, []), 'level 1 needs at least one device');
  rejects(L, g, level(1, ['ipmi', 'ipmi']), 'lists a device twice');
  rejects(L, g, { ...level(1, ['ipmi', 'ghost']), knownDevices: ['ipmi'] }, 'fence device ghost is not defined');
  assert.ok(when(L, g, { ...level(1, ['ipmi']), knownDevices: ['ipmi'] }).facts.length === 1);
  assert.not.ok(legal(g, { type: 'FenceLevelDefined', config: { target: 'n1', index: 12, devices: ['x'] } }));
  assert.not.ok(legal(g, { type: 'FenceLevelDefined', config: { target: 'n1', index: 1, devices: [] } }));
});

test('fence-level: RemoveFenceLevel drops an existing level, back to empty after the last', () => {
  const g = when(L, when(L, given(L, 'n1', []), level(1, ['ipmi'])).then, level(3, ['pdu'])).then;
  rejects(L, g, { type: 'RemoveFenceLevel', index: 2 }, 'node n1 has no fencing level 2');
  rejects(L, g, { type: 'RemoveFenceLevel', index: 0 }, 'level index must be an integer from 1 to 9');
  const one = when(L, g, { type: 'RemoveFenceLevel', index: 1 });
  assert.equal(one.facts, [{ type: 'FenceLevelRemoved', target: 'n1', index: 1 }]);
  assert.is(one.then.snapshot.value, 'configured');
  const none = when(L, one.then, { type: 'RemoveFenceLevel', index: 3 }).then;
  assert.is(none.snapshot.value, 'empty');
  assert.equal(none.snapshot.context.levels, []);
  assert.is(none.snapshot.context.since, none.at);
  rejects(L, none, { type: 'RemoveFenceLevel', index: 3 }, 'has no fencing level 3');
  assert.not.ok(legal(none, { type: 'FenceLevelRemoved', target: 'n1', index: 3 }));
});

test.run();
