// One fault run end to end: start the cluster and the workload, wait for a DC, inject faults (a scripted scenario
// or seeded random ones), heal, wait for the cluster to settle, collect the history, check I1..I9, and keep the
// seed, timeline, logs, history and report in the run's folder.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuild } from '../../journal/rebuild.ts';
import { membershipOf } from '../../actors/view.ts';
import { resourceOf } from '../../actors/services/views.ts';
import { waitFor } from '../harness/nats.ts';
import { checkRun, formatReport } from './checker/index.ts';
import { collectHistory, nodeViews } from './collect.ts';
import { startFaultCluster, type FaultCluster } from './harness.ts';
import type { RunHistory, Violation } from './history.ts';
import { randomFault, type FaultSet } from './random-faults.ts';
import { defineFixtures } from './fixtures.ts';
import { APP_IP, APP_WRITER, startWorkload, type Workload } from './workload.ts';

/** Fast timings so a run exercises many failovers; watchdog fencing (no power switch on loopback). */
export const FAULT_OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' } as const;

/** A scripted scenario: given the running cluster, inject faults (recording them) and heal them before returning. */
export type Scenario = (c: FaultCluster, w: Workload) => Promise<void>;

export interface RunOptions {
  readonly seed: number;
  /** Where to keep everything about this run. */
  readonly dir: string;
  /** Random faults for this many seconds (ignored when `scenario` is given). */
  readonly seconds?: number;
  readonly scenario?: Scenario;
  readonly nodes?: readonly string[];
  /** The faults random runs draw from (default: all). */
  readonly faults?: FaultSet;
  /** Daemon environment, e.g. the self-test's QUORATE_UNSAFE. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunResult {
  readonly seed: number;
  readonly dir: string;
  readonly violations: Violation[];
  /** DC changes after the first election, and how long each took from the fault before it (ms). */
  readonly failovers: number;
  readonly failoverMs: number[];
  /** Service failovers: from the last fault on c1's owner to app-writer started on the node that took c1 over (ms). */
  readonly serviceFailoverMs: number[];
  readonly faults: number;
}

/**
 * The service's failovers in a history: for each takeover of a container (ContainerOwnerChanged, reason takeover),
 * the time from the last fault that hit the previous owner to the next successful start of `app` on the new owner.
 * Pure.
 */
export function serviceFailovers(h: Pick<RunHistory, 'facts' | 'timeline'>, app = 'app-writer'): number[] {
  const out: number[] = [];
  h.facts.forEach((r, i) => {
    if (r.fact.type !== 'ContainerOwnerChanged' || r.fact.reason !== 'takeover') return;
    const { previousOwner, owner } = r.fact;
    const hit = h.timeline.filter((e) => e.targets.includes(previousOwner) && e.at <= r.storedAt && !e.kind.startsWith('operator') && e.kind !== 'check').at(-1);
    if (!hit) return;
    const started = h.facts.slice(i).find((x) => x.fact.type === 'ResourceOperationSucceeded' && x.fact.resource === app && x.fact.operation === 'start' && x.fact.node === owner && x.fact.rc === 0);
    if (started && started.storedAt - hit.at < 120_000) out.push(started.storedAt - hit.at);
  });
  return out;
}

/** A small seeded PRNG (mulberry32): the same seed replays the same fault choices. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Follows the journal for settle(): each node's latest incarnation (NodeJoined / NodeRejoined) and the incarnation
 * that last probed each resource there (a node probes once per incarnation: opId `probe:<incarnation>:<resource>`).
 */
function probeTracker(c: FaultCluster): { read(): Promise<void>; probedSinceJoin(node: string, resources: readonly string[]): boolean } {
  let next = 1;
  const incarnation = new Map<string, string>();
  const probedBy = new Map<string, string>();
  return {
    async read() {
      for (const r of await c.facts(next)) {
        next = r.seq + 1;
        const f = r.fact;
        if (f.type === 'NodeJoined' || f.type === 'NodeRejoined') incarnation.set(f.node, f.incarnation);
        else if ((f.type === 'ResourceOperationSucceeded' || f.type === 'ResourceOperationFailed') && f.operation === 'probe') probedBy.set(`${f.resource}@${f.node}`, f.opId.split(':')[1] ?? '');
      }
    },
    probedSinceJoin: (node, resources) => resources.every((id) => probedBy.get(`${id}@${node}`) === incarnation.get(node)),
  };
}

