import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerConfig, Fact } from '../../proto/generated.ts';
import { containerModule as M, allocate, type ContainerCommand } from '../../machines/container/index.ts';
import { apply, given, legal, rejects, when, type Given } from './given.ts';

type C = Given<typeof M.machine>;
const MIB = 1024 * 1024;
const cfg = (over: Partial<ContainerConfig> = {}): ContainerConfig =>
  ({ id: 'c1', name: 'data', type: 'private', disks: ['/dev/sdb', '/dev/sdc'], owner: 'n1', extentSizeKib: 1024, meta: {}, ...over });
const defined = (c = cfg()): Fact => ({ type: 'ContainerDefined', config: c });
const state = (g: C) => g.snapshot.value as string;
const ctx = (g: C) => g.snapshot.context;
const run = (g: C, command: ContainerCommand) => when(M, g, command);

/** A private container c1 owned by n1 over two disks of 10 and 5 extents (1 MiB each). */
function created(c = cfg()): C {
  return run(given(M, 'c1', [defined(c)]), { type: 'CreateContainer', diskExtents: [10, 5] }).then;
}
const active = () => run(created(), { type: 'Activate', node: 'n1' }).then;

test('container: defined, then created: layout, owner, and the epoch is the journal sequence of the fact', () => {
  const g = given(M, 'c1', [defined()]);
  assert.is(state(g), 'defined');
  const { facts, then } = run(g, { type: 'CreateContainer', diskExtents: [10, 5] });
  assert.equal(facts, [{ type: 'ContainerCreated', container: 'c1', containerType: 'private', disks: ['/dev/sdb', '/dev/sdc'], extentSizeKib: 1024, extents: 15, owner: 'n1', epoch: 0, diskExtents: [10, 5] }]);
  assert.is(state(then), 'inactive');
  assert.is(ctx(then).epoch, then.seq);
  assert.is(ctx(then).type, 'private');
  assert.equal(then.intents, [{ type: 'WriteEpoch', node: 'n1', container: 'c1', epoch: then.seq, owner: 'n1' }]);
});

test('container: bad configs are rejected naming the problem', () => {
  const g = given(M, 'c1', []);
  rejects(M, g, { type: 'DefineContainer', config: cfg({ type: 'public' }) }, /type "public" is not private, shared or local/);
  rejects(M, g, { type: 'DefineContainer', config: cfg({ disks: [] }) }, /has no disks/);
  rejects(M, g, { type: 'DefineContainer', config: cfg({ disks: ['/a', '/a'] }) }, /disk "\/a" appears twice/);
  rejects(M, g, { type: 'DefineContainer', config: cfg({ owner: '' }) }, /private container needs an owner/);
  rejects(M, g, { type: 'DefineContainer', config: cfg({ type: 'shared' }) }, /shared container has no owner/);
  rejects(M, g, { type: 'DefineContainer', config: cfg({ id: 'c9' }) }, /config id "c9" does not match/);
  assert.not.ok(legal(g, defined(cfg({ type: 'public' }))), 'the fold refuses it too');
  rejects(M, given(M, 'c1', [defined()]), { type: 'DefineContainer', config: cfg() }, /already defined/);
  rejects(M, g, { type: 'ChangeContainer', config: cfg() }, /not defined/);
  rejects(M, g, { type: 'CreateContainer', diskExtents: [1, 1] }, /not defined/);
});

test('container: create is rejected twice, with a wrong disk count or sizes; layout cannot change once created', () => {
  const d = given(M, 'c1', [defined()]);
  rejects(M, d, { type: 'CreateContainer', diskExtents: [10] }, /1 entries for 2 disks/);
  rejects(M, d, { type: 'CreateContainer', diskExtents: [10, 0] }, /diskExtents\[1\] \(\/dev\/sdc\): 0/);
  rejects(M, created(), { type: 'CreateContainer', diskExtents: [10, 5] }, /already created/);
  rejects(M, created(), { type: 'ChangeContainer', config: cfg({ disks: ['/dev/sdb'] }) }, /cannot change once it is created/);
  assert.is(state(run(created(), { type: 'ChangeContainer', config: cfg({ meta: { note: 'x' } }) }).then), 'inactive');
  rejects(M, created(), { type: 'RemoveContainer' }, /exists on disk: delete it first/);
});

