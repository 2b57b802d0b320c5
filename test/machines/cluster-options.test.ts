// Specifications of cluster/options: validation, merge and removal, typed accessors with defaults, durations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clusterOptions, optionsModule, parseDurationMs } from '../../machines/cluster/index.ts';
import { given, legal, rejects, when } from './given.ts';

const O = optionsModule;

test('cluster: options default when nothing is set', () => {
  const o = clusterOptions(given(O, 'options', []).snapshot.context);
  assert.equal(o, {
    noQuorumPolicy: 'stop', stonithEnabled: true, stonithAction: 'reboot', stonithTimeoutMs: 60_000, startupFencing: true,
    symmetricCluster: true, resourceStickiness: 0, deadTimeMs: 1000, heartbeatIntervalMs: 200, twoNode: false,
    maintenanceMode: false, watchdogTimeoutMs: 5000, fencingMode: 'agent', migrationThreshold: 1_000_000, failureTimeoutMs: 0,
    clusterRecheckIntervalMs: 900_000, invalid: [],
  });
});

test('cluster: SetOptions defines, then merges; typed accessors parse what was set', () => {
  const { facts, then } = when(O, given(O, 'options', []), { type: 'SetOptions', options: { 'two-node': 'yes', 'dead-time': '2s' } });
  assert.equal(facts, [{ type: 'ClusterOptionsDefined', options: { 'dead-time': '2s', 'two-node': 'yes' } }]);
  assert.is(then.snapshot.value, 'set');
  const merged = when(O, then, { type: 'SetOptions', options: { 'no-quorum-policy': 'freeze', 'resource-stickiness': 'INFINITY', 'failure-timeout': 'PT1M' } });
  assert.is(merged.facts[0]?.type, 'ClusterOptionsChanged');
  const o = clusterOptions(merged.then.snapshot.context);
  assert.is(o.twoNode, true);
  assert.is(o.deadTimeMs, 2000);
  assert.is(o.noQuorumPolicy, 'freeze');
  assert.is(o.resourceStickiness, 1_000_000);
  assert.is(o.failureTimeoutMs, 60_000);
  assert.equal(Object.keys(merged.then.snapshot.context.options), ['dead-time', 'failure-timeout', 'no-quorum-policy', 'resource-stickiness', 'two-node']);
  assert.equal(when(O, merged.then, { type: 'SetOptions', options: { 'two-node': 'yes' } }).facts, [], 'values in force: no-op');
});

test('cluster: invalid option names and values are refused naming the option and what was expected', () => {
  const g = given(O, 'options', []);
  rejects(O, g, { type: 'SetOptions', options: { 'no-quorum-policy': 'panic' } }, 'no-quorum-policy: expected one of stop, freeze, ignore, got "panic"');
  rejects(O, g, { type: 'SetOptions', options: { 'stonith-enabled': 'maybe' } }, 'stonith-enabled: expected a boolean');
  rejects(O, g, { type: 'SetOptions', options: { 'dead-time': 'soon' } }, 'dead-time: expected a duration');
  rejects(O, g, { type: 'SetOptions', options: { 'fencing-mode': 'prayer' } }, 'fencing-mode: expected one of agent, watchdog');
  rejects(O, g, { type: 'SetOptions', options: { 'migration-threshold': '-1' } }, 'migration-threshold: expected a whole number or INFINITY');
  rejects(O, g, { type: 'SetOptions', options: { 'resource-stickiness': 'lots' } }, 'resource-stickiness: expected a score');
  rejects(O, g, { type: 'SetOptions', options: { 'frobnicate': '1' } }, 'unknown cluster option "frobnicate"');
  rejects(O, g, { type: 'SetOptions', options: { 'constructor': '1' } }, 'unknown cluster option "constructor"');
  rejects(O, g, { type: 'SetOptions', options: {} }, 'options must be a non-empty object');
  rejects(O, g, { type: 'SetOptions', options: { 'two-node': 1 as never } }, 'two-node: expected a string value');
});

test('cluster: UnsetOptions drops set names and refuses unset ones', () => {
  const g = when(O, given(O, 'options', []), { type: 'SetOptions', options: { 'two-node': 'true', 'dead-time': '3s' } }).then;
  rejects(O, g, { type: 'UnsetOptions', names: ['stonith-enabled'] }, 'option "stonith-enabled" is not set');
  rejects(O, g, { type: 'UnsetOptions', names: [] }, 'names must be a non-empty list');
  rejects(O, given(O, 'options', []), { type: 'UnsetOptions', names: ['two-node'] }, 'is not set');
  const { facts, then } = when(O, g, { type: 'UnsetOptions', names: ['two-node'] });
  assert.equal(facts, [{ type: 'ClusterOptionsRemoved', names: ['two-node'] }]);
  assert.equal(then.snapshot.context.options, { 'dead-time': '3s' });
  assert.is(clusterOptions(then.snapshot.context).twoNode, false);
  assert.not.ok(legal(then, { type: 'ClusterOptionsRemoved', names: ['two-node'] }));
  assert.not.ok(legal(given(O, 'options', []), { type: 'ClusterOptionsChanged', options: { 'two-node': 'true' } }));
});

test('cluster: a stored value that does not parse takes its default and is reported', () => {
  const o = clusterOptions({ options: { 'dead-time': 'whenever', 'two-node': 'true' } });
  assert.is(o.deadTimeMs, 1000);
  assert.is(o.twoNode, true);
  assert.equal(o.invalid, ['dead-time: expected a duration such as 1000, "500ms", "1s", "2m" or "PT1S", got "whenever"']);
});

test('cluster: durations parse from ms numbers, units and ISO 8601', () => {
  assert.is(parseDurationMs('1000'), 1000);
  assert.is(parseDurationMs('500ms'), 500);
  assert.is(parseDurationMs('1s'), 1000);
  assert.is(parseDurationMs('1.5s'), 1500);
  assert.is(parseDurationMs('2m'), 120_000);
  assert.is(parseDurationMs('1h'), 3_600_000);
  assert.is(parseDurationMs('PT2S'), 2000);
  assert.is(parseDurationMs(' 0 '), 0);
  assert.is(parseDurationMs('-1s'), undefined);
  assert.is(parseDurationMs('1 fortnight'), undefined);
  assert.is(parseDurationMs(''), undefined);
});

test.run();
