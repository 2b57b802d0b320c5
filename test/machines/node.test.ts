// Specifications of the node machine and decider: given facts, when a command, then facts or a rejection.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { FENCE_HISTORY_LIMIT, membershipOf, nodeModule, type NodeCommand } from '../../machines/node/index.ts';
import { apply, given, legal, rejects, T0, when } from './given.ts';

const N = nodeModule;
const defined: Fact = { type: 'NodeDefined', config: { node: 'n1', votes: 0, attributes: {} } };
const joined: Fact = { type: 'NodeJoined', node: 'n1', incarnation: 'i1', address: '10.0.0.1' };
const lost: Fact = { type: 'NodeLost', node: 'n1', viewId: 3, reason: 'silent' };
const fenceReq = (id: string, action = 'reboot'): Fact =>
  ({ type: 'FenceRequested', target: 'n1', action, requestId: id, reason: 'lost', requestedBy: 'n2', executor: 'n3' });
const member = () => given(N, 'n1', [defined, joined]);
const lostNode = () => given(N, 'n1', [defined, joined, lost]);
const fencing = () => given(N, 'n1', [defined, joined, lost, fenceReq('f/0')]);
const label = (g: { snapshot: { value: unknown } }) => JSON.stringify(g.snapshot.value);

test('node: an unknown node rejects every command but DefineNode', () => {
  const g = given(N, 'n1', []);
  assert.is(membershipOf(g.snapshot), 'unknown');
  const commands: NodeCommand[] = [{ type: 'JoinNode', incarnation: 'i1' }, { type: 'SetStandby' }, { type: 'RemoveNode' }, { type: 'RequestFence', commandId: 'c' }, { type: 'ChangeNode' }];
  for (const c of commands) {
    const e = rejects(N, g, c, 'node n1 is not defined');
    assert.is(e.entity, 'node/n1');
  }
});

test('node: DefineNode defines a joining node with default votes and sorted attributes', () => {
  const { facts, then } = when(N, given(N, 'n1', []), { type: 'DefineNode', attributes: { rack: 'b', dc: 'x' } });
  assert.equal(facts, [{ type: 'NodeDefined', config: { node: 'n1', votes: 1, attributes: { dc: 'x', rack: 'b' } } }]);
  assert.equal(then.snapshot.value, { defined: { membership: 'joining', standby: 'online', maintenance: 'normal' } });
  assert.is(then.snapshot.context.votes, 1);
  assert.equal(Object.keys(then.snapshot.context.attributes), ['dc', 'rack']);
  assert.is(then.snapshot.context.since, then.at);
  rejects(N, then, { type: 'DefineNode' }, 'already defined');
});

test('node: bad votes or attributes are rejected naming the input', () => {
  const g = given(N, 'n1', []);
  rejects(N, g, { type: 'DefineNode', votes: 0 }, 'votes must be an integer from 1 to 255');
  rejects(N, g, { type: 'DefineNode', votes: 1.5 }, 'votes');
  rejects(N, g, { type: 'DefineNode', attributes: { rack: 7 as never } }, 'attribute "rack"');
  const { then } = when(N, member(), { type: 'ChangeNode', votes: 3 });
  assert.is(then.snapshot.context.votes, 3);
  rejects(N, member(), { type: 'ChangeNode', votes: -1 }, 'votes');
});

test('node: JoinNode makes a joining node a member; the same incarnation again is a no-op, another is refused', () => {
  const { facts, then } = when(N, given(N, 'n1', [defined]), { type: 'JoinNode', incarnation: 'i1', address: '10.0.0.1' });
  assert.equal(facts, [joined]);
  assert.is(membershipOf(then.snapshot), 'member');
  assert.is(then.snapshot.context.incarnation, 'i1');
  assert.equal(when(N, then, { type: 'JoinNode', incarnation: 'i1' }).facts, []);
  rejects(N, then, { type: 'JoinNode', incarnation: 'i2' }, 'must be lost and fenced first');
  rejects(N, then, { type: 'JoinNode', incarnation: '' }, 'incarnation must be a non-empty string');
});

test('node: a suspect node is a member again when heard with the same incarnation, not with a new one', () => {
  const { then: suspect } = when(N, member(), { type: 'SuspectNode', lastHeardAt: T0, silentMs: 800 });
  assert.is(membershipOf(suspect.snapshot), 'suspect');
  rejects(N, suspect, { type: 'SuspectNode', lastHeardAt: T0, silentMs: 900 }, 'node n1 is suspect, not a member');
  rejects(N, suspect, { type: 'JoinNode', incarnation: 'i2' }, 'restarted while suspect');
  assert.not.ok(legal(suspect, { ...joined, incarnation: 'i2' }));
  const { facts, then } = when(N, suspect, { type: 'JoinNode', incarnation: 'i1' });
  assert.is(facts[0]?.type, 'NodeJoined');
  assert.is(membershipOf(then.snapshot), 'member');
  rejects(N, member(), { type: 'SuspectNode', lastHeardAt: -1, silentMs: 1 }, 'lastHeardAt must be a whole number');
});

