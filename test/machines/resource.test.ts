import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact, ResourceConfig } from '../../proto/generated.ts';
import {
  failCount, isManaged, resourceModule as M, targetRole, effectiveOnFail, isOperationSuccess, recoveryOf, ocfCode, parseDurationMs,
} from '../../machines/resource/index.ts';
import { apply, given, legal, rejects, when, type Given } from './given.ts';
import { factEvent } from '../../machines/kind.ts';

type R = Given<typeof M.machine>;
const cfg = (over: Partial<ResourceConfig> = {}): ResourceConfig => ({
  id: 'web', agent: 'ocf:heartbeat:Dummy', params: { state: '/tmp/web' }, meta: {},
  operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 5_000, onFail: '', role: '' }], failoverDomain: ['n1', 'n2'], container: '', ...over,
});
const defined = (c = cfg()): Fact => ({ type: 'ResourceDefined', config: c });
const req = (operation: string, node: string, opId = `${operation}-${node}`): Fact =>
  ({ type: 'ResourceOperationRequested', resource: 'web', node, operation, opId, intervalMs: 0, timeoutMs: 20_000, transitionId: '', actionId: '' });
const ok = (operation: string, node: string, rc = 0, opId = `${operation}-${node}`): Fact =>
  ({ type: 'ResourceOperationSucceeded', resource: 'web', node, operation, opId, rc, durationMs: 5, output: '' });
const fail = (operation: string, node: string, rc = 1, opId = `${operation}-${node}`, timedOut = false): Fact =>
  ({ type: 'ResourceOperationFailed', resource: 'web', node, operation, opId, rc, reason: 'boom', durationMs: 5, timedOut, recovery: 'soft' });
const state = (g: R) => g.snapshot.value as string;

const running = (c = cfg()) => given(M, 'web', [defined(c), req('start', 'n1'), ok('start', 'n1')]);
const stopping = () => apply(M, running(), req('stop', 'n1'));

test('resource: defining it gives stopped with the config and target role', () => {
  const { facts, then } = when(M, given(M, 'web', []), { type: 'DefineResource', config: cfg({ meta: { 'target-role': 'Stopped' } }) });
  assert.is(facts[0]!.type, 'ResourceDefined');
  assert.is(state(then), 'stopped');
  assert.is(targetRole(then.snapshot.context), 'Stopped');
  assert.is(then.snapshot.context.since, then.at);
  assert.equal(then.snapshot.context.config?.params, { state: '/tmp/web' });
});

test('resource: a bad config is rejected naming the field', () => {
  const g = given(M, 'web', []);
  rejects(M, g, { type: 'DefineResource', config: cfg({ agent: '' }) }, /agent is required/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ id: 'db' }) }, /config id "db" does not match/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ operations: [{ name: 'dance', intervalMs: 0, timeoutMs: 0, onFail: '', role: '' }] }) }, /operations\[0\]: unknown operation "dance"/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ operations: [{ name: 'stop', intervalMs: 0, timeoutMs: 0, onFail: 'panic', role: '' }] }) }, /on-fail "panic"/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ failoverDomain: ['n1', 'n1'] }) }, /"n1" appears twice/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ meta: { 'target-role': 'Sideways' } }) }, /meta target-role: "Sideways"/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ meta: { 'failure-timeout': 'soon' } }) }, /failure-timeout: "soon" is not a duration/);
  rejects(M, g, { type: 'DefineResource', config: cfg({ meta: { 'is-managed': 'maybe' } }) }, /is-managed/);
});

test('resource: define twice, change or remove an undefined one are rejected', () => {
  rejects(M, given(M, 'web', [defined()]), { type: 'DefineResource', config: cfg() }, /already defined/);
  rejects(M, given(M, 'web', []), { type: 'ChangeResource', config: cfg() }, /not defined/);
  rejects(M, given(M, 'web', []), { type: 'RemoveResource' }, /not defined/);
  rejects(M, given(M, 'web', []), { type: 'ResetFailCount' }, /not defined/);
  rejects(M, given(M, 'web', []), { type: 'RecordOperationResult', operation: 'start', node: 'n1', opId: 'x', rc: 0 }, /not defined/);
});

