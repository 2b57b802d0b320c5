// The checkers bite: a clean hand-made history passes, and each hand-made bad history is flagged by its invariant.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import type { DiskWrite, HistFact, RunHistory } from './history.ts';
import { checkRun, formatReport } from './checker/index.ts';
import { oneDcPerTermWith, refusedAsStale } from './checker/i4-one-dc-per-term.ts';

const T0 = 1_700_000_000_000;
const WD = 1_000;

/** A history builder: facts get consecutive sequences; `at` is ms after T0 on the servers' clock. */
function facts(list: readonly [number, string, number, Fact][]): HistFact[] {
  return list.map(([at, origin, term, fact], i) => ({
    seq: i + 1, storedAt: T0 + at, occurredAt: T0 + at, origin, term, eventId: `e${i + 1}`, entity: 'x', fact,
  }));
}
const write = (node: string, epoch: number, at: number, offset = at): DiskWrite => ({ node, disk: 'd1', epoch, offset, at: T0 + at });

/** n1 is DC (term 1); n1 is killed at 10 s; n2 is elected (term 5), loses n1, fences it after the watchdog wait. */
function good(): RunHistory {
  const f = facts([
    [0, 'n1', 0, { type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false }],
    [100, 'n1', 1, { type: 'MembershipViewChanged', viewId: 1, members: ['n1', 'n2', 'n3'], lost: [], votes: 3, expectedVotes: 3 }],
    [200, 'n1', 1, { type: 'QuorumGained', viewId: 1, votes: 3, expectedVotes: 3 }],
    [300, 'harness', 0, { type: 'NodeChanged', config: { node: 'n3', votes: 1, attributes: { probe: '1' } } }],
    [11_000, 'n2', 1, { type: 'DcElected', node: 'n2', previousTerm: 1, previousDc: 'n1', viewId: 1, votes: 0, expectedVotes: 0, heard: [], twoNode: false }],
    [11_100, 'n2', 5, { type: 'NodeLost', node: 'n1', viewId: 2, reason: 'silent' }],
    [11_200, 'n2', 5, { type: 'MembershipViewChanged', viewId: 2, members: ['n2', 'n3'], lost: ['n1'], votes: 2, expectedVotes: 3 }],
    [13_200, 'n2', 5, { type: 'NodeFenced', node: 'n1', method: 'watchdog', requestId: '', device: '' }],
  ]);
  const writes = [write('n1', 1, 1_000), write('n1', 1, 9_900), write('n2', 5, 13_300), write('n2', 5, 20_000)];
  return {
    nodes: ['n1', 'n2', 'n3'], facts: f, writes,
    timeline: [{ at: T0 + 10_000, kind: 'kill', targets: ['n1'] }],
    acked: [{ eventId: 'e4', seq: 4 }],
    origins: ['n1', 'n2', 'n3', 'harness'],
    options: { watchdogMs: WD, deadTimeMs: 500, fencingMode: 'watchdog' },
    replicas: ['s1', 's2', 's3'].map((server) => ({ server, messages: 8, firstSeq: 1, lastSeq: 8, bytes: 900 })),
    digests: [{ who: 'replay@s1', position: 8, digest: 'abc' }, { who: 'replay@s2', position: 8, digest: 'abc' }],
    healedAt: T0 + 12_000,
    settled: { at: T0 + 20_500, views: [
      { node: 'n1', running: false, quorate: false, ioFenced: true, isDc: true, term: 1 },
      { node: 'n2', running: true, quorate: true, ioFenced: false, isDc: true, term: 5 },
      { node: 'n3', running: true, quorate: true, ioFenced: false, isDc: false, term: 5 },
    ] },
    logs: { n1: ['started'], n2: ['elected DC, term 5'] },
    exits: [{ node: 'n1', at: T0 + 10_010, code: null, signal: 'SIGKILL' }],
  };
}

const only = (h: RunHistory) => [...new Set(checkRun(h).map((v) => v.invariant))].sort();

test('fault checker: a clean history has no violations', () => {
  const v = checkRun(good());
  assert.equal(v, [], formatReport(v));
});