test('node: LoseNode records lostAt; a lost node cannot be lost again nor rejoin unfenced', () => {
  const { facts, then } = when(N, member(), { type: 'LoseNode', viewId: 3, reason: 'silent' });
  assert.equal(facts, [lost]);
  assert.is(membershipOf(then.snapshot), 'lost');
  assert.is(then.snapshot.context.lostAt, then.at);
  rejects(N, then, { type: 'LoseNode', viewId: 4 }, 'node n1 is lost, not a member or suspect');
  rejects(N, then, { type: 'JoinNode', incarnation: 'i2' }, 'lost and not fenced');
  assert.not.ok(legal(then, { ...joined, incarnation: 'i2' }));
  assert.not.ok(legal(then, { type: 'NodeRejoined', node: 'n1', incarnation: 'i2' }));
  rejects(N, given(N, 'n1', [defined]), { type: 'LoseNode', viewId: 1 }, 'node n1 is joining');
});

test('node: RequestFence on a lost node moves it to fencing and emits Fence to the executor', () => {
  const { facts, then } = when(N, lostNode(), { type: 'RequestFence', commandId: 'c9', action: 'off', reason: 'lost', requestedBy: 'n2', executor: 'n3' });
  assert.equal(facts, [{ type: 'FenceRequested', target: 'n1', action: 'off', requestId: 'c9/0', reason: 'lost', requestedBy: 'n2', executor: 'n3' }]);
  assert.is(membershipOf(then.snapshot), 'fencing');
  assert.equal(then.intents, [{ type: 'Fence', node: 'n3', target: 'n1', action: 'off', requestId: 'c9/0', reason: 'lost' }]);
  assert.equal(then.snapshot.context.pendingFence, [{ requestId: 'c9/0', action: 'off', executor: 'n3' }]);
  assert.is(then.snapshot.context.fenceHistory[0]?.outcome, 'pending');
});

test('node: a second RequestFence while one is pending is merged into it (no new fact)', () => {
  const g = fencing();
  assert.equal(when(N, g, { type: 'RequestFence', commandId: 'c2' }).facts, []);
  assert.equal(when(N, g, { type: 'RequestFence', commandId: 'c3', action: 'off', force: true }).facts, []);
  // A racing second request that did reach the journal is still folded into the pending set.
  const raced = apply(N, g, fenceReq('g/0', 'off'));
  assert.is(membershipOf(raced.snapshot), 'fencing');
  assert.equal(raced.snapshot.context.pendingFence.map((p) => p.requestId), ['f/0', 'g/0']);
  assert.is(raced.intents.length, 1);
});

test('node: RequestFence refuses a healthy member, a left or fenced node without force', () => {
  rejects(N, member(), { type: 'RequestFence', commandId: 'c' }, 'node n1 is a healthy member; pass force');
  const { facts, then } = when(N, member(), { type: 'RequestFence', commandId: 'c', force: true, executor: 'n2' });
  assert.is(facts.length, 1);
  assert.is(membershipOf(then.snapshot), 'fencing');
  const left = given(N, 'n1', [defined, joined, { type: 'NodeLeft', node: 'n1', reason: 'graceful' }]);
  rejects(N, left, { type: 'RequestFence', commandId: 'c' }, 'left gracefully');
  const fenced = given(N, 'n1', [defined, joined, lost, { type: 'NodeFenced', node: 'n1', method: 'manual', requestId: '', device: '' }]);
  rejects(N, fenced, { type: 'RequestFence', commandId: 'c' }, 'already fenced');
  assert.is(membershipOf(when(N, fenced, { type: 'RequestFence', commandId: 'c', force: true }).then.snapshot), 'fencing');
  rejects(N, lostNode(), { type: 'RequestFence', commandId: 'c', action: 'cycle' }, 'action "cycle" is not one of off, reboot, on');
  rejects(N, lostNode(), { type: 'RequestFence', commandId: '' }, 'commandId must be a non-empty string');
});

test('node: a never-seen (joining) node can be fenced without force (startup fencing)', () => {
  const { then } = when(N, given(N, 'n1', [defined]), { type: 'RequestFence', commandId: 's' });
  assert.is(membershipOf(then.snapshot), 'fencing');
});