test('resource: start request emits RunAgent on that node and goes starting', () => {
  const { facts, then } = when(M, given(M, 'web', [defined()]), { type: 'RequestOperation', operation: 'start', node: 'n1', commandId: 'cmd7' });
  assert.equal(facts, [req('start', 'n1', 'cmd7/0')]);
  assert.is(state(then), 'starting');
  assert.is(then.snapshot.context.node, 'n1');
  assert.equal(then.intents, [{ type: 'RunAgent', node: 'n1', resource: 'web', operation: 'start', opId: 'cmd7/0', intervalMs: 0, timeoutMs: 20_000, agent: 'ocf:heartbeat:Dummy', params: { state: '/tmp/web' } }]);
});

test('resource: start succeeds -> running, active on that node', () => {
  const g = running();
  assert.is(state(g), 'running');
  assert.equal(g.snapshot.context.activeOn, ['n1']);
  assert.is(g.snapshot.context.pendingOp, null);
  assert.is(g.snapshot.context.lastOperation?.operation, 'start');
});

test('resource: start is rejected while starting or running on another node, and on a removed resource', () => {
  const starting = given(M, 'web', [defined(), req('start', 'n1')]);
  rejects(M, starting, { type: 'RequestOperation', operation: 'start', node: 'n2', commandId: 'c' }, /already starting on n1/);
  rejects(M, running(), { type: 'RequestOperation', operation: 'start', node: 'n2', commandId: 'c' }, /running on n1/);
  rejects(M, stopping(), { type: 'RequestOperation', operation: 'start', node: 'n2', commandId: 'c' }, /stopping on n1/);
  const removed = given(M, 'web', [defined(), { type: 'ResourceRemoved', id: 'web' }]);
  assert.is(state(removed), 'removed');
  for (const operation of ['start', 'stop', 'monitor', 'probe']) {
    rejects(M, removed, { type: 'RequestOperation', operation, node: 'n1', commandId: 'c' }, /removed/);
  }
  rejects(M, given(M, 'web', []), { type: 'RequestOperation', operation: 'probe', node: 'n1', commandId: 'c' }, /not defined/);
});

test('resource: requests with an unknown operation, no node, no id, or promote are rejected', () => {
  const g = given(M, 'web', [defined()]);
  rejects(M, g, { type: 'RequestOperation', operation: 'fly', node: 'n1', commandId: 'c' }, /unknown operation "fly"/);
  rejects(M, g, { type: 'RequestOperation', operation: 'start', node: '', commandId: 'c' }, /no node/);
  rejects(M, g, { type: 'RequestOperation', operation: 'start', node: 'n1' }, /opId or a commandId/);
  rejects(M, g, { type: 'RequestOperation', operation: 'promote', node: 'n1', commandId: 'c' }, /not supported/);
});

test('resource: stop and monitor only where it is active', () => {
  rejects(M, running(), { type: 'RequestOperation', operation: 'stop', node: 'n2', commandId: 'c' }, /not active on n2 \(active on n1\)/);
  rejects(M, given(M, 'web', [defined()]), { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 'c' }, /not active on n1/);
  rejects(M, running(), { type: 'RequestOperation', operation: 'monitor', node: 'n2', commandId: 'c' }, /not active on n2/);
  rejects(M, given(M, 'web', [defined(), req('start', 'n1')]), { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 'c' }, /start pending on n1/);
  const { facts, then } = when(M, running(), { type: 'RequestOperation', operation: 'monitor', node: 'n1', commandId: 'm' });
  assert.is((facts[0] as { intervalMs: number }).intervalMs, 10_000);
  assert.is((facts[0] as { timeoutMs: number }).timeoutMs, 5_000);
  assert.is(state(then), 'running');
  assert.is(then.intents[0]?.type, 'RunAgent');
});

