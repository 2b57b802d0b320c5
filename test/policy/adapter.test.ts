// The adapter: commands decided and folded into a ClusterState, read into a ScheduleInput, then scheduled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scheduleInputOf } from '../../machines/policy/adapter.ts';
import { formatSummary, schedule } from '../../machines/policy/index.ts';
import { drivenCluster, T } from './driven.ts';


/** A cluster driven by commands through each entity's decider, each fact folded in turn. */
function cluster() {
  const { state, run } = drivenCluster();

  return { state, run };
}

function webCluster() {
  const c = cluster();
  for (const n of ['n1', 'n2', 'n3']) {
    c.run('node', n, { type: 'DefineNode' });
    c.run('node', n, { type: 'JoinNode', incarnation: `${n}-1` });
  }
  c.run('cluster', 'membership', { type: 'ChangeView', viewId: 1, members: ['n1', 'n2', 'n3'], votes: 3, expectedVotes: 3 });
  c.run('cluster', 'membership', { type: 'GainQuorum' });
  for (const r of ['ip', 'fs', 'app']) {
    c.run('resource', r, { type: 'DefineResource', config: { id: r, agent: 'ocf:heartbeat:Dummy', operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, onFail: '', role: '' }] } });
  }
  c.run('group', 'svc', { type: 'DefineGroup', config: { id: 'svc', members: ['ip', 'fs', 'app'], failoverDomain: ['n1', 'n2', 'n3'] } });
  for (const r of ['ip', 'fs', 'app']) {
    c.run('resource', r, { type: 'RequestOperation', operation: 'start', node: 'n1', opId: `start-${r}` });
    c.run('resource', r, { type: 'RecordOperationResult', operation: 'start', node: 'n1', opId: `start-${r}`, rc: 0 });
  }
  return c;
}

test('policy: the adapter reads nodes, resources, groups, quorum and options from the fold', () => {
  const { state } = webCluster();
  const input = scheduleInputOf(state);
  assert.equal(input.nodes.map((n) => `${n.name}:${n.status}`), ['n1:online', 'n2:online', 'n3:online']);
  assert.is(input.quorate, true);
  assert.equal(input.groups, [{ id: 'svc', members: ['ip', 'fs', 'app'], meta: {}, failoverDomain: ['n1', 'n2', 'n3'] }]);
  assert.equal(input.resources.map((r) => [r.id, r.running, r.monitorIntervalMs]), [['app', ['n1'], 10_000], ['fs', ['n1'], 10_000], ['ip', ['n1'], 10_000]]);
  assert.is(formatSummary(schedule(input)), 'Transition Summary:\n  (nothing to do)\n');
});

test('policy: fences a lost node before moving its group, read from the fold', () => {
  const c = webCluster();
  c.run('node', 'n1', { type: 'SuspectNode', lastHeardAt: T, silentMs: 3000 });
  c.run('node', 'n1', { type: 'LoseNode', viewId: 2, reason: 'silent' });
  const g = schedule(scheduleInputOf(c.state));
  assert.equal(g.fences.map((f) => f.node), ['n1']);
  const starts = g.actions.filter((a) => a.kind === 'start');
  assert.equal(starts.map((a) => a.id), ['start:ip@n2', 'start:fs@n2', 'start:app@n2']);
  for (const a of starts) assert.ok(a.dependsOn.includes('fence:n1'), `${a.id} waits for the fence`);
  c.run('node', 'n1', { type: 'MarkFenced', method: 'manual' });
  const after = schedule(scheduleInputOf(c.state));
  assert.equal(after.fences, []);
  assert.equal(after.actions.filter((a) => a.kind === 'start').map((a) => a.id), ['start:ip@n2', 'start:fs@n2', 'start:app@n2']);
});

test('policy: standby and cluster options from the fold drive the schedule', () => {
  const c = webCluster();
  c.run('node', 'n1', { type: 'SetStandby', reason: 'drain' });
  let g = schedule(scheduleInputOf(c.state));
  assert.equal(g.changes.map((x) => `${x.change} ${x.resource} ${x.from}->${x.to}`), ['Move ip n1->n2', 'Move fs n1->n2', 'Move app n1->n2']);
  c.run('cluster', 'options', { type: 'SetOptions', options: { 'maintenance-mode': 'true' } });
  g = schedule(scheduleInputOf(c.state));
  assert.equal(g.actions, []);
  assert.ok(g.changes.every((x) => x.change === 'Leave'));
});

