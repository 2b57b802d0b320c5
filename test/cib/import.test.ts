// CIB import of a realistic 3-node cluster: configuration, fencing, constraints, options and the status section.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { durationMs, FAILCOUNT_INFINITY_REASON, FAILCOUNT_REASON, importCib, UNCLEAN_REASON } from '../../cli/cib/index.ts';
import type { Fact, FactOf, FactType } from '../../proto/generated.ts';

const file = 'test/fixtures/cib/three-node-web.xml';
const result = importCib(readFileSync(file, 'utf8'), file);
const facts = result.facts.map((f) => f.fact);
const ofType = <K extends FactType>(t: K) => facts.filter((f) => f.type === t) as FactOf<K>[];
const resource = (id: string) => ofType('ResourceDefined').find((f) => f.config?.id === id)!.config!;
const constraint = (id: string) => ofType('ConstraintDefined').find((f) => f.config?.id === id)?.config;
const opsOn = (node: string) => facts.filter((f): f is FactOf<'ResourceOperationSucceeded'> | FactOf<'ResourceOperationFailed'> =>
  (f.type === 'ResourceOperationSucceeded' || f.type === 'ResourceOperationFailed') && f.node === node);

test('cib: Pacemaker durations parse to ms (10s, 1min, 30000ms, bare seconds, ISO 8601)', () => {
  assert.is(durationMs('10s'), 10_000);
  assert.is(durationMs('1min'), 60_000);
  assert.is(durationMs('30000ms'), 30_000);
  assert.is(durationMs('20'), 20_000);
  assert.is(durationMs('2h'), 7_200_000);
  assert.is(durationMs('PT1M30S'), 90_000);
  assert.is(durationMs('soon'), undefined);
});

test('cib: nodes with attributes, and the standby attribute as NodeStandby', () => {
  assert.equal(ofType('NodeDefined').map((f) => f.config), [
    { node: 'node1', votes: 0, attributes: { rack: 'r1' } },
    { node: 'node2', votes: 0, attributes: { rack: 'r2' } },
    { node: 'node3', votes: 0, attributes: { rack: 'r3' } },
  ]);
  assert.equal(ofType('NodeStandby').map((f) => f.node), ['node3']);
});

test('cib: primitives keep agent, params, meta and operations with parsed durations', () => {
  const fs = resource('web-fs');
  assert.is(fs.agent, 'ocf:heartbeat:Filesystem');
  assert.equal(fs.params, { device: '/dev/vg_web/lv_web', directory: '/srv/www', fstype: 'xfs' });
  assert.equal(fs.operations, [
    { name: 'monitor', intervalMs: 20_000, timeoutMs: 40_000, onFail: 'restart', role: '' },
    { name: 'start', intervalMs: 0, timeoutMs: 60_000, onFail: '', role: '' },
    { name: 'stop', intervalMs: 0, timeoutMs: 60_000, onFail: 'fence', role: '' },
  ]);
  assert.equal(resource('web-app').meta, { 'failure-timeout': '5min', 'migration-threshold': '3' });
  assert.equal(resource('db-ip').operations[0], { name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, onFail: '', role: '' });
  assert.is(resource('backup').agent, 'systemd:backup-agent');
  assert.is(resource('backup').operations[0]!.intervalMs, 60_000);
});

test('cib: a group lists its members in start order, after their definitions', () => {
  const group = ofType('GroupDefined')[0]!.config!;
  assert.equal(group.members, ['web-ip', 'web-fs', 'web-app']);
  assert.equal(group.meta, { 'target-role': 'Started' });
  const at = (t: string, id: string) => facts.findIndex((f) => f.type === t && 'config' in f && f.config && 'id' in f.config && f.config.id === id);
  for (const m of group.members) assert.ok(at('ResourceDefined', m) < at('GroupDefined', 'web'), m);
});

test('cib: location, colocation and order constraints with INFINITY, -INFINITY, +INFINITY and numbers', () => {
  assert.equal(constraint('location-web-node1')?.location, { resource: 'web', node: 'node1', score: 200 });
  assert.equal(constraint('location-backup-node1')?.location, { resource: 'backup', node: 'node1', score: -1_000_000 });
  assert.equal(constraint('colocation-db-ip-web')?.colocation, { resource: 'db-ip', with: 'web', score: 1_000_000 });
  assert.equal(constraint('colocation-backup-web')?.colocation, { resource: 'backup', with: 'web', score: -100 });
  assert.equal(constraint('order-db-ip-then-web')?.order, { first: 'db-ip', then: 'web', kind: 'mandatory', symmetrical: true, firstAction: 'start', thenAction: 'start' });
  assert.equal(constraint('order-web-then-backup')?.order, { first: 'web', then: 'backup', kind: 'optional', symmetrical: false, firstAction: 'start', thenAction: 'start' });
  assert.is(constraint('order-legacy-score')?.order?.kind, 'optional', 'score="0" on an order is Optional');
  assert.is(constraint('location-fence-node1-avoid'), undefined);
  assert.ok(result.untranslated.some((u) => u.id === 'location-fence-node1-avoid' && /fence device/.test(u.reason)));
});

