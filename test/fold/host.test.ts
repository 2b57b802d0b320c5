// The actor host: intents are routed only for new facts and only to the node they name; snapshots every N facts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryJournal } from '../../journal/memory.ts';
import { readSnapshot } from '../../journal/snapshot.ts';
import { createActorHost } from '../../actors/host.ts';
import { createIntentRecorder } from '../../actors/intents.ts';
import type { Fact } from '../../proto/generated.ts';

const fence = (target: string, executor: string, requestId: string): Fact => ({
  type: 'FenceRequested', target, action: 'off', requestId, reason: 'lost', requestedBy: 'n1', executor,
});
const define = (node: string): Fact => ({ type: 'NodeDefined', config: { node, votes: 1, attributes: {} } });

test('host: routes a new fact\'s intent to this node, DC intents to the DC router, history to nobody', async () => {
  const j = createMemoryJournal('host');
  // A DC first: fence requests are the DC's to write, stamped with its term (the fold refuses any other).
  const [term] = await j.append({ kind: 'cluster', id: 'dc' }, [{ fact: { type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false } }]);
  const asDc = { term: term! };
  await j.append({ kind: 'node', id: 'n3' }, [{ fact: define('n3') }, { fact: fence('n3', 'n1', 'old') }], asDc);
  const mine = createIntentRecorder();
  const dc = createIntentRecorder();
  const host = await createActorHost({ journal: j, node: 'n1', router: mine, dcRouter: dc });
  try {
    assert.is(host.startedAt, 3);
    assert.ok(host.actor('node/n3'), 'actor restored from the rebuild');
    assert.is(host.actor('node/n3')!.id, 'node:n3');
    await j.append({ kind: 'node', id: 'n4' }, [{ fact: define('n4') }, { fact: fence('n4', 'n1', 'r1') }], asDc);
    await j.append({ kind: 'node', id: 'n2' }, [{ fact: define('n2') }, { fact: fence('n2', 'n2', 'r2') }], asDc);
    const seqs = await j.append({ kind: 'node', id: 'n1' }, [{ fact: define('n1') }, { fact: fence('n1', '', 'r3') }], asDc);
    await host.waitFor(seqs.at(-1)!);
    assert.equal(mine.records.map((r) => [r.intent.type, r.intent['target'], r.cause.seq, r.cause.entity]), [['Fence', 'n4', 5, 'node/n4']]);
    assert.equal(host.state().inconsistencies, []);
    assert.equal(dc.records.map((r) => r.intent['target']), ['n1']);
    assert.is(host.stats.notOurs, 1);
    assert.is(host.stats.applied, 6);
  } finally {
    await host.stop();
  }
});

test('host: writes a snapshot every N facts, and waitFor rejects once stopped', async () => {
  const j = createMemoryJournal('host');
  const host = await createActorHost({ journal: j, node: 'n1', router: createIntentRecorder(), snapshotEvery: 3 });
  let last = 0;
  try {
    for (const n of ['a', 'b', 'c', 'd']) [last] = (await j.append({ kind: 'node', id: n }, [{ fact: define(n) }])) as [number];
    await host.waitFor(last);
    const deadline = Date.now() + 10_000;
    let snap = await readSnapshot(j);
    while (!snap && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      snap = await readSnapshot(j);
    }
    assert.ok(snap?.ok, 'a snapshot was written');
    if (snap?.ok) assert.is(snap.state.position, 3);
  } finally {
    await host.stop();
  }
  try {
    await host.waitFor(last + 10, 1000);
    assert.unreachable('waitFor resolved on a stopped host');
  } catch (e) {
    assert.match((e as Error).message, 'stopped');
  }
});

test.run();