test('policy: a resource on a private container runs only where the container is active (after its activation)', () => {
  const c = webCluster();
  c.run('container', 'data', { type: 'DefineContainer', config: { id: 'data', name: 'data', type: 'private', disks: ['/dev/null'], owner: 'n3', extentSizeKib: 1024 } });
  c.run('container', 'data', { type: 'CreateContainer', diskExtents: [16] });
  c.run('resource', 'db', { type: 'DefineResource', config: { id: 'db', agent: 'ocf:heartbeat:Dummy', container: 'data', failoverDomain: ['n1', 'n2', 'n3'] } });
  let input = scheduleInputOf(c.state);
  assert.equal((input.locations ?? []).filter((l) => l.resource === 'db').map((l) => `${l.node}:${l.score}`), ['n1:-1000000', 'n2:-1000000', 'n3:-1000000']);
  assert.equal(schedule(input).actions.filter((a) => a.resource === 'db'), [], 'owned by n3 but not active yet: no start');
  c.run('container', 'data', { type: 'Activate', node: 'n3' });
  input = scheduleInputOf(c.state);
  assert.equal((input.locations ?? []).filter((l) => l.resource === 'db').map((l) => `${l.node}:${l.score}`), ['n1:-1000000', 'n2:-1000000']);
  const starts = schedule(input).actions.filter((a) => a.kind === 'start' && a.resource === 'db');
  assert.equal(starts.map((a) => a.id), ['start:db@n3'], 'not on n1, first in its domain, but where its container is active');
});

test('policy: a monitor that found it stopped (rc 7) is recovered: a cleanup stop where it failed, then a start', () => {
  const c = webCluster();
  c.run('resource', 'app', { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm1', rc: 7 });
  const input = scheduleInputOf(c.state);
  const app = input.resources.find((r) => r.id === 'app')!;
  assert.equal([app.running, app.failed], [['n1'], ['n1']]);
  const g = schedule(input);
  assert.equal(g.actions.filter((a) => a.resource === 'app' && a.kind !== 'monitor').map((a) => a.id), ['stop:app@n1', 'start:app@n1']);
  // the stop the scheduler plans is one the resource's decider accepts
  c.run('resource', 'app', { type: 'RequestOperation', operation: 'stop', node: 'n1', opId: 'stop-app' });
  c.run('resource', 'app', { type: 'RecordOperationResult', operation: 'stop', node: 'n1', opId: 'stop-app', rc: 0 });
  assert.equal(schedule(scheduleInputOf(c.state)).actions.filter((a) => a.resource === 'app').map((a) => a.id), ['start:app@n1', 'monitor:app@n1']);
});

test('policy: a running resource with no recurring monitor known on its node gets one; once asked for, none', () => {
  const c = webCluster();
  const monitors = () => schedule(scheduleInputOf(c.state)).actions.filter((a) => a.kind === 'monitor').map((a) => a.id);
  assert.equal(monitors(), ['monitor:app@n1', 'monitor:fs@n1', 'monitor:ip@n1']);
  for (const r of ['ip', 'fs', 'app']) c.run('resource', r, { type: 'RequestOperation', operation: 'monitor', node: 'n1', opId: `mon-${r}`, intervalMs: 10_000 });
  assert.equal(monitors(), []);
  // a new daemon's probe finds it running (e.g. after a reattach): its monitor is asked for again
  c.run('resource', 'ip', { type: 'RecordOperationResult', operation: 'probe', node: 'n1', opId: 'probe-ip', rc: 0 });
  assert.equal(monitors(), ['monitor:ip@n1']);
  // in maintenance mode nothing is touched, not even monitored
  c.run('cluster', 'options', { type: 'SetOptions', options: { 'maintenance-mode': 'true' } });
  assert.equal(monitors(), []);
});

test.run();
