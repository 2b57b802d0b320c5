// Real daemons sharing sparse-file disks: the owner killed -9, fenced, its private container taken over; the old
// owner's writer, paused before the fence and resumed after it, lands not one write.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';
import { applyContainer, createContainer, loadContainer } from '../../cli/storage-ops.ts';
import { DATA_OFFSET } from '../../actors/storage/index.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' };
const MIB = 1024 * 1024;
const writerTs = fileURLToPath(new URL('./writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'quorate-takeover-'));
let c: TestCluster | undefined;
const writers: ChildProcess[] = [];

interface Attempt { i: number; tag: string; offset: number; record: string; ok: boolean; reason: string; at: number }
const attempts = (log: string): Attempt[] =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('{"i"')).map((l) => JSON.parse(l) as Attempt) : [];

function writer(node: string, tag: string, disk: string, extra: string[] = []): { proc: ChildProcess; log: string } {
  const log = join(dir, `${tag}.log`);
  const args = ['--import', 'tsx', writerTs, '--disk', disk, '--container', 'c1', '--volume', 'v1', '--state-dir', c!.node(node).stateDir, '--tag', tag, '--log', log, ...extra];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  writers.push(proc);
  return { proc, log };
}

test('storage: kill -9 of the owner, fence, takeover on a survivor; the paused old writer lands not one write', async () => {
  c = await startTestCluster({ nodes: ['n1', 'n2', 'n3'], options: OPTIONS });
  await waitFor('three quorate nodes', () => ['n1', 'n2', 'n3'].every((n) => c!.node(n).status()?.quorate && !c!.node(n).status()?.ioFenced), 60_000);
  // n1 must be a journaled member before it is killed: only a member is lost, fenced and taken over from.
  await c.waitForFact('all three members', 'MembershipViewChanged', (r) => (r.fact as { members: string[] }).members.join() === 'n1,n2,n3', { timeoutMs: 60_000 });
  const disks = ['d0', 'd1'].map((d) => {
    const p = join(dir, d);
    writeFileSync(p, '');
    truncateSync(p, 16 * MIB);
    return p;
  });
  await createContainer(c.journal, { id: 'c1', type: 'private', disks, owner: 'n1', extentSizeKib: 1024 });
  await applyContainer(c.journal, 'c1', { type: 'CreateVolume', volume: 'v1', sizeBytes: 4 * MIB });
  await c.waitForFact('c1 active on n1', 'ContainerActivated', (r) => r.fact.node === 'n1', { timeoutMs: 30_000 });
  const epoch1 = (await loadContainer(c.journal, 'c1'))!.ctx.epoch;

  const old = writer('n1', 'OLD', disks[0]!);
  await waitFor('5 writes of the old owner', () => attempts(old.log).filter((a) => a.ok).length >= 5 || undefined, 30_000);
  old.proc.kill('SIGSTOP');
  const pausedAt = Date.now();
  const before = await c.journal.lastSeq();
  c.node('n1').signalGroup('SIGKILL');

  await c.waitForFact('n1 fenced', 'NodeFenced', (r) => r.fact.node === 'n1', { after: before, timeoutMs: 60_000 });
  const own = await c.waitForFact('c1 taken over', 'ContainerOwnerChanged', (r) => r.fact.reason === 'takeover' && r.fact.previousOwner === 'n1', { after: before, timeoutMs: 30_000 });
  const newOwner = (own.fact as { owner: string }).owner;
  assert.ok(newOwner === 'n2' || newOwner === 'n3', newOwner);
  assert.ok(own.seq > epoch1);
  await c.waitForFact(`c1 active on ${newOwner}`, 'ContainerActivated', (r) => r.fact.node === newOwner, { after: own.seq, timeoutMs: 30_000 });

  const neu = writer(newOwner, 'NEW', disks[0]!);
  await waitFor('5 writes of the new owner', () => attempts(neu.log).filter((a) => a.ok).length >= 5 || undefined, 30_000);
  const resumedAt = Date.now();
  old.proc.kill('SIGCONT');
  await waitFor('10 attempts of the old writer after its resume', () => attempts(old.log).filter((a) => a.at >= resumedAt).length >= 10 || undefined, 30_000);
  // Past its node's gate: the disks' epoch alone refuses the stale owner.
  const bare = writer('n1', 'BARE', disks[0]!, ['--gate', 'off', '--epoch', String(epoch1), '--count', '5', '--interval-ms', '10']);
  await waitFor('5 gate-less attempts', () => attempts(bare.log).length >= 5 || undefined, 30_000);
  neu.proc.kill('SIGKILL');
  old.proc.kill('SIGKILL');

  const late = attempts(old.log).filter((a) => a.at >= resumedAt);
  for (const a of late) assert.not.ok(a.ok, `old write ${a.i} after the resume was let through`);
  assert.match(late[0]!.reason, /lease of node n1 expired|newer epoch/);
  for (const a of attempts(bare.log)) {
    assert.not.ok(a.ok, `gate-less old write ${a.i} was let through`);
    assert.match(a.reason, new RegExp(`carries the newer epoch ${own.seq} \\(owner ${newOwner}\\)`));
  }
  // The bytes: no refused record is on the disk, and what the new owner wrote is.
  const vol = (await loadContainer(c.journal, 'c1'))!.ctx.volumes.find((v) => v.name === 'v1')!;
  const base = DATA_OFFSET + vol.extents[0]!.start * MIB;
  const fd = openSync(disks[vol.extents[0]!.disk]!, 'r');
  const at = (offset: number) => {
    const b = Buffer.alloc(64);
    readSync(fd, b, 0, 64, base + offset);
    return b.toString('latin1');
  };
  for (const a of [...late, ...attempts(bare.log)]) assert.is.not(at(a.offset), a.record, `refused record ${a.record} is on the disk`);
  const lastNew = attempts(neu.log).filter((a) => a.ok).at(-1)!;
  assert.is(at(lastNew.offset), lastNew.record);
  closeSync(fd);
  assert.ok(attempts(old.log).filter((a) => a.ok && a.at < pausedAt).length >= 5);
});

test.after(async () => {
  for (const w of writers) w.kill('SIGKILL');
  if (c) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});
test.run();