/**
 * Waits until every running node follows one quorate DC, every node is a member of the journaled view and has
 * probed the group since it (re)joined, no transition is executing, and group `app` runs on exactly one node (the
 * fold says so) whose application writes again: writes after `since`, the last second of them from that node
 * alone. Returns when.
 */
async function settle(c: FaultCluster, w: Workload, since: number): Promise<number> {
  const probes = probeTracker(c);
  try {
    await waitFor('the cluster to settle', async () => {
      const v = nodeViews(c).filter((x) => x.running);
      const dcs = v.filter((x) => x.isDc);
      if (dcs.length !== 1 || !v.every((x) => x.quorate && !x.ioFenced && x.term === dcs[0]!.term)) return false;
      const fresh = w.writes().filter((x) => x.at > since);
      const last = fresh.at(-1);
      if (!last || Date.now() - last.at > 1_000) return false;
      if (fresh.some((x) => x.at > last.at - 1_000 && x.node !== last.node)) return false;
      // The journal's view of it: a whole membership (faults start from a whole cluster) that has probed the
      // group (a node back from a fault may still find a copy running), the DC idle, the group on the writer.
      const state = await rebuild(c.journal);
      if (![...c.nodes.keys()].every((n) => membershipOf(state).members.includes(n))) return false;
      if (state.entities.get('cluster/transition')?.snapshot.value !== 'idle') return false;
      if (![APP_IP, APP_WRITER].every((id) => resourceOf(state, id)?.state === 'running' && resourceOf(state, id)?.context.activeOn.join() === last.node)) return false;
      await probes.read();
      return v.every((x) => probes.probedSinceJoin(x.node, [APP_IP, APP_WRITER]));
    }, 60_000);
  } catch { /* I8 reports what it sees */ }
  return Date.now();
}

/** Runs one fault run; never throws for a violation (the result lists them), always stops what it started. */
export async function runFault(o: RunOptions): Promise<RunResult> {
  mkdirSync(o.dir, { recursive: true });
  const random = seeded(o.seed);
  writeFileSync(join(o.dir, 'seed.json'), JSON.stringify({ seed: o.seed, seconds: o.seconds, env: o.env ?? {}, scenario: o.scenario?.name ?? 'random' }));
  const start = () => startFaultCluster({ nodes: o.nodes ?? ['n1', 'n2', 'n3'], options: FAULT_OPTIONS, dir: o.dir, random, ...(o.env ? { env: o.env } : {}) });
  // A setup failure (a port taken between choosing and binding it, stream creation timing out under load) is no
  // verdict on quorate: try once more before failing the run.
  const c = await start().catch(async (e: Error) => {
    writeFileSync(join(o.dir, 'setup-error.txt'), `${e.message}\n`);
    rmSync(join(o.dir, 'nats'), { recursive: true, force: true }); // a fresh store, not the failed attempt's
    return start();
  });
  let w: Workload | undefined;
  try {
    w = await startWorkload(c);
    await settle(c, w, 0);
    await defineFixtures(c);
    if (o.scenario) await o.scenario(c, w);
    else {
      const until = Date.now() + (o.seconds ?? 60) * 1000;
      while (Date.now() < until) {
        const heal = await randomFault(c, random, o.faults);
        await sleep(2_000 + random() * 6_000);
        await heal();
        await sleep(2_000 + random() * 3_000);
      }
    }
    for (const n of c.nodes.keys()) if (!c.node(n).running) await c.start(n);
    const healedAt = Date.now();
    const settledAt = await settle(c, w, healedAt);
    await sleep(1_000); // a second of steady writes, so I8 sees who writes after settling
    const views = nodeViews(c);
    await w.stop();
    const history = await collectHistory(c, w, { options: { watchdogMs: 2500, deadTimeMs: 1000, fencingMode: 'watchdog' }, healedAt, settledAt, views });
    const violations = checkRun(history);
    writeFileSync(join(o.dir, 'history.json'), JSON.stringify(history));
    writeFileSync(join(o.dir, 'report.txt'), `${formatReport(violations)}\n`);
    const elections = history.facts.filter((r) => r.fact.type === 'DcElected').slice(1);
    const failoverMs = elections.map((r) => r.storedAt - Math.max(...history.timeline.filter((e) => e.at <= r.storedAt).map((e) => e.at), 0)).filter((ms) => ms < 60_000);
    return { seed: o.seed, dir: o.dir, violations, failovers: elections.length, failoverMs, serviceFailoverMs: serviceFailovers(history), faults: history.timeline.length };
  } finally {
    await w?.stop().catch(() => {});
    await c.stop();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
