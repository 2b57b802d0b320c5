// Failover end to end with real daemons, real agents (Dummy, anything) and real fencing (builtin:kill):
// kill -9 of the node running the group -> loss journaled -> fenced -> group started in order on the next
// domain node, never on two nodes at once; the old node returns and stickiness keeps the group; standby drains.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import { testIf } from '../executors/agents.ts';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { configure, doubleStarts, FAILOVER_OPTIONS, killDevice, missingAgents, placement, serviceGroup, startsOn } from './setup.ts';

const NODES = ['n1', 'n2', 'n3'];
const MEMBERS = ['svc-ip', 'svc-fs', 'svc-app'];
const cli = fileURLToPath(new URL('../../cli/quorate.ts', import.meta.url));
let c: TestCluster | undefined;

test.after(async () => {
  if (c) await c.stop();
  c = undefined;
});

function quorate(...args: string[]): { out: string; code: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args, '--nats', c!.nats.urls.join(','), '--cluster', c!.name], { encoding: 'utf8', timeout: 60_000 });
  return { out: `${r.stdout}${r.stderr}`, code: r.status };
}

const started = (resource: string, node: string) => (r: { fact: { type: string } }) => {
  const f = r.fact as { resource?: string; node?: string; operation?: string };
  return f.resource === resource && f.node === node && f.operation === 'start';
};

testIf(test, missingAgents() || undefined, 'failover: kill -9 -> fenced -> group in order on the next domain node; old node returns, stickiness holds; standby drains', async () => {
  c = await startTestCluster({ nodes: NODES, options: FAILOVER_OPTIONS });
  const dc = await c.waitForDc({ timeoutMs: 60_000 });
  await c.waitForFact('quorum', 'QuorumGained', () => true, { timeoutMs: 60_000 });
  await configure(c, dc.term, [killDevice(NODES), ...serviceGroup('svc', NODES)]);
  await c.waitForFact('svc-app started on n1', 'ResourceOperationSucceeded', started('svc-app', 'n1'), { timeoutMs: 90_000 });
  let facts = await c.facts();
  assert.equal(startsOn(facts, 'n1'), { order: MEMBERS, sequential: true }, 'members start in order on n1');

  // why and simulate on the live cluster.
  const why = quorate('why', 'svc-app');
  assert.is(why.code, 0, why.out);
  assert.match(why.out, /svc-app \(group svc\): runs on n1/);
  assert.match(why.out, /n2 \(online\): .*\n.*failover-domain/);
  const sim = quorate('simulate', '--node-down', 'n1');
  assert.is(sim.code, 0, sim.out);
  assert.match(sim.out, /Fence\s+n1/);
  assert.match(sim.out, /start:svc-app@n2/);

  // kill -9 of n1 (the group's node; the DC too when it is n1).
  const before = await c.journal.lastSeq();
  const t0 = Date.now();
  c.node('n1').signalGroup('SIGKILL');
  const lost = await c.waitForFact('n1 lost', 'NodeLost', (r) => r.fact.node === 'n1', { after: before, timeoutMs: 60_000 });
  const fenced = await c.waitForFact('n1 fenced', 'FenceSucceeded', (r) => r.fact.target === 'n1', { after: before, timeoutMs: 90_000 });
  const running = await c.waitForFact('svc-app started on n2', 'ResourceOperationSucceeded', started('svc-app', 'n2'), { after: before, timeoutMs: 90_000 });
  console.log(`  failover (${dc.node === 'n1' ? 'DC and group node' : 'group node'} killed): lost after ${lost.storedAt - t0} ms, fenced after ${fenced.storedAt - t0} ms, group running on n2 after ${running.storedAt - t0} ms`);
  facts = await c.facts();
  assert.equal(doubleStarts(facts), [], 'never started on two nodes at once');
  const moved = startsOn(facts, 'n2', before);
  assert.equal(moved, { order: MEMBERS, sequential: true }, 'members start in order on n2');
  const firstStart = facts.find((r) => r.seq > before && r.fact.type === 'ResourceOperationRequested' && r.fact.operation === 'start')!;
  assert.ok(firstStart.seq > fenced.seq, `a start (seq ${firstStart.seq}) before n1 was fenced (seq ${fenced.seq})`);
  const plan = facts.find((r) => r.seq > before && r.fact.type === 'TransitionPlanned' && r.fact.actions.some((a) => a.id === 'fence:n1'));
  assert.ok(plan, 'the fence was part of a journaled plan');

  // n1 returns: it rejoins, probes find nothing, and stickiness keeps the group on n2.
  const back = await c.journal.lastSeq();
  // A reboot: the fenced machine comes back with an empty /run (the agents' HA_RSCTMP and HA_VARRUN).
  rmSync(join(c.node('n1').stateDir, 'agents'), { recursive: true, force: true });
  await c.start('n1');
  const rejoined = await c.waitForFact('n1 rejoined', 'NodeRejoined', (r) => r.fact.node === 'n1', { after: back, timeoutMs: 60_000 });
  for (const r of MEMBERS) {
    await c.waitForFact(`${r} probed on n1`, 'ResourceOperationSucceeded', (x) => x.fact.resource === r && x.fact.node === 'n1', { after: rejoined.seq, timeoutMs: 60_000 });
  }
  const still = quorate('simulate', '--json');
  assert.is(still.code, 0, still.out);
  assert.equal(JSON.parse(still.out).actions, [], 'the DC would move nothing');
  facts = await c.facts();
  assert.equal(facts.filter((r) => r.seq > back && r.fact.type === 'ResourceOperationRequested' && MEMBERS.includes(r.fact.resource) && r.fact.operation !== 'monitor').map((r) => JSON.stringify(r.fact)), [], 'nothing was stopped or started');
  for (const r of MEMBERS) assert.equal(placement(facts).get(r), ['n2']);

  // Standby drains n2: stops in reverse order, then the group starts on the first domain node, n1.
  const drain = await c.journal.lastSeq();
  const term = (await c.waitForDc({ timeoutMs: 10_000 })).term;
  await configure(c, term, [{ type: 'NodeStandby', node: 'n2', reason: 'drain' }]);
  await c.waitForFact('svc-app started on n1', 'ResourceOperationSucceeded', started('svc-app', 'n1'), { after: drain, timeoutMs: 90_000 });
  facts = await c.facts();
  const stops = facts.filter((r) => r.seq > drain && r.fact.type === 'ResourceOperationRequested' && r.fact.operation === 'stop' && r.fact.node === 'n2').map((r) => (r.fact as { resource: string }).resource);
  const story = `${facts.filter((r) => r.seq > drain).map((r) => `${r.seq} ${r.fact.type} ${JSON.stringify(r.fact).slice(0, 160)}`).join('\n')}\n${c.logs().split('\n').filter((l) => /quorum|self-fence/.test(l)).join('\n')}`;
  // Stopped in reverse member order (a member a probe already found stopped needs no stop).
  const reverse = [...MEMBERS].reverse();
  assert.equal(stops, reverse.filter((r) => stops.includes(r)), `stopped in reverse order:\n${story}`);
  assert.ok(stops.includes('svc-app'), `the last member is stopped first:\n${story}`);
  for (const r of MEMBERS) assert.equal(placement(facts).get(r), ['n1'], `${r} on n1:\n${story}`);
  assert.equal(startsOn(facts, 'n1', drain), { order: MEMBERS, sequential: true });
  assert.equal(doubleStarts(facts), []);
});

test.run();
