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
const write = (node: string, epoch: number, at: number, disk = 'disk-d0.img'): DiskWrite => ({ node, container: 'c1', disk, epoch, offset: at, at: T0 + at });
const op = (type: 'ResourceOperationRequested' | 'ResourceOperationSucceeded', operation: string, node: string, opId: string): Fact =>
  type === 'ResourceOperationRequested'
    ? { type, resource: 'app-writer', node, operation, opId, intervalMs: 0, timeoutMs: 20_000, transitionId: '', actionId: '' }
    : { type, resource: 'app-writer', node, operation, opId, rc: 0, durationMs: 5, output: '' };
const writerConfig: Fact = { type: 'ResourceDefined', config: { id: 'app-writer', agent: 'process', params: { command: 'app' }, meta: {}, operations: [], failoverDomain: [], container: 'c1' } };

/**
 * n1 is DC (term 1) and owns c1 (epoch 5), where app-writer runs; n1 is killed at 10 s; n2 is elected (term 10),
 * loses n1, fences it after the watchdog wait, journals the stop that implies, takes c1 over (epoch 16), activates
 * it and starts app-writer; the application writes from n1 under epoch 5, then from n2 under epoch 16.
 */
function good(): RunHistory {
  const f = facts([
    [0, 'n1', 0, { type: 'DcElected', node: 'n1', previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false }],
    [100, 'n1', 1, { type: 'MembershipViewChanged', viewId: 1, members: ['n1', 'n2', 'n3'], lost: [], votes: 3, expectedVotes: 3 }],
    [200, 'n1', 1, { type: 'QuorumGained', viewId: 1, votes: 3, expectedVotes: 3 }],
    [300, 'harness', 0, { type: 'NodeChanged', config: { node: 'n3', votes: 1, attributes: { probe: '1' } } }],
    [400, 'cli:storage', 1, { type: 'ContainerCreated', container: 'c1', containerType: 'private', disks: ['/run/disk-d0.img', '/run/disk-d1.img'], extentSizeKib: 1024, extents: 30, owner: 'n1', epoch: 0, diskExtents: [15, 15] }],
    [500, 'n1', 1, { type: 'ContainerActivated', container: 'c1', node: 'n1', epoch: 5 }],
    [600, 'cli:fault', 1, writerConfig],
    [700, 'n1', 1, op('ResourceOperationRequested', 'start', 'n1', 'o1')],
    [800, 'n1', 1, op('ResourceOperationSucceeded', 'start', 'n1', 'o1')],
    [11_000, 'n2', 1, { type: 'DcElected', node: 'n2', previousTerm: 1, previousDc: 'n1', viewId: 1, votes: 0, expectedVotes: 0, heard: [], twoNode: false }],
    [11_100, 'n2', 10, { type: 'NodeLost', node: 'n1', viewId: 2, reason: 'silent' }],
    [11_200, 'n2', 10, { type: 'MembershipViewChanged', viewId: 2, members: ['n2', 'n3'], lost: ['n1'], votes: 2, expectedVotes: 3 }],
    [13_200, 'n2', 10, { type: 'NodeFenced', node: 'n1', method: 'watchdog', requestId: '', device: '' }],
    [13_210, 'n2', 10, op('ResourceOperationRequested', 'stop', 'n1', 'o2')],
    [13_220, 'n2', 10, op('ResourceOperationSucceeded', 'stop', 'n1', 'o2')],
    [13_250, 'n2', 10, { type: 'ContainerOwnerChanged', container: 'c1', previousOwner: 'n1', owner: 'n2', reason: 'takeover', previousEpoch: 5, fenceRequestId: 'node/n1@13' }],
    [13_280, 'n2', 10, { type: 'ContainerActivated', container: 'c1', node: 'n2', epoch: 16 }],
    [13_290, 'n2', 10, op('ResourceOperationRequested', 'start', 'n2', 'o3')],
    [13_295, 'n2', 10, op('ResourceOperationSucceeded', 'start', 'n2', 'o3')],
  ]);
  const writes = [write('n1', 5, 1_000), write('n1', 5, 9_900, 'disk-d1.img'), write('n2', 16, 13_300), write('n2', 16, 20_000, 'disk-d1.img'), write('n2', 16, 21_000)];
  return {
    nodes: ['n1', 'n2', 'n3'], facts: f, writes,
    timeline: [{ at: T0 + 10_000, kind: 'kill', targets: ['n1'] }],
    acked: [{ eventId: 'e4', seq: 4 }],
    origins: ['n1', 'n2', 'n3', 'harness'],
    options: { watchdogMs: WD, deadTimeMs: 500, fencingMode: 'watchdog' },
    replicas: ['s1', 's2', 's3'].map((server) => ({ server, messages: 19, firstSeq: 1, lastSeq: 19, bytes: 900 })),
    digests: [{ who: 'replay@s1', position: 19, digest: 'abc' }, { who: 'replay@s2', position: 19, digest: 'abc' }],
    healedAt: T0 + 12_000,
    settled: { at: T0 + 20_500, views: [
      { node: 'n1', running: false, quorate: false, ioFenced: true, isDc: true, term: 1 },
      { node: 'n2', running: true, quorate: true, ioFenced: false, isDc: true, term: 10 },
      { node: 'n3', running: true, quorate: true, ioFenced: false, isDc: false, term: 10 },
    ] },
    logs: { n1: ['started'], n2: ['elected DC, term 10'] },
    exits: [{ node: 'n1', at: T0 + 10_010, code: null, signal: 'SIGKILL' }],
  };
}

