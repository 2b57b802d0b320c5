// Real daemons sharing a shared container: a node cut off from the others blocks its writes, and resumes when healed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';
import { applyContainer, createContainer } from '../../cli/storage-ops.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' };
const MIB = 1024 * 1024;
const writerTs = fileURLToPath(new URL('./writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'quorate-quorum-'));
let c: TestCluster | undefined;
let proc: ChildProcess | undefined;

interface Attempt { i: number; ok: boolean; reason: string; at: number }
const attempts = (log: string): Attempt[] =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('{"i"')).map((l) => JSON.parse(l) as Attempt) : [];

test('storage: a node cut off from the others blocks writes on a shared container and resumes when healed', async () => {
  c = await startTestCluster({ nodes: ['n1', 'n2', 'n3'], options: OPTIONS });
  await waitFor('three quorate nodes', () => ['n1', 'n2', 'n3'].every((n) => c!.node(n).status()?.quorate && !c!.node(n).status()?.ioFenced), 60_000);
  const disk = join(dir, 'shared0');
  writeFileSync(disk, '');
  truncateSync(disk, 16 * MIB);
  await createContainer(c.journal, { id: 'c1', type: 'shared', disks: [disk], owner: '', extentSizeKib: 1024 });
  await applyContainer(c.journal, 'c1', { type: 'CreateVolume', volume: 'v1', sizeBytes: 2 * MIB });
  for (const n of ['n1', 'n2', 'n3']) await c.waitForFact(`c1 active on ${n}`, 'ContainerActivated', (r) => r.fact.node === n, { timeoutMs: 30_000 });

  const log = join(dir, 'S.log');
  proc = spawn(process.execPath, ['--import', 'tsx', writerTs, '--disk', disk, '--container', 'c1', '--volume', 'v1', '--state-dir', c.node('n3').stateDir, '--tag', 'S', '--log', log], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitFor('writes from n3', () => attempts(log).filter((a) => a.ok).length >= 5 || undefined, 30_000);

  const cutAt = Date.now();
  c.node('n3').proxy.cut();
  const blocked = await waitFor('n3 refuses writes', () => attempts(log).find((a) => !a.ok && a.at > cutAt), 30_000);
  assert.match(blocked.reason, /n3 has no quorum|quorum lease of node n3 expired/);
  await waitFor('three more refusals', () => attempts(log).filter((a) => !a.ok).length >= 4 || undefined, 30_000);
  const lastOkBeforeHeal = attempts(log).filter((a) => a.ok).at(-1)!;
  assert.ok(lastOkBeforeHeal.at < blocked.at);

  const healAt = Date.now();
  c.node('n3').proxy.heal();
  await waitFor('n3 writes again', () => attempts(log).find((a) => a.ok && a.at > healAt), 60_000);
  // Once let through again, every attempt between the first refusal and the heal stayed refused.
  for (const a of attempts(log).filter((x) => x.at >= blocked.at && x.at < healAt)) assert.not.ok(a.ok, `write ${a.i} went through while cut off`);
});

test.after(async () => {
  proc?.kill('SIGKILL');
  if (c) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});
test.run();
