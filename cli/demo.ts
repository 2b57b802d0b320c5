// `npm run demo`: the failover story on this machine, in under a minute: a local 3-server NATS cluster, three
// daemons, a web service group (an IP-like and a filesystem-like ocf:heartbeat:Dummy, an application under
// ocf:heartbeat:anything) and a fence device applied from YAML, kill -9 of the node running the group, then
// detection, fencing and failover with measured times, the journal around the failure, and a replay of the
// cluster a moment before it. Everything started is stopped, also on Ctrl-C.
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
const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '3s', 'fencing-mode': 'agent' };

/** The example configuration: what an admin would keep in cluster.yaml. */
function clusterYaml(killDir: string): string {
  return `# The demo's cluster: a web service group with a failover domain, and a fence device for every node.
options:
  heartbeat-interval: 200ms
  dead-time: 1s
  fencing-mode: agent
  stonith-enabled: true
  resource-stickiness: 100
resources:
  - id: web-ip
    agent: ocf:heartbeat:Dummy
    operations: [{name: monitor, interval: 2s, timeout: 10s}]
  - id: web-fs
    agent: ocf:heartbeat:Dummy
    operations: [{name: monitor, interval: 2s, timeout: 10s}]
  - id: web-app
    agent: ocf:heartbeat:anything
    params: {binfile: /bin/sleep, cmdline_options: "100000"}
    operations: [{name: monitor, interval: 2s, timeout: 10s}]
groups:
  - id: web
    members: [web-ip, web-fs, web-app]
    failover-domain: [n1, n2, n3]
fence-devices:
  - id: kill
    agent: builtin:kill     # tests and demos only: kills the node's processes on this host
    params: {dir: ${killDir}}
    targets: [n1, n2, n3]
`;
}

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

function isOp(r: JournalRecord, type: string, operation: string, resource: string): boolean {
  const f = r.fact as { operation?: string; resource?: string };
  return r.fact.type === type && f.operation === operation && f.resource === resource;
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

  step('applying the example configuration (quorate apply -f cluster.yaml): group web = web-ip, web-fs, web-app; fence device kill');
  const yaml = join(dir, 'cluster.yaml');
  writeFileSync(yaml, clusterYaml(join(dir, 'kill')));
  quorate(['apply', '-f', yaml]);
  const started = await waitFor('web-app started', 0, (r) => isOp(r, 'ResourceOperationSucceeded', 'start', 'web-app'), 60_000);
  const active = (started.fact as { node: string }).node;
  step(`group web running on ${active}`);
  quorate(['status']);

  const before = await journal.lastSeq();
  const beforeAt = Date.now();
  step(`kill -9 ${active} (its daemon and watchdog; the application it started keeps running until fenced)`);
  const killedAt = Date.now();
  process.kill(-daemons.get(active)!.pid!, 'SIGKILL');
  daemons.delete(active);
  const lost = await waitFor(`${active} lost`, before, (r) => r.fact.type === 'NodeLost' && (r.fact as { node: string }).node === active);
  step(`${active} journaled lost ${lost.storedAt - killedAt} ms after the kill (${(lost.fact as { reason: string }).reason})`);
  const fenced = await waitFor(`${active} fenced`, lost.seq, (r) => r.fact.type === 'FenceSucceeded' && (r.fact as { target: string }).target === active);
  step(`${active} fenced by device ${(fenced.fact as { devices: string[] }).devices.join(',')} ${fenced.storedAt - killedAt} ms after the kill: its application is gone too`);
  const moved = await waitFor('web-app started elsewhere', fenced.seq, (r) => isOp(r, 'ResourceOperationSucceeded', 'start', 'web-app'), 60_000);
  step(`group web running on ${(moved.fact as { node: string }).node} ${moved.storedAt - killedAt} ms after the kill (started in order, only after the fence)`);
  quorate(['status']);

  step('the journal around the failure: quorate log --from-seq ...');
  quorate(['log', '--from-seq', String(before + 1), '--utc']);
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
