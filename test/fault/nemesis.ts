// The nemeses: each injects one fault into a FaultCluster, records it on the timeline, and returns its healing.
// A node a nemesis takes down is `held` until its healing (the harness powers on only what fencing killed). The
// nemeses of the fixtures (fence agent failing or hanging, flaky's monitor and stop failing) wait in their healing
// for the cluster's answer (the fence, the recovery) and note what it was in <run dir>/nemesis-checks.jsonl.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalRecord } from '../../journal/journal.ts';
import { loadState } from '../../cli/storage-ops.ts';
import { resourceOf } from '../../actors/services/views.ts';
import { FLAKY, fixturePaths } from './fixtures.ts';
import type { FaultCluster } from './harness.ts';
import { admin, anyRunningNode } from './operator.ts';

/** Undoes a fault (restarts what was killed, reconnects what was cut). */
export type Heal = () => Promise<void>;

const serverName = (i: number) => `s${i + 1}`;
const nodesOn = (c: FaultCluster, servers: readonly number[]) => [...c.nodes.values()].filter((n) => servers.includes(n.server)).map((n) => n.name);
const routesBetween = (c: FaultCluster, a: readonly number[], b: readonly number[]) =>
  [...c.routes.entries()].filter(([k]) => {
    const [i, j] = k.split('>').map(Number) as [number, number];
    return (a.includes(i) && b.includes(j)) || (b.includes(i) && a.includes(j));
  }).map(([, p]) => p);

/** The current DC per the nodes' own status (the node that says it is DC with the highest term). */
export function currentDc(c: FaultCluster): string | undefined {
  let best: { name: string; term: number } | undefined;
  for (const n of c.nodes.values()) {
    const s = n.running ? n.status() : undefined;
    if (s?.isDc && (!best || s.term > best.term)) best = { name: n.name, term: s.term };
  }
  return best?.name;
}

