// import-cib --apply: facts journaled in order, grouped by entity, into an empty cluster only; and the CLI's output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyImport, importCib } from '../../cli/cib/index.ts';
import { createMemoryJournal } from '../../journal/index.ts';
import { entityKey, entityOf } from '../../machines/entity.ts';
import { isQuorateError } from '../../machines/errors.ts';

const fixture = 'test/fixtures/cib/three-node-web.xml';
const imported = importCib(readFileSync(fixture, 'utf8'), fixture);

test('cib: applyImport journals every fact in order on its entity, with the CIB times', async () => {
  const journal = createMemoryJournal('t', { now: () => 1 });
  const applied = await applyImport(journal, imported.facts, { commandId: 'import-cib/x', origin: 'cli:import-cib' });
  assert.is(applied.appended, imported.facts.length);
  const stored = [];
  for await (const e of journal.read()) if (e.kind === 'fact') stored.push(e);
  assert.equal(stored.map((e) => e.fact), imported.facts.map((f) => f.fact));
  for (const e of stored) assert.is(entityKey(e.entity), entityKey(entityOf(e.fact)));
  const failed = stored.find((e) => e.fact.type === 'ResourceOperationFailed')!;
  assert.is(failed.meta.occurredAt, 1_741_083_100_000);
  assert.is(failed.meta.origin, 'cli:import-cib');
  await journal.close();
});

test('cib: applyImport refuses a cluster that already holds an imported entity, and appends nothing', async () => {
  const journal = createMemoryJournal('t');
  await journal.append({ kind: 'node', id: 'node2' }, [{ fact: { type: 'NodeJoined', node: 'node2', incarnation: 'x', address: '' } }]);
  try {
    await applyImport(journal, imported.facts, { commandId: 'c', origin: 'cli:import-cib' });
    assert.unreachable('imported into a used cluster');
  } catch (e) {
    assert.ok(isQuorateError(e, 'config.invalid'));
    assert.match((e as Error).message, /already holds node\/node2/);
  }
  assert.is(await journal.lastSeq(), 1);
  await journal.close();
});

function cli(...args: string[]) {
  const env = { ...process.env };
  delete env['QUORATE_CLUSTER'];
  return spawnSync(process.execPath, ['--import', 'tsx', 'cli/quorate.ts', 'import-cib', ...args], { encoding: 'utf8', timeout: 60_000, env });
}

test('cib: `quorate import-cib` prints the summary, facts and untranslated parts; --json and --out give the report', () => {
  const text = cli(fixture);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /three-node-web\.xml: 46 facts \(.*\); 9 not translated \(4 unsupported, 5 informational\)/);
  assert.match(text.stdout, /resource\/web-app\s+ResourceOperationFailed .*apache is not running/);
  assert.match(text.stdout, /unsupported\s+lrm_resource old-vip \(line \d+\)/);
  const dir = mkdtempSync(join(tmpdir(), 'quorate-cib-'));
  try {
    const out = join(dir, 'facts.json');
    const json = cli(fixture, '--json', '--out', out);
    assert.is(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.is(report.facts.length, 46);
    assert.equal(report.facts[0].entity, 'cluster/options');
    assert.ok(existsSync(out));
    assert.equal(JSON.parse(readFileSync(out, 'utf8')), report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cib: `quorate import-cib` exit codes: 1 for a bad CIB (named), 2 without a file, 3 with --strict and unsupported parts', () => {
  const bad = cli('test/fixtures/cib/missing.xml');
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /cannot read test\/fixtures\/cib\/missing\.xml: ENOENT/);
  assert.is(cli().status, 2);
  assert.is(cli('test/fixtures/cib/unsupported.xml', '--strict').status, 3);
  assert.is(cli(fixture, '--apply').status, 2, '--apply needs --cluster');
});

test.run();
