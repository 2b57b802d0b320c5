// Test harness for real daemons: a NATS server per node (a 3-server cluster, or one server), a fault proxy between
// each daemon and its server, daemons as real child processes (own process group, killable, pausable), an
// observer journal, and waits on journaled facts. Everything started is stopped, also when a test fails.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FactType } from '../../proto/generated.ts';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import type { Journal, JournalRecord } from '../../journal/journal.ts';
import type { NatsCluster } from '../../journal/nats-cluster.ts';
import { readLocalStatus, type LocalStatus } from '../../actors/local-status.ts';
import { startNats, stopNats, waitFor } from './nats.ts';
import { startFaultProxy, type FaultProxy } from './proxy.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'cli', 'quorate.ts');

/** One daemon process. */
export interface TestNode {
  readonly name: string;
  readonly stateDir: string;
  /** The link between this daemon and its NATS server. */
  readonly proxy: FaultProxy;
  readonly logs: string[];
  proc: ChildProcess | undefined;
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null | undefined;
  readonly pid: number | undefined;
  readonly running: boolean;
  status(): LocalStatus | undefined;
  /** Sends a signal to the daemon's whole process group (daemon + watchdog + agents). */
  signalGroup(signal: NodeJS.Signals): void;
  /** Sends a signal to the daemon process only. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the exit code once the process is gone. */
  exited(): Promise<number | null>;
}

export interface TestClusterOptions {
  readonly nodes: readonly string[];
  readonly natsSize?: 1 | 3;
  readonly options?: Readonly<Record<string, string>>;
  readonly cluster?: string;
  readonly watchdog?: boolean;
  /** The daemons started with the cluster (default: every node); start the others with `start(name)`. */
  readonly startNodes?: readonly string[];
}

