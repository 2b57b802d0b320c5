// The fold's DC-term rule: DC-only facts count only with the current DC term; a node's own facts always count.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { digestState } from '../../machines/digest.ts';
import { currentTerm, emptyState, foldEntry, stateName, type ClusterState } from '../../machines/fold.ts';
import { createMemoryJournal } from '../../journal/memory.ts';
import { journalTerm, rebuild } from '../../journal/rebuild.ts';
import { createActorHost } from '../../actors/host.ts';
import { createIntentRecorder } from '../../actors/intents.ts';

const T0 = Date.UTC(2024, 4, 1);
type Written = readonly [Fact, number];

const claim = (node: string, previousTerm: number): Fact => ({ type: 'DcElected', node, previousTerm, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false });
const define = (node: string): Fact => ({ type: 'NodeDefined', config: { node, votes: 1, attributes: {} } });
const joined = (node: string): Fact => ({ type: 'NodeJoined', node, incarnation: `${node}-1`, address: '' });
const lost = (node: string): Fact => ({ type: 'NodeLost', node, viewId: 2, reason: 'silent: 1200 ms' });

/** Given facts written with the terms their writers stamped, folded in order from sequence 1. */
function given(written: readonly Written[]): ClusterState {
  const s = emptyState('term');
  written.forEach(([fact, term], i) => {
    foldEntry(s, { kind: 'fact', seq: i + 1, entity: entityOf(fact), fact, meta: { cluster: 'term', occurredAt: T0 + i, origin: 'x', term } });
  });
  return s;
}
const membership = (s: ClusterState, node: string) => stateName(s.entities.get(`node/${node}`)!.snapshot.value);

// n1 is DC of term 1; n2 and n3 join under it; n1 is paused, n3 takes over as DC of term 4.
const TAKEOVER: readonly Written[] = [
  [claim('n1', 0), 0], [define('n2'), 1], [joined('n2'), 1], [claim('n3', 1), 1],
];

test('term: given a takeover, when the deposed DC\'s late NodeLost lands, then it is an inconsistency and changes nothing but lastSeq', () => {
  const before = given(TAKEOVER);
  assert.is(currentTerm(before), 4);
  const s = given([...TAKEOVER, [lost('n2'), 1]]);
  assert.is(membership(s, 'n2'), membership(before, 'n2'));
  assert.match(membership(s, 'n2'), 'member');
  assert.equal(s.inconsistencies, [{ seq: 5, entity: 'node/n2', type: 'NodeLost', state: membership(before, 'n2'), error: 'stale DC term 1, current 4' }]);
  assert.is(s.entities.get('node/n2')!.lastSeq, 5, 'the subject\'s sequence is its token, refused or not');
});

test('term: given a takeover, when the new DC journals the same NodeLost with its term, then it counts', () => {
  const s = given([...TAKEOVER, [lost('n2'), 4]]);
  assert.match(membership(s, 'n2'), 'lost');
  assert.equal(s.inconsistencies, []);
});

test('term: given n2 journaled lost, when its DC claim lands after the loss, then the fold refuses it and the term stays', () => {
  // n1 is DC of term 1; n2 joins and is journaled lost; n2's claim, decided before it read its loss, lands after it.
  const s = given([[claim('n1', 0), 0], [define('n2'), 1], [joined('n2'), 1], [lost('n2'), 1], [claim('n2', 1), 1]]);
  assert.is(currentTerm(s), 1, 'no term from a lost claimant');
  assert.equal(s.inconsistencies.map((i) => [i.seq, i.type, i.error]), [[5, 'DcElected', 'DC claim by n2, which the journal counts lost']]);
  assert.is(s.entities.get('cluster/dc')!.lastSeq, 5, 'the subject\'s sequence is its token, refused or not');
  // The next claim follows term 1 on top of the refused one's sequence: it counts.
  const next = given([[claim('n1', 0), 0], [define('n2'), 1], [joined('n2'), 1], [lost('n2'), 1], [claim('n2', 1), 1], [claim('n1', 1), 1]]);
  assert.is(currentTerm(next), 6);
});