test('resource: stop succeeds -> stopped, nothing active; rc 7 on stop is a success', () => {
  for (const rc of [0, 7]) {
    const { facts, then } = when(M, stopping(), { type: 'RecordOperationResult', operation: 'stop', node: 'n1', opId: 'stop-n1', rc });
    assert.is(facts[0]!.type, 'ResourceOperationSucceeded');
    assert.is(state(then), 'stopped');
    assert.equal(then.snapshot.context.activeOn, []);
    assert.is(then.snapshot.context.node, '');
  }
});

test('resource: a result with the wrong opId or node for the pending op is rejected', () => {
  rejects(M, stopping(), { type: 'RecordOperationResult', operation: 'stop', node: 'n1', opId: 'other', rc: 0 }, /does not match the pending stop/);
  rejects(M, stopping(), { type: 'RecordOperationResult', operation: 'stop', node: 'n2', opId: 'stop-n1', rc: 0 }, /pending stop of web is on n1, not n2/);
  rejects(M, running(), { type: 'RecordOperationResult', operation: 'start', node: 'n1', opId: 'x', rc: 0 }, /no start of web is pending/);
});

test('resource: start failure -> failed with a fail count on that node, then start elsewhere is legal', () => {
  const g = given(M, 'web', [defined(), req('start', 'n1')]);
  const { facts, then } = when(M, g, { type: 'RecordOperationResult', operation: 'start', node: 'n1', opId: 'start-n1', rc: 1, reason: 'bad' });
  assert.is(facts[0]!.type, 'ResourceOperationFailed');
  assert.is((facts[0] as { recovery: string }).recovery, 'soft');
  assert.is(state(then), 'failed');
  assert.equal(then.snapshot.context.failCounts, { n1: { count: 1, lastFailedAt: then.at } });
  assert.equal(then.snapshot.context.activeOn, ['n1'], 'a failed start may have left it partly active');
  assert.is(failCount(then.snapshot.context, 'n1', then.at), 1);
  assert.is(failCount(then.snapshot.context, 'n2', then.at), 0);
  // needs a stop on n1 (it may be partly active) before removal; a start elsewhere is legal
  rejects(M, then, { type: 'RemoveResource' }, /active on n1: stop it first/);
  const restarted = when(M, then, { type: 'RequestOperation', operation: 'start', node: 'n2', commandId: 's2' }).then;
  assert.is(state(restarted), 'starting');
  const stopped = when(M, then, { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 's1' }).then;
  assert.is(state(stopped), 'stopping');
});

test('resource: a timed-out start is a failure with timedOut recorded; rc 5 is hard and leaves nothing active', () => {
  const g = given(M, 'web', [defined(), req('start', 'n1')]);
  const t = when(M, g, { type: 'RecordOperationResult', operation: 'start', node: 'n1', opId: 'start-n1', rc: 0, timedOut: true, durationMs: 20_000 });
  assert.is(t.facts[0]!.type, 'ResourceOperationFailed');
  assert.is(t.then.snapshot.context.lastOperation?.timedOut, true);
  assert.match(t.then.snapshot.context.lastOperation!.reason, /timed out after 20000 ms/);
  const h = when(M, g, { type: 'RecordOperationResult', operation: 'start', node: 'n1', opId: 'start-n1', rc: 5 });
  assert.is((h.facts[0] as { recovery: string }).recovery, 'hard');
  assert.equal(h.then.snapshot.context.activeOn, []);
});

