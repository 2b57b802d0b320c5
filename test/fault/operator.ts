// Operator actions, as an admin would type them: the real `quorate` CLI (cli/quorate.ts) run as a child process
// against one node's NATS link, with --json so the DC's answer is read, not guessed. Random runs draw one action
// (move the app group, standby a node, cluster maintenance) with its undo, like a nemesis; scenarios use `admin`.
// A move or a standby is checked before its undo: the app group (on private container c1) ends up where it was
// sent, or off the standby node (the container follows by a planned handover).
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultCluster } from './harness.ts';
import { currentDc, type Heal } from './nemesis.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'cli', 'quorate.ts');

/** The DC's answer to one admin verb (`quorate <verb> ... --json`). */
export interface AdminAnswer {
  readonly ok: boolean;
  readonly code: string;
  readonly message: string;
  readonly result: unknown;
  readonly answeredBy: string;
}

/** Answers worth asking again: no DC answering (an election, a restart), a DC that just stepped down, a race. */
const RETRY: ReadonlySet<string> = new Set(['admin.not-dc', 'admin.no-quorum', 'admin.conflict', 'journal.unavailable']);

/** Runs `quorate <words> --nats <via's link> --cluster <c> --json` once; a missing answer is code 'journal.unavailable'. */
function runCli(c: FaultCluster, via: string, words: readonly string[]): Promise<AdminAnswer> {
  const args = ['--import', 'tsx', cli, ...words, '--nats', c.node(via).proxy.url, '--cluster', c.name, '--json', '--timeout', '5000'];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        const a = JSON.parse(line) as AdminAnswer;
        resolve(a);
      } catch {
        const usage = (err as { code?: number } | null)?.code === 2;
        resolve({ ok: false, code: usage ? 'cli.usage' : 'journal.unavailable', message: (stderr || err?.message || 'no output').trim().split('\n')[0]!, result: null, answeredBy: '' });
      }
    });
  });
}

/**
 * Runs an admin verb through the CLI connected to node `via`, asking again while no DC can answer (elections,
 * restarts) until `timeoutMs`; a refusal for any other reason throws with the DC's words.
 */