const bad: Record<string, [string, (h: RunHistory) => RunHistory]> = {
  'stale epoch after a newer one': ['I1', (h) => ({ ...h, writes: [...h.writes, write('n1', 1, 21_000)] })],
  'two writers with one epoch': ['I1', (h) => ({ ...h, writes: [...h.writes, write('n3', 5, 15_000)] })],
  'watchdog fencing before the wait': ['I2', (h) => ({ ...h, facts: h.facts.map((r) => (r.fact.type === 'NodeFenced' ? { ...r, storedAt: T0 + 11_500 } : r)) })],
  'takeover on disk before the fencing': ['I2', (h) => ({ ...h, writes: [write('n1', 1, 1_000), write('n2', 5, 12_000), write('n2', 5, 20_000)] })],
  'old owner writes after its successor': ['I2', (h) => ({ ...h, writes: [write('n1', 1, 1_000), write('n2', 5, 13_300), write('n1', 1, 13_400), write('n2', 5, 20_000)] })],
  'container taken from a lost, unfenced node': ['I2', (h) => ({ ...h, facts: [...h.facts.slice(0, 7), { ...h.facts[6]!, seq: 8, eventId: 'c', fact: { type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n1', owner: 'n2', reason: 'takeover', previousEpoch: 1, fenceRequestId: '' } }, { ...h.facts[7]!, seq: 9 }] })],
  'DC elected while the view has no quorum': ['I3', (h) => ({ ...h, facts: [...h.facts, ...facts([[0, 'n2', 5, { type: 'QuorumLost', viewId: 3, votes: 1, expectedVotes: 3 }], [0, 'n3', 5, { type: 'DcElected', node: 'n3', previousTerm: 5, previousDc: 'n2', viewId: 3, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]]).map((r, i) => ({ ...r, seq: 9 + i, eventId: `z${i}`, storedAt: T0 + 30_000 }))] })],
  'claim by a node during its isolation': ['I3', (h) => ({ ...h, timeline: [...h.timeline, { at: T0 + 5_000, end: T0 + 12_000, kind: 'isolate', targets: ['n2'] }] })],
  'forked DC chain': ['I4', (h) => ({ ...h, facts: [...h.facts, ...facts([[30_000, 'n3', 1, { type: 'DcElected', node: 'n3', previousTerm: 1, previousDc: 'n1', viewId: 2, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]]).map((r) => ({ ...r, seq: 9, eventId: 'fork' }))] })],
  'an acknowledged fact lost': ['I5', (h) => ({ ...h, acked: [...h.acked, { eventId: 'gone', seq: 9 }] })],
  'a fact stored twice': ['I5', (h) => ({ ...h, facts: [...h.facts, { ...h.facts[3]!, seq: 9 }] })],
  'a fact from nowhere': ['I5', (h) => ({ ...h, facts: h.facts.map((r) => (r.seq === 4 ? { ...r, origin: 'mallory' } : r)) })],
  'replicas differ after healing': ['I6', (h) => ({ ...h, replicas: [...h.replicas!.slice(0, 2), { server: 's3', messages: 7, firstSeq: 1, lastSeq: 7, bytes: 800 }] })],
  'replay digest differs': ['I7', (h) => ({ ...h, digests: [...h.digests!, { who: 'n3', position: 8, digest: 'abd' }] })],
  'two DCs after healing': ['I8', (h) => ({ ...h, settled: { ...h.settled!, views: h.settled!.views.map((v) => (v.node === 'n3' ? { ...v, isDc: true } : v)) } })],
  'no writes after healing': ['I8', (h) => ({ ...h, writes: h.writes.slice(0, 2) })],
  'a node still fenced after healing': ['I8', (h) => ({ ...h, settled: { ...h.settled!, views: h.settled!.views.map((v) => (v.node === 'n3' ? { ...v, quorate: false } : v)) } })],
  'an unhandled rejection in a log': ['I9', (h) => ({ ...h, logs: { ...h.logs, n3: ['Unhandled promise rejection: boom'] } })],
  'an unexplained exit': ['I9', (h) => ({ ...h, exits: [...h.exits!, { node: 'n3', at: T0 + 5_000, code: 1, signal: null }] })],
};

// A deposed DC's late write under its old term reaches the log (a round trip's window) but must change nothing.
const staleWrite = (h: RunHistory): RunHistory => ({ ...h, facts: [...h.facts, ...facts([[30_000, 'n1', 1, { type: 'NodeLost', node: 'n3', viewId: 3, reason: 'silent' }]]).map((r) => ({ ...r, seq: 9, eventId: 'stale' }))] });

test('fault checker: a deposed DC write the fold refuses is inert, not an I4 violation', () => {
  assert.ok(refusedAsStale(staleWrite(good()).facts).has(9), 'the fold refuses the stale-term NodeLost');
  assert.equal(only(staleWrite(good())), []);
});

test('fault checker: flags a deposed DC write that a fold accepted as I4', () => {
  const v = oneDcPerTermWith(() => new Set())(staleWrite(good()));
  assert.ok(v.some((x) => x.invariant === 'I4' && x.seq === 9 && /deposed DC acted/.test(x.message)), formatReport(v));
  assert.equal(oneDcPerTermWith(() => new Set([9]))(staleWrite(good())), []);
});

for (const [name, [invariant, mutate]] of Object.entries(bad)) {
  test(`fault checker: flags ${name} as ${invariant}`, () => {
    const v = checkRun(mutate(good()));
    assert.ok(v.some((x) => x.invariant === invariant), `expected ${invariant}, got:\n${formatReport(v)}`);
    assert.equal(only(mutate(good())).filter((i) => i !== invariant && !(invariant === 'I2' && i === 'I1') && !(invariant === 'I1' && i === 'I2')), [], formatReport(v));
  });
}

test.run();