test('node: RecordFenceSuccess of an off/reboot request fences the node', () => {
  const { facts, then } = when(N, fencing(), { type: 'RecordFenceSuccess', requestId: 'f/0', level: 1, devices: ['ipmi'], durationMs: 1200 });
  assert.equal(facts, [{ type: 'FenceSucceeded', target: 'n1', action: 'reboot', requestId: 'f/0', level: 1, devices: ['ipmi'], durationMs: 1200 }]);
  assert.is(membershipOf(then.snapshot), 'fenced');
  assert.is(then.snapshot.context.fencedAt, then.at);
  assert.is(then.snapshot.context.fencedBy, 'agent');
  assert.equal(then.snapshot.context.pendingFence, []);
  assert.is(then.snapshot.context.fenceHistory[0]?.outcome, 'succeeded');
  rejects(N, then, { type: 'RecordFenceSuccess', requestId: 'f/0' }, 'no fence request "f/0" is pending');
  assert.not.ok(legal(fencing(), { type: 'FenceSucceeded', target: 'n1', action: 'off', requestId: 'zz', level: 1, devices: [], durationMs: 0 }));
});

test('node: a non-final FenceFailed keeps fencing; a final one returns the node to lost with the failure recorded', () => {
  const { then: still } = when(N, fencing(), { type: 'RecordFenceFailure', requestId: 'f/0', level: 1, devices: ['ipmi'], reason: 'timeout' });
  assert.is(membershipOf(still.snapshot), 'fencing');
  assert.is(still.snapshot.context.pendingFence.length, 1);
  assert.match(still.snapshot.context.lastFenceFailure, 'level 1: timeout');
  const { then } = when(N, still, { type: 'RecordFenceFailure', requestId: 'f/0', level: 2, devices: ['pdu'], reason: 'no route', final: true });
  assert.is(membershipOf(then.snapshot), 'lost');
  assert.equal(then.snapshot.context.pendingFence, []);
  assert.is(then.snapshot.context.fenceHistory[0]?.outcome, 'failed');
  assert.match(then.snapshot.context.lastFenceFailure, 'level 2: no route');
  rejects(N, then, { type: 'RecordFenceFailure', requestId: 'f/0', final: true }, 'no fence request "f/0" is pending');
});

test('node: a final failure with another power-off request pending stays fencing', () => {
  const g = apply(N, fencing(), fenceReq('g/0', 'off'));
  const { then } = when(N, g, { type: 'RecordFenceFailure', requestId: 'f/0', final: true });
  assert.is(membershipOf(then.snapshot), 'fencing');
  assert.equal(then.snapshot.context.pendingFence.map((p) => p.requestId), ['g/0']);
});

test('node: MarkFenced fences a lost node (watchdog or manual), and nothing else', () => {
  const { facts, then } = when(N, lostNode(), { type: 'MarkFenced', method: 'watchdog' });
  assert.equal(facts, [{ type: 'NodeFenced', node: 'n1', method: 'watchdog', requestId: '', device: '' }]);
  assert.is(membershipOf(then.snapshot), 'fenced');
  assert.is(then.snapshot.context.fencedBy, 'watchdog');
  assert.is(membershipOf(when(N, fencing(), { type: 'MarkFenced' }).then.snapshot), 'fenced');
  rejects(N, then, { type: 'MarkFenced' }, 'already fenced');
  rejects(N, member(), { type: 'MarkFenced' }, 'only a lost node or one being fenced');
  rejects(N, lostNode(), { type: 'MarkFenced', method: 'prayer' }, 'method "prayer" is not one of');
});

test('node: a fenced or left node rejoins with a new incarnation only', () => {
  const fenced = when(N, fencing(), { type: 'RecordFenceSuccess', requestId: 'f/0' }).then;
  rejects(N, fenced, { type: 'JoinNode', incarnation: 'i1' }, 'rejoining needs a new incarnation');
  const { facts, then } = when(N, fenced, { type: 'JoinNode', incarnation: 'i2' });
  assert.equal(facts, [{ type: 'NodeRejoined', node: 'n1', incarnation: 'i2' }]);
  assert.is(membershipOf(then.snapshot), 'member');
  assert.is(then.snapshot.context.incarnation, 'i2');
  const left = when(N, member(), { type: 'LeaveNode' }).then;
  assert.is(membershipOf(left.snapshot), 'left');
  assert.is(left.snapshot.context.leftReason, 'graceful');
  rejects(N, left, { type: 'LeaveNode' }, 'node n1 is left, not a member');
  assert.ok(legal(left, { ...joined, incarnation: 'i3' }));
  assert.is(membershipOf(when(N, left, { type: 'JoinNode', incarnation: 'i3' }).then.snapshot), 'member');
  rejects(N, fencing(), { type: 'JoinNode', incarnation: 'i9' }, 'being fenced');
});