test('container: a private container activates only on its owner, with the current epoch', () => {
  rejects(M, created(), { type: 'Activate', node: 'n2' }, 'n2 is not the owner of c1 (owner n1)');
  const { facts, then } = run(created(), { type: 'Activate', node: 'n1' });
  assert.equal(facts, [{ type: 'ContainerActivated', container: 'c1', node: 'n1', epoch: ctx(created()).epoch }]);
  assert.is(state(then), 'active');
  assert.equal(ctx(then).activeOn, ['n1']);
  assert.is(then.intents[0]?.type, 'ActivateContainer');
  assert.is(then.intents[0]?.node, 'n1');
  rejects(M, then, { type: 'Activate', node: 'n1' }, /already active on n1/);
  // a stale epoch is not legal: the journal refuses an old owner's claim
  assert.not.ok(legal(created(), { type: 'ContainerActivated', container: 'c1', node: 'n1', epoch: 1 }));
  rejects(M, given(M, 'c1', [defined()]), { type: 'Activate', node: 'n1' }, /not created/);
  rejects(M, created(), { type: 'Activate', node: '' }, /no node given/);
});

test('container: deactivate returns it to inactive; only where active', () => {
  rejects(M, created(), { type: 'Deactivate', node: 'n1' }, /not active on n1/);
  const { facts, then } = run(active(), { type: 'Deactivate', node: 'n1' });
  assert.equal(facts, [{ type: 'ContainerDeactivated', container: 'c1', node: 'n1', reason: 'admin' }]);
  assert.is(state(then), 'inactive');
  assert.equal(then.intents, [{ type: 'DeactivateContainer', node: 'n1', container: 'c1', reason: 'admin' }]);
});

