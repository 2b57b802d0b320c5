// A private container fails over WITH its group through real agents: [Dummy IP, ocf:heartbeat:Filesystem on the
// container's ext4 volume (its stable path), an `anything` app writing into the mount]; kill -9 of the owner ->
// builtin:kill fence -> takeover -> activation -> the group in order on the survivor -> the files are there;
// a shared container's activation on the fenced node is ended.
// Skipped, with the reason, where loop devices, mkfs.ext4 or the agents are missing.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { startTestCluster, withLogs, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';
import { applyContainer, createContainer, deactivateContainer } from '../../cli/storage-ops.ts';
import { detachLoop, devicePath, linkTarget, loopUnavailable, loopsOf, makeFilesystem, mountPointsOf, readExports } from '../../actors/storage/index.ts';
import { configure, doubleStarts, FAILOVER_OPTIONS, killDevice, missingAgents, resource, startsOn } from '../failover/setup.ts';

const FILESYSTEM = '/usr/lib/ocf/resource.d/heartbeat/Filesystem';
const NODES = ['n1', 'n2', 'n3'];
const MEMBERS = ['web-ip', 'web-fs', 'web-app'];
const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'quorate-group-'));
const disk = join(dir, 'disk0');
const shared = join(dir, 'shared0');
const devDir = join(dir, 'dev');
const mnt = join(dir, 'mnt');
let c: TestCluster | undefined;

/** Commands ocf:heartbeat:Filesystem checks for before it does anything (its check_binary list). */
const FS_TOOLS = ['mkfs.ext4', 'modprobe', 'fuser', 'fsck', 'mount', 'umount'];
const why = loopUnavailable() || missingAgents() || (() => {
  const missing = FS_TOOLS.filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) return `ocf:heartbeat:Filesystem needs ${missing.join(', ')} (apt-get install kmod psmisc e2fsprogs)`;
  return existsSync(FILESYSTEM) ? '' : `${FILESYSTEM} is not installed (.ci/install-agents)`;
})();

/** The group: every member depends on container c1, so none starts before c1 is journaled active on its node. */
function webGroup(app: string): Fact[] {
  const dep = (f: ReturnType<typeof resource>) => ({ ...f, container: 'c1' });
  return [
    { type: 'ResourceDefined', config: dep(resource('web-ip', 'ocf:heartbeat:Dummy')) },
    { type: 'ResourceDefined', config: dep(resource('web-fs', 'ocf:heartbeat:Filesystem', { device: devicePath(devDir, 'c1', 'fs'), directory: mnt, fstype: 'ext4' })) },
    { type: 'ResourceDefined', config: dep(resource('web-app', 'ocf:heartbeat:anything', { binfile: app, cmdline_options: mnt })) },
    { type: 'GroupDefined', config: { id: 'web', members: MEMBERS, meta: {}, failoverDomain: NODES } },
  ];
}

const started = (resource: string, node: string) => (r: { fact: { type: string } }) => {
  const f = r.fact as { resource?: string; node?: string; operation?: string };
  return f.resource === resource && f.node === node && f.operation === 'start';
};
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const unmountAll = () => {
  for (let i = 0; i < 5 && isMounted(mnt); i++) execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
};
function isMounted(at: string): boolean {
  return readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === at);
}

