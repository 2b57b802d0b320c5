// Real daemons on a real 3-server NATS cluster (one server per node): election, DC loss, pause, isolation, leave.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { waitFor } from '../harness/nats.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'watchdog-timeout': '2500ms', 'fencing-mode': 'watchdog' };
let c: TestCluster | undefined;

const lastSeq = async () => c!.journal.lastSeq();
const dcOf = async () => {
  const facts = await c!.facts();
  let term = 0;
  let node = '';
  for (const r of facts) {
    if (r.fact.type === 'DcElected' && r.fact.previousTerm === term) ({ term, node } = { term: r.seq, node: r.fact.node });
    if (r.fact.type === 'DcResigned' && r.fact.node === node) node = '';
  }
  return { node, term };
};

/** Every node running, in the journaled view, and following one DC: the starting point of each scenario. */
const settled = async () => {
  for (const n of ['n1', 'n2', 'n3']) if (!c!.node(n).running) await c!.start(n);
  await waitFor('all three in the view under one DC', async () => {
    const dc = await dcOf();
    return dc.node !== '' && ['n1', 'n2', 'n3'].every((n) => {
      const s = c!.node(n).status();
      return s?.quorate && !s.ioFenced && s.term === dc.term;
    }) && (await c!.facts()).filter((r) => r.fact.type === 'MembershipViewChanged').at(-1)?.fact.type === 'MembershipViewChanged' &&
      ((await c!.facts()).filter((r) => r.fact.type === 'MembershipViewChanged').at(-1)!.fact as { members: string[] }).members.length === 3;
  }, 60_000);
  return dcOf();
};

test.after(async () => {
  if (c) await c.stop();
  c = undefined;
});

test('daemon: three daemons elect exactly one DC and journal a quorate view of all three', async () => {
  c = await startTestCluster({ nodes: ['n1', 'n2', 'n3'], options: OPTIONS });
  try {
    await c.waitForFact('a view of n1,n2,n3', 'MembershipViewChanged', (r) => r.fact.members.join(',') === 'n1,n2,n3', { timeoutMs: 60_000 });
    await c.waitForFact('quorum gained', 'QuorumGained', () => true);
    const claims = (await c.facts()).filter((r) => r.fact.type === 'DcElected');
    // Every accepted claim names the term before it: a chain, never a fork.
    let term = 0;
    for (const r of claims) {
      assert.is((r.fact as { previousTerm: number }).previousTerm, term, `claim at ${r.seq} forks the DC chain`);
      term = r.seq;
    }
    const dc = await dcOf();
    assert.ok(['n1', 'n2', 'n3'].includes(dc.node));
    await waitFor('every node to follow the DC term', () =>
      ['n1', 'n2', 'n3'].every((n) => c!.node(n).status()?.term === dc.term && c!.node(n).status()?.quorate));
    assert.equal(['n1', 'n2', 'n3'].filter((n) => c!.node(n).status()?.isDc), [dc.node]);
  } catch (e) {
    console.log(c.logs());
    throw e;
  }
});

test('daemon: kill -9 of the DC gives a new DC and the old one journaled lost, then fenced by the watchdog wait', async () => {
  try {
    const before = await settled();
    const after = await lastSeq();
    const t0 = Date.now();
    c!.node(before.node).signalGroup('SIGKILL');
    const next = await c!.waitForDc({ not: before.node, after, timeoutMs: 30_000 });
    const electedIn = Date.now() - t0;
    const lost = await c!.waitForFact(`${before.node} lost`, 'NodeLost', (r) => r.fact.node === before.node, { after });
    await c!.waitForFact(`${before.node} fenced`, 'NodeFenced', (r) => r.fact.node === before.node && r.fact.method === 'watchdog', { after: lost.seq });
    assert.is.not(next.node, before.node);
    console.log(`  new DC ${next.node} ${electedIn} ms after kill -9 of ${before.node}`);
    // The old DC comes back as a new incarnation and rejoins.
    await c!.start(before.node);
    await c!.waitForFact(`${before.node} rejoined`, 'NodeRejoined', (r) => r.fact.node === before.node, { after: lost.seq });
  } catch (e) {
    console.log(c!.logs());
    throw e;
  }
});

test('daemon: a node paused past the dead time is journaled lost, and after SIGCONT it rejoins as a new incarnation', async () => {
  try {
    const dc = await settled();
    const victim = ['n1', 'n2', 'n3'].find((n) => n !== dc.node)!;
    const oldIncarnation = c!.node(victim).status()!.incarnation;
    const after = await lastSeq();
    c!.node(victim).signal('SIGSTOP');
    const lost = await c!.waitForFact(`${victim} lost`, 'NodeLost', (r) => r.fact.node === victim, { after });
    c!.node(victim).signal('SIGCONT');
    const rejoined = await c!.waitForFact(`${victim} rejoined`, 'NodeRejoined', (r) => r.fact.node === victim, { after: lost.seq });
    assert.is.not((rejoined.fact as { incarnation: string }).incarnation, oldIncarnation);
    // Between its loss and its rejoin, nothing it wrote claimed anything.
    const between = (await c!.facts(lost.seq)).filter((r) => r.seq < rejoined.seq && r.meta.origin === victim);
    assert.equal(between.map((r) => r.fact.type).filter((t) => t !== 'NodeLeft'), []);
    assert.ok(c!.node(victim).running, 'the paused node was not killed: it rejoined');
  } catch (e) {
    console.log(c!.logs());
    throw e;
  }
});