test('container: admin owner change is rejected while active on the owner; the new epoch is the fact sequence', () => {
  rejects(M, active(), { type: 'ChangeOwner', owner: 'n2' }, 'c1 is active on its owner n1: deactivate it first');
  rejects(M, created(), { type: 'ChangeOwner', owner: 'n1' }, /n1 already owns c1/);
  const before = created();
  const { facts, then } = run(before, { type: 'ChangeOwner', owner: 'n2' });
  assert.equal(facts, [{ type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n1', owner: 'n2', reason: 'admin', previousEpoch: ctx(before).epoch, fenceRequestId: '' }]);
  assert.is(ctx(then).owner, 'n2');
  assert.is(ctx(then).epoch, then.seq);
  assert.ok(ctx(then).epoch > ctx(before).epoch);
  assert.equal(then.intents, [{ type: 'WriteEpoch', node: 'n2', container: 'c1', epoch: then.seq, owner: 'n2' }]);
  // the old owner's epoch is now stale
  assert.not.ok(legal(then, { type: 'ContainerActivated', container: 'c1', node: 'n2', epoch: ctx(before).epoch }));
  // a claim naming a stale previous epoch is not legal
  assert.not.ok(legal(then, { type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n2', owner: 'n3', reason: 'admin', previousEpoch: ctx(before).epoch, fenceRequestId: '' }));
});

test('container: takeover needs the owner journaled fenced, and drops its activation', () => {
  const g = active();
  rejects(M, g, { type: 'TakeOver', node: 'n2', ownerFenced: false, fenceRequestId: 'f1' }, 'owner n1 is not fenced');
  rejects(M, g, { type: 'TakeOver', node: 'n2', ownerFenced: true, fenceRequestId: '' }, /needs the fence request/);
  rejects(M, g, { type: 'TakeOver', node: 'n1', ownerFenced: true, fenceRequestId: 'f1' }, /n1 already owns c1/);
  const { facts, then } = run(g, { type: 'TakeOver', node: 'n2', ownerFenced: true, fenceRequestId: 'f1' });
  assert.is((facts[0] as { reason: string }).reason, 'takeover');
  assert.is(state(then), 'inactive');
  assert.equal(ctx(then).activeOn, []);
  assert.is(ctx(then).owner, 'n2');
  const on2 = run(then, { type: 'Activate', node: 'n2' }).then;
  assert.equal(ctx(on2).activeOn, ['n2']);
});

test('container: a handover from a live owner waits for its journaled deactivation; the new owner activates under a new epoch', () => {
  const g = active();
  rejects(M, g, { type: 'Handover', node: 'n2' }, /c1 is active on n1: a handover waits until it is journaled deactivated there/);
  rejects(M, created(), { type: 'Handover', node: 'n1' }, /n1 already owns c1/);
  rejects(M, created(), { type: 'Handover', node: '' }, /no node given/);
  // the ownership claim with reason handover is not legal while active (only a takeover of a fenced owner is)
  assert.not.ok(legal(g, { type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n1', owner: 'n2', reason: 'handover', previousEpoch: ctx(g).epoch, fenceRequestId: '' }));
  const off = run(g, { type: 'Deactivate', node: 'n1', reason: 'handover' }).then;
  assert.equal(off.intents, [{ type: 'DeactivateContainer', node: 'n1', container: 'c1', reason: 'handover' }]);
  const { facts, then } = run(off, { type: 'Handover', node: 'n2' });
  assert.equal(facts, [{ type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n1', owner: 'n2', reason: 'handover', previousEpoch: ctx(g).epoch, fenceRequestId: '' }]);
  assert.is(ctx(then).owner, 'n2');
  assert.ok(ctx(then).epoch > ctx(g).epoch);
  assert.equal(then.intents, [{ type: 'WriteEpoch', node: 'n2', container: 'c1', epoch: then.seq, owner: 'n2' }]);
  rejects(M, then, { type: 'Activate', node: 'n1' }, /n1 is not the owner of c1 \(owner n2\)/);
  assert.not.ok(legal(then, { type: 'ContainerActivated', container: 'c1', node: 'n2', epoch: ctx(g).epoch }), 'the old epoch is stale');
  const on2 = run(then, { type: 'Activate', node: 'n2' }).then;
  assert.equal(ctx(on2).activeOn, ['n2']);
  const shared = run(given(M, 'c1', [defined(cfg({ type: 'shared', owner: '' }))]), { type: 'CreateContainer', diskExtents: [10, 5] }).then;
  rejects(M, shared, { type: 'Handover', node: 'n2' }, /only a private container is handed over/);
});

test('container: a shared container activates on many nodes; owner commands are refused', () => {
  const shared = run(given(M, 'c1', [defined(cfg({ type: 'shared', owner: '' }))]), { type: 'CreateContainer', diskExtents: [10, 5] }).then;
  assert.equal(shared.intents, [{ type: 'WriteEpoch', node: '', container: 'c1', epoch: shared.seq, owner: '' }]);
  const a = run(run(shared, { type: 'Activate', node: 'n2' }).then, { type: 'Activate', node: 'n1' }).then;
  assert.equal(ctx(a).activeOn, ['n1', 'n2']);
  const one = run(a, { type: 'Deactivate', node: 'n1' }).then;
  assert.is(state(one), 'active');
  rejects(M, shared, { type: 'ChangeOwner', owner: 'n2' }, /only a private container has an owner/);
  rejects(M, shared, { type: 'TakeOver', node: 'n2', ownerFenced: true, fenceRequestId: 'f' }, /only a private container can be taken over/);
});

test('container: a local container activates only on its node', () => {
  const local = run(given(M, 'c1', [defined(cfg({ type: 'local', owner: 'n3' }))]), { type: 'CreateContainer', diskExtents: [4, 4] }).then;
  rejects(M, local, { type: 'Activate', node: 'n1' }, 'n1 is not the owner of c1 (owner n3)');
  rejects(M, local, { type: 'ChangeOwner', owner: 'n1' }, /only a private container/);
  assert.is(state(run(local, { type: 'Activate', node: 'n3' }).then), 'active');
});

test('container: I/O fencing per node blocks activation there until resumed', () => {
  const shared = run(given(M, 'c1', [defined(cfg({ type: 'shared', owner: '' }))]), { type: 'CreateContainer', diskExtents: [10, 5] }).then;
  const { facts, then } = run(shared, { type: 'FenceIo', node: 'n2' });
  assert.equal(facts, [{ type: 'ContainerIoFenced', container: 'c1', node: 'n2', reason: 'quorum-lost' }]);
  assert.equal(ctx(then).ioFenced, ['n2']);
  assert.equal(then.intents, [{ type: 'FenceIo', node: 'n2', container: 'c1', reason: 'quorum-lost' }]);
  rejects(M, then, { type: 'FenceIo', node: 'n2' }, /already fenced/);
  rejects(M, then, { type: 'Activate', node: 'n2' }, /I\/O of n2 to c1 is fenced: resume it first/);
  rejects(M, shared, { type: 'ResumeIo', node: 'n2' }, /is not fenced/);
  const resumed = run(then, { type: 'ResumeIo', node: 'n2' }).then;
  assert.equal(ctx(resumed).ioFenced, []);
  assert.equal(resumed.intents, [{ type: 'ResumeIo', node: 'n2', container: 'c1' }]);
  // fencing works while active, too
  assert.equal(ctx(run(active(), { type: 'FenceIo', node: 'n1' }).then).ioFenced, ['n1']);
});

test('container: volumes are allocated first-fit, deterministically, across disks', () => {
  const a = run(created(), { type: 'CreateVolume', volume: 'v1', sizeBytes: 4 * MIB });
  assert.equal((a.facts[0] as { extents: unknown }).extents, [{ disk: 0, start: 0, count: 4 }]);
  const b = run(a.then, { type: 'CreateVolume', volume: 'v2', sizeBytes: 3 * MIB + 1 });
  assert.equal((b.facts[0] as { extents: unknown }).extents, [{ disk: 0, start: 4, count: 4 }]);
  // 2 left on disk 0, 5 on disk 1: 5 fits whole on disk 1
  const c = run(b.then, { type: 'CreateVolume', volume: 'v3', sizeBytes: 5 * MIB });
  assert.equal((c.facts[0] as { extents: unknown }).extents, [{ disk: 1, start: 0, count: 5 }]);
  rejects(M, c.then, { type: 'CreateVolume', volume: 'v4', sizeBytes: 3 * MIB }, 'too little space: need 3 extents, 2 free');
  rejects(M, c.then, { type: 'CreateVolume', volume: 'v1', sizeBytes: MIB }, /v1 already exists/);
  rejects(M, c.then, { type: 'CreateVolume', volume: 'v5', sizeBytes: 0 }, /not a positive number/);
  assert.equal(ctx(c.then).volumes.map((v) => v.name), ['v1', 'v2', 'v3']);
  // a gap is filled by spanning free runs when no single run is big enough
  const d = run(b.then, { type: 'DeleteVolume', volume: 'v1' }).then;
  assert.equal(allocate(ctx(d).diskExtents, ctx(d).volumes, 10), [{ disk: 0, start: 0, count: 4 }, { disk: 0, start: 8, count: 2 }, { disk: 1, start: 0, count: 4 }]);
  assert.is(allocate(ctx(d).diskExtents, ctx(d).volumes, 12), undefined);
  const spanned = run(d, { type: 'CreateVolume', volume: 'v6', sizeBytes: 7 * MIB });
  assert.equal((spanned.facts[0] as { extents: unknown }).extents, [{ disk: 0, start: 0, count: 4 }, { disk: 0, start: 8, count: 2 }, { disk: 1, start: 0, count: 1 }]);
});

test('container: a volume grows in place when contiguous space allows, else the resize is rejected; it shrinks from the end', () => {
  const v1 = run(created(), { type: 'CreateVolume', volume: 'v1', sizeBytes: 2 * MIB }).then;
  const grown = run(v1, { type: 'ResizeVolume', volume: 'v1', sizeBytes: 5 * MIB });
  assert.equal((grown.facts[0] as { extents: unknown }).extents, [{ disk: 0, start: 0, count: 5 }]);
  const blocked = run(v1, { type: 'CreateVolume', volume: 'v2', sizeBytes: MIB }).then;
  rejects(M, blocked, { type: 'ResizeVolume', volume: 'v1', sizeBytes: 3 * MIB }, 'cannot grow v1 in place: need 1 more contiguous extents after it, 0 free there');
  const shrunk = run(grown.then, { type: 'ResizeVolume', volume: 'v1', sizeBytes: MIB });
  assert.equal((shrunk.facts[0] as { extents: unknown }).extents, [{ disk: 0, start: 0, count: 1 }]);
  rejects(M, v1, { type: 'ResizeVolume', volume: 'v1', sizeBytes: 2 * MIB }, /already 2097152 bytes/);
  rejects(M, v1, { type: 'ResizeVolume', volume: 'nope', sizeBytes: MIB }, /no volume nope in c1/);
  rejects(M, v1, { type: 'DeleteVolume', volume: 'nope' }, /no volume nope in c1/);
});

test('container: the fold refuses overlapping or out-of-disk extents', () => {
  const v1 = run(created(), { type: 'CreateVolume', volume: 'v1', sizeBytes: 2 * MIB }).then;
  assert.not.ok(legal(v1, { type: 'VolumeCreated', container: 'c1', volume: 'v2', sizeBytes: MIB, extents: [{ disk: 0, start: 1, count: 1 }] }));
  assert.not.ok(legal(v1, { type: 'VolumeCreated', container: 'c1', volume: 'v2', sizeBytes: MIB, extents: [{ disk: 1, start: 4, count: 2 }] }));
  assert.not.ok(legal(v1, { type: 'VolumeCreated', container: 'c1', volume: 'v2', sizeBytes: 3 * MIB, extents: [{ disk: 1, start: 0, count: 2 }] }));
  assert.not.ok(legal(v1, { type: 'VolumeCreated', container: 'c1', volume: 'v2', sizeBytes: MIB, extents: [{ disk: 7, start: 0, count: 1 }] }));
  assert.ok(legal(v1, { type: 'VolumeCreated', container: 'c1', volume: 'v2', sizeBytes: MIB, extents: [{ disk: 1, start: 4, count: 1 }] }));
});

test('container: delete is rejected with volumes or while active; then removed and definable again', () => {
  rejects(M, active(), { type: 'DeleteContainer' }, /active on n1: deactivate it first/);
  const v = run(created(), { type: 'CreateVolume', volume: 'v1', sizeBytes: MIB }).then;
  rejects(M, v, { type: 'DeleteContainer' }, /still has volumes \(v1\): delete them first/);
  const del = run(created(), { type: 'DeleteContainer' });
  assert.equal(del.facts, [{ type: 'ContainerDeleted', container: 'c1' }]);
  assert.is(state(del.then), 'deleted');
  rejects(M, del.then, { type: 'Activate', node: 'n1' }, /c1 is deleted/);
  rejects(M, del.then, { type: 'DeleteContainer' }, /is deleted/);
  const removed = run(del.then, { type: 'RemoveContainer' }).then;
  assert.is(state(removed), 'removed');
  assert.is(ctx(removed).config, null);
  rejects(M, removed, { type: 'RemoveContainer' }, /not defined/);
  assert.is(state(run(removed, { type: 'DefineContainer', config: cfg() }).then), 'defined');
  assert.is(state(run(del.then, { type: 'CreateContainer', diskExtents: [3, 3] }).then), 'inactive');
});

test('container: context is plain JSON; ContainerCreated keeps its container type through the codec', () => {
  const g = apply(M, active(), { type: 'VolumeCreated', container: 'c1', volume: 'v1', sizeBytes: MIB, extents: [{ disk: 1, start: 0, count: 1 }] });
  assert.equal(JSON.parse(JSON.stringify(ctx(g))), ctx(g));
});

test.run();
