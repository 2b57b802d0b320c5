import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createMonitorScheduler, createResourceExecutor, type MonitorReport, OcfAgent, parseAgentSpec, ProcessAgent } from '../../actors/executors/index.ts';
import { ANYTHING, HB_DUMMY, missingAgents, tempDirs, testIf, waitFor } from './agents.ts';

const dirs = tempDirs('supervise');
const started: number[] = [];
test.after(() => {
  for (const pid of started) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  dirs.cleanup();
});
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

testIf(test, missingAgents(ANYTHING), 'supervise: ocf:heartbeat:anything reports a killed process as failed, then stops clean', async () => {
  const a = new OcfAgent(parseAgentSpec('ocf:heartbeat:anything') as never, { stateDir: dirs.state, runDir: dirs.run });
  const pidfile = join(dirs.run, 'anything-sleeper.pid');
  const params = { binfile: '/bin/sleep', cmdline_options: '600', pidfile };
  const run = (action: string) => a.run({ resource: 'sleeper', action, params, timeoutMs: 20_000, intervalMs: action === 'monitor' ? 10_000 : 0 });
  assert.is((await run('start')).rc, 0);
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  started.push(pid);
  assert.ok(alive(pid), 'the supervised sleep runs');
  assert.is((await run('monitor')).rc, 0);
  process.kill(pid, 'SIGKILL');
  assert.ok(await waitFor(() => !alive(pid)), 'the process died');
  const mon = await run('monitor');
  assert.not.ok(mon.ok, 'the monitor sees it is not running');
  assert.is(mon.rc, 1, 'anything: a pid file without its process is OCF_ERR_GENERIC (it died, it did not stop cleanly)');
  assert.is((await run('stop')).rc, 0);
  assert.is((await run('monitor')).rc, 7, 'after a stop it is cleanly not running');
});

test('supervise: the process agent starts, monitors, sees a killed process as 7, and stops its group', async () => {
  const a = new ProcessAgent({ runDir: dirs.run });
  const params = { command: 'sleep', args: '["600"]', settle: '100' };
  const run = (action: string) => a.run({ resource: 'proc', action, params, timeoutMs: 6000 });
  assert.is((await run('probe')).rc, 7);
  assert.is((await run('start')).rc, 0);
  const pid = Number(readFileSync(join(dirs.run, 'process-proc.pid'), 'utf8').split(' ')[0]);
  started.push(pid);
  assert.ok(alive(pid));
  assert.is((await run('start')).rc, 0, 'start of a running process is a no-op success');
  assert.is(Number(readFileSync(join(dirs.run, 'process-proc.pid'), 'utf8').split(' ')[0]), pid);
  assert.is((await run('monitor')).rc, 0);
  process.kill(pid, 'SIGKILL');
  assert.ok(await waitFor(() => !alive(pid)));
  const mon = await run('monitor');
  assert.is(mon.rc, 7);
  assert.not.ok(mon.ok);
  assert.is((await run('start')).rc, 0, 'restarted');
  const pid2 = Number(readFileSync(join(dirs.run, 'process-proc.pid'), 'utf8').split(' ')[0]);
  started.push(pid2);
  const stop = await run('stop');
  assert.is(stop.rc, 0);
  assert.ok(await waitFor(() => !alive(pid2), 2000), 'the group is gone after stop');
  assert.is((await run('monitor')).rc, 7);
});

test('supervise: the process agent fails a start whose command dies at once, and validate-all names a missing command', async () => {
  const a = new ProcessAgent({ runDir: dirs.run });
  const bad = await a.run({ resource: 'dies', action: 'start', params: { command: 'false', settle: '300' }, timeoutMs: 5000 });
  assert.is(bad.rc, 1);
  assert.match(bad.reason, 'exited during start');
  const missing = await a.run({ resource: 'nope', action: 'validate-all', params: { command: '/no/such/binary' }, timeoutMs: 5000 });
  assert.is(missing.rc, 5);
  assert.match(missing.reason, '"/no/such/binary"');
  const unset = await a.run({ resource: 'nope', action: 'start', params: {}, timeoutMs: 5000 });
  assert.is(unset.rc, 6);
  assert.match(unset.reason, 'parameter "command" is required');
});

testIf(test, missingAgents(HB_DUMMY), 'supervise: a recurring monitor reports the deleted state file and stops when cancelled', async () => {
  const ex = createResourceExecutor({ stateDir: dirs.state, runDir: dirs.run });
  const reports: MonitorReport[] = [];
  const sched = createMonitorScheduler(ex, (r) => reports.push(r));
  try {
    const base = { agent: 'ocf:heartbeat:Dummy', resource: 'watched', params: {}, timeoutMs: 20_000 };
    assert.is((await ex.execute({ ...base, opId: 'start-1', action: 'start' })).rc, 0);
    sched.start({ ...base, intervalMs: 200 });
    assert.equal(sched.active(), ['watched@200']);
    assert.ok(await waitFor(() => reports.length >= 2), 'the monitor recurs');
    assert.ok(reports.every((r) => r.result.rc === 0));
    assert.ok(reports[0]!.changed && !reports[1]!.changed, 'only the first result of an unchanged rc is marked changed');
    rmSync(join(dirs.state, 'Dummy-watched.state'));
    assert.ok(await waitFor(() => reports.some((r) => r.result.rc === 7)), 'the deleted state file is reported');
    const failed = reports.find((r) => r.result.rc === 7)!;
    assert.ok(failed.changed);
    assert.is(failed.result.reason, 'No process state file found');
    assert.is(sched.cancelAll('watched'), 1);
    const n = reports.length;
    const runs = ex.runs;
    await new Promise((r) => setTimeout(r, 600)); // a cancelled monitor must stay silent for several intervals
    assert.is(reports.length, n);
    assert.ok(ex.runs <= runs + 1, 'at most the run in flight finished');
  } finally {
    sched.close();
  }
});

test.run();