/** The fault catalogue. */
export const nemesis = {
  /** SIGKILL a node's whole process group (daemon, watchdog, agents); healing starts it again. */
  kill(c: FaultCluster, node: string): Heal {
    const end = c.record('kill', [node]);
    const n = c.node(node);
    n.held = true;
    n.signalGroup('SIGKILL');
    return async () => { await n.exited(); await c.start(node); n.held = false; end(); };
  },
  /** SIGTERM a node's daemon: it leaves the cluster gracefully (exit 0); healing starts it again. */
  stop(c: FaultCluster, node: string): Heal {
    const end = c.record('stop', [node]);
    const n = c.node(node);
    n.held = true;
    c.stopGracefully(node);
    return async () => { await n.exited(); await c.start(node); n.held = false; end(); };
  },
  /** SIGSTOP a node for `ms` (below or above the dead time; above the watchdog timeout its watchdog kills it). */
  pause(c: FaultCluster, node: string, ms: number): Heal {
    const end = c.record('pause', [node], `${ms} ms`);
    c.node(node).signalGroup('SIGSTOP');
    const resume = new Promise<void>((r) => setTimeout(() => { c.node(node).signalGroup('SIGCONT'); r(); }, ms));
    return async () => { await resume; end(); if (!c.node(node).running) await c.start(node); };
  },
  /** Cut a node's link to its server both ways: it sees nobody, nobody sees it. */
  isolate(c: FaultCluster, node: string): Heal {
    const end = c.record('isolate', [node]);
    c.node(node).proxy.cut();
    return async () => { c.node(node).proxy.heal(); end(); };
  },
  /** Cut every route between the minority servers and the rest: the minority's nodes lose the journal. */
  splitServers(c: FaultCluster, minority: readonly number[]): Heal {
    const rest = [0, 1, 2].filter((i) => !minority.includes(i));
    const end = c.record('minority', nodesOn(c, minority), `servers ${minority.map(serverName).join(',')} cut off`);
    const links = routesBetween(c, minority, rest);
    for (const p of links) p.cut();
    return async () => { for (const p of links) p.heal(); end(); };
  },
  /** A non-transitive partition: only the route between servers a and b is cut; both still see the third. */
  cutRoute(c: FaultCluster, a: number, b: number): Heal {
    const end = c.record('cut-route', [serverName(a), serverName(b)]);
    const links = routesBetween(c, [a], [b]);
    for (const p of links) p.cut();
    return async () => { for (const p of links) p.heal(); end(); };
  },
  /** Slow every link of a node and its server's routes: delay with jitter. */
  slow(c: FaultCluster, node: string, ms: number, jitterMs: number): Heal {
    const end = c.record('slow', [node], `${ms}±${jitterMs} ms`);
    const n = c.node(node);
    const links = [n.proxy, ...routesBetween(c, [n.server], [0, 1, 2].filter((i) => i !== n.server))];
    for (const p of links) p.set({ kind: 'delay', ms, jitterMs });
    return async () => { for (const p of links) p.heal(); end(); };
  },
  /** SIGKILL NATS servers (one, the stream leader, two: journal unavailable); healing restarts them. */
  killServers(c: FaultCluster, servers: readonly number[]): Heal {
    const end = c.record('kill-server', servers.map(serverName));
    const killed = Promise.all(servers.map((i) => c.nats.servers[i]!.kill('SIGKILL')));
    return async () => { await killed; await Promise.all(servers.map((i) => c.nats.servers[i]!.restart())); end(); };
  },
  /** SIGSTOP NATS servers for a while. */
  pauseServers(c: FaultCluster, servers: readonly number[]): Heal {
    const end = c.record('pause-server', servers.map(serverName));
    for (const i of servers) void c.nats.servers[i]!.kill('SIGSTOP');
    return async () => { for (const i of servers) void c.nats.servers[i]!.kill('SIGCONT'); end(); };
  },
  /** Jump a node's wall clock by `offsetMs` and let it drift (the daemon re-reads its clock file). */
  clock(c: FaultCluster, node: string, offsetMs: number, drift = 0): Heal {
    const end = c.record('clock', [node], `offset ${offsetMs} ms, drift ${drift}`);
    writeFileSync(c.node(node).clockFile, JSON.stringify({ offsetMs, drift }));
    return async () => { writeFileSync(c.node(node).clockFile, '{"offsetMs":0,"drift":0}'); end(); };
  },
  /** Kill a node, wipe its local state (status, snapshots, cache), start it again. */
  wipe(c: FaultCluster, node: string): Heal {
    const end = c.record('wipe', [node]);
    const n = c.node(node);
    n.held = true;
    n.signalGroup('SIGKILL');
    return async () => { await n.exited(); rmSync(n.stateDir, { recursive: true, force: true }); await c.start(node); n.held = false; end(); };
  },
  /**
   * The fence agent (level 1) fails or hangs past the stonith timeout for the next request; a kill of `victim`
   * makes one. Level 2 (builtin:kill) must fence it: healing waits for the answer, notes its level, then starts
   * the victim again.
   */
  async fenceAgent(c: FaultCluster, mode: 'fail' | 'hang', victim: string): Promise<Heal> {
    const from = await c.journal.lastSeq();
    const ctl = join(fixturePaths(c).fenceCtl, mode);
    writeFileSync(ctl, '1\n');
    const end = c.record(`fence-agent-${mode}`, [victim]);
    const healKill = nemesis.kill(c, victim);
    return async () => {
      // A victim killed before it was admitted again is not lost: no fence, nothing to wait for.
      const requested = await waitFact(c, from, (f) => f.type === 'FenceRequested' && (f as { target: string }).target === victim, 30_000);
      const answer = requested ? await fenceAnswered(c, victim, from, 180_000) : undefined;
      writeFileSync(ctl, '0\n');
      note(c, `fence-agent-${mode}`, answer?.fact.type === 'FenceSucceeded' && (answer.fact as { level: number }).level === 2,
        requested ? describe(answer) : `no fence of ${victim} requested in 30 s`);
      await healKill();
      end();
    };
  },
  /**
   * flaky's next two recurring monitors fail (rc 7 or 1; two, because a monitor that succeeds again before the DC
   * acted on the failure puts it back to running): the cluster recovers it (stop, start). Healing waits until it
   * runs again, then the operator cleans up its fail count (`quorate resource cleanup flaky`).
   */
  async flakyMonitor(c: FaultCluster, rc: 1 | 7): Promise<Heal> {
    const on = await flakyNode(c);
    const from = await c.journal.lastSeq();
    writeFileSync(join(fixturePaths(c).flakyCtl, 'monitor'), `${rc} 2\n`);
    const end = c.record('flaky-monitor', on ? [on] : [], `monitor rc ${rc}`);
    return async () => {
      const started = await waitFact(c, from, (f) => isOp(f, 'ResourceOperationSucceeded', 'start'), 90_000);
      writeFileSync(join(fixturePaths(c).flakyCtl, 'monitor'), '0\n');
      note(c, 'flaky-monitor', started !== undefined, started ? `started again on ${(started.fact as { node: string }).node} at ${started.seq}` : 'not started again within 90 s');
      await cleanup(c);
      end();
    };
  },
  /**
   * flaky's stop fails (rc 1) or hangs past its timeout; a monitor failing with rc 1 (an error, where rc 7 would say
   * it stopped by itself) makes the cluster stop it. With stonith
   * on, a failed stop escalates to fencing its node: healing checks that, waits until flaky runs again, and
   * cleans up its fail count as an operator would.
   */
  async flakyStop(c: FaultCluster, mode: 'fail' | 'hang'): Promise<Heal> {
    const on = await flakyNode(c);
    const from = await c.journal.lastSeq();
    const ctl = fixturePaths(c).flakyCtl;
    writeFileSync(join(ctl, `stop-${mode}`), '1\n');
    writeFileSync(join(ctl, 'monitor'), '1 2\n');
    const end = c.record(`flaky-stop-${mode}`, on ? [on] : []);
    return async () => {
      const fence = await waitFact(c, from, (f) => f.type === 'FenceRequested' && /flaky/.test((f as { reason: string }).reason), 60_000);
      const target = (fence?.fact as { target?: string } | undefined)?.target ?? '';
      const answer = fence ? await fenceAnswered(c, target, fence.seq - 1, 180_000) : undefined;
      const started = await waitFact(c, answer?.seq ?? from, (f) => isOp(f, 'ResourceOperationSucceeded', 'start'), 90_000);
      for (const f of ['monitor', `stop-${mode}`]) writeFileSync(join(ctl, f), '0\n');
      note(c, `flaky-stop-${mode}`, target !== '' && target === on && answer?.fact.type === 'FenceSucceeded' && started !== undefined,
        `ran on ${on}; fence ${fence ? `of ${target} requested at ${fence.seq} (${(fence.fact as { reason: string }).reason})` : 'never requested'}; ${describe(answer)}; ${started ? `started again on ${(started.fact as { node: string }).node}` : 'not started again'}`);
      await cleanup(c);
      end();
    };
  },
  /**
   * A start/stop storm around the quorum point: `steps` quick actions, each taking a running node down (gracefully
   * or by kill) or bringing a downed one back, never waiting for the cluster; healing starts every node again.
   */
  async storm(c: FaultCluster, random: () => number, steps: number): Promise<Heal> {
    const end = c.record('storm', [...c.nodes.keys()], `${steps} steps`);
    const heals = new Map<string, Heal>();
    for (let i = 0; i < steps; i++) {
      const names = [...c.nodes.keys()];
      const node = names[Math.floor(random() * names.length)]!;
      const heal = heals.get(node);
      if (heal) {
        heals.delete(node);
        await heal();
      } else heals.set(node, random() < 0.5 ? nemesis.stop(c, node) : nemesis.kill(c, node));
      await pause(200 + random() * 1_300);
    }
    return async () => { for (const h of heals.values()) await h(); end(); };
  },
  /**
   * A double fault: kill `victim`, and once the DC journaled its fence request (or after 20 s), kill the DC,
   * whose fence may be running. Healing starts the DC first, waits up to 30 s for the victim's fence to be
   * answered, then starts the victim (and waits for the answer again). The restarted DC's new incarnation stops
   * what the old one ran and is counted fenced by that restart, so quorum returns and the victim is fenced; once
   * started again the victim may be counted fenced by its own restart instead (NodeFenced 'restart').
   */
  async killDcDuringFence(c: FaultCluster, victim: string): Promise<Heal> {
    const from = await c.journal.lastSeq();
    const dc = currentDc(c);
    const end = c.record('dc-during-fence', dc ? [victim, dc] : [victim]);
    const healVictim = nemesis.kill(c, victim);
    const requested = await waitFact(c, from, (f) => f.type === 'FenceRequested' && (f as { target: string }).target === victim, 20_000);
    const healDc = dc && dc !== victim ? nemesis.kill(c, dc) : async () => {};
    return async () => {
      await healDc();
      const early = requested ? await fenceAnswered(c, victim, from, 30_000) : undefined;
      await healVictim();
      const answer = early ?? (requested ? await fenceAnswered(c, victim, from, 120_000, true) : undefined);
      const fenced = answer?.fact.type === 'FenceSucceeded' || (answer?.fact.type === 'NodeFenced' && !early);
      note(c, 'dc-during-fence', fenced, `fence of ${victim} ${requested ? `requested at ${requested.seq}` : 'not requested in 20 s'}, DC ${dc ?? '?'} killed; ${describe(answer)}${answer && !early ? ` (after ${victim} was started again)` : ''}`);
      end();
    };
  },
  /** A double fault: kill the DC and isolate another node, at once or right after the next DC is elected. */
  async partitionDuringElection(c: FaultCluster, random: () => number): Promise<Heal> {
    const from = await c.journal.lastSeq();
    const dc = currentDc(c) ?? [...c.nodes.keys()][0]!;
    const others = [...c.nodes.keys()].filter((n) => n !== dc);
    const other = others[Math.floor(random() * others.length)]!;
    const healDc = nemesis.kill(c, dc);
    if (random() < 0.5) await waitFact(c, from, (f) => f.type === 'DcElected', 10_000);
    const healIsolate = nemesis.isolate(c, other);
    return async () => { await healIsolate(); await healDc(); };
  },
} as const;

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const isOp = (f: JournalRecord['fact'], type: string, operation: string) =>
  f.type === type && (f as { resource?: string }).resource === FLAKY && (f as { operation?: string }).operation === operation;

