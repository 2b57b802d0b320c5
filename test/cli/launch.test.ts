// The `quorate` program as installed (cli/quorate.ts run through its shell line): the cached bundle answers like
// the sources do, and a process with QUORATE_NO_BUNDLE=1 runs from sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { synthetic } from '../../bench/scheduler-cluster.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'cli', 'quorate.ts');

/** A small cluster as the scheduler bench writes it, with resources running on node-000. */
const INPUT = synthetic(4, 24, 'failover').input;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('cli launch: the bundled program and the sources print the same simulation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-launch-'));
  try {
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(INPUT));
    const bundled = run(['simulate', '--input', file, '--node-down', 'node-001', '--json']);
    assert.is(bundled.code, 0, bundled.stderr);
    const manifest = JSON.parse(readFileSync(join(root, '.cache', 'cli', 'current.json'), 'utf8')) as { dir: string; inputs: string[] };
    assert.ok(existsSync(join(root, '.cache', 'cli', manifest.dir, 'quorate.js')), 'the bundle exists after a run');
    assert.ok(manifest.inputs.includes('cli/simulate.ts'), 'the manifest lists the sources it was built from');
    const sources = run(['simulate', '--input', file, '--node-down', 'node-001', '--json'], { QUORATE_NO_BUNDLE: '1' });
    assert.is(sources.code, 0, sources.stderr);
    assert.is(bundled.stdout, sources.stdout);
    const graph = JSON.parse(bundled.stdout) as { hypotheses: string[]; actions: { kind: string }[] };
    assert.equal(graph.hypotheses, ['node node-001 down (lost, not fenced)']);
    assert.ok(graph.actions.some((a) => a.kind === 'fence'), 'a lost node is fenced first');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cli launch: bad input through the bundle is one line and exit 2', () => {
  const r = run(['simulate', '--input', join(tmpdir(), 'quorate-no-such-input.json')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^quorate simulate: --input .*quorate-no-such-input\.json: no such file\n$/);
  const unknown = run(['no-such-verb']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "no-such-verb"/);
});

test.run();
