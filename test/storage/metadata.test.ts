// On-disk metadata, discovery, the I/O gate and the block API on sparse-file disks, with the memory journal.
import { mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryJournal } from '../../journal/memory.ts';
import { isQuorateError } from '../../machines/errors.ts';
import {
  COPY_OFFSETS, DATA_OFFSET, createIoGate, decodeMetadata, encodeMetadata, gateRefusal, importContainer, mapRange, openVolume, readDisk, readGate,
} from '../../actors/storage/index.ts';
import type { ClusterState } from '../../machines/fold.ts';
import { takeoverTarget } from '../../actors/storage/views.ts';
import { applyContainer, createContainer, deleteContainer, growVolume, loadContainer, parseSize, syncDisks, takeOver } from '../../cli/storage-ops.ts';

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'quorate-storage-'));
const disk = (name: string, mib: number) => {
  const p = join(dir, name);
  writeFileSync(p, '');
  truncateSync(p, mib * MIB);
  return p;
};
const throwsCode = async (fn: () => unknown, code: string, text: RegExp) => {
  try {
    await fn();
  } catch (e) {
    assert.ok(isQuorateError(e), `expected a QuorateError, got ${String(e)}`);
    assert.is((e as { code: string }).code, code, (e as Error).message);
    assert.match((e as Error).message, text);
    return;
  }
  assert.unreachable(`expected ${code}`);
};

/** A private container c1 of n1 on two disks (9 + 5 extents of 1 MiB) with volume v1 of 10 MiB (9 on the first disk, 1 on the second). */
async function setup(name: string) {
  const journal = createMemoryJournal('t');
  const disks = [disk(`${name}-a`, 10), disk(`${name}-b`, 6)];
  await createContainer(journal, { id: 'c1', type: 'private', disks, owner: 'n1', extentSizeKib: 1024 });
  await applyContainer(journal, 'c1', { type: 'CreateVolume', volume: 'v1', sizeBytes: 10 * MIB });
  await syncDisks(journal, 'c1');
  const c = (await loadContainer(journal, 'c1'))!;
  return { journal, disks, c };
}

test('storage: metadata round-trips, and a flipped byte fails the checksum with the place named', () => {
  const md = { container: 'c1', name: 'data', type: 'private', owner: 'n1', epoch: 7, diskIndex: 0, diskCount: 1, disks: ['/x'], extentSizeKib: 1024, diskExtents: [4], volumes: [] };
  const bytes = encodeMetadata(md);
  const back = decodeMetadata(bytes, '/x copy 0');
  assert.ok(back.ok);
  assert.equal(back.ok && back.metadata, md);
  bytes[40] = bytes[40]! ^ 0xff;
  const bad = decodeMetadata(bytes, '/x copy 0');
  assert.ok(!bad.ok);
  assert.match(!bad.ok ? bad.problem : '', /^\/x copy 0: checksum mismatch/);
  assert.match((decodeMetadata(Buffer.alloc(64), 'blank') as { problem: string }).problem, /bad magic/);
});

test('storage: create writes the epoch, layout and volume table to both copies of every disk', async () => {
  const { disks, c } = await setup('create');
  assert.is(c.ctx.diskExtents.join(','), '9,5');
  disks.forEach((d, i) => {
    const r = readDisk(d);
    assert.equal(r.problems, []);
    assert.is(r.metadata?.epoch, c.ctx.epoch);
    assert.is(r.metadata?.diskIndex, i);
    assert.is(r.metadata?.volumes[0]?.name, 'v1');
  });
  assert.ok(c.ctx.epoch > 0);
});

