// Planned container handovers: the owner in standby or a move constraint sends a private container after its
// dependents: they stop on the owner, the owner journals the container deactivated, the DC changes the owner
// (reason handover), the new owner activates it and the dependents start there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containerHandovers, schedule, scheduleInputOf } from '../../machines/policy/index.ts';
import type { ClusterState } from '../../machines/fold.ts';
import { drivenCluster } from './driven.ts';
import { plannedHandovers } from '../../actors/storage/views.ts';


/** n1..n3 members and quorate; group app = [ip, db] on private container data owned by n1, active and running there. */
function appOnData() {
  const { state, run } = drivenCluster();

  for (const n of ['n1', 'n2', 'n3']) {
    run('node', n, { type: 'DefineNode' });
    run('node', n, { type: 'JoinNode', incarnation: `${n}-1` });
  }
  run('cluster', 'membership', { type: 'ChangeView', viewId: 1, members: ['n1', 'n2', 'n3'], votes: 3, expectedVotes: 3 });
  run('cluster', 'membership', { type: 'GainQuorum' });
  run('container', 'data', { type: 'DefineContainer', config: { id: 'data', name: 'data', type: 'private', disks: ['/dev/null'], owner: 'n1', extentSizeKib: 1024 } });
  run('container', 'data', { type: 'CreateContainer', diskExtents: [16] });
  run('container', 'data', { type: 'Activate', node: 'n1' });
  for (const r of ['ip', 'db']) run('resource', r, { type: 'DefineResource', config: { id: r, agent: 'ocf:heartbeat:Dummy', container: 'data' } });
  run('group', 'app', { type: 'DefineGroup', config: { id: 'app', members: ['ip', 'db'], failoverDomain: ['n1', 'n2', 'n3'] } });
  const op = (r: string, operation: string, node: string) => {
    run('resource', r, { type: 'RequestOperation', operation, node, opId: `${operation}-${r}-${node}` });
    run('resource', r, { type: 'RecordOperationResult', operation, node, opId: `${operation}-${r}-${node}`, rc: 0 });
  };
  op('ip', 'start', 'n1');
  op('db', 'start', 'n1');
  return { state, run, op };
}

const moves = (state: ClusterState) => schedule(scheduleInputOf(state)).actions.filter((a) => a.kind === 'start' || a.kind === 'stop').map((a) => a.id);

/** Walks a planned handover from `from` to `to` through: stops, the owner's deactivation, the DC's owner change, the activation. */
function handOver(c: ReturnType<typeof appOnData>, from: string, to: string) {
  assert.equal(containerHandovers(c.state), [{ container: 'data', from, to, holding: true }]);
  assert.equal(plannedHandovers(c.state), [], 'the DC waits: the container is still active on its live owner');
  assert.equal(moves(c.state), [`stop:db@${from}`, `stop:ip@${from}`], 'the dependents stop on the owner, start nowhere yet');
  c.op('db', 'stop', from);
  c.op('ip', 'stop', from);
  assert.equal(containerHandovers(c.state), [{ container: 'data', from, to, holding: false }]);
  assert.equal(plannedHandovers(c.state), [], 'not before the owner journaled it deactivated');
  c.run('container', 'data', { type: 'Deactivate', node: from, reason: 'handover' });
  assert.equal(moves(c.state), [], 'nothing starts while the container is active nowhere');
  const planned = plannedHandovers(c.state);
  assert.equal(planned, [{ container: 'data', command: { type: 'Handover', node: to } }]);
  c.run('container', 'data', planned[0]!.command as never);
  assert.equal(containerHandovers(c.state), [], 'the new owner is where the dependents should run');
  assert.equal(moves(c.state), [], 'owned by the new node, not active there yet');
  c.run('container', 'data', { type: 'Activate', node: to });
  assert.equal(moves(c.state), [`start:ip@${to}`, `start:db@${to}`]);
  c.op('ip', 'start', to);
  c.op('db', 'start', to);
  assert.equal(moves(c.state), []);
}

test('policy: no handover while the owner is online and nothing prefers another node', () => {
  const c = appOnData();
  assert.equal(containerHandovers(c.state), []);
  assert.equal(moves(c.state), []);
});

test('policy: the owner in standby hands its container over to where the group goes next; online again, it stays', () => {
  const c = appOnData();
  c.run('node', 'n1', { type: 'SetStandby' });
  handOver(c, 'n1', 'n2');
  c.run('node', 'n1', { type: 'SetOnline' });
  assert.equal(containerHandovers(c.state), []);
});

test('policy: a move constraint on the group hands the container over to the preferred node; cleared, it stays', () => {
  const c = appOnData();
  c.run('constraint', 'cli-prefer-app', { type: 'DefineConstraint', config: { id: 'cli-prefer-app', location: { resource: 'app', node: 'n3', score: 1_000_000 } } });
  handOver(c, 'n1', 'n3');
  c.run('constraint', 'cli-prefer-app', { type: 'RemoveConstraint' });
  assert.equal(containerHandovers(c.state), []);
  assert.equal(moves(c.state), []);
});

test('policy: no handover in maintenance mode, or when the wanted node is not online', () => {
  const c = appOnData();
  c.run('node', 'n2', { type: 'SetStandby' });
  c.run('node', 'n3', { type: 'SetStandby' });
  c.run('node', 'n1', { type: 'SetStandby' });
  assert.equal(containerHandovers(c.state), [], 'nowhere else to go: the container stays with its owner');
  const m = appOnData();
  m.run('cluster', 'options', { type: 'SetOptions', options: { 'maintenance-mode': 'true' } });
  m.run('node', 'n1', { type: 'SetStandby' });
  assert.equal(containerHandovers(m.state), []);
});

test.run();
