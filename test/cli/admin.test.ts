// Admin verbs on a live 3-node cluster, sent through different NATS servers and answered by the DC; apply, config
// show round trip, refusals with reasons, status --json fields, and one line when no DC answers.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';
import { cli } from './cli.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' };
let c: TestCluster | undefined;
/** Runs `quorate` against the NATS server of node `i` (so requests come "from" different nodes). */
const q = (args: string[], i = 0) => cli([...args, '--cluster', c!.name, '--nats', c!.nats.urls[i % c!.nats.urls.length]!]);

test.after(async () => {
  if (c) await c.stop();
  c = undefined;
});

test('admin: apply, verbs from any node, refusals, status, config show round trip', async () => {
  c = await startTestCluster({ nodes: ['n1', 'n2', 'n3'], options: OPTIONS });
  try {
    await c.waitForFact('a view of n1,n2,n3', 'MembershipViewChanged', (r) => r.fact.members.join(',') === 'n1,n2,n3', { timeoutMs: 60_000 });
    // The DC serves once it has seen itself elected and quorate: retry the first request until one answers.
    let applied = { code: -1 as number | null, stdout: '', stderr: '' };
    await waitFor('the DC to answer apply', async () => {
      applied = await q(['apply', '-f', 'test/cli/fixtures/cluster.yaml']);
      return applied.code === 0;
    }, 60_000);
    assert.match(applied.stdout, /^test\/cli\/fixtures\/cluster\.yaml: made \d+ changes:\n/);
    for (const e of ['define resource/web-ip', 'define group/web', 'define constraint/db-likes-n1', 'define fence-device/killer']) assert.ok(applied.stdout.includes(e), `${e} in ${applied.stdout}`);

    const again = await q(['apply', '-f', 'test/cli/fixtures/cluster.yaml'], 1);
    assert.is(again.stdout, 'test/cli/fixtures/cluster.yaml: no changes\n');
    const shown = await q(['config', 'show'], 2);
    assert.is(shown.code, 0, shown.stderr);
    const file = join(tmpdir(), `quorate-shown-${c.name}.yaml`);
    writeFileSync(file, shown.stdout);
    const round = await q(['apply', '-f', file]);
    assert.is(round.stdout, `${file}: no changes\n`, 'apply of config show is a no-op');

    const before = await c.journal.lastSeq();
    const dangling = await q(['apply', '-f', 'test/cli/fixtures/dangling.yaml']);
    assert.is(dangling.code, 3);
    assert.is(dangling.stderr, [
      'test/cli/fixtures/dangling.yaml:3:23: groups[0].members[1]: resource "nope" is not defined (defined: db, web-app, web-ip)',
      'test/cli/fixtures/dangling.yaml:6:36: constraints[0].location.node: node "n9" is not defined (defined: n1, n2, n3)',
      '2 problems; nothing was changed', ''].join('\n'));
    const configFacts = (await c.facts(before + 1)).filter((r) => /Defined|Changed|Removed/.test(r.fact.type));
    assert.equal(configFacts, [], 'a refused apply journals nothing');

    const say = async (args: string[], i: number, code: number, out: string) => {
      const r = await q(args, i);
      assert.is(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.is(code === 0 ? r.stdout : r.stderr.replace(/^refused by n\d: /, ''), `${out}\n`, args.join(' '));
    };
    await say(['resource', 'move', 'web', 'n2'], 0, 0, 'web: prefers n2 (location constraint cli-prefer-web, INFINITY); not running now');
    await c.waitForFact('cli-prefer-web', 'ConstraintDefined', (r) => r.fact.config?.id === 'cli-prefer-web' && r.fact.config.location?.node === 'n2');
    await say(['resource', 'ban', 'web', 'n3'], 1, 0, 'web: banned from n3 (location constraint cli-ban-web-on-n3, -INFINITY)');
    await say(['resource', 'move', 'web', 'n3'], 2, 1, 'moving web to n3 would violate mandatory constraint cli-ban-web-on-n3 (web -INFINITY on n3); quorate resource clear web removes it');
    await say(['resource', 'move', 'web-ip', 'n1'], 0, 1, 'web-ip is a member of group web: move the group');
    await say(['resource', 'move', 'web'], 0, 1, 'web is not running anywhere: say where to move it (quorate resource move web <node>)');
    await say(['resource', 'clear', 'web'], 0, 0, 'web: removed cli-ban-web-on-n3, cli-prefer-web');
    await say(['resource', 'locate', 'db'], 1, 0, 'db is not running');
    await say(['resource', 'restart', 'db'], 1, 1, 'db is not running: nothing to restart (quorate resource enable db starts it)');
    await say(['resource', 'cleanup', 'db', 'n1'], 2, 0, 'db: fail counts reset on n1; re-probe requested on n1');
    await c.waitForFact('db fail count reset', 'FailCountReset', (r) => r.fact.resource === 'db' && r.fact.node === 'n1');
    await say(['resource', 'locate', 'nope'], 0, 1, 'unknown resource "nope" (known: db, web, web-app, web-ip)');
    await say(['resource', 'disable', 'db'], 0, 0, 'db is already disabled (target-role Stopped)');
    await say(['resource', 'enable', 'db'], 0, 0, 'db: target-role Stopped -> Started');
    await say(['resource', 'disable', 'db'], 1, 0, 'db: target-role Started -> Stopped');
    await say(['node', 'standby', 'n2'], 2, 0, 'node n2: standby (its resources move away)');
    await say(['node', 'standby', 'n2'], 0, 1, 'node/n2: node n2 is already in standby');
    await say(['resource', 'move', 'web', 'n2'], 0, 1, 'node n2 is in standby: nothing can run there (quorate node online n2 first)');
    await say(['node', 'maintenance', 'n3'], 1, 0, 'node n3: maintenance on (its resources are left alone)');
    await say(['cluster', 'maintenance', 'on'], 2, 0, 'cluster maintenance mode on: resources are left alone');
    await say(['node', 'standby', 'n9'], 0, 1, 'unknown node "n9" (known: n1, n2, n3)');

    const status = await q(['status', '--json'], 1);
    assert.is(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as Record<string, unknown> & { nodes: Array<{ name: string; state: string }>; resources: Array<Record<string, unknown>>; groups: Array<Record<string, unknown>>; dc: { node: string; term: number } };
    assert.equal(Object.keys(s), ['cluster', 'position', 'at', 'dc', 'quorum', 'maintenanceMode', 'nodes', 'resources', 'groups', 'failedActions', 'pendingFencing', 'containers']);
    assert.is(s['maintenanceMode'], true);
    assert.ok(['n1', 'n2', 'n3'].includes(s.dc.node));
    assert.equal(s.nodes.map((n) => `${n.name}:${n.state}`), ['n1:online', 'n2:standby', 'n3:maintenance']);
    assert.equal(Object.keys(s.resources[0]!), ['id', 'agent', 'group', 'state', 'node', 'activeOn', 'since', 'targetRole', 'managed', 'failCounts']);
    assert.equal(s.resources.map((r) => `${r['id']}:${r['state']}:${r['group']}`), ['db:stopped:', 'web-app:stopped:web', 'web-ip:stopped:web']);
    assert.equal(s.groups.map((g) => `${g['id']}:${g['state']}`), ['web:stopped']);
    const text = await q(['status'], 2);
    assert.match(text.stdout, /partition with quorum \(3 of 3 votes/);
    assert.match(text.stdout, /Node n2: standby since/);
    assert.match(text.stdout, /MAINTENANCE MODE/);
    await say(['cluster', 'maintenance', 'off'], 0, 0, 'cluster maintenance mode off');
    await say(['node', 'online', 'n2'], 0, 0, 'node n2: online');
    await say(['node', 'maintenance', 'n3', 'off'], 0, 0, 'node n3: maintenance off');

    const nobody = await cli(['resource', 'locate', 'web', '--cluster', 'nobody', '--nats', c.nats.urls[0]!, '--timeout', '2000']);
    assert.is(nobody.code, 1);
    assert.is(nobody.stderr, 'quorate resource: no DC answered "resource.locate" within 2000 ms: the cluster may have no quorum or be electing a DC\n');
  } catch (e) {
    console.log(c.logs().split('\n').slice(-80).join('\n'));
    throw e;
  }
});

test.run();
