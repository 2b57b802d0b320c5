// The fault suite's application (resource app-writer): a program the cluster starts with the built-in `process`
// agent on the node that runs group `app`, writing to volume v1 of container c1 through the block API about ten
// times a second with the epoch its node's gate activated c1 under. Every write the block API let through is one
// JSON line appended synchronously (it survives SIGKILL) to the ground-truth log <log-dir>/<node>.jsonl:
// { node, container, disk, epoch, offset, at }; refused writes go to <log-dir>/<node>.refused.jsonl, for diagnosis only.
//
// usage: app-writer.ts --container c1 --volume v1 --disk <a member disk> --log-dir <dir> [--interval-ms 100]
//
// Its node is the daemon that started it (its parent: the agent spawns it from the daemon, in a process group of
// its own). All nodes share this host, so the application stands in for one on its node's machine: when the
// daemon dies (killed, self-fenced by its watchdog) the application dies with it, and while the daemon is
// stopped (SIGSTOP: a frozen machine) it writes nothing. The agent's stop ends it with SIGTERM.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClock } from '../../actors/clock.ts';
import { gateRefusal, mapRange, openVolume, readDisk, readGate } from '../../actors/storage/index.ts';

const { values: a } = parseArgs({
  options: {
    container: { type: 'string' }, volume: { type: 'string' }, disk: { type: 'string' }, 'log-dir': { type: 'string' },
    'interval-ms': { type: 'string' },
  },
});
function need(k: 'container' | 'volume' | 'disk' | 'log-dir'): string {
  const v = a[k];
  if (v === undefined) {
    console.error(`app-writer: --${k} is required`);
    process.exit(2);
  }
  return v;
}
const container = need('container');
const volumeName = need('volume');
const logDir = need('log-dir');
const interval = Number(a['interval-ms'] ?? 100);
const BLOCK = 512;

/** The fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; undefined when gone. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The nearest ancestor that is a quorate daemon: its pid, node name and state directory. */
function findDaemon(): { pid: number; node: string; stateDir: string } {
  for (let pid = process.ppid; pid > 1; pid = Number(statOf(pid)?.[1] ?? 0)) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      break;
    }
    const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
    const node = flag('--node');
    const stateDir = flag('--state-dir');
    if (argv.includes('daemon') && node && stateDir) return { pid, node, stateDir };
  }
  console.error(`app-writer: no quorate daemon (--node, --state-dir) among the ancestors of ${process.pid}`);
  process.exit(2);
}

const daemon = findDaemon();
const parent = process.ppid; // an orphan is adopted by another process: its parent (the daemon, or an agent) died
/** 'gone' once the daemon died (the application dies with its node), 'frozen' while it is stopped. */
function daemonState(): 'up' | 'frozen' | 'gone' {
  const st = statOf(daemon.pid);
  if (!st || st[0] === 'Z' || st[0] === 'X' || process.ppid !== parent) return 'gone';
  return st[0] === 'T' || st[0] === 't' ? 'frozen' : 'up';
}
const exitIfGone = () => {
  if (daemonState() === 'gone') process.exit(0);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
mkdirSync(logDir, { recursive: true });
const log = join(logDir, `${daemon.node}.jsonl`);
const refusedLog = join(logDir, `${daemon.node}.refused.jsonl`);

// The epoch the gate activated the container under here; the volume table as the owner wrote it to the disk.
let epoch = 0;
for (; epoch === 0; await sleep(50)) {
  exitIfGone();
  epoch = readGate(daemon.stateDir)?.containers[container]?.epoch ?? 0;
}
let md = readDisk(need('disk')).metadata;
for (; !md?.volumes.some((v) => v.name === volumeName); await sleep(50)) {
  exitIfGone();
  md = readDisk(need('disk')).metadata;
}
// The gate's lease is in its node's clock, which the fault suite may jump or drift (QUORATE_CLOCK_FILE, inherited
// from the daemon): the application reads the same machine clock. Its log stamps the host's true time.
const clock = createClock();
const gate = (c: string, e: number) => gateRefusal(readGate(daemon.stateDir), c, e, clock.now());
const vol = openVolume(md, volumeName, epoch, gate);
appendFileSync(refusedLog, `${JSON.stringify({ start: true, node: daemon.node, epoch, pid: process.pid, at: Date.now() })}\n`);

// Offsets walk the extents in turn (so every member disk is written), a block further into each on every lap.
const extentBytes = md.extentSizeKib * 1024;
const extents = Math.floor(vol.volume.sizeBytes / extentBytes);
const offsetOf = (i: number) => (i % extents) * extentBytes + ((Math.floor(i / extents) * BLOCK) % extentBytes);
/** Stale for this long (a newer epoch took the container): the application fails, as one that lost its disk. */
const STALE_EXIT_MS = 2_000;
let staleSince = 0;
for (let i = 0; ; i++) {
  await sleep(interval);
  exitIfGone();
  while (daemonState() === 'frozen') await sleep(20);
  exitIfGone();
  const offset = offsetOf(i);
  const disk = basename(md.disks[mapRange(vol.volume, md.extentSizeKib, offset, BLOCK)[0]!.disk]!);
  const w = { node: daemon.node, container, disk, epoch, offset, at: Date.now() };
  try {
    vol.write(offset, Buffer.from(JSON.stringify(w).padEnd(BLOCK, ' ')));
  } catch (e) {
    const reason = (e as Error).message;
    appendFileSync(refusedLog, `${JSON.stringify({ ...w, reason })}\n`);
    const stale = /is stale|newer epoch/.test(reason);
    if (!stale) staleSince = 0;
    else if (staleSince === 0) staleSince = w.at;
    else if (w.at - staleSince > STALE_EXIT_MS) {
      console.error(`app-writer: ${reason}; giving up`);
      process.exit(1);
    }
    continue;
  }
  staleSince = 0;
  appendFileSync(log, `${JSON.stringify(w)}\n`);
}
