// Spawns one nats-server or a 3-server JetStream cluster on free loopback ports with temporary store dirs,
// and waits until it is ready: for the test harness, the demo, the benches and the daemon tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import { renderNatsConfig } from './nats-config.ts';
import { findNatsServer } from './nats-server.ts';

/** One running (or stopped) server of a started cluster. */
export interface NatsServerHandle {
  readonly name: string;
  /** `nats://127.0.0.1:<clientPort>` */
  readonly url: string;
  readonly clientPort: number;
  readonly clusterPort: number | undefined;
  readonly httpPort: number;
  readonly storeDir: string;
  readonly logFile: string;
  /** The OS process id while running. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL); for SIGKILL, SIGTERM, SIGINT and SIGQUIT waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports and store dir; resolves when it is ready. */
  restart(): Promise<void>;
}

/** A started server or cluster. */
export interface NatsCluster {
  readonly urls: string[];
  readonly servers: NatsServerHandle[];
  readonly dir: string;
  /** Stops every server and removes the temporary dir (unless it was given). */
  stop(): Promise<void>;
}

export interface StartNatsOptions {
  readonly size?: 1 | 3;
  /** Parent dir for store dirs and logs; default a fresh temporary dir, removed on stop. */
  readonly dir?: string;
  /** The nats-server binary; default `findNatsServer()`. */
  readonly binary?: string;
  readonly clusterName?: string;
  readonly maxPayload?: number;
  /**
   * Route URLs of server `index` given every server's cluster port, instead of direct routes: fault tests put a
   * proxy on each server-to-server link this way.
   */
  readonly routeUrls?: (index: number, clusterPorts: readonly number[]) => Promise<readonly string[]>;
  /** How long to wait for readiness, ms (default 30 s). */
  readonly readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();

/** SIGKILLs every server this process started and still runs; safe in a process `exit` handler. */
export function killAllNatsServersSync(): void {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
}

/** Free loopback TCP ports, all held open together so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<import('node:net').Server>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Starts `size` servers (1, or a 3-server JetStream cluster) and resolves when JetStream is ready everywhere. */
export async function startNatsCluster(options: StartNatsOptions = {}): Promise<NatsCluster> {
  const size = options.size ?? 1;
  const binary = options.binary ?? findNatsServer().path;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'quorate-nats-'));
  mkdirSync(dir, { recursive: true });
  const ports = await freePorts(size * 3);
  const clusterPorts = size > 1 ? ports.slice(size, size * 2) : [];
  const readyMs = options.readyTimeoutMs ?? 30_000;
  const routeUrls = options.routeUrls && size > 1 ? await Promise.all(clusterPorts.map((_, i) => options.routeUrls!(i, clusterPorts))) : undefined;
  const servers = Array.from({ length: size }, (_, i) =>
    serverHandle({
      binary, dir, readyMs, clustered: size > 1,
      config: {
        name: `n${i + 1}`,
        clientPort: ports[i]!,
        httpPort: ports[size * 2 + i]!,
        storeDir: join(dir, `n${i + 1}`, 'store'),
        ...(options.maxPayload === undefined ? {} : { maxPayload: options.maxPayload }),
        ...(size > 1 ? { cluster: { name: options.clusterName ?? 'quorate', port: clusterPorts[i]!, routes: clusterPorts, ...(routeUrls ? { routeUrls: routeUrls[i]! } : {}) } } : {}),
      },
    }),
  );
  const stopAll = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(servers.map((s) => s.start()));
  } catch (e) {
    await Promise.all(servers.map((s) => s.stop()));
    throw e;
  }
  return { urls: servers.map((s) => s.url), servers, dir, stop: stopAll };
}

interface HandleSpec {
  binary: string;
  dir: string;
  readyMs: number;
  clustered: boolean;
  config: Parameters<typeof renderNatsConfig>[0] & { httpPort: number };
}

function serverHandle(spec: HandleSpec): NatsServerHandle & { start(): Promise<void> } {
  const c = spec.config;
  const home = join(spec.dir, c.name);
  mkdirSync(c.storeDir, { recursive: true });
  const configFile = join(home, 'nats.conf');
  const logFile = join(home, 'server.log');
  writeFileSync(configFile, renderNatsConfig(c));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = () => {
    const fd = openSync(logFile, 'a');
    const proc = spawn(spec.binary, ['-c', configFile], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child = proc;
    live.add(proc);
    exited = new Promise<void>((resolve) => {
      proc.once('exit', () => { live.delete(proc); if (child === proc) child = undefined; resolve(); });
      proc.once('error', () => { live.delete(proc); if (child === proc) child = undefined; resolve(); });
    });
  };
  const tail = () => {
    try { return readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | '); } catch { return '(no log)'; }
  };
  const waitReady = async () => {
    const deadline = Date.now() + spec.readyMs;
    let last = 'not answering';
    while (Date.now() < deadline) {
      if (!child) throw new QuorateError(ErrorCode.natsStartFailed, `nats-server ${c.name} exited while starting: ${tail()}`, { details: { logFile } });
      last = await probe(c.httpPort, spec.clustered);
      if (last === 'ok') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new QuorateError(ErrorCode.natsStartFailed, `nats-server ${c.name} not ready after ${spec.readyMs} ms (${last}): ${tail()}`, { details: { logFile } });
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child;
    if (!proc) return;
    proc.kill(signal);
    // Only terminating signals end the process; SIGSTOP/SIGCONT and the like return at once.
    if (['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT'].includes(signal)) await exited;
  };
  const stop = async () => {
    const proc = child;
    if (!proc) return;
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.kill('SIGTERM');
    proc.kill('SIGCONT'); // a paused server must wake up to handle SIGTERM
    await exited;
    clearTimeout(timer);
  };
  return {
    name: c.name,
    url: `nats://127.0.0.1:${c.clientPort}`,
    clientPort: c.clientPort,
    clusterPort: c.cluster?.port,
    httpPort: c.httpPort,
    storeDir: c.storeDir,
    logFile,
    get pid() { return child?.pid; },
    get running() { return child !== undefined; },
    async start() { launch(); await waitReady(); },
    stop,
    kill,
    async restart() {
      if (child) await stop();
      launch();
      await waitReady();
    },
  };
}

/** 'ok' when JetStream answers healthy (and, in a cluster, a meta leader is known); else why not. */
async function probe(httpPort: number, clustered: boolean): Promise<string> {
  try {
    const health = await fetch(`http://127.0.0.1:${httpPort}/healthz?js-enabled-only=true`, { signal: AbortSignal.timeout(2000) });
    if (!health.ok) return `healthz ${health.status}`;
    if (!clustered) return 'ok';
    const jsz = (await (await fetch(`http://127.0.0.1:${httpPort}/jsz`, { signal: AbortSignal.timeout(2000) })).json()) as {
      meta_cluster?: { leader?: string };
    };
    return jsz.meta_cluster?.leader ? 'ok' : 'no JetStream meta leader yet';
  } catch (e) {
    return (e as Error).message;
  }
}
