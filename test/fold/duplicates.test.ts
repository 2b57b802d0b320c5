// A fact the log stored twice (a retried publish let through across a stream leader change) is applied once: the
// copy changes nothing but the entity's last sequence, in the fold and in a snapshot's restore alike.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { digestState } from '../../machines/digest.ts';
import { emptyState, foldEntry, RECENT_EVENTS, type ClusterState } from '../../machines/fold.ts';
import { decodeSnapshot, encodeSnapshot } from '../../journal/snapshot.ts';

const T0 = Date.UTC(2024, 4, 1);
const set = (x: string): Fact => ({ type: 'ClusterOptionsChanged', options: { 'dead-time': x } });

function given(written: ReadonlyArray<readonly [Fact, string]>, from: ClusterState = emptyState('dup')): ClusterState {
  written.forEach(([fact, eventId]) => {
    foldEntry(from, { kind: 'fact', seq: from.position + 1, entity: entityOf(fact), fact, meta: { cluster: 'dup', occurredAt: T0, origin: 'n1', term: 0, eventId } });
  });
  return from;
}
const deadTime = (s: ClusterState) => (s.entities.get('cluster/options')!.snapshot.context as { options: Record<string, string> }).options['dead-time'];

test('duplicates: given a fact stored twice, when the copy is folded, then it changes nothing but lastSeq', () => {
  const defined: Fact = { type: 'ClusterOptionsDefined', options: { 'dead-time': '1s' } };
  const s = given([[defined, 'e0'], [set('2s'), 'e1'], [set('3s'), 'e2'], [set('2s'), 'e1']]);
  assert.is(deadTime(s), '3s', 'the late copy of e1 did not set 2s again');
  assert.equal(s.inconsistencies.map((i) => [i.seq, i.error]), [[4, 'duplicate of event e1: the log stored it twice; applied once']]);
  assert.is(s.entities.get('cluster/options')!.lastSeq, 4, 'the copy is the subject\'s last message: the token moves');
  // The same facts with distinct ids all count.
  assert.is(deadTime(given([[defined, 'e0'], [set('2s'), 'e1'], [set('3s'), 'e2'], [set('2s'), 'e3']])), '2s');
});

test('duplicates: the window survives a snapshot, and ids older than it are forgotten', () => {
  const defined: Fact = { type: 'ClusterOptionsDefined', options: { 'dead-time': '1s' } };
  const s = given([[defined, 'e0'], [set('2s'), 'e1'], [set('3s'), 'e2']]);
  const restored = decodeSnapshot(encodeSnapshot(s), 'test').state;
  assert.is(digestState(restored), digestState(s));
  assert.is(deadTime(given([[set('2s'), 'e1']], restored)), '3s', 'a copy after a snapshot restore is still dropped');
  const long = given([[defined, 'e0'], ...Array.from({ length: RECENT_EVENTS }, (_, i) => [set(`${i + 2}s`), `x${i}`] as const)]);
  assert.is(long.entities.get('cluster/options')!.recent!.length, RECENT_EVENTS);
  assert.is(deadTime(given([[set('1s'), 'e0']], long)), '1s', 'e0 fell out of the window: a new fact with that id counts');
});

test.run();