test('daemon: a node killed and started again at once is counted fenced by its restart (before the watchdog wait) and rejoins', async () => {
  try {
    const dc = await settled();
    const victim = ['n1', 'n2', 'n3'].find((n) => n !== dc.node)!;
    const after = await lastSeq();
    c!.node(victim).signalGroup('SIGKILL');
    await c!.node(victim).exited();
    await c!.start(victim);
    const lost = await c!.waitForFact(`${victim} lost`, 'NodeLost', (r) => r.fact.node === victim, { after });
    // Its new incarnation stopped what the old one ran and says so: no need to wait 2 x watchdog-timeout.
    const fenced = await c!.waitForFact(`${victim} fenced`, 'NodeFenced', (r) => r.fact.node === victim, { after: lost.seq });
    assert.is((fenced.fact as { method: string }).method, 'restart');
    const back = await c!.waitForFact(`${victim} rejoined`, 'NodeRejoined', (r) => r.fact.node === victim, { after: fenced.seq });
    assert.is((back.fact as { incarnation: string }).incarnation, (fenced.fact as { requestId: string }).requestId.replace(/^restart:/, ''));
    // While the journal counted it lost, it claimed nothing (and never the DC).
    const between = (await c!.facts(lost.seq)).filter((r) => r.seq < back.seq && r.meta.origin === victim);
    assert.equal(between.map((r) => r.fact.type), []);
  } catch (e) {
    console.log(c!.logs());
    throw e;
  }
});

test('daemon: a node paused past the watchdog timeout is killed by its watchdog', async () => {
  try {
    const dc = await settled();
    const victim = ['n1', 'n2', 'n3'].find((n) => n !== dc.node)!;
    c!.node(victim).signal('SIGSTOP');
    await c!.node(victim).exited();
    assert.is(c!.node(victim).exitSignal, 'SIGKILL');
    await c!.start(victim);
    await c!.waitForFact(`${victim} back in the view`, 'MembershipViewChanged', (r) => r.fact.members.includes(victim), { after: await lastSeq() });
  } catch (e) {
    console.log(c!.logs());
    throw e;
  }
});

test('daemon: a node cut off from the cluster loses quorum and fences its I/O; the majority keeps quorum; healing brings it back', async () => {
  try {
    const dc = await settled();
    const victim = ['n1', 'n2', 'n3'].find((n) => n !== dc.node)!;
    const after = await lastSeq();
    c!.node(victim).proxy.cut();
    await waitFor(`${victim} to lose quorum and fence its I/O`, () => {
      const s = c!.node(victim).status();
      return s !== undefined && !s.quorate && s.ioFenced;
    });
    const lost = await c!.waitForFact(`${victim} lost`, 'NodeLost', (r) => r.fact.node === victim, { after });
    const quorumLost = (await c!.facts(after + 1)).filter((r) => r.fact.type === 'QuorumLost');
    assert.equal(quorumLost, [], 'the majority never lost quorum');
    assert.ok(c!.node(dc.node).status()?.quorate);
    c!.node(victim).proxy.heal();
    await c!.waitForFact(`${victim} rejoined`, 'NodeRejoined', (r) => r.fact.node === victim, { after: lost.seq });
    await waitFor(`${victim} quorate again`, () => c!.node(victim).status()?.quorate && !c!.node(victim).status()?.ioFenced);
  } catch (e) {
    console.log(c!.logs());
    throw e;
  }
});

test('daemon: a graceful leave (SIGTERM) journals NodeLeft, exits 0 and is never fenced', async () => {
  try {
    const dc = await settled();
    const victim = ['n1', 'n2', 'n3'].find((n) => n !== dc.node)!;
    const after = await lastSeq();
    c!.node(victim).signal('SIGTERM');
    assert.is(await c!.node(victim).exited(), 0);
    const left = await c!.waitForFact(`${victim} left`, 'NodeLeft', (r) => r.fact.node === victim, { after });
    await c!.waitForFact('a view without it', 'MembershipViewChanged', (r) => !r.fact.members.includes(victim), { after: left.seq });
    // Bring it back: everything the DC journaled about it between leaving and rejoining is in the journal now.
    await c!.start(victim);
    const back = await c!.waitForFact(`${victim} rejoined`, 'NodeRejoined', (r) => r.fact.node === victim, { after: left.seq });
    const fenced = (await c!.facts(left.seq)).filter(
      (r) => r.seq < back.seq && ['NodeLost', 'FenceRequested', 'NodeFenced'].includes(r.fact.type) &&
        ((r.fact as { node?: string }).node === victim || (r.fact as { target?: string }).target === victim),
    );
    assert.equal(fenced, []);
  } catch (e) {
    console.log(c!.logs());
    throw e;
  }
});

test.run();