/** Facts appended after the good history's last (seq 19), stamped at 30 s unless given. */
const later = (h: RunHistory, list: readonly [number, string, number, Fact][], tag = 'z') =>
  [...h.facts, ...facts(list).map((r, i) => ({ ...r, seq: 20 + i, eventId: `${tag}${i}` }))];
const without = (h: RunHistory, type: string) => h.facts.filter((r) => r.fact.type !== type);

/** The same story with agent fencing: a device confirms the reboot, and the DC takes c1 over on that. */
const agentFenced = (h: RunHistory): RunHistory => ({ ...h, facts: h.facts.map((r) => (r.fact.type === 'NodeFenced' ? { ...r, fact: { type: 'FenceSucceeded', target: 'n1', action: 'reboot', requestId: 'f1', level: 1, devices: ['fault'], durationMs: 70 } } : r)) });

const only = (h: RunHistory) => [...new Set(checkRun(h).map((v) => v.invariant))].sort();

test('fault checker: a clean history has no violations', () => {
  const v = checkRun(good());
  assert.equal(v, [], formatReport(v));
});

test('fault checker: a takeover after a fence device confirmed the reboot is clean', () => {
  const v = checkRun(agentFenced(good()));
  assert.equal(v, [], formatReport(v));
});

/** Each bad history: the invariant that must flag it, and optionally what its message must say. */
const bad: Record<string, [string, (h: RunHistory) => RunHistory, RegExp?]> = {
  'stale epoch after a newer one': ['I1', (h) => ({ ...h, writes: [...h.writes, write('n1', 5, 15_000)] }), /epoch 5 at offset .* after n2 wrote with epoch 16/],
  'two writers with one epoch': ['I1', (h) => ({ ...h, writes: [...h.writes, write('n3', 16, 15_000)] }), /both wrote with epoch 16/],
  'a write under an epoch the journal never gave the writer': ['I1', (h) => ({ ...h, writes: [...h.writes.slice(0, 2), write('n2', 12, 13_000), ...h.writes.slice(2)] }), /epoch 12, which the journal gave nobody/],
  'a write under an epoch never activated on the writer': ['I1', (h) => ({ ...h, facts: h.facts.filter((r) => !(r.fact.type === 'ContainerActivated' && r.fact.node === 'n2')) }), /never journaled ContainerActivated/],
  'overlapping write windows on different disks': ['I1', (h) => ({ ...h, writes: [...h.writes.slice(0, 3), write('n1', 5, 13_400, 'disk-d1.img'), ...h.writes.slice(3)] }), /write windows of epoch 5 .* and epoch 16 .* overlap/],
  'watchdog fencing before the wait': ['I2', (h) => ({ ...h, facts: h.facts.map((r) => (r.fact.type === 'NodeFenced' ? { ...r, storedAt: T0 + 11_500 } : r)) }), /counted as fenced by the watchdog/],
  'container taken on a watchdog fencing before the wait': ['I2', (h) => ({ ...h, facts: h.facts.map((r) => (r.fact.type === 'NodeFenced' ? { ...r, storedAt: T0 + 11_500 } : r.fact.type === 'ContainerOwnerChanged' ? { ...r, storedAt: T0 + 11_600 } : r)) }), /c1 taken from n1 500 ms after its loss \(at 11\), on a watchdog fencing before the 2000 ms wait/],
  'takeover on disk before the fencing': ['I2', (h) => ({ ...h, writes: [write('n1', 5, 1_000), write('n2', 16, 12_000), write('n2', 16, 20_000), write('n2', 16, 21_000)] }), /wrote under epoch 16 .* not yet fenced/],
  'old owner writes after its successor': ['I2', (h) => ({ ...h, writes: [write('n1', 5, 1_000), write('n2', 16, 13_300), write('n1', 5, 13_400, 'disk-d1.img'), write('n2', 16, 20_000), write('n2', 16, 21_000)] }), /n1 wrote \(epoch 5\) .* after its successor n2's first write/],
  'container taken from a lost, unfenced node': ['I2', (h) => ({ ...h, facts: without(h, 'NodeFenced') }), /c1 taken from n1, lost at 11 and not fenced/],
  'a fence that failed taken for fencing': ['I2', (h) => ({ ...h, facts: h.facts.map((r) => (r.fact.type === 'NodeFenced' ? { ...r, fact: { type: 'FenceFailed', target: 'n1', action: 'reboot', requestId: 'f1', level: 1, devices: ['fault'], reason: 'timeout', durationMs: 5, final: true } } : r)) }), /c1 taken from n1, lost at 11 and not fenced/],
  'DC elected while the view has no quorum': ['I3', (h) => ({ ...h, facts: later(h, [[30_000, 'n2', 10, { type: 'QuorumLost', viewId: 3, votes: 1, expectedVotes: 3 }], [30_000, 'n3', 10, { type: 'DcElected', node: 'n3', previousTerm: 10, previousDc: 'n2', viewId: 3, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]]) })],
  'claim by a node during its isolation': ['I3', (h) => ({ ...h, timeline: [...h.timeline, { at: T0 + 5_000, end: T0 + 12_000, kind: 'isolate', targets: ['n2'] }] })],
  'forked DC chain': ['I4', (h) => ({ ...h, facts: later(h, [[30_000, 'n3', 1, { type: 'DcElected', node: 'n3', previousTerm: 1, previousDc: 'n1', viewId: 2, votes: 0, expectedVotes: 0, heard: [], twoNode: false }]], 'fork') })],
  'an acknowledged fact lost': ['I5', (h) => ({ ...h, acked: [...h.acked, { eventId: 'gone', seq: 20 }] })],
  'a fact stored twice': ['I5', (h) => ({ ...h, facts: [...h.facts, { ...h.facts[3]!, seq: 20 }] })],
  'a fact from nowhere': ['I5', (h) => ({ ...h, facts: h.facts.map((r) => (r.seq === 4 ? { ...r, origin: 'mallory' } : r)) })],
  'replicas differ after healing': ['I6', (h) => ({ ...h, replicas: [...h.replicas!.slice(0, 2), { server: 's3', messages: 18, firstSeq: 1, lastSeq: 18, bytes: 800 }] })],
  'replay digest differs': ['I7', (h) => ({ ...h, digests: [...h.digests!, { who: 'n3', position: 19, digest: 'abd' }] })],
  'two DCs after healing': ['I8', (h) => ({ ...h, settled: { ...h.settled!, views: h.settled!.views.map((v) => (v.node === 'n3' ? { ...v, isDc: true } : v)) } })],
  'a node still fenced after healing': ['I8', (h) => ({ ...h, settled: { ...h.settled!, views: h.settled!.views.map((v) => (v.node === 'n3' ? { ...v, quorate: false } : v)) } })],
  'no write after settling': ['I8', (h) => ({ ...h, writes: h.writes.filter((w) => w.at <= h.settled!.at) }), /c1: no write after settling/],
  'the application found active on a second node': ['I8', (h) => ({ ...h, facts: later(h, [[22_000, 'n3', 10, op('ResourceOperationSucceeded', 'probe', 'n3', 'p1')]]) }), /app-writer \(target role Started\) runs on 2 nodes/],
  'a started resource running nowhere': ['I8', (h) => ({ ...h, facts: h.facts.slice(0, -1) }), /app-writer \(target role Started\) runs on 0 nodes/],
  'writes from where the journal does not run the application': ['I8', (h) => ({ ...h, facts: later(h, [[22_000, 'n2', 10, op('ResourceOperationRequested', 'stop', 'n2', 'o4')], [22_010, 'n2', 10, op('ResourceOperationSucceeded', 'stop', 'n2', 'o4')], [22_020, 'n2', 10, op('ResourceOperationRequested', 'start', 'n3', 'o5')], [22_030, 'n3', 10, op('ResourceOperationSucceeded', 'start', 'n3', 'o5')]]) }), /written from n2 after settling, but the journal runs its resources on n3/],
  'the application on a node in standby': ['I8', (h) => ({ ...h, facts: later(h, [[22_000, 'cli:fault', 10, { type: 'NodeDefined', config: { node: 'n2', votes: 1, attributes: {} } }], [22_100, 'cli:fault', 10, { type: 'NodeStandby', node: 'n2', reason: 'admin' }]]) }), /app-writer runs on n2, in standby/],
  'an unhandled rejection in a log': ['I9', (h) => ({ ...h, logs: { ...h.logs, n3: ['Unhandled promise rejection: boom'] } })],
  'an unexplained exit': ['I9', (h) => ({ ...h, exits: [...h.exits!, { node: 'n3', at: T0 + 5_000, code: 1, signal: null }] })],
};

// A deposed DC's late write under its old term reaches the log (a round trip's window) but must change nothing.
const staleWrite = (h: RunHistory): RunHistory => ({ ...h, facts: [...h.facts, ...facts([[30_000, 'n1', 1, { type: 'NodeLost', node: 'n3', viewId: 3, reason: 'silent' }]]).map((r) => ({ ...r, seq: 20, eventId: 'stale' }))] });

test('fault checker: a deposed DC write the fold refuses is inert, not an I4 violation', () => {
  assert.ok(refusedAsStale(staleWrite(good()).facts).has(20), 'the fold refuses the stale-term NodeLost');
  assert.equal(only(staleWrite(good())), []);
});

test('fault checker: flags a deposed DC write that a fold accepted as I4', () => {
  const v = oneDcPerTermWith(() => new Set())(staleWrite(good()));
  assert.ok(v.some((x) => x.invariant === 'I4' && x.seq === 20 && /deposed DC acted/.test(x.message)), formatReport(v));
  assert.equal(oneDcPerTermWith(() => new Set([20]))(staleWrite(good())), []);
});

for (const [name, [invariant, mutate, says]] of Object.entries(bad)) {
  test(`fault checker: flags ${name} as ${invariant}`, () => {
    const v = checkRun(mutate(good()));
    assert.ok(v.some((x) => x.invariant === invariant && (!says || says.test(x.message))), `expected ${invariant}${says ? ` saying ${says}` : ''}, got:\n${formatReport(v)}`);
    assert.equal(only(mutate(good())).filter((i) => i !== invariant && !(invariant === 'I2' && i === 'I1') && !(invariant === 'I1' && i === 'I2')), [], formatReport(v));
  });
}

test.run();