test('resource: monitor failure -> monitor-failed with a fail count; recovery stops then starts', () => {
  const { then } = when(M, running(), { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm1', rc: 7 });
  assert.is(state(then), 'monitor-failed');
  assert.is(then.snapshot.context.failCounts['n1']?.count, 1);
  assert.equal(then.snapshot.context.activeOn, [], 'rc 7: not running there any more');
  const g = when(M, running(), { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm1', rc: 1 }).then;
  assert.equal(g.snapshot.context.activeOn, ['n1']);
  rejects(M, g, { type: 'RequestOperation', operation: 'start', node: 'n1', commandId: 'c' }, /failed its monitor on n1: stop it first/);
  const s = when(M, g, { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 'st' }).then;
  assert.is(state(s), 'stopping');
  // a good monitor before the recovery ran does not cancel it: still monitor-failed, active there, fail count kept
  const back = when(M, g, { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm2', rc: 0 }).then;
  assert.is(state(back), 'monitor-failed');
  assert.equal(back.snapshot.context.activeOn, ['n1']);
  assert.is(back.snapshot.context.failCounts['n1']?.count, 1);
  assert.is(state(when(M, back, { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 'st' }).then), 'stopping');
  // a second monitor failure while awaiting recovery counts again, stays monitor-failed
  const again = when(M, g, { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm3', rc: 1 }).then;
  assert.is(state(again), 'monitor-failed');
  assert.is(again.snapshot.context.failCounts['n1']?.count, 2);
});

test('resource: degraded monitor rc 190/191 count as running', () => {
  for (const rc of [190, 191, 8]) {
    const { facts, then } = when(M, running(), { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm', rc });
    assert.is(facts[0]!.type, 'ResourceOperationSucceeded');
    assert.is(state(then), 'running');
  }
});

test('resource: probes find it active (-> running) or not (rc 7, stays stopped); multiple active is kept', () => {
  const g = given(M, 'web', [defined(), req('probe', 'n1'), req('probe', 'n2')]);
  assert.is(state(g), 'stopped');
  const found = when(M, g, { type: 'RecordOperationResult', operation: 'probe', node: 'n2', opId: 'probe-n2', rc: 0 }).then;
  assert.is(state(found), 'running');
  assert.is(found.snapshot.context.node, 'n2');
  const notHere = when(M, g, { type: 'RecordOperationResult', operation: 'probe', node: 'n1', opId: 'probe-n1', rc: 7 }).then;
  assert.is(state(notHere), 'stopped');
  const both = when(M, found, { type: 'RecordOperationResult', operation: 'probe', node: 'n1', opId: 'probe-n1', rc: 0 }).then;
  assert.equal(both.snapshot.context.activeOn, ['n1', 'n2']);
  assert.is(both.snapshot.context.node, 'n2');
  // stopping one of two leaves it running on the other
  const one = given(M, 'web', [defined(), ok('probe', 'n2'), ok('probe', 'n1'), req('stop', 'n2'), ok('stop', 'n2')]);
  assert.is(state(one), 'running');
  assert.equal(one.snapshot.context.activeOn, ['n1']);
  assert.is(one.snapshot.context.node, 'n1');
  // a probe answering 7 on the only node stops it
  const gone = when(M, running(), { type: 'RecordOperationResult', operation: 'probe', node: 'n1', opId: 'p', rc: 7 }).then;
  assert.is(state(gone), 'stopped');
});

test('resource: a probe error on a stopped resource is a failure awaiting recovery', () => {
  const g = given(M, 'web', [defined()]);
  const t = when(M, g, { type: 'RecordOperationResult', operation: 'probe', node: 'n1', opId: 'p', rc: 1 }).then;
  assert.is(state(t), 'monitor-failed');
  assert.equal(t.snapshot.context.activeOn, ['n1']);
  const t5 = when(M, g, { type: 'RecordOperationResult', operation: 'probe', node: 'n1', opId: 'p', rc: 5 }).then;
  assert.equal(t5.snapshot.context.activeOn, []);
});

test('resource: stop failure -> blocked and asks the DC to fence (if fencing is on) by default', () => {
  const { then } = when(M, stopping(), { type: 'RecordOperationResult', operation: 'stop', node: 'n1', opId: 'stop-n1', rc: 1, reason: 'stuck' });
  assert.is(state(then), 'blocked');
  assert.equal(then.snapshot.context.activeOn, ['n1']);
  const fence = then.intents.find((i) => i.type === 'Fence');
  assert.equal(fence, { type: 'Fence', node: '', target: 'n1', resource: 'web', reason: 'stop of web failed on n1: stuck', onlyIfFencingEnabled: true });
  // explicit on-fail=fence: always; on-fail=block: never
  const withOnFail = (onFail: string) => apply(M, apply(M, running(cfg({ operations: [{ name: 'stop', intervalMs: 0, timeoutMs: 0, onFail, role: '' }] })), req('stop', 'n1')), fail('stop', 'n1'));
  assert.is((withOnFail('fence').intents.find((i) => i.type === 'Fence')?.['onlyIfFencingEnabled']), false);
  assert.is(withOnFail('block').intents.find((i) => i.type === 'Fence'), undefined);
  assert.is(state(withOnFail('block')), 'blocked');
  const ignored = withOnFail('ignore');
  assert.is(state(ignored), 'stopped');
});

test('resource: blocked refuses start and stop until cleanup; a stop implied by fencing unblocks it', () => {
  const b = apply(M, stopping(), fail('stop', 'n1'));
  rejects(M, b, { type: 'RequestOperation', operation: 'start', node: 'n2', commandId: 'c' }, /blocked on n1: clean up/);
  rejects(M, b, { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 'c' }, /blocked on n1/);
  rejects(M, b, { type: 'RemoveResource' }, /active on n1/);
  const implied = apply(M, b, ok('stop', 'n1', 0, 'fenced'));
  assert.is(state(implied), 'stopped');
  const cleaned = when(M, b, { type: 'ResetFailCount', node: 'n1' }).then;
  assert.is(state(cleaned), 'failed', 'still possibly active on n1: the scheduler stops it');
  assert.equal(cleaned.snapshot.context.failCounts, {});
  const otherNode = when(M, b, { type: 'ResetFailCount', node: 'n9' }).then;
  assert.is(state(otherNode), 'blocked');
});

test('resource: is-managed=false turns a failure into blocked and refuses starts', () => {
  const unmanaged = cfg({ meta: { 'is-managed': 'false' } });
  const g = given(M, 'web', [defined(unmanaged), ok('probe', 'n1')]);
  assert.is(isManaged(g.snapshot.context), false);
  assert.is(state(g), 'running');
  const t = when(M, g, { type: 'RecordOperationResult', operation: 'monitor', node: 'n1', opId: 'm', rc: 1 }).then;
  assert.is(state(t), 'blocked');
  rejects(M, given(M, 'web', [defined(unmanaged)]), { type: 'RequestOperation', operation: 'start', node: 'n1', commandId: 'c' }, /not managed/);
});

test('resource: on-fail=ignore for monitor keeps it running, on-fail=block blocks', () => {
  const op = (onFail: string) => cfg({ operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 0, onFail, role: '' }] });
  assert.is(state(apply(M, running(op('ignore')), fail('monitor', 'n1'))), 'running');
  assert.is(state(apply(M, running(op('block')), fail('monitor', 'n1'))), 'blocked');
  const fenced = apply(M, running(op('fence')), fail('monitor', 'n1'));
  assert.is(state(fenced), 'monitor-failed');
  assert.ok(fenced.intents.some((i) => i.type === 'Fence' && i['target'] === 'n1'));
});

test('resource: start on-fail=block blocks on a failed start', () => {
  const c = cfg({ operations: [{ name: 'start', intervalMs: 0, timeoutMs: 0, onFail: 'block', role: '' }] });
  assert.is(state(given(M, 'web', [defined(c), req('start', 'n1'), fail('start', 'n1')])), 'blocked');
});

test('resource: failure-timeout arms a deadline; its expiry forgets the fail count, a stale one does not', () => {
  const c = cfg({ meta: { 'failure-timeout': '60s' } });
  const f = apply(M, running(c), fail('monitor', 'n1'));
  const ctx = f.snapshot.context;
  assert.equal(ctx.deadlines, [{ id: 'failure-timeout:n1', dueAt: f.at + 60_000 }]);
  assert.ok(f.intents.some((i) => i.type === 'ArmDeadline' && i['dueAt'] === f.at + 60_000));
  assert.is(failCount(ctx, 'n1', f.at + 59_999), 1);
  assert.is(failCount(ctx, 'n1', f.at + 60_000), 0, 'honours failure-timeout against the given time');
  // the edge journals the expiry once due
  const early = apply(M, f, { type: 'DeadlineExpired', entity: 'resource/web', deadline: 'failure-timeout:n1', dueAt: f.at + 60_000 }, f.seq + 1, f.at + 1000);
  assert.is(early.snapshot.context.failCounts['n1']?.count, 1, 'not yet due: nothing changes');
  const due = apply(M, f, { type: 'DeadlineExpired', entity: 'resource/web', deadline: 'failure-timeout:n1', dueAt: f.at + 60_000 }, f.seq + 1, f.at + 60_000);
  assert.equal(due.snapshot.context.failCounts, {});
  assert.equal(due.snapshot.context.deadlines, []);
  const { facts } = when(M, f, { type: 'ExpireDeadline', deadline: 'failure-timeout:n1' });
  assert.equal(facts, [{ type: 'DeadlineExpired', entity: 'resource/web', deadline: 'failure-timeout:n1', dueAt: f.at + 60_000 }]);
  rejects(M, due, { type: 'ExpireDeadline', deadline: 'failure-timeout:n1' }, /no deadline "failure-timeout:n1" is armed/);
  assert.not.ok(legal(due, { type: 'DeadlineExpired', entity: 'resource/web', deadline: 'failure-timeout:n1', dueAt: 0 }));
});

test('resource: ResetFailCount clears one node or all, and cancels their deadlines', () => {
  const c = cfg({ meta: { 'failure-timeout': '5min' } });
  const g = given(M, 'web', [defined(c), req('start', 'n1'), fail('start', 'n1'), req('start', 'n2'), fail('start', 'n2')]);
  assert.equal(Object.keys(g.snapshot.context.failCounts), ['n1', 'n2']);
  const one = when(M, g, { type: 'ResetFailCount', node: 'n1' });
  assert.equal(one.facts, [{ type: 'FailCountReset', resource: 'web', node: 'n1', reason: 'cleanup' }]);
  assert.equal(Object.keys(one.then.snapshot.context.failCounts), ['n2']);
  assert.equal(one.then.intents, [{ type: 'CancelDeadline', node: '', entity: 'resource/web', deadline: 'failure-timeout:n1' }]);
  const all = when(M, g, { type: 'ResetFailCount' }).then;
  assert.equal(all.snapshot.context.failCounts, {});
  assert.is(all.intents.length, 2);
});

test('resource: remove while running is rejected; stopped then removed; redefined after removal', () => {
  rejects(M, running(), { type: 'RemoveResource' }, /active on n1: stop it first/);
  const stopped = apply(M, stopping(), ok('stop', 'n1'));
  const { facts, then } = when(M, stopped, { type: 'RemoveResource' });
  assert.equal(facts, [{ type: 'ResourceRemoved', id: 'web' }]);
  assert.is(state(then), 'removed');
  rejects(M, then, { type: 'RemoveResource' }, /not defined/);
  const again = when(M, then, { type: 'DefineResource', config: cfg() }).then;
  assert.is(state(again), 'stopped');
  assert.equal(again.snapshot.context.failCounts, {});
});

test('resource: ChangeResource keeps the state and updates the target role', () => {
  const { then } = when(M, running(), { type: 'ChangeResource', config: cfg({ meta: { 'target-role': 'Stopped' } }) });
  assert.is(state(then), 'running');
  assert.is(then.snapshot.context.targetRole, 'Stopped');
});

test('resource: facts that do not fit the state have no transition', () => {
  const g = given(M, 'web', []);
  for (const f of [req('start', 'n1'), ok('start', 'n1'), { type: 'ResourceRemoved', id: 'web' } as Fact, { type: 'FailCountReset', resource: 'web', node: '', reason: '' } as Fact]) {
    assert.not.ok(g.snapshot.can(factEvent(f, 1, 1)), f.type);
  }
  assert.not.ok(legal(running(), ok('stop', 'n1')));
  assert.not.ok(legal(running(), defined()));
});

test('resource: context is plain JSON and survives a JSON round trip', () => {
  const g = apply(M, running(cfg({ meta: { 'failure-timeout': '1m' } })), fail('monitor', 'n1'));
  assert.equal(JSON.parse(JSON.stringify(g.snapshot.context)), g.snapshot.context);
});

test('resource: OCF helpers classify rcs and Pacemaker on-fail defaults', () => {
  assert.ok(isOperationSuccess('stop', 7));
  assert.not.ok(isOperationSuccess('monitor', 7));
  assert.ok(isOperationSuccess('probe', 7));
  assert.ok(isOperationSuccess('monitor', 190));
  assert.not.ok(isOperationSuccess('start', 190));
  assert.is(recoveryOf(6), 'fatal');
  assert.is(recoveryOf(2), 'hard');
  assert.is(recoveryOf(1), 'soft');
  assert.is(recoveryOf(6, true), 'soft');
  assert.is(ocfCode(42).name, 'OCF_UNKNOWN');
  assert.is(effectiveOnFail('', 'stop', true), 'fence');
  assert.is(effectiveOnFail('', 'stop', false), 'block');
  assert.is(effectiveOnFail('', 'monitor', true), 'restart');
  assert.is(effectiveOnFail('restart', 'stop', false), 'block');
  assert.is(parseDurationMs('90'), 90_000);
  assert.is(parseDurationMs('5min'), 300_000);
  assert.is(parseDurationMs('250ms'), 250);
});

test('resource: a monitor that finds it not running (rc 7) leaves it monitor-failed, and recovery may still stop it there', () => {
  const t = apply(M, running(), fail('monitor', 'n1', 7));
  assert.is(state(t), 'monitor-failed');
  assert.ok(legal(t, req('stop', 'n1')), 'a recovery stop on the node it failed on is legal');
  assert.not.ok(legal(t, req('stop', 'n2')), 'a stop where it never ran is not');
  // the decider asks for it too (a cleanup stop, even after rc 7), and it ends stopped once done
  const s = when(M, t, { type: 'RequestOperation', operation: 'stop', node: 'n1', commandId: 'st' }).then;
  assert.is(state(s), 'stopping');
  assert.is(state(when(M, s, { type: 'RecordOperationResult', operation: 'stop', node: 'n1', opId: 'st/0', rc: 0 }).then), 'stopped');
  rejects(M, t, { type: 'RequestOperation', operation: 'stop', node: 'n2', commandId: 'st' }, /not active on n2/);
});

test('resource: a recurring monitor request marks the node monitored; a probe there or leaving it forgets it', () => {
  const mon: Fact = { ...req('monitor', 'n1'), intervalMs: 10_000 } as Fact;
  const t = apply(M, running(), mon);
  assert.equal(t.snapshot.context.monitoredOn, ['n1']);
  assert.is(apply(M, running(), req('monitor', 'n1')).snapshot.context.monitoredOn, undefined, 'a one-shot monitor is not recurring');
  assert.equal(apply(M, t, ok('monitor', 'n1')).snapshot.context.monitoredOn, ['n1']);
  assert.is(apply(M, t, ok('probe', 'n1')).snapshot.context.monitoredOn, undefined, 'a new daemon probed it: its monitor is not known');
  assert.is(apply(M, t, fail('monitor', 'n1', 7)).snapshot.context.monitoredOn, undefined);
  assert.is(apply(M, apply(M, t, req('stop', 'n1')), ok('stop', 'n1')).snapshot.context.monitoredOn, undefined);
});

test('resource: a failed validate-all is recorded without moving the resource', () => {
  for (const g of [given(M, 'web', [defined()]), running()]) {
    const before = state(g);
    const t = apply(M, g, fail('validate', 'n1', 6));
    assert.is(state(t), before);
    assert.is(t.snapshot.context.lastOperation?.operation, 'validate');
    assert.is(t.snapshot.context.lastOperation?.rc, 6);
  }
});

test.run();