test('node: RemoveNode only when no longer a member and not awaiting fencing; a removed node cannot join', () => {
  rejects(N, member(), { type: 'RemoveNode' }, 'it must leave first');
  rejects(N, lostNode(), { type: 'RemoveNode' }, 'lost and not fenced');
  rejects(N, fencing(), { type: 'RemoveNode' }, 'being fenced');
  const { facts, then } = when(N, given(N, 'n1', [defined]), { type: 'RemoveNode' });
  assert.equal(facts, [{ type: 'NodeRemoved', node: 'n1' }]);
  assert.is(then.snapshot.value, 'removed');
  rejects(N, then, { type: 'JoinNode', incarnation: 'i1' }, 'node n1 was removed');
  rejects(N, then, { type: 'SetStandby' }, 'was removed');
  const again = when(N, then, { type: 'DefineNode', votes: 2 }).then;
  assert.is(membershipOf(again.snapshot), 'joining');
  assert.is(again.snapshot.context.votes, 2);
  const left = when(N, member(), { type: 'LeaveNode' }).then;
  assert.is(when(N, left, { type: 'RemoveNode' }).then.snapshot.value, 'removed');
});

test('node: standby and maintenance are orthogonal modes of any membership state', () => {
  const { then: sb } = when(N, lostNode(), { type: 'SetStandby', reason: 'disk swap' });
  assert.equal(sb.snapshot.value, { defined: { membership: 'lost', standby: 'standby', maintenance: 'normal' } });
  assert.is(sb.snapshot.context.standbyReason, 'disk swap');
  rejects(N, sb, { type: 'SetStandby' }, 'already in standby');
  const { then: on } = when(N, sb, { type: 'SetOnline' });
  assert.is(on.snapshot.context.standbyReason, '');
  rejects(N, on, { type: 'SetOnline' }, 'not in standby');
  const { then: mt } = when(N, member(), { type: 'SetMaintenance', on: true });
  assert.equal(mt.snapshot.value, { defined: { membership: 'member', standby: 'online', maintenance: 'maintenance' } });
  rejects(N, mt, { type: 'SetMaintenance', on: true }, 'already in maintenance');
  const { then: back } = when(N, mt, { type: 'SetMaintenance', on: false });
  rejects(N, back, { type: 'SetMaintenance', on: false }, 'not in maintenance');
  rejects(N, back, { type: 'SetMaintenance', on: 'yes' as never }, 'on must be true or false');
  assert.is(membershipOf(when(N, mt, { type: 'LoseNode', viewId: 2 }).then.snapshot), 'lost');
  rejects(N, given(N, 'n9', []), { type: 'SetStandby' }, 'node n9 is not defined');
});

test('node: unfencing (on) changes no state, emits Fence, and is refused for a lost node', () => {
  const { facts, then } = when(N, member(), { type: 'RequestFence', commandId: 'u', action: 'on', executor: 'n1' });
  assert.is(facts.length, 1);
  assert.is(membershipOf(then.snapshot), 'member');
  assert.equal(then.intents.map((i) => [i.type, i.node, i['action']]), [['Fence', 'n1', 'on']]);
  assert.equal(when(N, then, { type: 'RequestFence', commandId: 'u2', action: 'on' }).facts, []);
  const done = when(N, then, { type: 'RecordFenceSuccess', requestId: 'u/0' }).then;
  assert.is(membershipOf(done.snapshot), 'member');
  assert.equal(done.snapshot.context.pendingFence, []);
  rejects(N, lostNode(), { type: 'RequestFence', commandId: 'u', action: 'on' }, 'cannot be unfenced before it is fenced');
  assert.not.ok(legal(lostNode(), fenceReq('u/0', 'on')));
});

test('node: fence history keeps the last requests; context stays plain JSON', () => {
  let g = fencing();
  for (let i = 0; i < FENCE_HISTORY_LIMIT + 3; i++) {
    g = apply(N, g, { type: 'FenceFailed', target: 'n1', action: 'reboot', requestId: i === 0 ? 'f/0' : `r${i - 1}/0`, level: 1, devices: [], reason: 'x', durationMs: 1, final: true });
    assert.is(membershipOf(g.snapshot), 'lost');
    g = apply(N, g, fenceReq(`r${i}/0`));
  }
  const ctx = g.snapshot.context;
  assert.is(ctx.fenceHistory.length, FENCE_HISTORY_LIMIT);
  assert.is(ctx.fenceHistory.at(-1)?.requestId, `r${FENCE_HISTORY_LIMIT + 2}/0`);
  assert.equal(JSON.parse(JSON.stringify(ctx)), ctx);
  assert.ok(label(g).includes('fencing'));
});

test.run();
