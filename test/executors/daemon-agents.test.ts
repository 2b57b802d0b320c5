// Real OCF agents under a real daemon: probes, a full Dummy lifecycle, a monitor that finds the state file gone,
// a start killed at its timeout, `anything` supervising a process that is then killed, and validate-all.
// Requests are journaled by the test as the DC's coordinator would (the cluster is in maintenance-mode, so no
// scheduler acts on these resources); every result is journaled by the daemon's executor service.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { startTestCluster, type TestCluster, withLogs as printLogsOnFailure } from '../harness/daemons.ts';
import { ANYTHING, HB_DUMMY, missingAgents, PCMK_DUMMY, pidsWithEnv, tempDirs, testIf, waitFor } from './agents.ts';
import { appendAsCoordinator, killMachine, operate, resultOf } from './daemon-helpers.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'fencing-mode': 'watchdog', 'maintenance-mode': 'true' };
const missing = missingAgents(HB_DUMMY, PCMK_DUMMY, ANYTHING);
const dirs = tempDirs('daemon-agents');
let c: TestCluster | undefined;

/** Starts the one-node cluster once, and waits until n1 is a quorate member. */
async function cluster(): Promise<TestCluster> {
  if (c) return c;
  c = await startTestCluster({ nodes: ['n1'], options: OPTIONS });
  await c.waitForFact('n1 in the view', 'MembershipViewChanged', (r) => r.fact.members.includes('n1'), { timeoutMs: 60_000 });
  return c;
}

const monitorEvery = (ms: number) => [{ name: 'monitor', intervalMs: ms, timeoutMs: 10_000, onFail: '', role: '' }];

function define(id: string, agent: string, params: Record<string, string>, operations = monitorEvery(1000)): Fact {
  return { type: 'ResourceDefined', config: { id, agent, params, meta: {}, operations, failoverDomain: [], container: '' } };
}

/** Defines a resource and waits for the probe the daemon runs for it (once n1 is a member). */
async function defineAndProbe(id: string, agent: string, params: Record<string, string>, operations = monitorEvery(1000)) {
  const seq = await appendAsCoordinator(c!, define(id, agent, params, operations));
  return resultOf(c!, `probe of ${id}`, (f) => f.resource === id && f.operation === 'probe', seq);
}

test.after(async () => {
  try {
    if (c) {
      killMachine(c, 'n1');
      await c.stop();
    }
  } finally {
    c = undefined;
    dirs.cleanup();
  }
});

const withLogs = (fn: () => Promise<void>) => printLogsOnFailure(() => c, fn);

testIf(test, missing, 'executor: a resource defined after start is probed on the member node (rc 7 = not running here)', withLogs(async () => {
  await cluster();
  const r = await defineAndProbe('probe-me', 'ocf:heartbeat:Dummy', { state: join(dirs.state, 'probe-me.state') });
  assert.is(r.fact.type, 'ResourceOperationSucceeded');
  assert.is(r.fact.rc, 7);
  assert.is(r.fact.node, 'n1');
  assert.ok(r.fact.opId.startsWith('probe:n1-'), r.fact.opId);
}));

testIf(test, missing, 'executor: a probe finds a resource already running, and the journal learns it', withLogs(async () => {
  await cluster();
  const state = join(dirs.state, 'already.state');
  writeFileSync(state, '');
  const r = await defineAndProbe('already', 'ocf:heartbeat:Dummy', { state });
  assert.is(r.fact.type, 'ResourceOperationSucceeded');
  assert.is(r.fact.rc, 0);
}));

testIf(test, missing, 'executor: ocf:heartbeat:Dummy start, stop, start; a deleted state file is journaled by the next monitor, then its recovery', withLogs(async () => {
  await cluster();
  const state = join(dirs.state, 'web.state');
  await defineAndProbe('web', 'ocf:heartbeat:Dummy', { state });
  const start = await operate(c!, 'web', 'n1', 'start');
  assert.is(start.fact.type, 'ResourceOperationSucceeded', JSON.stringify(start.fact));
  assert.ok(existsSync(state), 'Dummy start creates its state file');
  const stop = await operate(c!, 'web', 'n1', 'stop');
  assert.is(stop.fact.type, 'ResourceOperationSucceeded');
  assert.not.ok(existsSync(state), 'Dummy stop removes its state file');
  const again = await operate(c!, 'web', 'n1', 'start');
  assert.is(again.fact.type, 'ResourceOperationSucceeded');
  // A good monitor is not news; the deleted state file is.
  rmSync(state);
  const failed = await resultOf(c!, 'monitor failure of web', (f) => f.resource === 'web' && f.operation === 'monitor', again.seq, 30_000);
  assert.is(failed.fact.type, 'ResourceOperationFailed');
  assert.is(failed.fact.rc, 7);
  writeFileSync(state, '');
  const back = await resultOf(c!, 'monitor recovery of web', (f) => f.resource === 'web' && f.operation === 'monitor', failed.seq, 30_000);
  assert.is(back.fact.type, 'ResourceOperationSucceeded');
  assert.is(back.fact.rc, 0);
  const monitors = (await c!.facts(again.seq)).filter((r) => (r.fact as { operation?: string }).operation === 'monitor' && (r.fact as { resource?: string }).resource === 'web');
  assert.is(monitors.length, 2, 'only the changes are journaled');
}));

