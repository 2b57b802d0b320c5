// The workload: a private container c1 (volume v1) over two sparse disk files in the run's folder, and group `app`
// = [app-ip, app-writer] on it, run by the cluster itself. app-writer (app-writer.ts, under the built-in `process`
// agent) writes to v1 about ten times a second with the epoch its node's gate activated c1 under and logs every
// write that went through to the ground-truth log <run dir>/app/<node>.jsonl; those logs are the history's disk
// writes. Operator probes (harmless node attribute changes) add acknowledged appends for I5.
//
// The names c1, v1, app, app-ip and app-writer are what the CTS scenarios move, stand by and maintain: keep them.
import { appendFileSync, existsSync, closeSync, mkdirSync, openSync, readdirSync, readSync, fstatSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Fact, ResourceConfig } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { currentTerm } from '../../machines/fold.ts';
import { applyContainer, createContainer, loadState } from '../../cli/storage-ops.ts';
import { containerOf } from '../../actors/storage/index.ts';
import { resourceOf } from '../../actors/services/views.ts';
import { waitFor } from '../harness/nats.ts';
import { HB_DUMMY } from '../executors/agents.ts';
import { resource } from '../failover/setup.ts';
import type { AckedFact, DiskWrite } from './history.ts';
import type { FaultCluster } from './harness.ts';

export const CONTAINER = 'c1';
export const VOLUME = 'v1';
export const GROUP = 'app';
export const APP_IP = 'app-ip';
export const APP_WRITER = 'app-writer';
const ORIGIN = 'cli:fault';
const MIB = 1024 * 1024;
const root = fileURLToPath(new URL('../..', import.meta.url));
const appWriter = fileURLToPath(new URL('./app-writer.ts', import.meta.url));

export interface Workload {
  /** Every write the ground-truth logs hold so far, of every node, in log order per node. */
  writes(): DiskWrite[];
  readonly acked: AckedFact[];
  stop(): Promise<void>;
}

/** The group's resource and group facts; every member depends on c1 (none starts before c1 is active there). */
export function appFacts(nodes: readonly string[], logDir: string, disk: string): Fact[] {
  const onC1 = (r: ResourceConfig): ResourceConfig => ({ ...r, container: CONTAINER });
  const ip = existsSync(HB_DUMMY) ? resource(APP_IP, 'ocf:heartbeat:Dummy')
    : resource(APP_IP, 'process', { command: 'sleep', args: '100000' });
  const writer = resource(APP_WRITER, 'process', {
    command: process.execPath, cwd: root, settle: '500',
    args: JSON.stringify(['--import', 'tsx', appWriter, '--container', CONTAINER, '--volume', VOLUME, '--disk', disk, '--log-dir', logDir, '--interval-ms', '100']),
    logfile: join(logDir, 'app-writer.out'),
  });
  return [
    { type: 'ResourceDefined', config: onC1(ip) },
    { type: 'ResourceDefined', config: onC1(writer) },
    { type: 'GroupDefined', config: { id: GROUP, members: [APP_IP, APP_WRITER], meta: {}, failoverDomain: [...nodes] } },
  ];
}

/** Reads the ground-truth logs incrementally: only whole lines, each file from where the last read stopped. */
function groundTruth(dir: string): () => DiskWrite[] {
  const all: DiskWrite[] = [];
  const read = new Map<string, { at: number; rest: string }>();
  return () => {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl') && !f.endsWith('.refused.jsonl')).sort() : [];
    for (const f of files) {
      const pos = read.get(f) ?? { at: 0, rest: '' };
      const fd = openSync(join(dir, f), 'r');
      try {
        const size = fstatSync(fd).size;
        if (size <= pos.at) continue;
        const buf = Buffer.alloc(size - pos.at);
        readSync(fd, buf, 0, buf.length, pos.at);
        const text = pos.rest + buf.toString('utf8');
        const lines = text.split('\n');
        const rest = lines.pop() ?? '';
        for (const l of lines) if (l.trim()) all.push(JSON.parse(l) as DiskWrite);
        read.set(f, { at: size, rest });
      } finally {
        closeSync(fd);
      }
    }
    return all;
  };
}