export interface TestCluster {
  readonly name: string;
  readonly nats: NatsCluster;
  readonly nodes: Map<string, TestNode>;
  /** A journal client of the test's own, connected to every server directly (no proxy). */
  readonly journal: Journal;
  node(name: string): TestNode;
  /** Starts (or restarts) the daemon of `name`. */
  start(name: string): Promise<TestNode>;
  /** The journaled facts so far (from sequence `from`). */
  facts(from?: number): Promise<JournalRecord[]>;
  /** Waits for a fact matching `match` after sequence `after`; returns it. */
  waitForFact<K extends FactType>(what: string, type: K, match: (r: JournalRecord & { fact: { type: K } }) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<JournalRecord>;
  /** Waits until a DC other than `not` is elected after `after`; returns the claim. */
  waitForDc(options?: { not?: string; after?: number; timeoutMs?: number }): Promise<{ node: string; term: number }>;
  logs(): string;
  stop(): Promise<void>;
}

const clusters = new Set<TestCluster>();
process.once('exit', () => {
  for (const c of clusters) for (const n of c.nodes.values()) n.signalGroup('SIGKILL');
});

/** Starts NATS, one proxy per node and one daemon per node; waits for nothing else (tests wait for facts). */
export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const size = options.natsSize ?? (options.nodes.length >= 3 ? 3 : 1);
  const nats = await startNats({ size });
  const name = options.cluster ?? `t${Math.floor(Math.random() * 1e9).toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), `quorate-${name}-`));
  const config = join(dir, 'daemon.yaml');
  writeFileSync(
    config,
    JSON.stringify({ nodes: options.nodes.map((n) => ({ name: n, votes: 1 })), options: options.options ?? {}, replicas: size }),
  );
  const journal = await createJetStreamJournal({ servers: nats.urls, cluster: name, replicas: size });
  const seen = { position: 0, facts: [] as JournalRecord[] };
  const following = new AbortController();
  void (async () => {
    try {
      for await (const e of journal.follow({ fromSeq: 1, signal: following.signal })) {
        if (e.kind === 'fact') seen.facts.push(e);
        seen.position = e.seq;
      }
    } catch {
      /* the journal closed with the cluster */
    }
  })();
  const nodes = new Map<string, TestNode>();
  const cluster: TestCluster = {
    name,
    nats,
    nodes,
    journal,
    node(n) {
      const node = nodes.get(n);
      if (!node) throw new Error(`no test node ${n}`);
      return node;
    },
    async start(n) {
      const index = options.nodes.indexOf(n);
      const server = nats.servers[index % nats.servers.length]!;
      let node = nodes.get(n);
      if (!node) {
        const proxy = await startFaultProxy(server.clientPort);
        node = makeNode(n, join(dir, n), proxy);
        nodes.set(n, node);
      }
      const args = ['--import', 'tsx', cli, 'daemon', '--node', n, '--cluster', name, '--nats', node.proxy.url, '--config', config, '--state-dir', node.stateDir];
      if (options.watchdog === false) args.push('--no-watchdog');
      const proc = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      node.proc = proc;
      node.exitCode = undefined;
      node.exitSignal = undefined;
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) node!.logs.push(line);
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.on('exit', (code, signal) => {
        node!.exitCode = code;
        node!.exitSignal = signal;
      });
      return node;
    },
    async facts(from = 1) {
      // One follower for the whole test keeps every fact; a call waits until it holds the journal's last
      // sequence. Polling tests would otherwise create a consumer per call (and hit the server's consumer limit).
      const last = await journal.lastSeq();
      await waitFor(`the test's follower to reach ${last}`, () => seen.position >= last, 30_000);
      return seen.facts.filter((r) => r.seq >= from);
    },
    async waitForFact(what, type, match, o = {}) {
      // One follow from `after`: the fact is delivered as it is journaled, no polling.
      const timeoutMs = o.timeoutMs ?? 30_000;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        for await (const e of journal.follow({ fromSeq: (o.after ?? 0) + 1, types: [type], signal: abort.signal })) {
          if (e.kind === 'fact' && e.fact.type === type && match(e as never)) return e;
        }
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
      // What the cluster did meanwhile, so a failure on a CI host can be read from its output alone.
      const recent = seen.facts.slice(-25).map((r) => `  ${r.seq} ${r.fact.type} ${JSON.stringify(r.fact).slice(0, 140)}`).join('\n');
      const logs = [...nodes.values()].map((n) => `--- ${n.name} (last lines)\n${n.logs.slice(-15).join('\n')}`).join('\n');
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nlast facts:\n${recent}\n${logs}`);
    },
    async waitForDc(o = {}) {
      const r = await cluster.waitForFact('a DC elected', 'DcElected', (e) => e.fact.node !== o.not, {
        ...(o.after !== undefined ? { after: o.after } : {}),
        timeoutMs: o.timeoutMs ?? 30_000,
      });
      return { node: (r.fact as { node: string }).node, term: r.seq };
    },
    logs() {
      return [...nodes.values()].map((n) => `--- ${n.name}\n${n.logs.join('\n')}`).join('\n');
    },
    async stop() {
      clusters.delete(cluster);
      for (const n of nodes.values()) n.signalGroup('SIGKILL');
      await Promise.all([...nodes.values()].map((n) => (n.running ? n.exited() : undefined)));
      await Promise.all([...nodes.values()].map((n) => n.proxy.close()));
      following.abort();
      await journal.close().catch(() => {});
      await stopNats(nats);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  clusters.add(cluster);
  for (const n of options.startNodes ?? options.nodes) await cluster.start(n);
  return cluster;
}

function makeNode(name: string, stateDir: string, proxy: FaultProxy): TestNode {
  const node: TestNode = {
    name,
    stateDir,
    proxy,
    logs: [],
    proc: undefined,
    exitCode: undefined,
    exitSignal: undefined,
    get pid() {
      return node.proc?.pid;
    },
    get running() {
      return node.proc !== undefined && node.exitCode === undefined;
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
    signal(signal) {
      try {
        node.proc?.kill(signal);
      } catch {
        /* gone */
      }
    },
    exited() {
      const proc = node.proc;
      if (!proc || node.exitCode !== undefined) return Promise.resolve(node.exitCode ?? null);
      return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    },
  };
  return node;
}

/** Wraps a test body so that, when it fails, every daemon's log is printed before the failure. */
export function withLogs(cluster: () => TestCluster | undefined, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (e) {
      const c = cluster();
      if (c) console.log(c.logs());
      throw e;
    }
  };
}
