// Scripted CTS analogues (Pacemaker's cts/lab tests, one each): each injects its fault into a settled cluster, waits
// for the journal to show the cluster's reaction (never a fixed sleep standing in for it), and heals. Operator
// steps go through the real CLI (operator.ts); resource steps use the workload's names (app = [app-ip, app-writer]
// on container c1). The one fixed wait is an observation window where the check is that nothing happens.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalRecord } from '../../journal/journal.ts';
import type { Fact } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { waitFor } from '../harness/nats.ts';
import type { FaultCluster } from './harness.ts';
import { currentDc, nemesis, streamLeader, type Heal } from './nemesis.ts';
import { admin, locate, operator } from './operator.ts';
import type { Scenario } from './run.ts';

const lastSeq = (c: FaultCluster) => c.journal.lastSeq();

/** Waits for a fact of `type` about `node` after `after`. */
const factAbout = (c: FaultCluster, type: 'NodeLost' | 'NodeRejoined' | 'DcElected', node: string, after: number, timeoutMs = 60_000) =>
  waitFact(c, `${type} for ${node}`, after, is(type, node), timeoutMs);
const other = (c: FaultCluster, not: string) => [...c.nodes.keys()].find((n) => n !== not)!;
const dcNow = (c: FaultCluster) => waitFor('a DC', () => currentDc(c), 60_000);


type Rec = JournalRecord;
type Pred = (f: Fact) => boolean;

/**
 * Waits for the first fact after `after` that `pred` accepts; returns its record. Reads on from where the last read
 * ended, four times a second: each read is an ordered consumer the servers keep for a while, and polling faster
 * filled the stream's consumer limit. A read failing while servers are down is tried again.
 */
async function waitFact(c: FaultCluster, what: string, after: number, pred: Pred, timeoutMs = 60_000): Promise<Rec> {
  const deadline = Date.now() + timeoutMs;
  let from = after + 1;
  for (;;) {
    const rs = await c.facts(from).catch(() => [] as Rec[]);
    const hit = rs.find((r) => pred(r.fact));
    if (hit) return hit;
    if (rs.length > 0) from = rs.at(-1)!.seq + 1;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const nodeOf = (f: Fact) => (f as { node?: string }).node;
const is = (type: string, node?: string): Pred => (f) => f.type === type && (node === undefined || nodeOf(f) === node);
/** A node journaled fenced: a device's power-off (node.machine: fencing -> fenced), or NodeFenced (watchdog, operator). */
const fenced = (node: string): Pred => (f) => (f.type === 'FenceSucceeded' && f.target === node && f.action !== 'on') || is('NodeFenced', node)(f);
/** A node back in the membership: a new incarnation after a leave or a fence is NodeRejoined, a first one NodeJoined. */
const back = (node: string): Pred => (f) => (f.type === 'NodeRejoined' || f.type === 'NodeJoined') && nodeOf(f) === node;
const resourceOp = (type: 'ResourceOperationRequested' | 'ResourceOperationSucceeded' | 'ResourceOperationFailed', resource: string, operation?: string, node?: string): Pred =>
  (f) => f.type === type && f.resource === resource && (operation === undefined || f.operation === operation) && (node === undefined || f.node === node);
/**
 * Waits until the cluster is whole again: the last journaled view holds every node, and every node's current
 * incarnation says it is quorate. (After every node left and came back the view may never change: the last one
 * journaled before the stop already held all of them, so a new view is not the test.)
 */
async function waitWhole(c: FaultCluster, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let members: readonly string[] = [];
  let from = 1;
  for (;;) {
    const rs = await c.facts(from).catch(() => [] as Rec[]);
    for (const r of rs) if (r.fact.type === 'MembershipViewChanged') members = r.fact.members;
    if (rs.length > 0) from = rs.at(-1)!.seq + 1;
    const quorate = [...c.nodes.values()].every((n) => { const s = n.status(); return s !== undefined && s.pid === n.proc?.pid && s.quorate; });
    if (quorate && [...c.nodes.keys()].every((n) => members.includes(n))) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last view [${members.join(', ')}])`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const maintenanceMode = (on: boolean): Pred => (f) =>
  (f.type === 'ClusterOptionsChanged' || f.type === 'ClusterOptionsDefined') && f.options['maintenance-mode'] === String(on);

/** Sends `signal` to a node's daemon process alone (not its watchdog, not its agents' process groups). */
function signalDaemon(c: FaultCluster, node: string, signal: NodeJS.Signals): void {
  const pid = c.node(node).proc?.pid;
  if (pid === undefined) throw new Error(`scenario: ${node} has no daemon to signal`);
  process.kill(pid, signal);
}

/**
 * CTS StopTest: SIGTERM to the daemon (a graceful leave), the node held down; resolves once it exited 0, to its
 * StartTest: start it again and end the record.
 */
async function stopNode(c: FaultCluster, node: string, timeoutMs = 30_000): Promise<() => Promise<void>> {
  const end = c.record('stop', [node], 'SIGTERM');
  const n = c.node(node);
  n.held = true;
  const exited = n.exited().then(() => true);
  signalDaemon(c, node, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([exited, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
  clearTimeout(timer);
  if (!inTime) {
    n.signalGroup('SIGKILL');
    await n.exited();
    throw new Error(`scenario: ${node} did not leave within ${timeoutMs} ms of SIGTERM (see nodes/${node}.log)`);
  }
  const exit = c.exits.filter((x) => x.node === node).at(-1);
  if (exit?.code !== 0) throw new Error(`scenario: ${node} left with code ${exit?.code}, signal ${exit?.signal}: a graceful leave exits 0`);
  return async () => { await c.start(node); n.held = false; end(); };
}

/** Waits until `node` is journaled back, starting it whenever it is down and no fault holds it (as a machine boots). */
function bootUntilBack(c: FaultCluster, node: string, after: number): Promise<Rec> {
  return waitFact(c, `${node} back`, after, (f) => {
    const n = c.node(node);
    if (!n.running && !n.held) void c.start(node);
    return back(node)(f);
  });
}

/** The run's app-writer processes (on `node` only, when given): their command line names app-writer.ts and this run. */
function appWriterPids(c: FaultCluster, node?: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.includes('app-writer.ts') || !cmd.includes(c.dir)) continue;
      if (/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${name}/stat`, 'utf8'))) continue;
      if (node && !readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`QUORATE_MACHINE=${c.name}/${node}`)) continue;
      out.push(Number(name));
    } catch { /* gone, or not ours */ }
  }
  return out;
}

