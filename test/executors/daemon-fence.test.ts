// Real fence agents under real daemons: fence_dummy succeeding, a failing level falling through to the next,
// concurrent requests merged into one run, and builtin:kill really stopping a daemon's whole test machine.
// FenceRequested is journaled by the test as the DC would; the executor node's fencing service runs the topology
// from the folded state and journals the outcome.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import type { JournalRecord } from '../../journal/journal.ts';
import { machineTag, MACHINE_ENV } from '../../actors/services/test-machine.ts';
import { startTestCluster, type TestCluster, withLogs as printLogsOnFailure } from '../harness/daemons.ts';
import { ANYTHING, FENCE_DUMMY, missingAgents, PCMK_DUMMY, pidsWithEnv, tempDirs, testIf, waitFor } from './agents.ts';
import { appendAsCoordinator, killMachine, operate } from './daemon-helpers.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'fencing-mode': 'agent', 'maintenance-mode': 'true', 'two-node': 'true' };
const missing = missingAgents(FENCE_DUMMY);
const dirs = tempDirs('daemon-fence');
const statusFile = join(dirs.root, 'fence_dummy.status');
let c: TestCluster | undefined;

/** Two daemons, both in the view, and `ghost`: a defined node with no daemon, to be fenced by fence_dummy. */
async function cluster(): Promise<TestCluster> {
  if (c) return c;
  c = await startTestCluster({ nodes: ['n1', 'n2'], options: OPTIONS });
  await c.waitForFact('n1 and n2 in the view', 'MembershipViewChanged', (r) => r.fact.members.join(',') === 'n1,n2', { timeoutMs: 60_000 });
  await appendAsCoordinator(c, { type: 'NodeDefined', config: { node: 'ghost', votes: 1, attributes: {} } });
  return c;
}

const device = (id: string, agent: string, params: Record<string, string>, targets: string[], type: 'FenceDeviceDefined' | 'FenceDeviceChanged' = 'FenceDeviceDefined'): Fact =>
  ({ type, config: { id, agent, params, targets, hostMap: {}, meta: {} } });

let requests = 0;
/** Journals a FenceRequested run by `executor`; returns its request id and sequence. */
async function requestFence(target: string, executor: string, action = 'off'): Promise<{ requestId: string; seq: number }> {
  const requestId = `test-fence-${++requests}-${Date.now()}`;
  const seq = await appendAsCoordinator(c!, { type: 'FenceRequested', target, action, requestId, reason: 'test', requestedBy: 'test', executor });
  return { requestId, seq };
}

