// A volume exported as a loop device with a real ext4 filesystem: its files survive a takeover after fencing, and
// I/O fencing freezes the mounted filesystem; a grown volume is exported again at its new size. Skipped, with the reason, where loop devices cannot be used.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, withLogs, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';
import { applyContainer, createContainer, growVolume } from '../../cli/storage-ops.ts';
import { detachLoop, deviceBytes, loopUnavailable, loopsOf, makeFilesystem, mountPointsOf, readExports } from '../../actors/storage/index.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' };
const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'quorate-loop-'));
const disk = join(dir, 'disk0');
const mounts: string[] = [];
let c: TestCluster | undefined;

const why = loopUnavailable() || (() => {
  try {
    execFileSync('mkfs.ext4', ['-V'], { stdio: 'ignore' });
    return '';
  } catch {
    return 'mkfs.ext4 is not installed';
  }
})();

const exported = (node: string) => waitFor(`c1/fs exported on ${node}`, () => readExports(c!.node(node).stateDir)['c1']?.['fs'], 30_000);
const mount = (dev: string, at: string) => {
  mkdirSync(at, { recursive: true });
  execFileSync('mount', [dev, at]);
  mounts.push(at);
};

if (why) {
  console.log(`  skipped: loop devices are not usable here: ${why}`);
  test.skip(`storage: loop export skipped: ${why}`, () => {});
} else {
  test('storage: an ext4 volume on a loop device survives takeover after fencing; I/O fencing freezes and thaws it', withLogs(() => c, async () => {
    c = await startTestCluster({ nodes: ['n1', 'n2', 'n3'], options: OPTIONS });
    await waitFor('three quorate nodes', () => ['n1', 'n2', 'n3'].every((n) => c!.node(n).status()?.quorate && !c!.node(n).status()?.ioFenced), 60_000);
    // n1 must be a journaled member before it is killed: only a member is lost, fenced and taken over from.
    await c.waitForFact('all three members', 'MembershipViewChanged', (r) => (r.fact as { members: string[] }).members.join() === 'n1,n2,n3', { timeoutMs: 60_000 });
    writeFileSync(disk, '');
    truncateSync(disk, 48 * MIB);
    await createContainer(c.journal, { id: 'c1', type: 'private', disks: [disk], owner: 'n1', extentSizeKib: 1024, meta: { export: 'loop' } });
    await applyContainer(c.journal, 'c1', { type: 'CreateVolume', volume: 'fs', sizeBytes: 32 * MIB });
    await c.waitForFact('c1 active on n1', 'ContainerActivated', (r) => r.fact.node === 'n1', { timeoutMs: 30_000 });
    const dev1 = await exported('n1');
    makeFilesystem(dev1);
    const m1 = join(dir, 'm1');
    mount(dev1, m1);
    writeFileSync(join(m1, 'hello.txt'), 'written on n1\n');
    execFileSync('sync');

    // n1 dies; its "power-off" takes the mount and the loop device with it.
    const before = await c.journal.lastSeq();
    c.node('n1').signalGroup('SIGKILL');
    execFileSync('umount', [m1]);
    detachLoop(dev1);
    await c.waitForFact('n1 fenced', 'NodeFenced', (r) => r.fact.node === 'n1', { after: before, timeoutMs: 60_000 });
    const own = await c.waitForFact('c1 taken over', 'ContainerOwnerChanged', (r) => r.fact.reason === 'takeover', { after: before, timeoutMs: 30_000 });
    const to = (own.fact as { owner: string }).owner;
    await c.waitForFact(`c1 active on ${to}`, 'ContainerActivated', (r) => r.fact.node === to, { after: own.seq, timeoutMs: 30_000 });
    const dev2 = await exported(to);
    const m2 = join(dir, 'm2');
    mount(dev2, m2);
    assert.is(readFileSync(join(m2, 'hello.txt'), 'utf8'), 'written on n1\n');

    // I/O fencing of the new owner freezes its mounted filesystem; resuming thaws it.
    await applyContainer(c.journal, 'c1', { type: 'FenceIo', node: to, reason: 'test' });
    await waitFor('frozen', () => c!.node(to).logs.some((l) => l.includes(`froze ${m2}`)), 30_000);
    await applyContainer(c.journal, 'c1', { type: 'ResumeIo', node: to });
    await waitFor('thawed', () => c!.node(to).logs.some((l) => l.includes(`thawed ${m2}`)), 30_000);
    writeFileSync(join(m2, 'after.txt'), 'thawed\n');
    assert.equal(mountPointsOf(dev2), [m2]);

    // A volume grown in place: its (unmounted) loop device is attached again with the new size.
    await applyContainer(c.journal, 'c1', { type: 'CreateVolume', volume: 'g', sizeBytes: 4 * MIB });
    await waitFor('c1/g exported at 4 MiB', () => deviceBytes(readExports(c!.node(to).stateDir)['c1']?.['g'] ?? '') === 4 * MIB || undefined, 30_000);
    await growVolume(c.journal, 'c1', 'g', 8 * MIB);
    await waitFor('c1/g exported at 8 MiB', () => deviceBytes(readExports(c!.node(to).stateDir)['c1']?.['g'] ?? '') === 8 * MIB || undefined, 30_000);
    assert.equal(mountPointsOf(dev2), [m2], 'the mounted volume is left alone');
  }));
}

test.after(async () => {
  for (const m of mounts.reverse()) {
    try {
      execFileSync('fsfreeze', ['-u', m], { stdio: 'ignore' });
    } catch { /* not frozen */ }
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch { /* not mounted */ }
  }
  if (c) await c.stop();
  if (!why) for (const dev of loopsOf(disk)) detachLoop(dev);
  rmSync(dir, { recursive: true, force: true });
});
test.run();
