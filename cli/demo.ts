// `npm run demo`: the failover story on this machine, in under a minute: a local 3-server NATS cluster, three
// daemons, a private cluster container with an ext4 volume (where the kernel allows loop devices), a web service
// group (an IP-like ocf:heartbeat:Dummy, ocf:heartbeat:Filesystem on the container's volume — or a
// filesystem-like Dummy where it cannot — and an application under ocf:heartbeat:anything writing into it) and a
// fence device applied from YAML, kill -9 of the node running the group, then detection, fencing, takeover and
// failover with measured times, the journal around the failure, and a replay of the cluster a moment before it.
// Everything started is stopped, also on Ctrl-C.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJetStreamJournal } from '../journal/jetstream.ts';
import type { Journal, JournalRecord } from '../journal/journal.ts';
import { startNatsCluster, type NatsCluster } from '../journal/nats-cluster.ts';
import { detachLoop, devicePath, linkTarget, loopsOf, loopUnavailable, makeFilesystem, readExports } from '../actors/storage/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'cli', 'quorate.ts');
const NODES = ['n1', 'n2', 'n3'] as const;
const CLUSTER = 'demo';
const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '3s', 'fencing-mode': 'agent' };

/** Why the demo cannot put the group on a container with a real filesystem here, or '' when it can. */
function containerUnavailable(): string {
  const why = loopUnavailable();
  if (why) return why;
  const tools = ['mkfs.ext4', 'modprobe', 'fuser', 'fsck', 'mount', 'umount'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (tools.length > 0) return `ocf:heartbeat:Filesystem needs ${tools.join(', ')}`;
  return existsSync('/usr/lib/ocf/resource.d/heartbeat/Filesystem') ? '' : 'ocf:heartbeat:Filesystem is not installed';
}

/** The web group's filesystem member: on the container's volume, or a stand-in Dummy. */
interface Storage {
  readonly device: string;
  readonly mount: string;
  readonly app: string;
}

/** The example configuration: what an admin would keep in cluster.yaml. */
function clusterYaml(killDir: string, storage: Storage | undefined): string {
  const dep = storage ? '\n    container: data' : '';
  const fs = storage
    ? `  - id: web-fs
    agent: ocf:heartbeat:Filesystem
    params: {device: ${storage.device}, directory: ${storage.mount}, fstype: ext4}
    operations: [{name: monitor, interval: 5s, timeout: 20s}, {name: start, timeout: 60s}, {name: stop, timeout: 60s}]${dep}`
    : `  - id: web-fs
    agent: ocf:heartbeat:Dummy
    operations: [{name: monitor, interval: 2s, timeout: 10s}]`;
  const app = storage
    ? `    params: {binfile: ${storage.app}, cmdline_options: ${storage.mount}}`
    : '    params: {binfile: /bin/sleep, cmdline_options: "100000"}';
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
    operations: [{name: monitor, interval: 2s, timeout: 10s}]${dep}
${fs}
  - id: web-app
    agent: ocf:heartbeat:anything
${app}
    operations: [{name: monitor, interval: 2s, timeout: 10s}]${dep}
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
  const mount = join(dir, 'mnt');
  try {
    for (let i = 0; i < 5 && existsSync(mount) && isMounted(mount); i++) execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    for (const dev of existsSync(join(dir, 'disk0')) ? loopsOf(join(dir, 'disk0')) : []) detachLoop(dev);
  } catch {
    /* nothing mounted */
  }
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

/** A private container on a sparse file owned by n1, with an ext4 volume exported as a loop device. */
async function makeContainer(): Promise<Storage> {
  const disk = join(dir, 'disk0');
  const devDir = join(dir, 'dev');
  const mount = join(dir, 'mnt');
  const app = join(dir, 'app.sh');
  mkdirSync(mount, { recursive: true });
  writeFileSync(app, '#!/bin/sh\necho "start $(( $(cat "$1/app.log" 2>/dev/null | wc -l) + 1 )) at $(date -u +%T)" >> "$1/app.log"\nsync "$1/app.log"\nexec sleep 100000\n');
  chmodSync(app, 0o755);
  writeFileSync(disk, '');
  truncateSync(disk, 64 * 1024 * 1024);
  step('creating a private cluster container on a sparse disk, owner n1, volumes exported as loop devices');
  quorate(['container', 'create', 'data', '--disks', disk, '--owner', 'n1', '--extent-size-kib', '1024', '--meta', 'export=loop', '--meta', `device-dir=${devDir}`]);
  quorate(['volume', 'create', 'data', 'web', '32M']);
  await waitFor('data active on n1', 0, (r) => r.fact.type === 'ContainerActivated' && (r.fact as { node: string }).node === 'n1');
  const device = devicePath(devDir, 'data', 'web');
  const deadline = Date.now() + 30_000;
  while (!(readExports(join(dir, 'n1'))['data']?.['web'] && linkTarget(device) === readExports(join(dir, 'n1'))['data']?.['web'])) {
    if (Date.now() > deadline) throw new Error(`${device} did not appear within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  makeFilesystem(device);
  step(`ext4 made on ${device} (-> ${linkTarget(device)})`);
  return { device, mount, app };
}

/** The nodes share this host: a killed node's power-off must also take its mount and loop devices with it. */
function powerOff(node: string, storage: Storage): void {
  for (let i = 0; i < 5 && isMounted(storage.mount); i++) execFileSync('umount', ['-l', storage.mount], { stdio: 'ignore' });
  const dev = readExports(join(dir, node))['data']?.['web'];
  if (dev) detachLoop(dev);
  step(`(${node}'s power-off takes its mount of the volume and its loop device with it: the demo's nodes share one host)`);
}

function isMounted(at: string): boolean {
  return readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === at);
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

  const noContainer = containerUnavailable();
  let storage: Storage | undefined;
  if (noContainer) {
    step(`no container with a real filesystem here (${noContainer}): web-fs is a stand-in Dummy`);
  } else {
    storage = await makeContainer();
  }
  step('applying the example configuration (quorate apply -f cluster.yaml): group web = web-ip, web-fs, web-app; fence device kill');
  const yaml = join(dir, 'cluster.yaml');
  writeFileSync(yaml, clusterYaml(join(dir, 'kill'), storage));
  quorate(['apply', '-f', yaml]);
  const started = await waitFor('web-app started', 0, (r) => isOp(r, 'ResourceOperationSucceeded', 'start', 'web-app'), 60_000);
  const active = (started.fact as { node: string }).node;
  step(`group web running on ${active}`);
  if (storage) {
    // Its first line is on the container's filesystem before the node dies (the agent returns once it runs).
    const log = join(storage.mount, 'app.log');
    for (const until = Date.now() + 10_000; !(existsSync(log) && readFileSync(log, 'utf8').includes('start 1')) && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  quorate(['status']);

  const before = await journal.lastSeq();
  const beforeAt = Date.now();
  step(`kill -9 ${active} (its daemon and watchdog; the application it started keeps running until fenced)`);
  const killedAt = Date.now();
  process.kill(-daemons.get(active)!.pid!, 'SIGKILL');
  daemons.delete(active);
  if (storage) powerOff(active, storage);
  const lost = await waitFor(`${active} lost`, before, (r) => r.fact.type === 'NodeLost' && (r.fact as { node: string }).node === active);
  step(`${active} journaled lost ${lost.storedAt - killedAt} ms after the kill (${(lost.fact as { reason: string }).reason})`);
  const fenced = await waitFor(`${active} fenced`, lost.seq, (r) => r.fact.type === 'FenceSucceeded' && (r.fact as { target: string }).target === active);
  step(`${active} fenced by device ${(fenced.fact as { devices: string[] }).devices.join(',')} ${fenced.storedAt - killedAt} ms after the kill: its application is gone too`);
  const moved = await waitFor('web-app started elsewhere', fenced.seq, (r) => isOp(r, 'ResourceOperationSucceeded', 'start', 'web-app'), 60_000);
  step(`group web running on ${(moved.fact as { node: string }).node} ${moved.storedAt - killedAt} ms after the kill (started in order, only after the fence)`);
  if (storage) {
    const own = await waitFor('the takeover', before, (r) => r.fact.type === 'ContainerOwnerChanged');
    step(`container data taken over by ${(own.fact as { owner: string }).owner} ${own.storedAt - killedAt} ms after the kill (epoch = its journal sequence ${own.seq})`);
    // The agent's start returns once the application runs; its first line may land a moment later.
    const appLog = () => (existsSync(join(storage.mount, 'app.log')) ? readFileSync(join(storage.mount, 'app.log'), 'utf8').trimEnd().split('\n') : []);
    for (const until = Date.now() + 10_000; appLog().length < 2 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    const log = appLog();
    step(`the application's log on the container's filesystem survived the failover: ${log.map((l) => JSON.stringify(l)).join(', ')}`);
  }
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
