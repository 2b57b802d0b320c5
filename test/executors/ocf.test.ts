import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createResourceExecutor, OcfAgent, parseAgentSpec } from '../../actors/executors/index.ts';
import { HB_DUMMY, missingAgents, PCMK_DUMMY, pidsWithEnv, tempDirs, testIf } from './agents.ts';

const dirs = tempDirs('ocf');
test.after(() => dirs.cleanup());
const options = { stateDir: dirs.state, runDir: dirs.run };
const agent = (name: string) => new OcfAgent(parseAgentSpec(name) as never, options);

testIf(test, missingAgents(HB_DUMMY), 'ocf: heartbeat Dummy goes through probe, start, monitor, stop with OCF codes', async () => {
  const a = agent('ocf:heartbeat:Dummy');
  const run = (action: string, intervalMs = 0) => a.run({ resource: 'life', action, params: {}, timeoutMs: 20_000, intervalMs });
  const probe = await run('probe');
  assert.is(probe.rc, 7, 'a probe of a stopped resource is 7');
  assert.ok(probe.ok, 'a probe finding it stopped is a success');
  assert.is((await run('start')).rc, 0);
  assert.ok(existsSync(join(dirs.state, 'Dummy-life.state')), 'Dummy keeps its state under our HA_RSCTMP');
  const mon = await run('monitor', 10_000);
  assert.is(mon.rc, 0);
  assert.ok(mon.ok);
  const stop = await run('stop');
  assert.is(stop.rc, 0);
  assert.ok(!existsSync(join(dirs.state, 'Dummy-life.state')));
  const after = await run('monitor', 10_000);
  assert.is(after.rc, 7);
  assert.not.ok(after.ok, 'a recurring monitor finding it stopped is a failure');
});

testIf(test, missingAgents(HB_DUMMY), 'ocf: a deleted state file makes the next monitor report 7 with the agent reason', async () => {
  const a = agent('ocf:heartbeat:Dummy');
  assert.is((await a.run({ resource: 'gone', action: 'start', params: {}, timeoutMs: 20_000 })).rc, 0);
  rmSync(join(dirs.state, 'Dummy-gone.state'));
  const mon = await a.run({ resource: 'gone', action: 'monitor', params: {}, timeoutMs: 20_000, intervalMs: 10_000 });
  assert.is(mon.rc, 7);
  assert.is(mon.reason, 'No process state file found', 'the ocf-exit-reason line is kept');
  assert.is(mon.recovery, 'soft');
});

testIf(test, missingAgents(PCMK_DUMMY), 'ocf: pacemaker Dummy sleeping beyond its timeout is killed with its group and reported timed out', async () => {
  const a = agent('ocf:pacemaker:Dummy');
  const resource = `sleepy-${process.pid}`;
  const t0 = Date.now();
  const r = await a.run({ resource, action: 'monitor', params: { op_sleep: '60' }, timeoutMs: 1500 });
  const took = Date.now() - t0;
  assert.ok(r.timedOut, 'timed out');
  assert.not.ok(r.ok);
  assert.is(r.rc, 1);
  assert.match(r.reason, /timed out after 1500 ms/);
  assert.ok(took >= 1500 && took < 10_000, `returned after ${took} ms`);
  assert.equal(pidsWithEnv(`OCF_RESOURCE_INSTANCE=${resource}`), [], 'no process of the operation is left (the sleep included)');
});

testIf(test, missingAgents(HB_DUMMY), 'ocf: validate-all rejects a bad parameter with the agent reason', async () => {
  const a = agent('ocf:heartbeat:Dummy');
  const r = await a.run({ resource: 'bad', action: 'validate-all', params: { state: '/nonexistent/quorate/x.state' }, timeoutMs: 20_000 });
  assert.is(r.rc, 2, 'OCF_ERR_ARGS');
  assert.not.ok(r.ok);
  assert.is(r.recovery, 'hard');
  assert.match(r.reason, 'State file "/nonexistent/quorate/x.state" is not writable');
  const good = await a.run({ resource: 'bad', action: 'validate-all', params: { state: join(dirs.state, 'ok.state') }, timeoutMs: 20_000 });
  assert.is(good.rc, 0);
});

testIf(test, missingAgents(HB_DUMMY), 'ocf: the same operation id runs once and both callers get its result', async () => {
  const ex = createResourceExecutor(options);
  const op = { opId: 'op-1', agent: 'ocf:heartbeat:Dummy', resource: 'idem', action: 'start', params: {}, timeoutMs: 20_000 };
  const [a, b] = await Promise.all([ex.execute(op), ex.execute(op)]);
  const c = await ex.execute(op);
  assert.is(ex.runs, 1);
  assert.is(a, b);
  assert.is(a, c);
  assert.is(a.rc, 0);
  try {
    await ex.execute({ ...op, action: 'stop' });
    assert.unreachable('a reused op id for another action was accepted');
  } catch (e) {
    assert.is((e as { code?: string }).code, 'executor.op-id-conflict');
  }
  assert.is((await ex.execute({ ...op, opId: 'op-2', action: 'stop' })).rc, 0);
  assert.is(ex.runs, 2);
});

test('ocf: an agent that is not installed is rc 5, hard, naming the path', async () => {
  const a = new OcfAgent(parseAgentSpec('ocf:nosuch:Thing') as never, { ocfRoot: dirs.root });
  const r = await a.run({ resource: 'x', action: 'start', params: {}, timeoutMs: 1000 });
  assert.is(r.rc, 5);
  assert.is(r.recovery, 'hard');
  assert.match(r.reason, join(dirs.root, 'resource.d/nosuch/Thing'));
});

test('ocf: bad agent names and parameter names are refused naming the input', () => {
  for (const bad of ['ocf:../x:Dummy', 'lsb:foo', 'ocf:a:b:c', '']) {
    try {
      parseAgentSpec(bad);
      assert.unreachable(bad);
    } catch (e) {
      assert.is((e as { code?: string }).code, 'config.invalid', bad);
      assert.match((e as Error).message, `"${bad}"`);
    }
  }
});

test.run();