/** SIGKILLs app-writer on `node` (an application crash, not a node fault); resolves once no such process is left. */
async function killAppWriter(c: FaultCluster, node: string): Promise<void> {
  const pids = await waitFor(`an app-writer process on ${node}`, () => { const p = appWriterPids(c, node); return p.length > 0 && p; }, 30_000);
  c.record('kill-app', [node], `SIGKILL app-writer (pid ${pids.join(', ')})`)();
  for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  await waitFor(`app-writer on ${node} to be gone`, () => appWriterPids(c, node).length === 0, 10_000);
}

/** Where the app group runs once it runs on exactly one node (asked through the CLI on `via`). */
const appNode = (c: FaultCluster, via: string) =>
  waitFor('the app group running on one node', async () => { const on = await locate(c, via, 'app'); return on.length === 1 && on[0]; }, 60_000);

/**
 * A fence device for every node: the run's fixtures' if it has some, else a builtin:kill device (test clusters only:
 * it kills the node's processes), which can fence a node once its daemon registered its process group there.
 */
async function ensureFenceDevice(c: FaultCluster): Promise<void> {
  if ((await c.facts()).some((r) => r.fact.type === 'FenceDeviceDefined')) return;
  const dir = join(c.dir, 'kill');
  mkdirSync(dir, { recursive: true });
  const fact: Fact = { type: 'FenceDeviceDefined', config: { id: 'kill', agent: 'builtin:kill', params: { dir }, targets: [...c.nodes.keys()], hostMap: {}, meta: {} } };
  await waitFor('a fence device journaled', async () => {
    if ((await c.facts()).some((r) => r.fact.type === 'FenceDeviceDefined')) return true;
    const term = [...c.nodes.values()].map((n) => n.status()).find((s) => s?.isDc)?.term;
    if (term) await c.journal.append(entityOf(fact), [{ fact }], { origin: 'cli:fault', term }).catch(() => {});
    return false;
  }, 60_000);
  await waitFor('every node registered with builtin:kill', () => [...c.nodes.keys()].every((n) => existsSync(join(dir, `${n}.pgid`))), 30_000);
}

