// The workload: an application on a private shared disk that writes about ten times a second with its owner's
// epoch, logging every write (node, epoch, offset, time) to a ground-truth log; and operator probes whose
// acknowledgements I5 checks.
//
// Stand-in until the container block API lands: the disk's owner is the DC, its epoch the DC term, and a new
// owner starts writing only once the journal shows the previous owner fenced, gone or rejoined as a new
// incarnation (fence before recover). A node writes only while its own status.json says it is quorate and not
// I/O-fenced, and while its daemon runs and is not stopped (SIGSTOP): its application would stop with it.
import { closeSync, openSync, appendFileSync, readFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AckedFact, DiskWrite } from './history.ts';
import type { FaultCluster } from './harness.ts';

const DISK_BYTES = 64 * 1024 * 1024;
const BLOCK = 512;
/** False when the process is stopped (SIGSTOP) or gone: its application is frozen with it. */
function awake(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [TtZX]/.test(stat);
  } catch {
    return false;
  }
}

export interface Workload {
  readonly writes: DiskWrite[];
  readonly acked: AckedFact[];
  stop(): Promise<void>;
}

interface Claim { readonly previousDc: string }
type Life = { seq: number; kind: string };

/** Starts the writer and the probes; `stop()` ends both and closes the disk. */
export function startWorkload(c: FaultCluster, options: { probeEveryMs?: number } = {}): Workload {
  const disk = join(c.dir, 'disk-d1.img');
  const fd = openSync(disk, 'w+');
  ftruncateSync(fd, DISK_BYTES); // sparse
  const logFile = join(c.dir, 'writes.jsonl');
  const writes: DiskWrite[] = [];
  const acked: AckedFact[] = [];
  const claims = new Map<number, Claim>();
  const life = new Map<string, Life>();
  const started = new Set<string>();
  const defined = new Set<string>();
  const abort = new AbortController();
  let count = 0;

  // The journal as the new owner would read it: DC claims and each node's latest membership event.
  const follow = (async () => {
    try {
      for await (const e of c.journal.follow({ fromSeq: 1, signal: abort.signal })) {
        if (e.kind !== 'fact') continue;
        const f = e.fact;
        if (f.type === 'NodeDefined') defined.add(f.config?.node ?? '');
        else if (f.type === 'DcElected') claims.set(e.seq, { previousDc: f.previousDc });
        else if (f.type === 'NodeLost') life.set(f.node, { seq: e.seq, kind: 'lost' });
        else if (f.type === 'NodeFenced') life.set(f.node, { seq: e.seq, kind: 'fenced' });
        else if (f.type === 'NodeRejoined') life.set(f.node, { seq: e.seq, kind: 'rejoined' });
        else if (f.type === 'NodeLeft') life.set(f.node, { seq: e.seq, kind: 'left' });
      }
    } catch (e) {
      if (!abort.signal.aborted) appendFileSync(join(c.dir, 'workload.log'), `follow ended: ${(e as Error).message}\n`);
    }
  })();

  const safe = (node: string, term: number) => {
    if (started.has(`${node}@${term}`)) return true;
    const claim = claims.get(term);
    if (!claim) return false;
    const prev = claim.previousDc;
    const ok = prev === '' || prev === node || ['fenced', 'left', 'rejoined'].includes(life.get(prev)?.kind ?? '');
    if (ok) started.add(`${node}@${term}`);
    return ok;
  };

  let closed = false;
  const tick = () => {
    if (closed) return;
    for (const n of c.nodes.values()) {
      if (!n.running || !awake(n.proc?.pid)) continue;
      const s = n.status();
      // A status file left by an earlier incarnation says nothing about this one.
      if (s?.pid !== n.proc?.pid || !s?.isDc || !s.quorate || s.ioFenced || s.term === 0 || !safe(n.name, s.term)) continue;
      const offset = (count++ * BLOCK) % DISK_BYTES;
      const w: DiskWrite = { node: n.name, disk: 'd1', epoch: s.term, offset, at: Date.now() };
      writeSync(fd, Buffer.from(JSON.stringify(w).padEnd(BLOCK, ' ')), 0, BLOCK, offset);
      writes.push(w);
      appendFileSync(logFile, `${JSON.stringify(w)}\n`);
    }
  };
  const writer = setInterval(tick, 100);

  // Operator probes: harmless node attribute changes, each acknowledged append remembered for I5.
  let probes = 0;
  const probe = async () => {
    // Only nodes the DC has defined: a probe must never stand in for the cluster's own bootstrap.
    const node = [...c.nodes.keys()][probes % c.nodes.size]!;
    if (!defined.has(node)) return;
    const eventId = `probe-${randomUUID()}`;
    try {
      const [seq] = await c.journal.append({ kind: 'node', id: node }, [{ eventId, fact: { type: 'NodeChanged', config: { node, votes: 1, attributes: { probe: String(probes + 1) } } } }], { origin: 'cli:fault' });
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

  return {
    writes,
    acked,
    async stop() {
      if (closed) return;
      closed = true;
      clearInterval(writer);
      clearInterval(prober);
      abort.abort();
      await follow;
      await inflight; // an ack that lands after the history is read would look lost
      closeSync(fd);
    },
  };
}