export async function admin(c: FaultCluster, via: string, words: readonly string[], timeoutMs = 60_000): Promise<AdminAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = await runCli(c, via, words);
    if (a.ok) return a;
    if (!RETRY.has(a.code) || Date.now() > deadline) {
      throw new Error(`operator: quorate ${words.join(' ')} via ${via} refused (${a.code}): ${a.message}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A node to type the command on: a running one, preferably not the DC (one point of administration from any node). */
export function anyRunningNode(c: FaultCluster, random: () => number, preferNotDc = true): string {
  const running = [...c.nodes.values()].filter((n) => n.running).map((n) => n.name);
  const dc = currentDc(c);
  const pool = preferNotDc && running.some((n) => n !== dc) ? running.filter((n) => n !== dc) : running;
  const from = pool.length > 0 ? pool : [...c.nodes.keys()];
  return from[Math.floor(random() * from.length)]!;
}

/** Where `resource` (a group or a resource) runs, per the DC (`quorate resource locate`). */
export async function locate(c: FaultCluster, via: string, resource: string): Promise<string[]> {
  const a = await admin(c, via, ['resource', 'locate', resource]);
  return (a.result as { nodes?: string[] } | null)?.nodes ?? [];
}

/** One operator action: what is typed, and what undoes it (every undo is idempotent: safe to type twice). */
interface Action {
  readonly kind: string;
  readonly targets: readonly string[];
  readonly note?: string;
  readonly words: readonly string[];
  readonly undo: readonly string[];
}

/**
 * Runs `a` through node `via`, recorded in the timeline; returns its undo, typed on whichever node is running then.
 * `expect`, when the action was accepted, runs before the undo: it checks the cluster did what was asked.
 */
async function act(c: FaultCluster, via: string, a: Action, expect?: () => Promise<void>, strict = true): Promise<Heal> {
  const end = c.record(a.kind, a.targets, a.note);
  let accepted = true;
  const undo: Heal = async () => {
    let failed: Error | undefined;
    if (accepted && expect) await expect().catch((e: Error) => { failed = e; });
    // Undone whatever the check found: a move left in place would hold the app off its node for the rest of the run.
    await admin(c, anyRunningNode(c, Math.random), a.undo);
    end();
    if (!failed) return;
    // A scenario asserts; a random run notes it for its report (earlier faults may have banned the app from the
    // target: a liveness expectation, not one of the invariants).
    if (strict) throw failed;
    appendFileSync(join(c.dir, 'nemesis-checks.jsonl'), `${JSON.stringify({ at: Date.now(), kind: a.kind, ok: false, detail: failed.message })}\n`);
  };
  try {
    await admin(c, via, a.words);
  } catch (e) {
    // Refused, or no answer in time (the DC may still have journaled it): the undo runs all the same.
    accepted = false;
    c.record('operator-refused', [via], (e as Error).message.slice(0, 200))();
  }
  return undo;
}

/**
 * Waits until `group` runs on one node that `ok` accepts (the app follows its container: a planned handover moves
 * c1 with it); throws naming where it runs after `timeoutMs`. Skipped, with a note, when `ok` names only nodes not
 * running (nowhere to follow to).
 */
async function follows(c: FaultCluster, group: string, what: string, ok: (node: string) => boolean, timeoutMs = 60_000): Promise<void> {
  if (![...c.nodes.values()].some((n) => n.running && ok(n.name))) {
    c.record('check', [], `${group} not checked (${what}): no running node to go to`)();
    return;
  }
  const deadline = Date.now() + timeoutMs;
  let on: string[] = [];
  for (;;) {
    on = await locate(c, anyRunningNode(c, Math.random), group).catch(() => on);
    if (on.length === 1 && ok(on[0]!)) break;
    if (Date.now() > deadline) throw new Error(`operator: ${group} did not follow (${what}) within ${timeoutMs} ms: it runs on [${on.join(', ')}]`);
    await new Promise((r) => setTimeout(r, 500));
  }
  c.record('check', on, `${group} runs on ${on[0]} (${what})`)();
}

/** The operator actions: each records itself in the timeline, runs through the CLI and returns its undo. */
export const operator = {
  /** `resource move <group> <node>`; undo: `resource clear <group>` (the cluster may leave it where it is). */
  /** Before the undo, the group must run on `to` (with its container: a planned handover). */
  move: (c: FaultCluster, via: string, group: string, to: string, strict = true): Promise<Heal> =>
    act(c, via, { kind: 'operator-move', targets: [to], note: `${group} -> ${to}`, words: ['resource', 'move', group, to], undo: ['resource', 'clear', group] },
      () => follows(c, group, `moved to ${to}`, (n) => n === to), strict),
  /** `node standby <node>`: its resources move away; undo: `node online <node>`. Before the undo, the app group runs elsewhere. */
  standby: (c: FaultCluster, via: string, node: string, strict = true): Promise<Heal> =>
    act(c, via, { kind: 'operator-standby', targets: [node], words: ['node', 'standby', node], undo: ['node', 'online', node] },
      () => follows(c, APP_GROUP, `${node} in standby`, (n) => n !== node), strict),
  /** `cluster maintenance on`: every resource left alone; undo: `cluster maintenance off`. */
  maintenance: (c: FaultCluster, via: string): Promise<Heal> =>
    act(c, via, { kind: 'operator-maintenance', targets: [], words: ['cluster', 'maintenance', 'on'], undo: ['cluster', 'maintenance', 'off'] }),
} as const;

/** The group random runs move around (the workload's application with its container). */
export const APP_GROUP = 'app';

/** One random operator action for a random run, typed on a random running node; returns its undo. */
export async function randomOperatorAction(c: FaultCluster, random: () => number): Promise<Heal> {
  const nodes = [...c.nodes.keys()];
  const via = anyRunningNode(c, random);
  const node = () => nodes[Math.floor(random() * nodes.length)]!;
  const kind = Math.floor(random() * 3);
  // Not strict: whether the app can follow depends on what earlier faults left (fail counts, bans); noted instead.
  if (kind === 0) return operator.move(c, via, APP_GROUP, node(), false);
  if (kind === 1) return operator.standby(c, via, node(), false);
  return operator.maintenance(c, via);
}