/** The first fact after `from` that `match` accepts, polling the journal until `timeoutMs`; undefined if none. */
async function waitFact(c: FaultCluster, from: number, match: (f: JournalRecord['fact']) => boolean, timeoutMs: number): Promise<JournalRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  let next = from + 1;
  while (Date.now() < deadline) {
    try {
      for (const r of await c.facts(next)) {
        next = r.seq + 1;
        if (match(r.fact)) return r;
      }
    } catch { /* the journal is down for a moment */ }
    await pause(300);
  }
  return undefined;
}

/** The final answer (FenceSucceeded or a final FenceFailed) to a fence of `target` after `from`. */
/** The first answer to a fence of `target` after `from`; with `restart`, also its NodeFenced by its own restart. */
const fenceAnswered = (c: FaultCluster, target: string, from: number, timeoutMs: number, restart = false) =>
  waitFact(c, from, (f) => ((f.type === 'FenceSucceeded' || (f.type === 'FenceFailed' && f.final)) && f.target === target) ||
    (restart && f.type === 'NodeFenced' && f.method === 'restart' && f.node === target), timeoutMs);

const describe = (r: JournalRecord | undefined) =>
  !r ? 'no fence answer'
    : r.fact.type === 'NodeFenced' ? `NodeFenced of ${r.fact.node} by ${r.fact.method} (${r.fact.requestId}, seq ${r.seq})`
      : `${r.fact.type} of ${(r.fact as { target: string }).target} at level ${(r.fact as { level: number }).level} (seq ${r.seq})`;

