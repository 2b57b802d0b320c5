// apply/verify without a cluster: every problem of a bad file placed at file:line:col with its path; round trips.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configOf } from '../../actors/services/config-model.ts';
import { planConfig } from '../../actors/services/config-plan.ts';
import { entityOf } from '../../machines/entity.ts';
import { emptyState, foldEntry } from '../../machines/fold.ts';
import { formatConfigError } from '../../cli/config/reader.ts';
import { readConfig } from '../../cli/config/schema.ts';
import { writeConfig } from '../../cli/config/write.ts';
import { cli } from './cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const rel = (name: string) => `test/cli/fixtures/${name}`;

const BAD = [
  '3:12: nodes[0].votes: expected a whole number from 1 to 255, got "many"',
  '5:20: options.stonith-enabled: expected a boolean (true/false, yes/no, on/off, 1/0), got "maybe"',
  '6:19: options.no-such-option: unknown cluster option (known: cluster-recheck-interval, dead-time, failure-timeout, fencing-mode, heartbeat-interval, maintenance-mode, migration-threshold, no-quorum-policy, resource-stickiness, startup-fencing, stonith-action, stonith-enabled, stonith-timeout, symmetric-cluster, two-node, watchdog-timeout)',
  '11:35: resources[0].operations[0].interval: expected a duration like 10s, 500ms or 2min, got "often"',
  '12:5: resources[1]: missing "agent"',
  '13:5: resources[1].agnet: unknown key (expected one of id, agent, params, meta, operations, failover-domain, container)',
  '17:16: resources[2].operations[0].name: expected one of start, stop, monitor, probe, got "dance"',
  '20:46: constraints[0].location.score: expected a score (an integer, INFINITY or -INFINITY), got "lots"',
  '21:5: constraints[1]: expected exactly one of location, colocation or order, got colocation and order',
  '26:11: containers[0].type: expected private, shared or local, got "secret"',
  '27:12: containers[0].disks: expected at least one disk',
  '29:25: fence-levels[0].index: expected a whole number from 1 to 9, got 12',
  '30:1: unknown-section: unknown key (expected one of nodes, options, resources, groups, constraints, containers, fence-devices, fence-levels)',
];

/** Folds planned facts into `state` as the journal would. */
function applyTo(state: ReturnType<typeof emptyState>, facts: ReturnType<typeof planConfig>['facts']) {
  for (const f of facts) foldEntry(state, { kind: 'fact', seq: state.position + 1, entity: entityOf(f), fact: f, meta: { cluster: 't', occurredAt: 1000, origin: 'test', term: 0 } });
}

test('config: every problem of a bad file, in file order, with line, column, path and what was expected', () => {
  const r = readConfig('bad.yaml', readFileSync(fixture('bad.yaml'), 'utf8'));
  assert.equal(r.errors.map(formatConfigError).sort((a, b) => parseInt(a.split(':')[1]!) - parseInt(b.split(':')[1]!)), BAD.map((l) => `bad.yaml:${l}`));
});

test('config: YAML syntax errors are placed too', () => {
  const r = readConfig('x.yaml', 'nodes: [\n  - x');
  assert.ok(r.errors.length > 0);
  assert.match(formatConfigError(r.errors[0]!), /^x\.yaml:2:3: YAML syntax: /);
});

test('config: references are checked across the resulting configuration', () => {
  const r = readConfig('dangling.yaml', readFileSync(fixture('dangling.yaml'), 'utf8'));
  assert.equal(r.errors, []);
  const plan = planConfig(r.doc, emptyState(), 0);
  assert.equal(plan.facts, []);
  assert.equal(plan.issues.map((i) => `${i.path}: ${i.message}`), [
    'groups[0].members[0]: resource "web-ip" is not defined',
    'groups[0].members[1]: resource "nope" is not defined',
    'constraints[0].location.resource: resource or group "db" is not defined',
    'constraints[0].location.node: node "n9" is not defined',
  ]);
});

test('config: show of an applied file reads back to the same configuration and plans no change', () => {
  const r = readConfig('cluster.yaml', readFileSync(fixture('cluster.yaml'), 'utf8'));
  assert.equal(r.errors, []);
  const state = emptyState('t');
  const plan = planConfig(r.doc, state, 1000);
  assert.equal(plan.issues, []);
  assert.is(plan.changes.length, 12);
  applyTo(state, plan.facts);
  assert.equal(state.inconsistencies, []);
  assert.equal(planConfig(r.doc, state, 2000).changes, [], 'applying the same file again changes nothing');
  const shown = writeConfig(configOf(state));
  const back = readConfig('shown.yaml', shown);
  assert.equal(back.errors, []);
  assert.equal(planConfig(back.doc, state, 3000).changes, [], `config show output is not a no-op:\n${shown}`);
  assert.is(writeConfig(back.doc), shown);
});

test('config: a changed and a dropped item become change and remove, removals after definitions', () => {
  const r = readConfig('cluster.yaml', readFileSync(fixture('cluster.yaml'), 'utf8'));
  const state = emptyState('t');
  applyTo(state, planConfig(r.doc, state, 1000).facts);
  const next = { ...r.doc, constraints: [r.doc.constraints![1]!], resources: r.doc.resources!.map((x) => (x.id === 'db' ? { ...x, params: { state: '/tmp/db' } } : x)) };
  assert.equal(planConfig(next, state, 2000).changes, [{ action: 'change', entity: 'resource/db' }, { action: 'remove', entity: 'constraint/web-after-db' }]);
});

test('verify: a good file is valid, a bad one exits 3 naming every problem and that nothing changed', async () => {
  const good = await cli(['verify', '-f', rel('cluster.yaml')]);
  assert.is(good.code, 0, good.stderr);
  assert.is(good.stdout, 'test/cli/fixtures/cluster.yaml: valid (12 definitions)\n');
  const bad = await cli(['verify', '-f', rel('bad.yaml')]);
  assert.is(bad.code, 3);
  assert.is(bad.stderr, `${BAD.map((l) => `test/cli/fixtures/bad.yaml:${l}`).join('\n')}\n13 problems; nothing was changed\n`);
  const missing = await cli(['apply', '-f', rel('nope.yaml'), '--cluster', 'x']);
  assert.is(missing.code, 2);
  assert.is(missing.stderr, 'quorate apply: -f test/cli/fixtures/nope.yaml: no such file\n');
});

test.run();
