// What belongs to a node's "machine" on a local test cluster, so that builtin:kill can really power it off.
//
// !!! FOR LOCAL TEST CLUSTERS AND THE DEMO ONLY. Several quorate nodes share one host there; a "machine" is
// !!! the daemon's process group plus everything it spawned (agents run in process groups of their own and
// !!! daemonize applications). Each daemon tags its environment with QUORATE_MACHINE=<cluster>/<node>, which
// !!! its children inherit, and records in the builtin:kill registry the agent process groups that outlived
// !!! their operation (an application daemonized by `su -` loses the environment but keeps the group):
// !!!   <dir>/<node>.pgid    the daemon's own process group (daemon + watchdog)
// !!!   <dir>/<node>.groups  agent process groups still alive, one pgid a line
// !!! A builtin:kill fence SIGKILLs all of them and every process carrying the target's tag (via /proc).
// !!! A recorded group id could be reused by an unrelated process after the group died: dead groups are
// !!! pruned at every write, which is good enough for a test host, never for real machines.
import { readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FenceRunRequest, FenceRunResult } from '../executors/fence.ts';
import { registerNodeGroup, runBuiltinKill } from '../executors/fence-builtin.ts';
import { groupAlive, killGroup } from '../executors/process-group.ts';

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

/** A node's test machine: its tag, and the builtin:kill registries it writes to. */
export interface TestMachine {
  readonly tag: string;
  /** Registers the daemon's process group (and the groups known so far) in registry `dir`; false when it cannot. */
  register(dir: string): boolean;
  /** An agent operation ran in group `pgid`: recorded in every registry while something of it is still alive. */
  ranInGroup(pgid: number | undefined): void;
}

/** Creates the test machine of `node` in `cluster` (see the file header). */
export function createTestMachine(cluster: string, node: string, volatileDir?: string): TestMachine {
  const dirs = new Set<string>();
  let groups: number[] = [];
  const write = () => {
    groups = groups.filter(groupAlive);
    for (const dir of dirs) writeFileSync(join(dir, `${node}.groups`), groups.map((g) => `${g}\n`).join(''));
  };
  return {
    tag: machineTag(cluster, node),
    register(dir) {
      const pgid = ownProcessGroup();
      if (pgid === undefined) return false;
      registerNodeGroup(dir, node, pgid);
      // What a power-off loses: the agents' state under /run is tmpfs on a real machine.
      if (volatileDir) writeFileSync(join(dir, `${node}.volatile`), `${volatileDir}\n`);
      dirs.add(dir);
      write();
      return true;
    },
    ranInGroup(pgid) {
      if (pgid === undefined || pgid <= 1 || groups.includes(pgid) || !groupAlive(pgid)) return;
      groups.push(pgid);
      write();
    },
  };
}

/** The agent groups recorded for `node` in registry `dir`. */
function recordedGroups(dir: string, node: string): number[] {
  try {
    return readFileSync(join(dir, `${node}.groups`), 'utf8').split('\n').map(Number).filter((g) => Number.isSafeInteger(g) && g > 1);
  } catch {
    return [];
  }
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
  const dir = req.device.params['dir'] ?? '';
  const t0 = performance.now();
  let killed = 0;
  for (;;) {
    for (const g of recordedGroups(dir, req.target ?? '')) if (groupAlive(g) && killGroup(g, 'SIGKILL')) killed++;
    const pids = machineProcesses(tag);
    if (pids.length === 0 && !recordedGroups(dir, req.target ?? '').some(groupAlive)) break;
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
  // Past the loop nothing tagged as the target's machine is alive: that is what the fence must guarantee. A node
  // killed before it registered its group (or whose group died with it) is fenced all the same.
  const result = first.ok ? first : { ...first, ok: true, rc: 0, reason: killed > 0 ? '' : `no process of ${tag} alive` };
  if (result.ok) wipeVolatile(dir, req.target ?? '');
  return result;
}

/**
 * A powered-off machine loses its tmpfs: the agents' state files (HA_RSCTMP, e.g. Dummy's) must not outlive the
 * fence, or the rebooted node's probe would report resources running that died with it.
 */
function wipeVolatile(dir: string, node: string): void {
  let path = '';
  try {
    path = readFileSync(join(dir, `${node}.volatile`), 'utf8').trim();
  } catch {
    return;
  }
  if (path !== '' && path !== '/') rmSync(path, { recursive: true, force: true });
}
