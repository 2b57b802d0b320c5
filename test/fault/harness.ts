// The fault harness: a 3-server NATS cluster whose every route goes through a fault proxy, one daemon per node
// behind its own client proxy (real child processes with their watchdogs), an observer journal connected directly,
// per-node clock files, a fault timeline, and logs kept on disk so a failed run can be read and replayed.
// Nodes map round-robin onto the 3 servers (2 and 5 nodes too; 2 nodes run in two-node mode). The daemons find
// the suite's own agents (test/fault/agents: fence_fault on PATH, ocf:quorate-fault:flaky under an OCF_ROOT that
// also links the system's providers). A node its fencing killed is powered on again, as a rebooted machine boots.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import type { Journal, JournalRecord } from '../../journal/journal.ts';
import type { NatsCluster } from '../../journal/nats-cluster.ts';
import { readLocalStatus, type LocalStatus } from '../../actors/local-status.ts';
import { startNats, stopNats } from '../harness/nats.ts';
import { startFaultProxy, type FaultProxy } from '../harness/proxy.ts';
import type { FaultEvent, ProcessExit } from './history.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'cli', 'quorate.ts');
/** The suite's agents: fence_fault (a fence agent) and flaky (an OCF resource agent of provider quorate-fault). */
export const FAULT_AGENTS = join(root, 'test', 'fault', 'agents');
/** The OCF provider name test/fault/agents is linked under. */
export const FAULT_PROVIDER = 'quorate-fault';
/** A fenced node's exit this long after its FenceRequested is still the fencing's doing. */
const FENCE_EXIT_WINDOW_MS = 180_000;

/** One daemon: its processes, its link to its server, its clock file. */
export interface FaultNode {
  readonly name: string;
  readonly server: number;
  readonly stateDir: string;
  readonly clockFile: string;
  readonly proxy: FaultProxy;
  readonly logs: string[];
  proc: ChildProcess | undefined;
  /** Kept down by a fault until its healing: never powered on again by the harness meanwhile. */
  held: boolean;
  readonly running: boolean;
  status(): LocalStatus | undefined;
  signalGroup(signal: NodeJS.Signals): void;
  exited(): Promise<void>;
}

export interface FaultClusterOptions {
  readonly nodes: readonly string[];
  /** Cluster options the first DC journals (timings, fencing mode); two nodes add two-node mode. */
  readonly options: Readonly<Record<string, string>>;
  /** Where logs, timeline and histories go; kept after the run. */
  readonly dir: string;
  /** Extra environment for the daemons (QUORATE_UNSAFE for the self-test); PATH and OCF_ROOT are the harness's. */
  readonly env?: Readonly<Record<string, string>>;
  readonly random?: () => number;
}

export interface FaultCluster {
  readonly name: string;
  readonly dir: string;
  /** The extra daemon environment the cluster was started with. */
  readonly env: Readonly<Record<string, string>>;
  readonly nats: NatsCluster;
  readonly nodes: Map<string, FaultNode>;
  /** routes.get(`${i}>${j}`): the proxy server i dials to reach server j. */
  readonly routes: Map<string, FaultProxy>;
  /** Connected to every server directly, never through a proxy. */
  readonly journal: Journal;
  readonly timeline: FaultEvent[];
  readonly exits: ProcessExit[];
  node(name: string): FaultNode;
  start(name: string): Promise<void>;
  /** SIGTERM to the daemon: a graceful leave (exit 0). */
  stopGracefully(name: string): void;
  /** Records a fault; returns a function that marks its end. */
  record(kind: string, targets: readonly string[], note?: string): () => void;
  facts(from?: number): Promise<JournalRecord[]>;
  stop(): Promise<void>;
}

const live = new Set<FaultCluster>();
process.once('exit', () => {
  for (const c of live) for (const n of c.nodes.values()) n.signalGroup('SIGKILL');
});

