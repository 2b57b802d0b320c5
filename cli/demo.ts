// `npm run demo`: the failover story on this machine, in under a minute: a local 3-server NATS cluster, three
// daemons, kill -9 of the DC, detection and a new DC with measured times, the journal around the failure, and
// a replay of the cluster a moment before it. Everything started is stopped, also on Ctrl-C.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJetStreamJournal } from '../journal/jetstream.ts';
import type { Journal, JournalRecord } from '../journal/journal.ts';
import { startNatsCluster, type NatsCluster } from '../journal/nats-cluster.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'cli', 'quorate.ts');
const NODES = ['n1', 'n2', 'n3'] as const;
const CLUSTER = 'demo';
const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '3s', 'fencing-mode': 'watchdog' };

const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`;
const step = (msg: string) => console.log(`${stamp()} ${msg}`);

let nats: NatsCluster | undefined;
let journal: Journal | undefined;
const daemons = new Map<string, ChildProcess>();
const dir = mkdtempSync(join(tmpdir(), 'quorate-demo-'));

async function cleanup(): Promise<void> {
  for (const p of daemons.values()) {
    try {
      if (p.pid) process.kill(-p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  daemons.clear();
  await journal?.close().catch(() => {});
  await nats?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
process.once('SIGINT', () => {
  console.log('\ninterrupted: stopping everything');
  void cleanup().then(() => process.exit(130));
});

function startDaemon(node: string, url: string, config: string): void {
  const p = spawn(process.execPath, ['--import', 'tsx', cli, 'daemon', '--node', node, '--cluster', CLUSTER, '--nats', url, '--config', config, '--state-dir', join(dir, node)], {
    cwd: root, detached: true, stdio: ['ignore', 'ignore', 'inherit'],
  });
  daemons.set(node, p);
}

/** Waits for the first fact after `after` that `match` accepts (follows the journal: no polling). */
async function waitFor(what: string, after: number, match: (r: JournalRecord) => boolean, timeoutMs = 30_000): Promise<JournalRecord> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    for await (const e of journal!.follow({ fromSeq: after + 1, signal: abort.signal })) {
      if (e.kind === 'fact' && match(e)) return e;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
}

function quorate(args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args, '--cluster', CLUSTER, '--nats', nats!.urls.join(',')], {
    cwd: root, encoding: 'utf8',
  });
  const out = `${r.stdout}${r.stderr}`.trimEnd();
  console.log(out.split('\n').map((l) => `    ${l}`).join('\n'));
}

async function main(): Promise<void> {
  step('starting a 3-server NATS JetStream cluster on loopback (sync_interval: always)');
  nats = await startNatsCluster({ size: 3, dir: join(dir, 'nats') });
  journal = await createJetStreamJournal({ servers: nats.urls, cluster: CLUSTER, replicas: 3 });
  const config = join(dir, 'daemon.yaml');
  writeFileSync(config, JSON.stringify({ nodes: NODES.map((name) => ({ name, votes: 1 })), options: OPTIONS, replicas: 3 }));

  step(`starting daemons ${NODES.join(', ')} (one per NATS server; heartbeat 200 ms, dead time 1 s)`);
  NODES.forEach((n, i) => startDaemon(n, nats!.urls[i]!, config));
  const dc = await waitFor('DC election', 0, (r) => r.fact.type === 'DcElected');
  const dcNode = (dc.fact as { node: string }).node;
  step(`${dcNode} elected DC (term ${dc.seq})`);
  const view = await waitFor('a full view', 0, (r) => r.fact.type === 'MembershipViewChanged' && (r.fact as { members: string[] }).members.length === 3);
  step(`membership view ${(view.fact as { viewId: number }).viewId}: ${(view.fact as { members: string[] }).members.join(', ')} — quorate`);

  const before = await journal.lastSeq();
  const beforeAt = Date.now();
  step(`kill -9 ${dcNode} (the DC)`);
  const killedAt = Date.now();
  process.kill(-daemons.get(dcNode)!.pid!, 'SIGKILL');
  daemons.delete(dcNode);
  const next = await waitFor('a new DC', before, (r) => r.fact.type === 'DcElected');
  step(`${(next.fact as { node: string }).node} elected DC (term ${next.seq}) ${Date.now() - killedAt} ms after the kill`);
  const lost = await waitFor(`${dcNode} lost`, before, (r) => r.fact.type === 'NodeLost' && (r.fact as { node: string }).node === dcNode);
  step(`${dcNode} journaled lost ${lost.storedAt - killedAt} ms after the kill (${(lost.fact as { reason: string }).reason})`);
  const fenced = await waitFor(`${dcNode} fenced`, lost.seq, (r) => r.fact.type === 'NodeFenced' && (r.fact as { node: string }).node === dcNode);
  step(`${dcNode} journaled fenced (watchdog: 2 x 3 s after its loss) ${fenced.storedAt - killedAt} ms after the kill`);

  step('the journal around the failure: quorate log --from-seq ...');
  quorate(['log', '--from-seq', String(Math.max(1, before - 2)), '--utc']);
  step(`the cluster a moment before the kill: quorate replay --at ${new Date(beforeAt).toISOString()}`);
  quorate(['replay', '--at', new Date(beforeAt).toISOString()]);
  step('done: stopping daemons and NATS');
}

main()
  .then(cleanup, async (e: Error) => {
    console.error(`demo failed: ${e.message}`);
    await cleanup();
    process.exitCode = 1;
  });
