// CIB import: clones, bundles, templates, rules, sets, tickets, tags, ACLs, alerts are listed by element and id.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importCib } from '../../cli/cib/index.ts';

const file = 'test/fixtures/cib/unsupported.xml';
const result = importCib(readFileSync(file, 'utf8'), file);
const listed = (element: string, id: string) => result.untranslated.find((u) => u.element === element && u.id === id);

test('cib: every unsupported element is listed by element, id and line', () => {
  const expected: Array<[string, string]> = [
    ['clone', 'ping-clone'], ['clone', 'db-clone'], ['bundle', 'httpd-bundle'], ['template', 'vm-template'], ['primitive', 'vm1'],
    ['cluster_property_set', 'night-options'], ['utilization', 'beta-utilization'], ['node', 'remote1'],
    ['rsc_location', 'loc-app-rule'], ['rsc_location', 'loc-pattern'], ['rsc_colocation', 'col-app-ping'],
    ['rsc_colocation', 'col-app-db-promoted'], ['rsc_order', 'order-set'], ['rsc_ticket', 'ticket-app'], ['fencing-level', 'fl-pattern'],
    ['op', 'app-monitor-off'], ['lrm_resource', 'ping'], ['node_state', 'gamma'],
  ];
  for (const [element, id] of expected) {
    const u = listed(element, id);
    assert.ok(u, `${element} ${id} is listed`);
    assert.ok(u!.line !== undefined && u!.line > 0, `${element} ${id} has a line`);
    assert.is(u!.kind, 'unsupported', `${element} ${id}`);
  }
  for (const section of ['tags', 'acls', 'alerts']) assert.ok(result.untranslated.some((u) => u.element === section), section);
  assert.match(listed('clone', 'db-clone')!.reason, /promotable/);
  assert.match(listed('rsc_order', 'order-set')!.reason, /resource sets/);
  assert.match(listed('cluster_property_set', 'night-options')!.reason, /rules/);
});

test('cib: what is translatable beside unsupported parts still is', () => {
  const types = result.facts.map((f) => f.fact.type);
  assert.equal(types, ['ClusterOptionsDefined', 'NodeDefined', 'NodeDefined', 'ResourceDefined', 'ConstraintDefined', 'NodeJoined',
    'ResourceOperationSucceeded', 'ResourceOperationFailed', 'ResourceOperationFailed']);
  const options = result.facts[0]!.fact;
  assert.equal(options, { type: 'ClusterOptionsDefined', options: { 'stonith-enabled': 'false' } }, 'a set under a rule adds nothing');
  assert.ok(!result.facts.some((f) => JSON.stringify(f.fact).includes('ping')), 'nothing of the clone leaks into facts');
});

test('cib: timestamps for in_ccm/crmd count as online; pending nodes and pending operations are noted', () => {
  assert.ok(result.facts.some((f) => f.fact.type === 'NodeJoined' && f.fact.node === 'alpha'));
  assert.ok(!result.facts.some((f) => f.fact.type === 'NodeJoined' && f.fact.node === 'beta'));
  assert.is(listed('node_state', 'beta')?.kind, 'informational');
  assert.is(listed('lrm_rsc_op', 'app_monitor_10000')?.kind, 'informational');
});

test('cib: legacy fail-count-<rsc> counts every failure of the resource', () => {
  const failures = result.facts.filter((f) => f.fact.type === 'ResourceOperationFailed');
  assert.is(failures.length, 2, 'fail-count-app=2, one failure in the history');
  assert.ok(result.untranslated.some((u) => u.id === 'alpha:fail-count-ping'));
  assert.ok(result.untranslated.some((u) => u.id === 'alpha:pingd'));
});

test('cib: operation attributes quorate has no field for are listed with the op id', () => {
  assert.ok(result.untranslated.some((u) => u.id === 'app-monitor-10s' && /start-delay/.test(u.reason)));
  assert.ok(result.untranslated.some((u) => u.id === 'loc-app-alpha' && /resource-discovery/.test(u.reason)));
});

test.run();
