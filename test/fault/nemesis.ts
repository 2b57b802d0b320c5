// The nemeses: each injects one fault into a FaultCluster, records it on the timeline, and returns its healing.
import { rmSync, writeFileSync } from 'node:fs';
import type { FaultCluster } from './harness.ts';

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
    c.node(node).signalGroup('SIGKILL');
    return async () => { await c.node(node).exited(); await c.start(node); end(); };
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
    n.signalGroup('SIGKILL');
    return async () => { await n.exited(); rmSync(n.stateDir, { recursive: true, force: true }); await c.start(node); end(); };
  },
} as const;

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
