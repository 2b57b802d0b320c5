// What belongs to a node's "machine" on a local test cluster, so that builtin:kill can really power it off.
//
// !!! FOR LOCAL TEST CLUSTERS AND THE DEMO ONLY. Several quorate nodes share one host there; a "machine" is
// !!! the daemon's process group plus everything it spawned (agents run in process groups of their own and
// !!! daemonize applications). Each daemon tags its environment with QUORATE_MACHINE=<cluster>/<node>, which
// !!! every child inherits; a builtin:kill fence SIGKILLs the registered process group and then every process
// !!! whose environment carries the target's tag (found via /proc). Real clusters use real fence devices.
import { readdirSync, readFileSync } from 'node:fs';
import type { FenceRunRequest, FenceRunResult } from '../executors/fence.ts';
import { registerNodeGroup, runBuiltinKill } from '../executors/fence-builtin.ts';

/** The environment variable every process of a test "machine" carries. */
export const MACHINE_ENV = 'QUORATE_MACHINE';

/** The tag of `node` in `cluster`. */
export function machineTag(cluster: string, node: string): string {
  return `${cluster}/${node}`;
}

/** Tags this process (and so everything it spawns from now on) as belonging to `cluster`/`node`. */
export function tagThisMachine(cluster: string, node: string): void {
  process.env[MACHINE_ENV] = machineTag(cluster, node);
}

/** This process's group id, from /proc (Node has no getpgid); undefined where /proc is missing. */
export function ownProcessGroup(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(fields[2]);
    return Number.isSafeInteger(pgid) && pgid > 1 ? pgid : undefined;
  } catch {
    return undefined;
  }
}

/** Registers this daemon's process group for `node` in builtin:kill registry `dir`; false when it cannot. */
export function registerThisMachine(dir: string, node: string): boolean {
  const pgid = ownProcessGroup();
  if (pgid === undefined) return false;
  registerNodeGroup(dir, node, pgid);
  return true;
}

/** Live pids whose environment carries `MACHINE_ENV=tag` (never this process). */
export function machineProcesses(tag: string): number[] {
  const needle = `${MACHINE_ENV}=${tag}`;
  const out: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(needle)) out.push(Number(name));
    } catch { /* gone, or not ours to read */ }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * builtin:kill for a test machine: the registered process group first (runBuiltinKill), then every
 * process tagged as the target's, until none is left. `on`/`status`/`list` are runBuiltinKill's.
 */
export async function killTestMachine(req: FenceRunRequest, cluster: string): Promise<FenceRunResult> {
  const first = await runBuiltinKill(req);
  if (req.action !== 'off' && req.action !== 'reboot') return first;
  const tag = machineTag(cluster, req.target ?? '');
  const t0 = performance.now();
  let killed = 0;
  for (;;) {
    const pids = machineProcesses(tag);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch { /* already gone */ }
    }
    if (performance.now() - t0 > req.timeoutMs) {
      return { ...first, ok: false, rc: 1, timedOut: true, reason: `processes of ${tag} still alive after ${req.timeoutMs} ms: ${pids.join(' ')}` };
    }
    await sleep(20);
  }
  // The registered group may be gone already (a crashed daemon) while its tagged agents still ran: then the
  // tagged processes were the machine, and killing them all is the fence's success.
  if (!first.ok && killed > 0) return { ...first, ok: true, rc: 0, reason: '' };
  return first;
}