/** Notes what the cluster did about a fault, for the run's report. */
function note(c: FaultCluster, kind: string, ok: boolean, detail: string): void {
  appendFileSync(join(c.dir, 'nemesis-checks.jsonl'), `${JSON.stringify({ at: Date.now(), kind, ok, detail })}\n`);
}

/**
 * Where flaky runs per the fold, once it runs and has been monitored there since this call (up to 30 s: a
 * recovery may be under way); '' when nowhere. The wait for a monitor keeps a spoiled monitor away from the start
 * transition's first one, whose failure only aborts that transition (the fault is a recurring monitor's).
 */
async function flakyNode(c: FaultCluster): Promise<string> {
  const deadline = Date.now() + 30_000;
  const since = Date.now();
  const ops = join(fixturePaths(c).flakyCtl, 'ops.log');
  const monitoredOn = (node: string) => {
    try {
      return readFileSync(ops, 'utf8').split('\n').some((l) => { const [at, n, action] = l.split(' '); return Number(at) > since && n === node && action === 'monitor'; });
    } catch {
      return false;
    }
  };
  do {
    const state = await loadState(c.journal).catch(() => undefined); // the journal down for a moment
    const r = state ? resourceOf(state, FLAKY) : undefined;
    if (r?.state === 'running' && r.context.node && monitoredOn(r.context.node)) return r.context.node;
    await pause(300);
  } while (Date.now() < deadline);
  return '';
}

/** The operator's `quorate resource cleanup flaky` after a failure, recorded as an operator action. */
async function cleanup(c: FaultCluster): Promise<void> {
  const via = anyRunningNode(c, Math.random);
  const end = c.record('operator-cleanup', [via], `resource cleanup ${FLAKY}`);
  await admin(c, via, ['resource', 'cleanup', FLAKY]).catch((e: Error) => c.record('operator-refused', [via], e.message.slice(0, 200))());
  end();
}

/** The stream leader's server index, from the servers' /jsz, or undefined when none answers. */
export async function streamLeader(c: FaultCluster): Promise<number | undefined> {
  for (const s of c.nats.servers) {
    try {
      const jsz = (await (await fetch(`http://127.0.0.1:${s.httpPort}/jsz?accounts=true&streams=true`, { signal: AbortSignal.timeout(2000) })).json()) as JszStreams;
      for (const a of jsz.account_details ?? []) for (const st of a.stream_detail ?? []) {
        const leader = st.cluster?.leader;
        if (st.name === `QUORATE_${c.name.toUpperCase()}` && leader) return c.nats.servers.findIndex((x) => x.name === leader);
      }
    } catch { /* try the next */ }
  }
  return undefined;
}

/** The part of nats-server's /jsz answer the harness reads. */
export interface JszStreams {
  account_details?: { stream_detail?: { name: string; cluster?: { leader?: string }; state?: { messages: number; bytes: number; first_seq: number; last_seq: number } }[] }[];
}