/** The facts answering `requestId` up to and including its final one (FenceSucceeded or a final FenceFailed). */
async function answers(requestId: string, after: number): Promise<JournalRecord[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 60_000);
  const out: JournalRecord[] = [];
  try {
    for await (const e of c!.journal.follow({ fromSeq: after + 1, types: ['FenceSucceeded', 'FenceFailed'], signal: abort.signal })) {
      if (e.kind !== 'fact' || (e.fact.type !== 'FenceSucceeded' && e.fact.type !== 'FenceFailed') || e.fact.requestId !== requestId) continue;
      out.push(e);
      if (e.fact.type === 'FenceSucceeded' || e.fact.final) return out;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  throw new Error(`timed out waiting for the final answer to ${requestId} (so far: ${out.map((r) => r.fact.type).join(', ')})`);
}

test.after(async () => {
  try {
    if (c) {
      for (const n of ['n1', 'n2']) killMachine(c, n);
      await c.stop();
    }
  } finally {
    c = undefined;
    dirs.cleanup();
  }
});

const withLogs = (fn: () => Promise<void>) => printLogsOnFailure(() => c, fn);

testIf(test, missing, 'fencing: fence_dummy fences a node; FenceSucceeded is journaled with level, devices and duration', withLogs(async () => {
  await cluster();
  await appendAsCoordinator(c!, device('dok', 'fence_dummy', { status_file: statusFile }, ['ghost']));
  const { requestId, seq } = await requestFence('ghost', 'n1');
  const facts = await answers(requestId, seq);
  assert.equal(facts.map((r) => r.fact.type), ['FenceSucceeded']);
  const f = facts[0]!.fact as Extract<Fact, { type: 'FenceSucceeded' }>;
  assert.is(f.level, 1);
  assert.equal(f.devices, ['dok']);
  assert.is(f.action, 'off');
  assert.is(facts[0]!.meta.origin, 'n1', 'the executor journaled it');
}));

testIf(test, missing, 'fencing: a level whose fence_dummy fails (type=fail) is journaled and the next level fences', withLogs(async () => {
  await cluster();
  await appendAsCoordinator(c!, device('dfail', 'fence_dummy', { type: 'fail', power_timeout: '1' }, ['ghost']));
  await appendAsCoordinator(c!, { type: 'FenceLevelDefined', config: { target: 'ghost', index: 1, devices: ['dfail'] } });
  await appendAsCoordinator(c!, { type: 'FenceLevelDefined', config: { target: 'ghost', index: 2, devices: ['dok'] } });
  const { requestId, seq } = await requestFence('ghost', 'n2');
  const facts = await answers(requestId, seq);
  assert.equal(facts.map((r) => r.fact.type), ['FenceFailed', 'FenceSucceeded']);
  const failed = facts[0]!.fact as Extract<Fact, { type: 'FenceFailed' }>;
  assert.is(failed.level, 1);
  assert.equal(failed.devices, ['dfail']);
  assert.not.ok(failed.final, 'a failed level that is not the last is not final');
  assert.match(failed.reason, /dfail off failed/);
  assert.is((facts[1]!.fact as { level: number }).level, 2);
}));

testIf(test, missing, 'fencing: concurrent requests for one target are merged into one run and each is answered', withLogs(async () => {
  await cluster();
  // A delay keeps the first run in flight while the second request arrives.
  await appendAsCoordinator(c!, device('dok', 'fence_dummy', { status_file: statusFile, delay: '2' }, ['ghost'], 'FenceDeviceChanged'));
  const a = await requestFence('ghost', 'n1');
  const b = await requestFence('ghost', 'n1');
  const [fa, fb] = await Promise.all([answers(a.requestId, a.seq), answers(b.requestId, a.seq)]);
  assert.is(fa.at(-1)!.fact.type, 'FenceSucceeded');
  assert.is(fb.at(-1)!.fact.type, 'FenceSucceeded');
  const log = c!.node('n1').logs;
  assert.ok(log.some((l) => l.includes(`request ${b.requestId}): merged with the run in flight`)), 'the second request joined the first run');
  assert.is((fa.at(-1)!.fact as { durationMs: number }).durationMs, (fb.at(-1)!.fact as { durationMs: number }).durationMs, 'one run, one duration');
}));

/** Runs `quorate <args>` against the test cluster; resolves with its exit code and output. */
function quorate(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/quorate.ts', ...args, '--nats', c!.nats.urls.join(','), '--cluster', c!.name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

testIf(test, missing, 'fencing: quorate node fence goes through the DC, and quorate fence history shows requester, executor, level and outcome', withLogs(async () => {
  await cluster();
  const after = await c!.journal.lastSeq();
  const r = await quorate('node', 'fence', 'ghost', 'off', '--json');
  assert.is(r.code, 0, r.stderr);
  const reply = JSON.parse(r.stdout) as { ok: boolean; result: { requestId: string; executor: string } };
  assert.ok(reply.ok);
  const facts = await answers(reply.result.requestId, after);
  assert.is(facts.at(-1)!.fact.type, 'FenceSucceeded');
  const h = await quorate('fence', 'history', '--node', 'ghost', '--json');
  assert.is(h.code, 0, h.stderr);
  const rows = JSON.parse(h.stdout) as Array<{ requestId: string; outcome: string; level: number; devices: string[]; executor: string; requestedBy: string }>;
  const row = rows.find((x) => x.requestId === reply.result.requestId);
  assert.ok(row, 'the manual request is in the history');
  assert.is(row!.outcome, 'succeeded');
  assert.is(row!.executor, reply.result.executor);
  assert.match(row!.requestedBy, /^cli/);
  assert.ok(rows.some((x) => x.outcome === 'succeeded' && x.level === 2), 'the earlier fall-through to level 2 is there too');
  const text = await quorate('fence', 'history', '--node', 'ghost');
  assert.match(text.stdout, /a level failed: level 1: dfail off failed/);
  const bad = await quorate('fence', 'list');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /expected "history"/);
}));

testIf(test, missingAgents(FENCE_DUMMY, PCMK_DUMMY), 'fencing: a stop that times out escalates to fencing its node (stonith-enabled), then the implied stop ends the block', withLogs(async () => {
  await cluster();
  await appendAsCoordinator(c!, device('dn2', 'fence_dummy', { status_file: statusFile }, ['n2']));
  const state = join(dirs.state, 'stuck.state');
  const config = (params: Record<string, string>) => ({ id: 'stuck', agent: 'ocf:pacemaker:Dummy', params: { state, ...params }, meta: {}, operations: [], failoverDomain: [], container: '' });
  await appendAsCoordinator(c!, { type: 'ResourceDefined', config: config({}) });
  const start = await operate(c!, 'stuck', 'n2', 'start');
  assert.is(start.fact.type, 'ResourceOperationSucceeded', JSON.stringify(start.fact));
  await appendAsCoordinator(c!, { type: 'ResourceChanged', config: config({ op_sleep: '30' }) });
  const stop = await operate(c!, 'stuck', 'n2', 'stop', { timeoutMs: 1500 });
  assert.is(stop.fact.type, 'ResourceOperationFailed');
  const req = await c!.waitForFact('the escalated fence of n2', 'FenceRequested', (r) => r.fact.target === 'n2', { after: stop.seq });
  assert.match((req.fact as { reason: string }).reason, /stop of stuck failed on n2/);
  const facts = await answers((req.fact as { requestId: string }).requestId, req.seq);
  assert.is(facts.at(-1)!.fact.type, 'FenceSucceeded');
  const implied = await c!.waitForFact('the implied stop of stuck', 'ResourceOperationSucceeded', (r) => r.fact.resource === 'stuck' && r.fact.operation === 'stop', { after: req.seq });
  assert.match((implied.fact as { output: string }).output, /implied by the fencing of n2/);
  // n2 was journaled fenced while alive (fence_dummy fences nothing): it drops its work and rejoins.
  await c!.waitForFact('n2 rejoined', 'NodeRejoined', (r) => r.fact.node === 'n2', { after: req.seq, timeoutMs: 60_000 });
}));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
};
const root = process.getuid?.() === 0 ? undefined : 'ocf:heartbeat:anything needs root';
testIf(test, missingAgents(ANYTHING) ?? root, 'fencing: builtin:kill stops a real daemon, its watchdog and its applications; FenceSucceeded is journaled', withLogs(async () => {
  await cluster();
  const reg = join(dirs.root, 'pgids');
  await appendAsCoordinator(c!, device('dkill', 'builtin:kill', { dir: reg }, ['n2']));
  assert.ok(await waitFor(() => existsSync(join(reg, 'n2.pgid')), 20_000), 'n2 registered its process group');
  // An application on n2, daemonized by its agent outside the daemon's process group.
  await appendAsCoordinator(c!, { type: 'ResourceDefined', config: { id: 'app', agent: 'ocf:heartbeat:anything', params: { binfile: '/bin/sleep', cmdline_options: '600', pidfile: join(dirs.run, 'app.pid') }, meta: {}, operations: [], failoverDomain: [], container: '' } });
  const start = await operate(c!, 'app', 'n2', 'start');
  assert.is(start.fact.type, 'ResourceOperationSucceeded', JSON.stringify(start.fact));
  // The watchdog carries n2's tag (the daemon set it before spawning it); the app, started through `su -`, lost
  // it, and is found through the agent's process group that n2 recorded.
  const tag = `${MACHINE_ENV}=${machineTag(c!.name, 'n2')}`;
  assert.ok(pidsWithEnv(tag).length >= 1, 'n2\'s watchdog carries its tag');
  const app = Number(readFileSync(join(dirs.run, 'app.pid'), 'utf8').trim());
  assert.ok(alive(app), `the app (pid ${app}) runs`);
  assert.ok(await waitFor(() => existsSync(join(reg, 'n2.groups')) && readFileSync(join(reg, 'n2.groups'), 'utf8').trim() !== '', 10_000), 'n2 recorded the app\'s group');
  const { requestId, seq } = await requestFence('n2', 'n1');
  const facts = await answers(requestId, seq);
  assert.is(facts.at(-1)!.fact.type, 'FenceSucceeded', JSON.stringify(facts.at(-1)!.fact));
  assert.equal((facts.at(-1)!.fact as { devices: string[] }).devices, ['dkill']);
  await c!.node('n2').exited();
  assert.is(c!.node('n2').exitSignal, 'SIGKILL');
  assert.equal(pidsWithEnv(tag), [], 'nothing tagged as n2 is left');
  assert.not.ok(alive(app), 'the app was killed with its machine');
}));

test.run();