/** What a scenario waits out where the check is that nothing happens: three app-writer monitors and a dead time. */
const OBSERVE_MS = 3 * 2_000 + 1_000;
const observe = () => new Promise((r) => setTimeout(r, OBSERVE_MS));

const named = (name: string, fn: Scenario): Scenario => Object.defineProperty(fn, 'name', { value: name });

/** The CTS analogues the CI tier runs once each. */
export const SCENARIOS: Record<string, Scenario> = {
  'kill the DC': named('kill-dc', async (c) => {
    const dc = await dcNow(c);
    const after = await lastSeq(c);
    const heal = nemesis.kill(c, dc);
    await waitFact(c, `${dc} fenced`, after, fenced(dc));
    await heal();
    await factAbout(c, 'NodeRejoined', dc, after);
  }),
  'pause a node past the dead time': named('pause-node', async (c) => {
    const victim = other(c, await dcNow(c));
    const after = await lastSeq(c);
    const heal: Heal = nemesis.pause(c, victim, 2_000);
    await factAbout(c, 'NodeLost', victim, after);
    await heal();
    await factAbout(c, 'NodeRejoined', victim, after);
  }),
  'isolate the DC (split brain, fencing on)': named('isolate-dc', async (c) => {
    const dc = await dcNow(c);
    const after = await lastSeq(c);
    const heal = nemesis.isolate(c, dc);
    await waitFact(c, `${dc} fenced`, after, fenced(dc));
    await heal();
    await factAbout(c, 'NodeRejoined', dc, after);
  }),
  'cut one route (non-transitive partition)': named('cut-route', async (c) => {
    const after = await lastSeq(c);
    const heal = nemesis.cutRoute(c, 0, 1);
    await waitFor('the journal to keep accepting facts', async () => (await lastSeq(c)) > after + 2, 60_000);
    await heal();
  }),
  'kill the stream leader': named('kill-leader', async (c) => {
    const leader = await waitFor('a stream leader', () => streamLeader(c), 30_000);
    const heal = nemesis.killServers(c, [leader]);
    const after = await lastSeq(c);
    await waitFor('the journal to accept facts again', async () => (await lastSeq(c).catch(() => 0)) > after + 1, 60_000);
    await heal();
  }),
  'wipe a node\'s local state': named('wipe', async (c) => {
    const victim = other(c, await dcNow(c));
    const after = await lastSeq(c);
    const heal = nemesis.wipe(c, victim);
    await heal();
    await factAbout(c, 'NodeRejoined', victim, after);
  }),
  'stop, start and restart one node (StopOnce, StartOnce, RestartOnce)': named('stop-start-one', async (c) => {
    // A member leaves gracefully and comes back; then the DC restarts: a graceful handover to a new DC.
    const dc = await dcNow(c);
    const victim = other(c, dc);
    let after = await lastSeq(c);
    let start = await stopNode(c, victim);
    await waitFact(c, `NodeLeft of ${victim}`, after, is('NodeLeft', victim));
    await start();
    await waitFact(c, `${victim} back`, after, back(victim));
    after = await lastSeq(c);
    start = await stopNode(c, dc);
    await waitFact(c, `NodeLeft of the DC ${dc}`, after, is('NodeLeft', dc));
    await waitFact(c, `a DC other than ${dc}`, after, (f) => f.type === 'DcElected' && f.node !== dc);
    await start();
    await waitFact(c, `${dc} back`, after, back(dc));
  }),
  'stop and start every node, one by one and all at once (partial start)': named('stop-start-all', async (c) => {
    // One by one, the DC last: each member's leave is journaled while a majority is left to journal it.
    const dc = await dcNow(c);
    const order = [...[...c.nodes.keys()].filter((n) => n !== dc), dc];
    let after = await lastSeq(c);
    const starts = new Map<string, () => Promise<void>>();
    for (const n of order) starts.set(n, await stopNode(c, n));
    for (const n of order.slice(0, 2)) await waitFact(c, `NodeLeft of ${n}`, after, is('NodeLeft', n));
    // Partial start: one node alone has no quorum and elects no DC; the second makes a majority.
    after = await lastSeq(c);
    const [first, second, third] = order as [string, string, string];
    await starts.get(first)!();
    await waitFor(`${first} alone to report no quorum`, () => {
      const s = c.node(first).status();
      return s !== undefined && s.pid === c.node(first).proc?.pid && !s.quorate;
    }, 60_000);
    const alone = await lastSeq(c);
    await starts.get(second)!();
    const elected = await waitFact(c, 'a DC elected from two of three', after, is('DcElected'));
    if (elected.seq <= alone) throw new Error(`scenario: DcElected at ${elected.seq} before a second node started (${first} alone up to ${alone})`);
    await starts.get(third)!();
    await waitWhole(c, 'a view of all three');
    // All at once.
    after = await lastSeq(c);
    const all = [...c.nodes.keys()];
    const startAll = await Promise.all(all.map((n) => stopNode(c, n)));
    await Promise.all(startAll.map((start) => start()));
    const again = await waitFact(c, 'a DC after every node started at once', after, is('DcElected'));
    await waitWhole(c, 'a view of all three');
  }),
  'fence a node from any node (StonithdTest)': named('fence-from-any', async (c) => {
    await ensureFenceDevice(c);
    const dc = await dcNow(c);
    const target = other(c, dc);
    const via = [...c.nodes.keys()].find((n) => n !== dc && n !== target)!;
    const after = await lastSeq(c);
    const end = c.record('fence', [target], `quorate node fence ${target} off, typed on ${via}`);
    await admin(c, via, ['node', 'fence', target, 'off']);
    await waitFact(c, `FenceRequested for ${target}`, after, (f) => f.type === 'FenceRequested' && f.target === target);
    await waitFact(c, `${target} fenced`, after, fenced(target));
    // A fenced machine boots again (the harness powers it on; this starts it if nothing did).
    await bootUntilBack(c, target, after);
    end();
  }),
  'kill a node\'s daemon process alone (ComponentFail)': named('component-fail', async (c) => {
    // CTS kills one cluster daemon; ours is one process: the watchdog it pets and the applications its agents
    // started outlive it. The node must be counted lost and fenced before anything of it runs elsewhere (I1, I2).
    const dc = await dcNow(c);
    const victim = other(c, dc);
    const after = await lastSeq(c);
    const end = c.record('kill', [victim], 'SIGKILL to the daemon process alone');
    c.node(victim).held = true;
    signalDaemon(c, victim, 'SIGKILL');
    await waitFact(c, `NodeLost of ${victim}`, after, is('NodeLost', victim));
    await waitFact(c, `${victim} fenced`, after, fenced(victim));
    await c.node(victim).exited();
    await c.start(victim);
    c.node(victim).held = false;
    end();
    await waitFact(c, `${victim} back`, after, back(victim));
  }),
  'standby the app\'s node and online again (StandbyTest)': named('standby', async (c) => {
    const via = other(c, await dcNow(c));
    const on = await appNode(c, via);
    const after = await lastSeq(c);
    const heal = await operator.standby(c, via, on);
    const standby = await waitFact(c, `NodeStandby of ${on}`, after, is('NodeStandby', on));
    const stopped = await waitFact(c, `app-writer stopped on ${on}`, standby.seq, resourceOp('ResourceOperationSucceeded', 'app-writer', 'stop', on));
    if (appWriterPids(c, on).length > 0) throw new Error(`scenario: app-writer still runs on ${on} in standby`);
    // The group follows: c1 is handed over (planned, no fencing): the owner journals it deactivated once the group
    // stopped there, the DC changes the owner (reason handover), the new owner activates it, the app starts there.
    const off = await waitFact(c, `c1 deactivated on ${on} for the handover`, stopped.seq, (f) => f.type === 'ContainerDeactivated' && f.container === 'c1' && f.node === on);
    const owned = await waitFact(c, `c1 handed over from ${on}`, off.seq, (f) => f.type === 'ContainerOwnerChanged' && f.container === 'c1' && f.previousOwner === on);
    if (owned.fact.type !== 'ContainerOwnerChanged' || owned.fact.reason !== 'handover') throw new Error(`scenario: c1 left ${on} by ${JSON.stringify(owned.fact)}, not a handover`);
    const to = owned.fact.owner;
    await waitFact(c, `c1 active on ${to}`, owned.seq, (f) => f.type === 'ContainerActivated' && f.container === 'c1' && f.node === to);
    const moved = await waitFact(c, `app-writer started on ${to}`, owned.seq, resourceOp('ResourceOperationSucceeded', 'app-writer', 'start', to));
    c.record('check', [on, to], `app followed c1 to ${to} (handover from ${on} at seq ${owned.seq})`)();
    const online = await lastSeq(c);
    const starts = (await c.facts(standby.seq + 1)).filter((r) => r.seq <= online && r.fact.type === 'ResourceOperationRequested' && r.fact.operation === 'start' && r.fact.node === on);
    if (starts.length > 0) throw new Error(`scenario: a start on ${on} in standby at ${starts.map((r) => r.seq).join(', ')}`);
    await heal();
    const onlineAgain = await waitFact(c, `NodeOnline of ${on}`, online, is('NodeOnline', on));
    // Online again the app runs on one node: where it went (a handover back needs a constraint preferring the old node).
    const where = await appNode(c, via);
    c.record('check', [where], `after ${on} online (seq ${onlineAgain.seq}) the app runs on ${where}${where === to ? ' (stayed)' : ' (came back)'}`)();
  }),
  'move the app group to another node and clear the move (a planned container handover)': named('move', async (c) => {
    const via = other(c, await dcNow(c));
    const on = await appNode(c, via);
    const to = [...c.nodes.keys()].find((n) => n !== on && n !== via) ?? other(c, on);
    const after = await lastSeq(c);
    const heal = await operator.move(c, via, 'app', to);
    const stopped = await waitFact(c, `app-writer stopped on ${on}`, after, resourceOp('ResourceOperationSucceeded', 'app-writer', 'stop', on));
    // c1 follows the group: deactivated by its live owner, handed over (no fencing), activated on the new node.
    const off = await waitFact(c, `c1 deactivated on ${on} for the handover`, stopped.seq, (f) => f.type === 'ContainerDeactivated' && f.container === 'c1' && f.node === on);
    const owned = await waitFact(c, `c1 handed over to ${to}`, off.seq, (f) => f.type === 'ContainerOwnerChanged' && f.container === 'c1');
    if (owned.fact.type !== 'ContainerOwnerChanged' || owned.fact.reason !== 'handover' || owned.fact.owner !== to) throw new Error(`scenario: c1 moved by ${JSON.stringify(owned.fact)}, not a handover to ${to}`);
    const lost = (await c.facts(after + 1)).filter((r) => r.fact.type === 'NodeLost' || r.fact.type === 'FenceRequested' || r.fact.type === 'NodeFenced');
    if (lost.length > 0) throw new Error(`scenario: a planned move lost or fenced a node: ${lost.map((r) => `${r.fact.type}@${r.seq}`).join(', ')}`);
    await waitFact(c, `app-writer started on ${to}`, owned.seq, resourceOp('ResourceOperationSucceeded', 'app-writer', 'start', to));
    await heal(); // checks the group runs on the target, then clears the move
    const where = await appNode(c, via);
    if (where !== to) throw new Error(`scenario: after the move was cleared the app runs on ${where}, not ${to} where it went`);
  }),
  'maintenance mode with a failure, then a probe recovers it (MaintenanceMode)': named('maintenance', async (c) => {
    const via = other(c, await dcNow(c));
    const on = await appNode(c, via);
    const after = await lastSeq(c);
    const heal = await operator.maintenance(c, via);
    await waitFact(c, 'maintenance-mode on', after, maintenanceMode(true));
    await killAppWriter(c, on);
    await observe();
    const now = await lastSeq(c);
    const acted = (await c.facts(after + 1)).filter((r) => r.seq <= now && r.fact.type === 'ResourceOperationRequested' && ['start', 'stop'].includes(r.fact.operation));
    if (acted.length > 0) throw new Error(`scenario: in maintenance the cluster ran ${acted.map((r) => `${(r.fact as { operation: string }).operation} at ${r.seq}`).join(', ')}`);
    await heal();
    await waitFact(c, 'maintenance-mode off', now, maintenanceMode(false));
    await waitFact(c, 'app-writer started again', now, resourceOp('ResourceOperationSucceeded', 'app-writer', 'start'));
  }),
  'kill the application and recover it (ResourceRecover)': named('resource-recover', async (c) => {
    const on = await appNode(c, other(c, await dcNow(c)));
    const after = await lastSeq(c);
    await killAppWriter(c, on);
    const failed = await waitFact(c, 'a failed app-writer monitor', after, resourceOp('ResourceOperationFailed', 'app-writer', 'monitor', on));
    await waitFact(c, 'app-writer recovered', failed.seq, resourceOp('ResourceOperationSucceeded', 'app-writer', 'start'));
  }),
  'reattach while unmanaged: restart every daemon in maintenance mode (Reattach)': named('reattach', async (c) => {
    // Judged on app-ip (an agent's state survives its daemon): app-writer dies with the daemon that started it
    // (app-writer.ts: all nodes share this host, a dead daemon stands for a dead machine), so it may start again.
    const via = other(c, await dcNow(c));
    const on = await appNode(c, via);
    const before = await lastSeq(c);
    const heal = await operator.maintenance(c, via);
    const after = await waitFact(c, 'maintenance-mode on', before, maintenanceMode(true));
    // The app's node first, the DC last: every leave but the last is journaled by a majority.
    const dc = await dcNow(c);
    const order = [on, ...[...c.nodes.keys()].filter((n) => n !== on && n !== dc), ...(dc !== on ? [dc] : [])];
    const restarts: (() => Promise<void>)[] = [];
    for (const n of order) restarts.push(await stopNode(c, n));
    const restart = await lastSeq(c);
    await Promise.all(restarts.map((start) => start()));
    const elected = await waitFact(c, 'a DC after the restart', restart, is('DcElected'));
    await waitWhole(c, 'a view of all three');
    // Left running by the leave, and found running by the new incarnation's probe.
    const running = (f: Fact) => resourceOp('ResourceOperationSucceeded', 'app-ip', 'probe', on)(f) && (f as { rc: number }).rc === 0;
    await waitFact(c, `app-ip re-probed running on ${on}`, restart, running).catch((e: Error) => {
      throw new Error(`scenario: ${e.message}: leaving in maintenance mode stopped it, or the probe lost it (see nodes/${on}.log)`);
    });
    const off = await lastSeq(c);
    await heal();
    await waitFact(c, 'maintenance-mode off', off, maintenanceMode(false));
    // Managed again: once the DC completed a transition without maintenance, app-ip must not have been touched.
    const managed = await waitFact(c, 'a transition completed after maintenance', off, is('TransitionCompleted'));
    const again = (await c.facts(after.seq + 1)).filter((r) => r.seq <= managed.seq && r.fact.type === 'ResourceOperationRequested' &&
      r.fact.resource === 'app-ip' && (r.fact.operation === 'start' || r.fact.operation === 'stop'));
    if (again.length > 0) throw new Error(`scenario: reattached app-ip was stopped or started again at ${again.map((r) => r.seq).join(', ')}`);
    // Its recurring monitor is asked for again (the old incarnation's died with it).
    await waitFact(c, `a monitor of app-ip on ${on}`, off, resourceOp('ResourceOperationRequested', 'app-ip', 'monitor', on));
  }),
  'start/stop storm near the quorum point': named('quorum-storm', async (c) => {
    // Twice: the DC and another node die together (the survivor alone has no quorum and must not act, I3),
    // one comes back (the quorum point: a new DC from two of three), then the other.
    for (let round = 0; round < 2; round++) {
      const dc = await dcNow(c);
      const second = other(c, dc);
      const survivor = [...c.nodes.keys()].find((n) => n !== dc && n !== second)!;
      const after = await lastSeq(c);
      const healDc = nemesis.kill(c, dc);
      const healSecond = nemesis.kill(c, second);
      await waitFor(`${survivor} to see it has no quorum`, () => c.node(survivor).status()?.quorate === false, 60_000);
      await healDc();
      await waitFact(c, 'a DC elected from two of three', after, is('DcElected'));
      await healSecond();
      await waitWhole(c, 'a journaled view of all three again');
    }
  }),
};