if (why) {
  console.log(`  skipped: ${why}`);
  test.skip(`storage: group failover with its container skipped: ${why}`, () => {});
} else {
  test('storage: kill -9 of the owner -> fence -> takeover -> activation -> the group in order on the survivor; files survive', withLogs(() => c, async () => {
    mkdirSync(mnt, { recursive: true });
    const app = join(dir, 'app.sh');
    writeFileSync(app, '#!/bin/sh\necho "started $(cat "$1/app.log" 2>/dev/null | wc -l)" >> "$1/app.log"\nsync "$1/app.log"\nexec sleep 100000\n');
    chmodSync(app, 0o755);
    writeFileSync(disk, '');
    truncateSync(disk, 48 * MIB);
    writeFileSync(shared, '');
    truncateSync(shared, 8 * MIB);

    c = await startTestCluster({ nodes: NODES, options: FAILOVER_OPTIONS });
    const dc = await c.waitForDc({ timeoutMs: 60_000 });
    await c.waitForFact('quorum', 'QuorumGained', () => true, { timeoutMs: 60_000 });
    await createContainer(c.journal, { id: 'c1', type: 'private', disks: [disk], owner: 'n1', extentSizeKib: 1024, meta: { export: 'loop', 'device-dir': devDir } });
    await applyContainer(c.journal, 'c1', { type: 'CreateVolume', volume: 'fs', sizeBytes: 32 * MIB });
    // A shared container too: active on every node, and no longer on n1 once n1 is fenced.
    await createContainer(c.journal, { id: 's1', type: 'shared', disks: [shared], owner: '', extentSizeKib: 1024 });
    await c.waitForFact('c1 active on n1', 'ContainerActivated', (r) => r.fact.container === 'c1' && r.fact.node === 'n1', { timeoutMs: 30_000 });
    await c.waitForFact('s1 active on n1', 'ContainerActivated', (r) => r.fact.container === 's1' && r.fact.node === 'n1', { timeoutMs: 30_000 });
    const path = devicePath(devDir, 'c1', 'fs');
    const dev1 = await waitFor('the stable path of c1/fs on n1', () => {
      const dev = readExports(c!.node('n1').stateDir)['c1']?.['fs'];
      return dev && linkTarget(path) === dev ? dev : undefined;
    }, 30_000);
    makeFilesystem(path);

    await configure(c, dc.term, [killDevice(NODES), ...webGroup(app)]);
    await c.waitForFact('web-app started on n1', 'ResourceOperationSucceeded', started('web-app', 'n1'), { timeoutMs: 60_000 });
    assert.ok(mountPointsOf(dev1).includes(mnt), `${mnt} is mounted from ${dev1} on n1`);
    assert.is(readFileSync(join(mnt, 'app.log'), 'utf8'), 'started 0\n');
    writeFileSync(join(mnt, 'data.bin'), randomBytes(4 * MIB));
    const digest = sha(join(mnt, 'data.bin'));
    execFileSync('sync');

    // kill -9 of n1; its power-off takes its mount and loop device with it (the nodes share this host).
    const before = await c.journal.lastSeq();
    const t0 = Date.now();
    c.node('n1').signalGroup('SIGKILL');
    unmountAll();
    detachLoop(dev1);
    const fenced = await c.waitForFact('n1 fenced', 'FenceSucceeded', (r) => r.fact.target === 'n1', { after: before, timeoutMs: 60_000 });
    const own = await c.waitForFact('c1 taken over', 'ContainerOwnerChanged', (r) => r.fact.reason === 'takeover', { after: before, timeoutMs: 30_000 });
    assert.is((own.fact as { owner: string }).owner, 'n2', 'the takeover follows the group failover domain');
    const active = await c.waitForFact('c1 active on n2', 'ContainerActivated', (r) => r.fact.container === 'c1' && r.fact.node === 'n2', { after: own.seq, timeoutMs: 30_000 });
    const running = await c.waitForFact('web-app started on n2', 'ResourceOperationSucceeded', started('web-app', 'n2'), { after: before, timeoutMs: 60_000 });
    console.log(`  group with container: fenced after ${fenced.storedAt - t0} ms, taken over ${own.storedAt - t0} ms, active on n2 ${active.storedAt - t0} ms, app running ${running.storedAt - t0} ms`);

    const gone = await c.waitForFact('s1 no longer active on fenced n1', 'ContainerDeactivated', (r) => r.fact.container === 's1' && r.fact.node === 'n1', { after: before, timeoutMs: 30_000 });
    assert.is((gone.fact as { reason: string }).reason, 'fenced');
    assert.ok(gone.seq > fenced.seq, 'ended only after the fence');
    const facts = await c.facts();
    assert.ok(own.seq > fenced.seq, 'ownership moves only after the fence');
    const firstStart = facts.find((r) => r.seq > before && r.fact.type === 'ResourceOperationRequested' && r.fact.operation === 'start')!;
    assert.ok(firstStart.seq > active.seq, `a start (seq ${firstStart.seq}) before c1 was active on n2 (seq ${active.seq})`);
    assert.equal(startsOn(facts, 'n2', before), { order: MEMBERS, sequential: true }, 'members start in order on n2');
    assert.equal(doubleStarts(facts), [], 'never started on two nodes at once');
    const dev2 = readExports(c.node('n2').stateDir)['c1']?.['fs'];
    assert.ok(dev2, 'n2 exports c1/fs (the device n1 had may be reused: it was detached at its power-off)');
    assert.is(realpathSync(path), dev2, 'the stable path follows the owner');
    assert.ok(mountPointsOf(dev2).includes(mnt), `${mnt} is mounted from ${dev2} on n2`);
    assert.is(sha(join(mnt, 'data.bin')), digest, 'the data written on n1 survived');
    assert.is(readFileSync(join(mnt, 'app.log'), 'utf8'), 'started 0\nstarted 1\n', 'the app on n2 appended to the log of n1');
    // Deactivating under the running group would pull the volume from under the mount: refused, nothing journaled.
    const last = await c.journal.lastSeq();
    try {
      await deactivateContainer(c.journal, 'c1', 'n2');
      assert.unreachable('deactivation under a running group was accepted');
    } catch (e) {
      assert.is((e as { code?: string }).code, 'command.rejected', (e as Error).message);
      assert.match((e as Error).message, /web-app, web-fs, web-ip depend on c1 and are active on n2: stop them first/);
    }
    assert.not.ok((await c.facts(last + 1)).some((r) => r.fact.type === 'ContainerDeactivated' && r.fact.container === 'c1'));
  }));
}

test.after(async () => {
  if (c) await c.stop();
  if (!why) {
    try {
      unmountAll();
    } catch { /* reported by the test */ }
    for (const dev of loopsOf(disk)) detachLoop(dev);
  }
  rmSync(dir, { recursive: true, force: true });
});
test.run();