test('term: every DC-only fact with a stale term is refused: suspicion, view, quorum, fencing, operations, plans, deadlines, config', () => {
  const stale: Fact[] = [
    { type: 'NodeSuspected', node: 'n2', lastHeardAt: 0, silentMs: 600 },
    { type: 'NodeFenced', node: 'n2', method: 'watchdog', requestId: '', device: '' },
    { type: 'MembershipViewChanged', viewId: 2, members: ['n3'], lost: ['n2'], votes: 1, expectedVotes: 2 },
    { type: 'QuorumLost', viewId: 2, votes: 1, expectedVotes: 2 },
    { type: 'FenceRequested', target: 'n2', action: 'off', requestId: 'r1', reason: 'lost', requestedBy: 'n1', executor: '' },
    { type: 'ResourceOperationRequested', resource: 'web', node: 'n2', operation: 'start', opId: 'o1', intervalMs: 0, timeoutMs: 20_000, transitionId: 't', actionId: 't/0' },
    { type: 'TransitionPlanned', transitionId: 't', position: 4, stateDigest: '', actions: [], summary: '' },
    { type: 'DeadlineExpired', entity: 'node/n2', deadline: 'self-fence', dueAt: 0 },
    { type: 'ResourceDefined', config: { id: 'db', agent: 'ocf:heartbeat:Dummy', params: {}, meta: {}, operations: [], failoverDomain: [], container: '' } },
    { type: 'ClusterOptionsChanged', options: { 'dead-time': '1s' } },
  ];
  const base = given(TAKEOVER);
  const s = given([...TAKEOVER, ...stale.map((f): Written => [f, 1])]);
  assert.equal(s.inconsistencies.map((i) => [i.type, i.error]), stale.map((f) => [f.type, 'stale DC term 1, current 4']));
  for (const [key, e] of s.entities) {
    const was = base.entities.get(key);
    if (was) assert.equal(e.snapshot.context, was.snapshot.context, `${key} unchanged`);
  }
});

test('term: a node\'s own facts count whatever term it stamped (its claim, its leave, its operation and fencing results)', () => {
  const s = given([
    ...TAKEOVER,
    [{ type: 'NodeFenced', node: 'n2', method: 'agent', requestId: '', device: 'pdu' }, 1],
    [{ type: 'ResourceDefined', config: { id: 'web', agent: 'ocf:heartbeat:Dummy', params: {}, meta: {}, operations: [], failoverDomain: [], container: '' } }, 4],
    [{ type: 'ResourceOperationSucceeded', resource: 'web', node: 'n3', operation: 'probe', opId: 'p1', rc: 7, durationMs: 3, output: '' }, 1],
    [{ type: 'DcResigned', node: 'n3', reason: 'shutdown' }, 0],
    [claim('n1', 4), 1],
  ]);
  assert.equal(s.inconsistencies.filter((i) => i.error?.startsWith('stale')), []);
  assert.is(currentTerm(s), 9, 'the stale node\'s claim naming the current term wins: the claim is guarded by previousTerm');
});

test('term: before the first DC only bootstrap facts written with term 0 count', () => {
  const s = given([
    [define('n1'), 0],
    [define('n2'), 3],
    [{ type: 'NodeSuspected', node: 'n1', lastHeardAt: 0, silentMs: 600 }, 0],
    [{ type: 'ClusterOptionsDefined', options: { 'two-node': 'true' } }, 0],
  ]);
  assert.equal(s.inconsistencies.map((i) => [i.seq, i.error]), [
    [2, 'DC term 3 before any DC was elected (bootstrap facts are written with term 0)'],
    [3, 'NodeSuspected needs a DC, and none was ever elected (term 0)'],
  ]);
  assert.ok(s.entities.get('cluster/options')!.snapshot.context, 'options defined');
  assert.is(currentTerm(s), 0);
});

test('term: live actors apply the same rule as the rebuild (live = rebuild), and journalTerm reads the term in force', async () => {
  const j = createMemoryJournal('term');
  const host = await createActorHost({ journal: j, node: 'n2', router: createIntentRecorder(), dcRouter: createIntentRecorder() });
  try {
    assert.is(await journalTerm(j), 0);
    let last = 0;
    for (const [fact, term] of [...TAKEOVER, [lost('n2'), 1] as Written, [lost('n2'), 4] as Written]) {
      [last] = (await j.append(entityOf(fact), [{ fact }], { term, origin: 'x' })) as [number];
    }
    await host.waitFor(last);
    const pure = await rebuild(j, { useSnapshot: false });
    assert.is(host.digest(), digestState(pure));
    assert.equal(host.state().inconsistencies, pure.inconsistencies);
    assert.equal(pure.inconsistencies.map((i) => i.error), ['stale DC term 1, current 4']);
    assert.match(membership(pure, 'n2'), 'lost');
    assert.is(await journalTerm(j), 4);
  } finally {
    await host.stop();
  }
});

test.run();