test('storage: a disk already in use, a missing disk and too little space are refused, naming the disk', async () => {
  const { journal, disks } = await setup('inuse');
  await throwsCode(() => createContainer(journal, { id: 'c2', type: 'shared', disks: [disks[0]!], owner: '' }), 'storage.disk-in-use', /inuse-a is already in use by container c1/);
  await throwsCode(() => createContainer(journal, { id: 'c3', type: 'shared', disks: [join(dir, 'nope')], owner: '' }), 'storage.bad-disk', /nope does not exist/);
  await throwsCode(() => createContainer(journal, { id: 'c4', type: 'shared', disks: [disk('tiny', 1)], owner: '' }), 'storage.bad-disk', /tiny is too small/);
  await throwsCode(() => applyContainer(journal, 'c1', { type: 'CreateVolume', volume: 'big', sizeBytes: 50 * MIB }), 'command.rejected', /too little space: need 50 extents, 4 free/);
  await throwsCode(() => applyContainer(journal, 'c1', { type: 'Activate', node: 'n2' }), 'command.rejected', /n2 is not the owner of c1 \(owner n1\)/);
  await throwsCode(() => takeOver(journal, 'c1', 'n2'), 'command.rejected', /owner n1 is not fenced/);
  assert.is(parseSize('64M', 'x'), 64 * MIB);
  await throwsCode(() => parseSize('lots', 'volume create <size>'), 'cli.usage', /volume create <size>: "lots" is not a size/);
});

test('storage: a corrupted copy is detected, the container still imports from the other copy, and is repaired', async () => {
  const { disks, c } = await setup('corrupt');
  const fd = openSync(disks[1]!, 'r+');
  writeSync(fd, Buffer.from('garbage!garbage!'), 0, 16, COPY_OFFSETS[0] + 30);
  closeSync(fd);
  const before = readDisk(disks[1]!);
  assert.equal(before.damaged, [0]);
  assert.match(before.problems.join('\n'), /corrupt-b copy 0: checksum mismatch/);
  assert.is(before.metadata?.epoch, c.ctx.epoch, 'read from copy 1');
  const r = importContainer(c.ctx, { repair: true });
  assert.ok(r.agrees, r.problems.join('\n'));
  assert.equal(r.repaired, [`${disks[1]} copy 0`]);
  assert.equal(readDisk(disks[1]!).problems, []);
});

