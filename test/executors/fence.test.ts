import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFencer, createFenceTopology, type FenceDevice, type FenceRunRequest, groupAlive, registerNodeGroup, runFenceAgent, runFenceDevice,
} from '../../actors/executors/index.ts';
import { FENCE_DUMMY, missingAgents, tempDirs, testIf, waitFor } from './agents.ts';

const dirs = tempDirs('fence');
const groups: number[] = [];
test.after(() => {
  for (const g of groups) try { process.kill(-g, 'SIGKILL'); } catch { /* gone */ }
  dirs.cleanup();
});
const noFenceDummy = missingAgents(FENCE_DUMMY);
const statusFile = join(dirs.root, 'fd.status');
// power_timeout keeps fence_dummy's type=fail from retrying for its default 20 s.
const good: FenceDevice = { id: 'good', agent: 'fence_dummy', params: { status_file: statusFile }, targets: ['n1', 'n2'] };
const failing: FenceDevice = { id: 'broken', agent: 'fence_dummy', params: { type: 'fail', power_timeout: '1' }, targets: ['n1', 'n2'] };

testIf(test, noFenceDummy, 'fence: fence_dummy powers a node off and reports its status through the stdin protocol', async () => {
  assert.ok((await runFenceAgent({ device: good, action: 'on', target: 'n1', timeoutMs: 20_000 })).ok);
  assert.is((await runFenceAgent({ device: good, action: 'status', target: 'n1', timeoutMs: 20_000 })).power, 'on');
  const off = await runFenceAgent({ device: good, action: 'off', target: 'n1', timeoutMs: 20_000 });
  assert.ok(off.ok, off.reason);
  assert.is(off.rc, 0);
  assert.is(readFileSync(statusFile, 'utf8'), 'off', 'the agent acted on its status file');
  const status = await runFenceAgent({ device: good, action: 'status', target: 'n1', timeoutMs: 20_000 });
  assert.is(status.rc, 2, 'status of an off node is exit 2');
  assert.is(status.power, 'off');
  assert.ok((await runFenceAgent({ device: good, action: 'monitor', timeoutMs: 20_000 })).ok);
});

testIf(test, noFenceDummy, 'fence: type=fail fails with the agent reason and the next level is used', async () => {
  const topo = createFenceTopology([good, failing], [
    { target: 'n2', index: 1, devices: ['broken'] },
    { target: 'n2', index: 2, devices: ['good'] },
  ]);
  const fencer = createFencer(() => topo, { timeoutMs: 20_000 });
  const out = await fencer.fence('n2', 'off');
  assert.ok(out.ok, out.reason);
  assert.is(out.level, 2, 'level 2 fenced it');
  assert.equal(out.devices, ['good']);
  assert.equal(out.attempts.map((a) => `${a.device}:${a.action}:${a.ok}`), ['broken:off:false', 'good:off:true']);
  assert.is(out.attempts[0]!.rc, 1);
  assert.match(out.attempts[0]!.reason, 'Timed out waiting to power OFF', 'the agent stderr reason is kept');
  const only = createFencer(() => createFenceTopology([failing], [{ target: 'n2', index: 1, devices: ['broken'] }]), { timeoutMs: 20_000 });
  const bad = await only.fence('n2', 'off');
  assert.not.ok(bad.ok);
  assert.match(bad.reason, 'level 1: broken off failed: Failed: Timed out waiting to power OFF');
});

testIf(test, noFenceDummy, 'fence: concurrent requests for one target are merged into one run', async () => {
  let deviceRuns = 0;
  const topo = createFenceTopology([good], []);
  const fencer = createFencer(() => topo, {
    timeoutMs: 20_000,
    runDevice: (req: FenceRunRequest) => { deviceRuns++; return runFenceDevice(req); },
  });
  const [a, b, c] = await Promise.all([fencer.fence('n1', 'reboot'), fencer.fence('n1', 'reboot'), fencer.fence('n1', 'reboot')]);
  assert.ok(a.ok, a.reason);
  assert.is(a, b, 'every caller gets the one outcome');
  assert.is(a, c);
  assert.is(fencer.runs, 1);
  assert.is(deviceRuns, 1, 'fence_dummy ran once');
  assert.is(a.level, 1, 'the implicit topology uses the device that lists the target');
  await fencer.fence('n1', 'reboot');
  assert.is(fencer.runs, 2, 'a request after the first finished runs again');
});

test('fence: builtin:kill kills a real process group and waits until it is gone', async () => {
  const reg = join(dirs.root, 'nodes');
  // A "node": a shell leader with two children, in its own group.
  const node = spawn('sh', ['-c', 'sleep 600 & sleep 600 & wait'], { detached: true, stdio: 'ignore' });
  const pgid = node.pid!;
  groups.push(pgid);
  registerNodeGroup(reg, 'n3', pgid);
  assert.ok(await waitFor(() => groupAlive(pgid)), 'the node group runs');
  const device: FenceDevice = { id: 'kill', agent: 'builtin:kill', params: { dir: reg }, targets: ['n3'] };
  const topo = createFenceTopology([device], [{ target: 'n3', index: 1, devices: ['kill'] }]);
  const list = await runFenceDevice({ device, action: 'list', timeoutMs: 5000 });
  assert.is(list.stdout, 'n3,\n');
  assert.is((await runFenceDevice({ device, action: 'status', target: 'n3', timeoutMs: 5000 })).power, 'on');
  const out = await createFencer(() => topo, { timeoutMs: 5000 }).fence('n3', 'off');
  assert.ok(out.ok, out.reason);
  assert.not.ok(groupAlive(pgid), 'no process of the node group is alive');
  const status = await runFenceDevice({ device, action: 'status', target: 'n3', timeoutMs: 5000 });
  assert.is(status.rc, 2);
  assert.is(status.power, 'off');
  const unknown = await runFenceDevice({ device, action: 'off', target: 'n9', timeoutMs: 5000 });
  assert.not.ok(unknown.ok, 'an unregistered node is never reported fenced');
  assert.match(unknown.reason, 'no process group registered for "n9"');
});

test('fence: a topology with an unknown device or a bad index is refused naming the level', () => {
  const cases: Array<[Parameters<typeof createFenceTopology>[1], string]> = [
    [[{ target: 'n1', index: 1, devices: ['ghost'] }], 'fence level 1 of "n1": device "ghost" is not defined'],
    [[{ target: 'n1', index: 10, devices: ['good'] }], 'fence level 10 of "n1": index must be 1-9'],
    [[{ target: 'n7', index: 1, devices: ['good'] }], 'device "good" cannot fence "n7"'],
  ];
  for (const [levels, message] of cases) {
    try {
      createFenceTopology([good], levels);
      assert.unreachable(message);
    } catch (e) {
      assert.is((e as { code?: string }).code, 'config.invalid');
      assert.match((e as Error).message, message);
    }
  }
});

test('fence: no device for a target is a failed outcome, not a success', async () => {
  const out = await createFencer(() => createFenceTopology([good], [])).fence('stranger', 'off');
  assert.not.ok(out.ok);
  assert.match(out.reason, 'no fence device can fence "stranger"');
});

test.run();