/** Starts servers, proxies and daemons; resolves once every daemon process is spawned (tests wait for facts). */
export async function startFaultCluster(o: FaultClusterOptions): Promise<FaultCluster> {
  mkdirSync(o.dir, { recursive: true });
  const random = o.random ?? Math.random;
  const routes = new Map<string, FaultProxy>();
  // A start that fails half-way must not leave its route proxies listening: they keep the test process alive.
  const closeRoutes = () => Promise.all([...routes.values()].map((p) => p.close().catch(() => {})));
  const nats = await startNats({
    size: 3,
    dir: join(o.dir, 'nats'),
    routeUrls: async (i, ports) => {
      const urls: string[] = [];
      for (let j = 0; j < ports.length; j++) {
        if (j === i) continue;
        const p = await startFaultProxy(ports[j]!, random);
        routes.set(`${i}>${j}`, p);
        urls.push(`nats-route://127.0.0.1:${p.port}`);
      }
      return urls;
    },
  }).catch(async (e: Error) => {
    await closeRoutes();
    throw e;
  });
  const name = `f${Math.floor(random() * 1e9).toString(36)}`;
  const config = join(o.dir, 'daemon.json');
  // Two nodes: corosync's two_node (quorum with one of two votes once both were seen; fence first).
  const options = o.nodes.length === 2 ? { 'two-node': 'true', ...o.options } : o.options;
  writeFileSync(config, JSON.stringify({ nodes: o.nodes.map((n) => ({ name: n, votes: 1 })), options, replicas: 3 }));
  const agentEnv = { PATH: `${FAULT_AGENTS}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, OCF_ROOT: ocfRoot(join(o.dir, 'ocf')) };
  // Stream creation can time out on a loaded machine: stop what was started before giving up.
  const journal = await createJetStreamJournal({ servers: nats.urls, cluster: name, replicas: 3 }).catch(async (e: Error) => {
    await stopNats(nats).catch(() => {});
    await closeRoutes();
    throw new Error(`fault harness: journal on ${nats.urls.join(',')} not created: ${e.message}`);
  });
  const nodes = new Map<string, FaultNode>();
  const timeline: FaultEvent[] = [];
  const exits: ProcessExit[] = [];
  const timelineFile = join(o.dir, 'timeline.jsonl');
  const c: FaultCluster = {
    name, dir: o.dir, env: o.env ?? {}, nats, nodes, routes, journal, timeline, exits,
    node(n) {
      const node = nodes.get(n);
      if (!node) throw new Error(`fault harness: no node ${n} (nodes: ${[...nodes.keys()].join(', ')})`);
      return node;
    },
    async start(n) {
      let node = nodes.get(n);
      if (!node) {
        const server = o.nodes.indexOf(n) % nats.servers.length;
        node = makeNode(n, server, join(o.dir, 'nodes', n), await startFaultProxy(nats.servers[server]!.clientPort, random));
        nodes.set(n, node);
      }
      if (node.running) return;
      const args = ['--import', 'tsx', cli, 'daemon', '--node', n, '--cluster', name, '--nats', node.proxy.url, '--config', config, '--state-dir', node.stateDir];
      const env = { ...process.env, NO_COLOR: '1', QUORATE_CLOCK_FILE: node.clockFile, ...(o.env ?? {}), ...agentEnv };
      const proc = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
      node.proc = proc;
      const logFile = join(o.dir, 'nodes', `${n}.log`);
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (!line.trim()) continue;
          node!.logs.push(line);
          appendFileSync(logFile, `${line}\n`);
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code, signal) => {
        const at = Date.now();
        exits.push({ node: n, at, code, signal });
        if (node!.proc === proc) node!.proc = undefined;
        if (signal === 'SIGKILL' && !node!.held && live.has(c)) void powerCycle(n, at);
      });
    },
    stopGracefully(n) {
      const pid = c.node(n).proc?.pid;
      if (pid) try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    },
    record(kind, targets, note) {
      const e: { at: number; end?: number; kind: string; targets: readonly string[]; note?: string } = { at: Date.now(), kind, targets: [...targets], ...(note ? { note } : {}) };
      timeline.push(e);
      appendFileSync(timelineFile, `${JSON.stringify(e)}\n`);
      return () => {
        e.end = Date.now();
        appendFileSync(timelineFile, `${JSON.stringify({ healed: kind, targets, at: e.at, end: e.end })}\n`);
      };
    },
    async facts(from = 1) {
      const out: JournalRecord[] = [];
      for await (const e of journal.read({ fromSeq: from })) if (e.kind === 'fact') out.push(e);
      return out;
    },
    async stop() {
      live.delete(c);
      for (const n of nodes.values()) n.signalGroup('SIGKILL');
      await Promise.all([...nodes.values()].map((n) => n.exited()));
      await journal.close().catch(() => {});
      try {
        await stopNats(nats);
      } finally {
        // Listening proxies keep the process alive: closed whatever stopping the servers did.
        await Promise.all([...nodes.values()].map((n) => n.proxy.close().catch(() => {})));
        await closeRoutes();
        rmSync(join(o.dir, 'nats'), { recursive: true, force: true });
      }
    },
  };
  /**
   * A SIGKILL no fault holds: when a fence of this node was requested shortly before, fencing killed it; record it
   * on the timeline (the kill is explained) and, for a reboot, power the node on again a second later, as a
   * rebooted machine boots (an `off` leaves it off: whoever asked for it starts it).
   */
  const powerCycle = async (n: string, at: number) => {
    const request = await fenceRequestBefore(journal, n, at).catch(() => undefined);
    if (!request || !live.has(c)) return;
    const reboot = request.action === 'reboot';
    const e = { at, end: at, kind: 'kill', targets: [n], note: `by fencing (${request.text})${reboot ? '; powered on again' : ''}` };
    timeline.push(e);
    appendFileSync(timelineFile, `${JSON.stringify(e)}\n`);
    if (!reboot) return;
    await new Promise((r) => setTimeout(r, 1_000));
    if (live.has(c) && !c.node(n).held && !c.node(n).running) await c.start(n).catch(() => {});
  };
  live.add(c);
  for (const n of o.nodes) await c.start(n);
  return c;
}

/** The last FenceRequested for `node` stored in the window before `at`, if any: its action, id and reason. */
async function fenceRequestBefore(journal: Journal, node: string, at: number): Promise<{ action: string; text: string } | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      let found: { action: string; text: string } | undefined;
      for await (const e of journal.read({ since: at - FENCE_EXIT_WINDOW_MS, types: ['FenceRequested'] })) {
        if (e.kind === 'fact' && e.fact.type === 'FenceRequested' && e.fact.target === node && e.storedAt <= at + 1_000) {
          found = { action: e.fact.action, text: `${e.fact.action} ${e.fact.requestId}: ${e.fact.reason}` };
        }
      }
      return found;
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 1_000)); // the journal is down for a moment (a server fault)
    }
  }
}

/**
 * An OCF_ROOT for the daemons: the system's (or $OCF_ROOT's) lib and providers linked, and the suite's agents as
 * provider quorate-fault. Built once per run in `dir`; returns it.
 */
function ocfRoot(dir: string): string {
  const system = process.env['OCF_ROOT'] ?? '/usr/lib/ocf';
  mkdirSync(join(dir, 'resource.d'), { recursive: true });
  const link = (target: string, path: string) => { if (existsSync(target) && !existsSync(path)) symlinkSync(target, path); };
  link(join(system, 'lib'), join(dir, 'lib'));
  const providers = existsSync(join(system, 'resource.d')) ? readdirSync(join(system, 'resource.d')) : [];
  for (const p of providers) link(join(system, 'resource.d', p), join(dir, 'resource.d', p));
  link(FAULT_AGENTS, join(dir, 'resource.d', FAULT_PROVIDER));
  return dir;
}

function makeNode(name: string, server: number, stateDir: string, proxy: FaultProxy): FaultNode {
  mkdirSync(stateDir, { recursive: true });
  const clockFile = join(stateDir, '..', `${name}.clock.json`);
  writeFileSync(clockFile, '{"offsetMs":0,"drift":0}\n');
  const node: FaultNode = {
    name, server, stateDir, clockFile, proxy, logs: [], proc: undefined, held: false,
    get running() {
      return node.proc !== undefined;
    },
    status: () => readLocalStatus(stateDir),
    signalGroup(signal) {
      if (!node.proc?.pid) return;
      try {
        process.kill(-node.proc.pid, signal);
      } catch {
        /* gone */
      }
    },
    exited() {
      const proc = node.proc;
      if (!proc) return Promise.resolve();
      return new Promise((resolve) => proc.once('exit', () => resolve()));
    },
  };
  return node;
}