test('storage: a disk that disagrees with the journal is reported, never repaired', async () => {
  const { journal, disks } = await setup('disagree');
  await applyContainer(journal, 'c1', { type: 'CreateVolume', volume: 'v2', sizeBytes: MIB });
  const c = (await loadContainer(journal, 'c1'))!;
  const r = importContainer(c.ctx, { repair: true });
  assert.not.ok(r.agrees);
  assert.match(r.problems.join('\n'), /disagree-a: volumes on disk is \[\{"name":"v1".*, the journal says/);
  assert.equal(r.repaired, []);
  assert.is(readDisk(disks[0]!).metadata?.volumes.length, 1);
});

test('storage: volume offsets map through extents across disks', () => {
  const v = { name: 'v', sizeBytes: 3 * MIB, extents: [{ disk: 0, start: 8, count: 1 }, { disk: 1, start: 0, count: 2 }] };
  assert.equal(mapRange(v, 1024, MIB - 10, 20), [
    { disk: 0, at: DATA_OFFSET + 9 * MIB - 10, from: 0, length: 10 },
    { disk: 1, at: DATA_OFFSET, from: 10, length: 10 },
  ]);
  try {
    mapRange(v, 1024, 3 * MIB - 1, 2);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /range 3145727\+2 lies outside its 3145728 bytes/);
  }
});

test('storage: the gate refuses without quorum, after the lease, when fenced, under a stale epoch; the disk refuses a newer epoch', async () => {
  const { journal, disks, c } = await setup('gate');
  let now = 1_000;
  const stateDir = join(dir, 'gate-state');
  const gate = createIoGate(stateDir, 'n1', () => now);
  const check = (cont: string, epoch: number) => gateRefusal(readGate(stateDir), cont, epoch, now);
  const md = readDisk(disks[0]!).metadata!;
  const vol = openVolume(md, 'v1', c.ctx.epoch, check);
  const refused = (re: RegExp) => {
    try {
      vol.write(0, Buffer.from('x'));
      assert.unreachable('write went through');
    } catch (e) {
      assert.is((e as { code: string }).code, 'storage.io-refused', (e as Error).message);
      assert.match((e as Error).message, re);
    }
  };
  refused(/node n1 has no quorum/);
  gate.setQuorate(true, 500);
  refused(/c1 is not active on node n1/);
  gate.activate('c1', c.ctx.epoch);
  vol.write(9 * MIB - 2, Buffer.from('ABCD'));
  assert.is(vol.read(9 * MIB - 2, 4).toString(), 'ABCD');
  const raw = Buffer.alloc(2);
  const fd = openSync(disks[1]!, 'r');
  readSync(fd, raw, 0, 2, DATA_OFFSET);
  closeSync(fd);
  assert.is(raw.toString(), 'CD', 'the second half landed on the second disk');
  now += 600;
  refused(/quorum lease of node n1 expired 100 ms ago/);
  gate.renew(500);
  gate.setFenced('c1', true);
  refused(/I\/O of node n1 to container c1 is fenced/);
  gate.setFenced('c1', false);
  // A takeover elsewhere: the journal and every disk move to a newer epoch.
  await journal.append({ kind: 'node', id: 'n1' }, [{ fact: { type: 'NodeDefined', config: { node: 'n1', votes: 1, attributes: {} } } }]);
  const c2 = (await loadContainer(journal, 'c1'))!;
  const newer = { ...c2.ctx, epoch: c2.ctx.epoch + 100, owner: 'n2' };
  const { writeFromJournal } = await import('../../actors/storage/index.ts');
  writeFromJournal(newer);
  refused(new RegExp(`carries the newer epoch ${newer.epoch} \\(owner n2\\)`));
  vol.close();
});

test('storage: delete wipes the metadata so the disks are free again', async () => {
  const { journal, disks } = await setup('delete');
  await applyContainer(journal, 'c1', { type: 'DeleteVolume', volume: 'v1' });
  const r = await deleteContainer(journal, 'c1');
  assert.equal(r.facts.map((f) => f.type), ['ContainerDeleted', 'ContainerRemoved']);
  assert.is(readDisk(disks[0]!).metadata, undefined);
  await createContainer(journal, { id: 'c9', type: 'shared', disks, owner: '', extentSizeKib: 1024 });
  assert.is(readDisk(disks[1]!).metadata?.container, 'c9');
});

test('storage: a takeover goes where the resources that depend on the container prefer, else to the first member', () => {
  const resource = (id: string, container: string, failoverDomain: string[]) =>
    [`resource/${id}`, { kind: 'resource', id, snapshot: { context: { config: { container, failoverDomain } } } }] as const;
  const state = { entities: new Map([resource('app', 'c1', ['n1', 'n3', 'n2']), resource('other', 'c2', ['n2'])]) } as unknown as ClusterState;
  assert.is(takeoverTarget(state, 'c1', ['n2', 'n3']), 'n3');
  assert.is(takeoverTarget(state, 'c9', ['n2', 'n3']), 'n2');
  assert.is(takeoverTarget(state, 'c2', ['n3']), 'n3');
});

test('storage: a volume grows in place only, never shrinks, and the disks carry the new table', async () => {
  const journal = createMemoryJournal('t');
  const d = disk('grow', 12);
  await createContainer(journal, { id: 'c1', type: 'private', disks: [d], owner: 'n1', extentSizeKib: 1024 });
  await applyContainer(journal, 'c1', { type: 'CreateVolume', volume: 'a', sizeBytes: 2 * MIB });
  await growVolume(journal, 'c1', 'a', 4 * MIB);
  await syncDisks(journal, 'c1');
  let c = (await loadContainer(journal, 'c1'))!;
  assert.equal(c.ctx.volumes.find((v) => v.name === 'a')!.extents, [{ disk: 0, start: 0, count: 4 }], 'contiguous: one run of 4 extents');
  assert.equal(readDisk(d).metadata?.volumes.find((v) => v.name === 'a')?.extents, [{ disk: 0, start: 0, count: 4 }]);
  await applyContainer(journal, 'c1', { type: 'CreateVolume', volume: 'b', sizeBytes: MIB });
  await throwsCode(() => growVolume(journal, 'c1', 'a', 5 * MIB), 'command.rejected', /cannot grow a in place: need 1 more contiguous extents after it, 0 free there/);
  await throwsCode(() => growVolume(journal, 'c1', 'a', 3 * MIB), 'command.rejected', /shrinking volume a from 4194304 to 3145728 bytes is refused/);
  await throwsCode(() => growVolume(journal, 'c1', 'nope', 3 * MIB), 'command.rejected', /no volume nope in c1/);
  c = (await loadContainer(journal, 'c1'))!;
  assert.is(c.ctx.volumes.find((v) => v.name === 'a')!.sizeBytes, 4 * MIB, 'refusals changed nothing');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
