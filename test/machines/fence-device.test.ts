// Specifications of fence-device/<id>: define, change, remove, and every refusal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fenceDeviceModule } from '../../machines/fence-device/index.ts';
import { given, legal, rejects, when } from './given.ts';

const F = fenceDeviceModule;
const spec = { agent: 'fence_ipmilan', params: { ip: '10.0.0.9', login: 'admin' }, targets: ['n2', 'n1'], hostMap: { n1: 'plug1', n2: 'plug2' } };
const defined = () => when(F, given(F, 'ipmi', []), { type: 'DefineFenceDevice', ...spec }).then;

test('fence-device: DefineFenceDevice records the configuration with sorted targets', () => {
  const { facts, then } = when(F, given(F, 'ipmi', []), { type: 'DefineFenceDevice', ...spec });
  assert.equal(facts, [{ type: 'FenceDeviceDefined', config: { id: 'ipmi', agent: 'fence_ipmilan', params: { ip: '10.0.0.9', login: 'admin' }, targets: ['n1', 'n2'], hostMap: { n1: 'plug1', n2: 'plug2' }, meta: {} } }]);
  assert.is(then.snapshot.value, 'defined');
  assert.equal(then.snapshot.context.targets, ['n1', 'n2']);
  assert.is(then.snapshot.context.since, then.at);
  rejects(F, then, { type: 'DefineFenceDevice', ...spec }, 'fence device ipmi is already defined');
});

test('fence-device: a bad configuration is refused naming the field', () => {
  const g = given(F, 'ipmi', []);
  rejects(F, g, { type: 'DefineFenceDevice', agent: ' ' }, 'agent must name a fence agent');
  rejects(F, g, { type: 'DefineFenceDevice', agent: 'fence_x', targets: [''] }, 'targets must be a list of node names');
  rejects(F, g, { type: 'DefineFenceDevice', agent: 'fence_x', targets: ['n1'], hostMap: { n9: 'p9' } }, 'hostMap names node n9, which is not one of the targets');
  rejects(F, g, { type: 'DefineFenceDevice', agent: 'fence_x', params: { port: 7 as never } }, 'params entry "port" must be a non-empty name with a string value');
  assert.not.ok(legal(g, { type: 'FenceDeviceDefined', config: { id: 'ipmi', agent: '', params: {}, targets: [], hostMap: {}, meta: {} } }));
});

test('fence-device: ChangeFenceDevice replaces the configuration; RemoveFenceDevice removes it', () => {
  rejects(F, given(F, 'ipmi', []), { type: 'ChangeFenceDevice', agent: 'fence_x' }, 'fence device ipmi is not defined');
  rejects(F, given(F, 'ipmi', []), { type: 'RemoveFenceDevice' }, 'is not defined');
  const changed = when(F, defined(), { type: 'ChangeFenceDevice', agent: 'fence_apc', targets: ['n3'], meta: { provides: 'unfencing' } }).then;
  assert.is(changed.snapshot.context.agent, 'fence_apc');
  assert.equal(changed.snapshot.context.targets, ['n3']);
  assert.equal(changed.snapshot.context.params, {});
  assert.equal(changed.snapshot.context.meta, { provides: 'unfencing' });
  const { facts, then } = when(F, changed, { type: 'RemoveFenceDevice' });
  assert.equal(facts, [{ type: 'FenceDeviceRemoved', id: 'ipmi' }]);
  assert.is(then.snapshot.value, 'removed');
  rejects(F, then, { type: 'RemoveFenceDevice' }, 'is not defined');
  rejects(F, then, { type: 'ChangeFenceDevice', agent: 'fence_x' }, 'is not defined');
  assert.is(when(F, then, { type: 'DefineFenceDevice', agent: 'fence_x' }).then.snapshot.value, 'defined');
});

test.run();