test('cib: cluster options from crm_config, rsc_defaults and op_defaults; Pacemaker bookkeeping listed', () => {
  assert.equal(ofType('ClusterOptionsDefined')[0]!.options, {
    'cluster-name': 'webcluster', 'default-action-timeout': '30s', 'migration-threshold': '5', 'no-quorum-policy': 'stop',
    'resource-stickiness': '100', 'stonith-enabled': 'true', 'stonith-timeout': '60s', 'symmetric-cluster': 'true',
  });
  for (const name of ['dc-version', 'cluster-infrastructure', 'have-watchdog', 'last-lrm-refresh']) {
    assert.ok(result.untranslated.some((u) => u.id === name && u.kind === 'informational'), name);
  }
  assert.ok(result.untranslated.some((u) => u.id === 'record-pending' && u.kind === 'unsupported'));
});

test('cib: stonith primitives become fence devices with targets and host map; topology becomes levels', () => {
  const devices = ofType('FenceDeviceDefined').map((f) => f.config!);
  assert.equal(devices.map((d) => d.id), ['fence-ipmi-node1', 'fence-ipmi-node2', 'fence-ipmi-node3', 'fence-pdu']);
  assert.equal(devices[0]!.targets, ['node1']);
  assert.equal(devices[0]!.params, { ip: '10.0.0.101', lanplus: '1', password: 'secret', username: 'admin' });
  assert.equal(devices[3]!.hostMap, { node1: '1', node2: '2', node3: '3' });
  assert.equal(ofType('FenceLevelDefined').map((f) => f.config), [
    { target: 'node1', index: 1, devices: ['fence-ipmi-node1'] }, { target: 'node1', index: 2, devices: ['fence-pdu'] },
    { target: 'node2', index: 1, devices: ['fence-ipmi-node2'] }, { target: 'node2', index: 2, devices: ['fence-pdu'] },
    { target: 'node3', index: 1, devices: ['fence-ipmi-node3', 'fence-pdu'] },
  ]);
  assert.ok(!facts.some((f) => 'resource' in f && f.resource === 'fence-ipmi-node2'), 'fence device history is not a resource');
});

test('cib: node states: online members join, an unclean node joins and is lost', () => {
  const membership = facts.filter((f) => f.type === 'NodeJoined' || f.type === 'NodeLost').map((f) => `${f.type} ${(f as { node: string }).node}`);
  assert.equal(membership, ['NodeJoined node1', 'NodeJoined node2', 'NodeJoined node3', 'NodeLost node3']);
  assert.is(ofType('NodeLost')[0]!.reason, UNCLEAN_REASON);
});

test('cib: operation history in call-id order per node, last_failure entries not doubled', () => {
  const node1 = opsOn('node1').filter((f) => !f.opId.includes('fail-count'));
  assert.equal(node1.map((f) => f.opId), ['pcmk/node1/8', 'pcmk/node1/10', 'pcmk/node1/11', 'pcmk/node1/12', 'pcmk/node1/13', 'pcmk/node1/15', 'pcmk/node1/21', 'pcmk/node1/22']);
  const failed = node1.find((f) => f.opId === 'pcmk/node1/15') as Fact;
  assert.equal(failed, { type: 'ResourceOperationFailed', resource: 'web-app', node: 'node1', operation: 'monitor', opId: 'pcmk/node1/15', rc: 7, durationMs: 44, reason: 'apache is not running', timedOut: false, recovery: 'soft' });
  const probe = opsOn('node2').find((f) => f.resource === 'web-ip')!;
  assert.equal([probe.type, probe.operation, probe.rc], ['ResourceOperationSucceeded', 'probe', 7]);
  const timedOut = opsOn('node2').find((f) => f.opId === 'pcmk/node2/17') as FactOf<'ResourceOperationFailed'>;
  assert.equal([timedOut.type, timedOut.operation, timedOut.timedOut], ['ResourceOperationFailed', 'start', true]);
  assert.is(result.facts.find((f) => f.fact === failed)?.at, 1_741_083_100_000);
});

test('cib: fail counts add the failures the history lacks; INFINITY adds one hard failure', () => {
  const webApp = opsOn('node1').filter((f) => f.type === 'ResourceOperationFailed' && f.resource === 'web-app');
  assert.is(webApp.length, 2, 'fail-count-web-app#monitor_30000=2 with one failure in the history');
  assert.is((webApp[1] as FactOf<'ResourceOperationFailed'>).reason, FAILCOUNT_REASON);
  const backup = opsOn('node2').filter((f) => f.type === 'ResourceOperationFailed' && f.resource === 'backup') as FactOf<'ResourceOperationFailed'>[];
  assert.equal(backup.map((f) => [f.reason, f.recovery]), [['rc 1, op-status 2', 'soft'], [FAILCOUNT_INFINITY_REASON, 'hard']]);
});

test('cib: an orphan resource history and fence device history are listed, not dropped', () => {
  assert.ok(result.untranslated.some((u) => u.element === 'lrm_resource' && u.id === 'old-vip' && /orphan/.test(u.reason)));
  assert.ok(result.untranslated.some((u) => u.element === 'lrm_resource' && u.id === 'fence-ipmi-node2' && u.kind === 'informational'));
  assert.is(result.untranslated.length, 9);
});

test.run();