testIf(test, missing, 'executor: ocf:pacemaker:Dummy with op_sleep beyond its timeout is killed and journaled as timed out', withLogs(async () => {
  await cluster();
  const state = join(dirs.state, 'slow.state');
  await defineAndProbe('slow', 'ocf:pacemaker:Dummy', { state });
  // Now make every operation sleep 30 s; the probe was fast, the start will not be.
  await appendAsCoordinator(c!, { type: 'ResourceChanged', config: { id: 'slow', agent: 'ocf:pacemaker:Dummy', params: { state, op_sleep: '30' }, meta: {}, operations: [], failoverDomain: [], container: '' } });
  const t0 = Date.now();
  const r = await operate(c!, 'slow', 'n1', 'start', { timeoutMs: 1500 });
  assert.is(r.fact.type, 'ResourceOperationFailed');
  if (r.fact.type !== 'ResourceOperationFailed') return;
  assert.ok(r.fact.timedOut, 'timed_out is journaled');
  assert.match(r.fact.reason, /timed out after 1500 ms/);
  assert.ok(Date.now() - t0 < 20_000, 'the sleeping agent did not run to its end');
  assert.ok(await waitFor(() => pidsWithEnv('OCF_RESOURCE_INSTANCE=slow').length === 0, 10_000), 'the agent\'s process group was killed');
}));

const root = process.getuid?.() === 0 ? undefined : 'ocf:heartbeat:anything runs its binary through `su - root`: needs root';
testIf(test, missing ?? root, 'executor: ocf:heartbeat:anything supervises a real process; killing it is journaled by the monitor', withLogs(async () => {
  await cluster();
  const pidfile = join(dirs.run, 'sleeper.pid');
  await defineAndProbe('sleeper', 'ocf:heartbeat:anything', { binfile: '/bin/sleep', cmdline_options: '600', pidfile });
  const start = await operate(c!, 'sleeper', 'n1', 'start');
  assert.is(start.fact.type, 'ResourceOperationSucceeded', JSON.stringify(start.fact));
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  assert.ok(pid > 1, `pidfile holds a pid: ${pid}`);
  process.kill(pid, 'SIGKILL');
  const failed = await resultOf(c!, 'monitor failure of sleeper', (f) => f.resource === 'sleeper' && f.operation === 'monitor', start.seq, 30_000);
  assert.is(failed.fact.type, 'ResourceOperationFailed');
  // anything answers 1 for "pidfile without its process" (the process died), 7 once the pidfile is gone.
  assert.ok([1, 7].includes(failed.fact.rc), `rc ${failed.fact.rc}`);
}));

testIf(test, missing, 'executor: the DC runs validate-all on a new resource and journals the agent\'s reason for a bad parameter', withLogs(async () => {
  await cluster();
  const seq = await appendAsCoordinator(c!, define('bad', 'ocf:heartbeat:Dummy', { state: '/nonexistent/quorate/bad.state' }, []));
  const r = await resultOf(c!, 'validate of bad', (f) => f.resource === 'bad' && f.operation === 'validate', seq);
  assert.is(r.fact.type, 'ResourceOperationFailed');
  if (r.fact.type === 'ResourceOperationFailed') assert.ok(r.fact.reason.length > 0, 'the agent\'s own reason is journaled');
}));

testIf(test, missing, 'executor: a failure-timeout expiry is journaled by the DC as DeadlineExpired', withLogs(async () => {
  await cluster();
  const seq = await appendAsCoordinator(c!, {
    type: 'ResourceDefined',
    config: { id: 'flaky', agent: 'ocf:heartbeat:Dummy', params: { state: '/nonexistent/quorate/flaky.state' }, meta: { 'failure-timeout': '2s' }, operations: [], failoverDomain: [], container: '' },
  });
  await resultOf(c!, 'probe of flaky', (f) => f.resource === 'flaky' && f.operation === 'probe', seq);
  const start = await operate(c!, 'flaky', 'n1', 'start');
  assert.is(start.fact.type, 'ResourceOperationFailed', 'a start that cannot write its state file fails');
  const expired = await c!.waitForFact('failure-timeout of flaky', 'DeadlineExpired', (r) => r.fact.entity === 'resource/flaky', { after: start.seq, timeoutMs: 30_000 });
  assert.is((expired.fact as { deadline: string }).deadline, 'failure-timeout:n1');
  assert.ok(expired.meta.occurredAt >= start.meta.occurredAt + 2000, 'not before it was due');
}));

test.run();
