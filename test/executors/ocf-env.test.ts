import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitReason, ocfEnv, OcfAgent, parseAgentSpec } from '../../actors/executors/index.ts';
import { tempDirs } from './agents.ts';

const dirs = tempDirs('ocfenv');
test.after(() => dirs.cleanup());

test('ocf-env: params, meta with dashes, timeout and interval in ms, probe at interval 0', () => {
  const env = ocfEnv({
    request: { resource: 'web', action: 'probe', params: { ip: '10.0.0.1' }, meta: { 'migration-threshold': '3' }, timeoutMs: 20_000, intervalMs: 10_000, node: 'n1' },
    provider: 'heartbeat', type: 'IPaddr2', ocfRoot: '/usr/lib/ocf', options: { stateDir: '/tmp/s' },
  });
  assert.is(env['OCF_ROOT'], '/usr/lib/ocf');
  assert.is(env['OCF_RA_VERSION_MAJOR'], '1');
  assert.is(env['OCF_RA_VERSION_MINOR'], '1');
  assert.is(env['OCF_RESOURCE_INSTANCE'], 'web');
  assert.is(env['OCF_RESOURCE_TYPE'], 'IPaddr2');
  assert.is(env['OCF_RESOURCE_PROVIDER'], 'heartbeat');
  assert.is(env['OCF_RESKEY_ip'], '10.0.0.1');
  assert.is(env['OCF_RESKEY_CRM_meta_migration_threshold'], '3');
  assert.is(env['OCF_RESKEY_CRM_meta_timeout'], '20000');
  assert.is(env['OCF_RESKEY_CRM_meta_interval'], '0', 'a probe is interval 0');
  assert.is(env['OCF_RESKEY_CRM_meta_on_node'], 'n1');
  assert.is(env['OCF_EXIT_REASON_PREFIX'], 'ocf-exit-reason:');
  assert.is(env['HA_RSCTMP'], '/tmp/s');
});

test('ocf-env: a parameter name that is not a shell name is refused naming resource and key', () => {
  try {
    ocfEnv({ request: { resource: 'web', action: 'start', params: { 'bad name': 'x' }, timeoutMs: 1000 }, provider: 'p', type: 't', ocfRoot: '/x' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'config.invalid');
    assert.match((e as Error).message, 'resource "web": parameter name "bad name"');
  }
});

test('ocf-env: the exit reason is the last ocf-exit-reason line', () => {
  assert.is(exitReason('noise\nocf-exit-reason:first\nmore\nocf-exit-reason: second one \n'), 'second one');
  assert.is(exitReason('nothing here'), '');
});

test('ocf-env: an agent process sees the environment and the action argument', async () => {
  const dir = join(dirs.root, 'resource.d', 'test');
  mkdirSync(dir, { recursive: true });
  const out = join(dirs.root, 'env.out');
  writeFileSync(join(dir, 'Env'), `#!/bin/sh\necho "$1" > ${out}\nenv >> ${out}\necho "ocf-exit-reason:told you" >&2\nexit 6\n`);
  chmodSync(join(dir, 'Env'), 0o755);
  const a = new OcfAgent(parseAgentSpec('ocf:test:Env') as never, { ocfRoot: dirs.root });
  const r = await a.run({ resource: 'e1', action: 'probe', params: { 'x_y': 'v w' }, meta: { 'target-role': 'Started' }, timeoutMs: 5000, intervalMs: 5000 });
  const lines = readFileSync(out, 'utf8').split('\n');
  assert.is(lines[0], 'monitor', 'a probe runs the monitor action');
  for (const want of ['OCF_RESKEY_x_y=v w', 'OCF_RESKEY_CRM_meta_target_role=Started', 'OCF_RESKEY_CRM_meta_interval=0', 'OCF_RESKEY_CRM_meta_timeout=5000', `OCF_ROOT=${dirs.root}`, 'OCF_RESOURCE_PROVIDER=test']) {
    assert.ok(lines.includes(want), want);
  }
  assert.is(r.rc, 6);
  assert.is(r.recovery, 'fatal');
  assert.is(r.reason, 'told you');
});

test.run();
