// `quorate audit live`: each daemon's live digest against a from-scratch replay to the position it names — on a live
// cluster through the CLI, and, on an in-memory journal, that a node holding a state the log does not give is named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditLive, renderLive } from '../../cli/audit-live.ts';
import { createMemoryJournal } from '../../journal/memory.ts';
import { rebuild } from '../../journal/rebuild.ts';
import { digestState, entityDigests } from '../../machines/digest.ts';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { cli } from './cli.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' };
let c: TestCluster | undefined;

test.after(async () => {
  if (c) await c.stop();
  c = undefined;
});

test('audit live: a node whose live digest is not the replay\'s is named; silent nodes are listed', async () => {
  const j = createMemoryJournal('mem');
  for (const n of ['n1', 'n2', 'n3']) await j.append({ kind: 'node', id: n }, [{ fact: { type: 'NodeDefined', config: { node: n, votes: 1, attributes: {} } } }]);
  const s2 = await rebuild(j, { to: 2, useSnapshot: false });
  const at2 = digestState(s2);
  const at3 = digestState(await rebuild(j, { to: 3, useSnapshot: false }));
  assert.is.not(at2, at3);
  const a = await auditLive(j, ['n1', 'n2', 'n3'], async (n) => {
    if (n === 'n1') return { node: n, incarnation: 'i1', position: 2, digest: at2, at: 0, entities: entityDigests(s2) };
    // Holds seq 2's state at 3: it lacks node/n3, which the entity digests name.
    if (n === 'n2') return { node: n, incarnation: 'i2', position: 3, digest: at2, at: 0, entities: entityDigests(s2) };
    return undefined;
  });
  assert.equal(a.probes.map((p) => [p.node, p.position, p.live === p.replay, p.differs]), [['n1', 2, true, []], ['n2', 3, false, ['node/n3']]]);
  assert.equal(a.silent, ['n3']);
  const text = renderLive(a);
  assert.ok(text.includes('  n2 differs in node/n3'), text.join('\n'));
  assert.match(text.at(-1)!, /1 node\(s\) differ from the replay: n2/);
  assert.ok(text.some((l) => /^n3 +did not answer/.test(l)), text.join('\n'));
  await j.close();
});

test('audit live: every daemon of a live cluster matches a replay; a killed one does not answer', async () => {
  c = await startTestCluster({ nodes: ['n1', 'n2', 'n3'], natsSize: 1, options: OPTIONS });
  await c.waitForFact('a view of n1,n2,n3', 'MembershipViewChanged', (r) => r.fact.members.join(',') === 'n1,n2,n3', { timeoutMs: 60_000 });
  const q = (args: string[]) => cli([...args, '--cluster', c!.name, '--nats', c!.nats.urls[0]!]);
  const r = await q(['audit', 'live']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  for (const n of ['n1', 'n2', 'n3']) assert.match(r.stdout, new RegExp(`^${n} .* same$`, 'm'));
  assert.match(r.stdout, /audit live: 3 node\(s\) match a from-scratch replay/);
  c.node('n3').signalGroup('SIGKILL');
  await c.waitForFact('n3 lost', 'NodeLost', (x) => x.fact.node === 'n3', { timeoutMs: 60_000 });
  const after = await q(['audit', 'live', '--timeout', '1000']);
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.match(after.stdout, /^n3 +did not answer$/m);
  assert.match(after.stdout, /audit live: 2 node\(s\) match/);
  const bad = await q(['audit', 'sideways']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /expected "audit verify" or "audit live", got "sideways"/);
});

test.run();
