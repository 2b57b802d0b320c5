// bench/detection: kill -9 of a node -> its NodeLost journaled, and kill -9 of the DC -> a new DC, on real daemons.
//
// Three daemons on a real 3-server NATS cluster (test/harness/daemons.ts). Each round kills one daemon's whole
// process group with SIGKILL, takes the wall time just before the signal, and waits for the fact; the latency is
// the journal's stored time of the fact (JetStream's timestamp, same host clock) minus the kill time. Rounds
// alternate between a non-DC node and the DC; the killed node is restarted and the bench waits until all three
// are back in one quorate view under one DC before the next kill. QUORATE_BENCH_KILLS sets kills per kind.
import { startTestCluster, type TestCluster } from '../test/harness/daemons.ts';
import { waitFor } from '../test/harness/nats.ts';
import { median } from './stats.ts';

const DEAD_TIME_MS = 1000;
const OPTIONS = {
  'heartbeat-interval': '200ms', 'dead-time': `${DEAD_TIME_MS}ms`, 'watchdog-timeout': '2000ms', 'fencing-mode': 'watchdog',
};
const NODES = ['n1', 'n2', 'n3'] as const;
const TARGET = 1.3;

/** The DC in force and the last journaled view, kept by one follow of the journal (polls must not open consumers). */
interface Tracker {
  readonly dc: { node: string; term: number };
  readonly members: readonly string[];
  stop(): void;
}

function track(c: TestCluster): Tracker {
  const abort = new AbortController();
  const t = { dc: { node: '', term: 0 }, members: [] as readonly string[], stop: () => abort.abort() };
  void (async () => {
    for await (const r of c.journal.follow({ fromSeq: 1, signal: abort.signal, types: ['DcElected', 'DcResigned', 'MembershipViewChanged'] })) {
      if (r.kind !== 'fact') continue;
      // The chain of accepted claims, as the fold reads it.
      if (r.fact.type === 'DcElected' && r.fact.previousTerm === t.dc.term) t.dc = { node: r.fact.node, term: r.seq };
      if (r.fact.type === 'DcResigned' && r.fact.node === t.dc.node) t.dc = { ...t.dc, node: '' };
      if (r.fact.type === 'MembershipViewChanged') t.members = r.fact.members;
    }
  })().catch((e: Error) => {
    if (!abort.signal.aborted) console.log(`detection: journal follow failed: ${e.message}`);
  });
  return t;
}

/** All three running, quorate, in the last journaled view and following one DC. */
async function settled(c: TestCluster, t: Tracker): Promise<{ node: string; term: number }> {
  for (const n of NODES) if (!c.node(n).running) await c.start(n);
  await waitFor('all three in one quorate view under one DC', () => t.dc.node !== '' && t.members.length === NODES.length && NODES.every((n) => {
    const s = c.node(n).status();
    return s?.quorate === true && !s.ioFenced && s.term === t.dc.term;
  }), 120_000);
  return t.dc;
}

/** Nearest-rank percentile. */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

function report(name: string, xs: readonly number[]): boolean {
  const med = median(xs);
  const p99 = percentile(xs, 99);
  const ok = med <= TARGET * DEAD_TIME_MS;
  console.log(
    `  ${name.padEnd(24)} n=${String(xs.length).padStart(2)}  median ${Math.round(med)} ms (${(med / DEAD_TIME_MS).toFixed(2)} x dead time)  ` +
      `p99 ${Math.round(p99)} ms (${(p99 / DEAD_TIME_MS).toFixed(2)} x)  min ${Math.round(Math.min(...xs))}  max ${Math.round(Math.max(...xs))}  ` +
      (ok ? 'ok' : `ABOVE ${TARGET} x dead time`),
  );
  return ok;
}

export async function run(): Promise<void> {
  const kills = Number(process.env['QUORATE_BENCH_KILLS'] ?? 20);
  if (!Number.isInteger(kills) || kills < 1) throw new Error(`QUORATE_BENCH_KILLS must be a whole number >= 1, got ${process.env['QUORATE_BENCH_KILLS']}`);
  console.log(`detection: 3 daemons, 3-server NATS, dead time ${DEAD_TIME_MS} ms, heartbeat 200 ms; ${kills} kills of a node and ${kills} of the DC`);
  const c = await startTestCluster({ nodes: [...NODES], options: OPTIONS, natsSize: 3 });
  const nodeLost: number[] = [];
  const newDc: number[] = [];
  const dcLost: number[] = [];
  const tracker = track(c);
  try {
    for (let i = 0; i < 2 * kills; i++) {
      const dc = await settled(c, tracker);
      const killDc = i % 2 === 1;
      const others = NODES.filter((n) => n !== dc.node);
      const victim = killDc ? dc.node : others[(i >> 1) % others.length]!;
      const after = await c.journal.lastSeq();
      const t0 = Date.now();
      c.node(victim).signalGroup('SIGKILL');
      const lost = await c.waitForFact(`${victim} lost`, 'NodeLost', (r) => r.fact.node === victim, { after, timeoutMs: 60_000 });
      if (killDc) {
        const next = await c.waitForFact('a new DC', 'DcElected', (r) => r.fact.node !== victim, { after, timeoutMs: 60_000 });
        newDc.push(next.storedAt - t0);
        dcLost.push(lost.storedAt - t0);
        console.log(`  [${i + 1}/${2 * kills}] kill -9 DC ${victim}: new DC ${(next.fact as { node: string }).node} after ${next.storedAt - t0} ms, NodeLost after ${lost.storedAt - t0} ms`);
      } else {
        nodeLost.push(lost.storedAt - t0);
        console.log(`  [${i + 1}/${2 * kills}] kill -9 ${victim}: NodeLost after ${lost.storedAt - t0} ms`);
      }
      // Back in: the node restarts as a new incarnation, is fenced (watchdog wait) and rejoins.
      await c.waitForFact(`${victim} fenced`, 'NodeFenced', (r) => r.fact.node === victim, { after: lost.seq, timeoutMs: 60_000 });
      await c.start(victim);
    }
  } catch (e) {
    console.log(c.logs().split('\n').slice(-80).join('\n'));
    throw e;
  } finally {
    tracker.stop();
    await c.stop();
  }
  console.log('\ndetection figures (journal stored time of the fact - kill time)');
  const a = report('node kill -> NodeLost', nodeLost);
  const b = report('DC kill -> new DC', newDc);
  report('DC kill -> its NodeLost', dcLost);
  console.log(a && b ? `  target met: both medians <= ${TARGET} x dead time` : `  TARGET MISSED: a median above ${TARGET} x dead time`);
}