/** Appends configuration facts under the DC term in force, until the fold holds them (a DC change can void one). */
async function configure(c: FaultCluster, facts: readonly Fact[], present: (state: Awaited<ReturnType<typeof loadState>>) => boolean): Promise<void> {
  await waitFor('the workload configuration journaled', async () => {
    const state = await loadState(c.journal);
    if (present(state)) return true;
    for (const fact of facts) await c.journal.append(entityOf(fact), [{ fact }], { origin: ORIGIN, term: currentTerm(state) });
    return present(await loadState(c.journal));
  }, 60_000);
}

/**
 * Creates the container, its volume and the group once a DC leads every node (the DC owns c1 first), and starts
 * the probes. The cluster then runs the application; `writes()` reads what it wrote.
 */
export async function startWorkload(c: FaultCluster, options: { probeEveryMs?: number } = {}): Promise<Workload> {
  const nodes = [...c.nodes.keys()];
  const logDir = join(c.dir, 'app');
  mkdirSync(logDir, { recursive: true });
  const disks = ['disk-d0.img', 'disk-d1.img'].map((name) => {
    const path = join(c.dir, name);
    const fd = openSync(path, 'w+');
    ftruncateSync(fd, 16 * MIB); // sparse
    closeSync(fd);
    return path;
  });
  // A quorate DC that has defined every node: the workload never stands in for the cluster's own bootstrap.
  const dc = await waitFor('a quorate DC to own c1', async () => {
    const s = [...c.nodes.values()].map((n) => ({ name: n.name, s: n.running ? n.status() : undefined }));
    const name = s.find((x) => x.s?.isDc && x.s.quorate && !x.s.ioFenced)?.name;
    if (!name) return undefined;
    const state = await loadState(c.journal);
    return nodes.every((n) => state.entities.has(`node/${n}`)) ? name : undefined;
  }, 60_000);
  // c1 owned by that DC, one volume over both disks (15 extents fit on each). A DC change between reading the
  // term and appending voids an append: decide again on the journal as it is, until the fold holds both.
  await waitFor('c1 and v1 journaled', async () => {
    const c1 = containerOf(await loadState(c.journal), CONTAINER);
    const step = !c1?.ctx.epoch ? createContainer(c.journal, { id: CONTAINER, type: 'private', disks, owner: dc, extentSizeKib: 1024 })
      : !c1.ctx.volumes.some((v) => v.name === VOLUME) ? applyContainer(c.journal, CONTAINER, { type: 'CreateVolume', volume: VOLUME, sizeBytes: 24 * MIB })
      : undefined;
    if (!step) return true;
    await step.catch((e: Error) => appendFileSync(join(c.dir, 'workload.log'), `${new Date().toISOString()} ${e.message}\n`));
    return false;
  }, 60_000);
  const facts = appFacts(nodes, logDir, disks[0]!);
  await configure(c, facts, (state) => [APP_IP, APP_WRITER].every((id) => resourceOf(state, id)?.context.config) && state.entities.has(`group/${GROUP}`));

  const acked: AckedFact[] = [];
  let probes = 0;
  const probe = async () => {
    const node = nodes[probes % nodes.length]!;
    const eventId = `probe-${randomUUID()}`;
    try {
      const [seq] = await c.journal.append({ kind: 'node', id: node }, [{ eventId, fact: { type: 'NodeChanged', config: { node, votes: 1, attributes: { probe: String(probes + 1) } } } }], { origin: ORIGIN });
      acked.push({ eventId, seq: seq! });
      probes++;
    } catch {
      /* not acknowledged: nothing to check */
    }
  };
  let inflight: Promise<void> | undefined;
  const prober = setInterval(() => {
    if (inflight) return;
    inflight = probe().finally(() => (inflight = undefined));
  }, options.probeEveryMs ?? 2_000);

  let stopped = false;
  return {
    writes: groundTruth(logDir),
    acked,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(prober);
      await inflight; // an ack that lands after the history is read would look lost
    },
  };
}
