import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { HB_DUMMY, missingAgents, testIf } from './agents.ts';

const quorate = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/quorate.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

testIf(test, missingAgents(HB_DUMMY), 'agent-cli: quorate agent info prints a real agent parameters, defaults and action timeouts', () => {
  const r = quorate('agent', 'info', 'ocf:heartbeat:Dummy');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ocf:heartbeat:Dummy — Example stateless resource agent/);
  assert.match(r.stdout, /fake\s+string\s+default "dummy"/);
  assert.match(r.stdout, /monitor\s+timeout 20s\s+interval 10s/);
  const json = JSON.parse(quorate('agent', 'info', 'ocf:heartbeat:Dummy', '--json').stdout);
  assert.equal(json.parameters.map((p: { name: string }) => p.name), ['state', 'fake']);
  const list = quorate('agent', 'list');
  assert.is(list.status, 0);
  assert.match(list.stdout, /^  ocf:heartbeat:Dummy$/m);
  assert.match(list.stdout, /^  builtin:kill/m);
});

test('agent-cli: an unknown agent or verb is one clear line and a non-zero exit', () => {
  const missing = quorate('agent', 'info', 'ocf:nope:Thing', '--ocf-root', '/nonexistent');
  assert.is(missing.status, 1);
  assert.match(missing.stderr, 'agent "ocf:nope:Thing" is not installed (/nonexistent/resource.d/nope/Thing not found)');
  const usage = quorate('agent', 'frob');
  assert.is(usage.status, 2);
  assert.match(usage.stderr, 'expected "list" or "info <agent>"');
});

test.run();
