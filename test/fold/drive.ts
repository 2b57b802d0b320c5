// Test helper: drives facts through a journal with live actor hosts and checks live = rebuild = snapshot + tail, digest for digest.
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { digestState } from '../../machines/digest.ts';
import type { Journal } from '../../journal/journal.ts';
import { rebuild } from '../../journal/rebuild.ts';
import { createActorHost, type ActorHost } from '../../actors/host.ts';
import { createIntentRecorder } from '../../actors/intents.ts';
import { termsOf } from './gen.ts';

export interface DriveResult {
  readonly last: number;
  readonly digest: string;
  readonly fromSnapshot: number;
  readonly routed: number;
}

/**
 * Appends `facts` one by one (each with its entity's expected last sequence),
 * with host A live from the start and host B started half-way (it catches up
 * from a snapshot and routes nothing from before it started). Then asserts
 * A = B = pure rebuild = snapshot + tail rebuild, digest for digest.
 */
export async function driveAndCompare(journal: Journal, facts: readonly Fact[], snapshotEvery: number): Promise<DriveResult> {
  const recA = createIntentRecorder();
  const dcA = createIntentRecorder();
  const recB = createIntentRecorder();
  const hosts: ActorHost[] = [];
  try {
    const a = await createActorHost({ journal, node: 'n1', router: recA, dcRouter: dcA, snapshotEvery });
    hosts.push(a);
    let last = 0;
    let b: ActorHost | undefined;
    const half = Math.floor(facts.length / 2);
    const terms = termsOf(facts, await journal.lastSeq());
    for (const [i, fact] of facts.entries()) {
      if (i === half) {
        await a.waitFor(last);
        b = await createActorHost({ journal, node: 'n2', router: recB, snapshotEvery: 0 });
        hosts.push(b);
      }
      const entity = entityOf(fact);
      const expected = await journal.lastSeq(entity);
      [last] = (await journal.append(entity, [{ fact, at: 1_700_000_000_000 + i * 1000 }], { expectedLastSeq: expected, commandId: `c${i}`, origin: 'n1', term: terms[i]! })) as [number];
    }
    for (const h of hosts) await h.waitFor(last);
    b ??= a;
    const live = a.digest();
    assert.is(b.digest(), live, 'host started half-way = host live from the start');
    const pure = await rebuild(journal, { useSnapshot: false });
    assert.is(pure.position, last);
    assert.is(digestState(pure), live, 'pure rebuild = live');
    const snap = await rebuild(journal, { useSnapshot: true });
    assert.equal(snap.warnings, []);
    assert.is(digestState(snap), live, 'snapshot + tail = live');
    // Intents: only this node's (or the DC's) and only for facts after the host started.
    for (const r of recA.records) assert.is(r.intent.node, 'n1');
    for (const r of dcA.records) assert.is(r.intent.node, '');
    for (const r of recB.records) {
      assert.is(r.intent.node, 'n2');
      assert.ok(r.cause.seq > b.startedAt, `intent of fact ${r.cause.seq} routed, but host B started at ${b.startedAt}`);
    }
    return { last, digest: live, fromSnapshot: snap.fromSnapshot, routed: recA.records.length + dcA.records.length + recB.records.length };
  } finally {
    for (const h of hosts) await h.stop();
  }
}
