// writeCib: facts to a Pacemaker CIB and back (importCib(writeCib(x)) = x), and Pacemaker's own checker accepts it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importCib, writeCib } from '../../cli/cib/index.ts';
import { isQuorateError } from '../../machines/errors.ts';
import { syntheticCluster } from './synthetic.ts';

const fixture = 'test/fixtures/cib/three-node-web.xml';

test('cib: the 3-node fixture round-trips through writeCib with every fact and time', () => {
  const first = importCib(readFileSync(fixture, 'utf8'), fixture);
  const again = importCib(writeCib(first.facts), 'written.xml');
  assert.equal(again.facts.map((f) => f.fact), first.facts.map((f) => f.fact));
  assert.equal(again.facts.map((f) => f.at), first.facts.map((f) => f.at));
  assert.equal(again.untranslated, []);
});

test('cib: a synthetic 8 x 60 cluster round-trips (groups, constraints, running resources, an unclean node)', () => {
  const facts = syntheticCluster(8, 60);
  const back = importCib(writeCib(facts), 'synthetic.xml');
  assert.equal(back.facts.map((f) => f.fact), facts);
  assert.equal(back.untranslated, []);
});

test('cib: failover domains are written as location constraints; agents without a class are refused', () => {
  const facts = syntheticCluster(3, 3);
  const r0 = facts.find((f) => f.type === 'ResourceDefined')!;
  if (r0.type === 'ResourceDefined') r0.config = { ...r0.config!, id: 'solo', failoverDomain: ['n2', 'n1'] };
  const xml = writeCib(facts.filter((f) => !('resource' in f)).filter((f) => f.type !== 'ConstraintDefined' && f.type !== 'GroupDefined'));
  const locs = importCib(xml, 'd.xml').facts.flatMap((f) => (f.fact.type === 'ConstraintDefined' ? [f.fact.config!.location] : []));
  assert.equal(locs, [{ resource: 'solo', node: 'n2', score: 200 }, { resource: 'solo', node: 'n1', score: 100 }]);
  try {
    writeCib([{ type: 'ResourceDefined', config: { id: 'p', agent: 'process', params: {}, meta: {}, operations: [], failoverDomain: [], container: '' } }]);
    assert.unreachable('wrote an agent without a class');
  } catch (e) {
    assert.ok(isQuorateError(e, 'config.invalid'));
    assert.match((e as Error).message, /resource p: agent "process"/);
  }
});

const crmVerify = spawnSync('crm_verify', ['--version'], { encoding: 'utf8' });
test('cib: crm_verify finds no errors in written CIBs (skipped without pacemaker-cli-utils)', () => {
  if (crmVerify.error) {
    console.log('  (crm_verify not installed: skipped)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'quorate-cib-'));
  try {
    const cases = { fixture: writeCib(importCib(readFileSync(fixture, 'utf8'), fixture).facts), synthetic: writeCib(syntheticCluster(4, 20)) };
    for (const [name, xml] of Object.entries(cases)) {
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, xml);
      const r = spawnSync('crm_verify', ['-x', file], { encoding: 'utf8', timeout: 60_000 });
      const out = `${r.stdout}${r.stderr}`;
      assert.not.match(out, /Errors found|validity error|error:/, `${name}: ${out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
