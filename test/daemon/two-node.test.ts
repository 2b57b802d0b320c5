// Two-node mode with real daemons (corosync two_node + wait_for_all): a lone first node waits, both elect one DC,
// and after kill -9 the survivor keeps quorum but journals the other fenced before anything else happens.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Heartbeat } from '../../proto/generated.ts';
import { createTransport, type Transport } from '../../actors/transport.ts';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog', 'two-node': 'true' };
/** Heartbeats the lone node must send without quorum: 15 x 200 ms = 3 dead times, well past its listen window. */
const LONE_HEARTBEATS = 15;

let c: TestCluster | undefined;
let observer: Transport | undefined;

test.after(async () => {
  await observer?.close();
  if (c) await c.stop();
  c = undefined;
});

test('two-node: a lone node waits for all at first start, both then elect one DC; kill -9 leaves a quorate survivor that fences first', async () => {
  c = await startTestCluster({ nodes: ['n1', 'n2'], options: OPTIONS, startNodes: ['n1'] });
  try {
    observer = await createTransport({ servers: c.nats.urls, cluster: c.name, name: 'two-node-observer' });
    const heard: Heartbeat[] = [];
    observer.onHeartbeat((hb) => {
      if (hb.node === 'n1') heard.push(hb);
    });
    // wait_for_all: 1 of 2 votes is no quorum before both were seen together, however long n1 waits.
    await waitFor(`${LONE_HEARTBEATS} heartbeats of the lone n1`, () => heard.length >= LONE_HEARTBEATS, 60_000);
    assert.equal(heard.filter((hb) => hb.quorate || Number(hb.dcTerm) !== 0).map((hb) => hb.counter), [], 'the lone node claimed quorum or a DC');
    assert.equal((await c.facts()).filter((r) => r.fact.type === 'DcElected' || r.fact.type === 'QuorumGained'), []);
    const lone = c.node('n1').status();
    assert.ok(lone && !lone.quorate && lone.ioFenced && !lone.isDc, `lone n1 status: ${JSON.stringify(lone)}`);

    await c.start('n2');
    const dc = await c.waitForDc({ timeoutMs: 60_000 });
    await c.waitForFact('a view of n1,n2', 'MembershipViewChanged', (r) => r.fact.members.join(',') === 'n1,n2', { timeoutMs: 60_000 });
    await c.waitForFact('quorum gained', 'QuorumGained', () => true, { timeoutMs: 60_000 });
    await c.waitForFact('two-node mode journaled', 'ClusterOptionsDefined', (r) => r.fact.options['two-node'] === 'true', { timeoutMs: 60_000 });
    await waitFor('both quorate under one DC', () => ['n1', 'n2'].every((n) => {
      const s = c!.node(n).status();
      return s?.quorate === true && !s.ioFenced && s.term === dc.term;
    }), 60_000);

    // kill -9 of the DC: the survivor holds 1 of 2 votes, which two-node mode counts as quorum.
    const victim = dc.node;
    const survivor = victim === 'n1' ? 'n2' : 'n1';
    const after = await c.journal.lastSeq();
    c.node(victim).signalGroup('SIGKILL');
    const next = await c.waitForDc({ not: victim, after, timeoutMs: 60_000 });
    assert.is(next.node, survivor);
    const lost = await c.waitForFact(`${victim} lost`, 'NodeLost', (r) => r.fact.node === victim, { after, timeoutMs: 60_000 });
    const fenced = await c.waitForFact(`${victim} fenced`, 'NodeFenced', (r) => r.fact.node === victim, { after: lost.seq, timeoutMs: 60_000 });
    assert.ok(fenced.storedAt - lost.storedAt >= 2 * 2500 - 200, `fenced ${fenced.storedAt - lost.storedAt} ms after lost: not the watchdog wait`);
    const since = await c.facts(after + 1);
    assert.equal(since.filter((r) => r.fact.type === 'QuorumLost'), [], 'the survivor never lost quorum');
    // Fence before recover: until the victim is fenced nothing is placed, owned or started.
    const early = since.filter((r) => r.seq < fenced.seq && ['ResourceOperationRequested', 'ContainerOwnerChanged', 'ContainerActivated', 'TransitionPlanned'].includes(r.fact.type));
    assert.equal(early.map((r) => `${r.seq} ${r.fact.type}`), []);
    const s = c.node(survivor).status();
    assert.ok(s?.quorate && !s.ioFenced && s.isDc, `survivor status: ${JSON.stringify(s)}`);
  } catch (e) {
    console.log(c.logs());
    throw e;
  }
});

test.run();
