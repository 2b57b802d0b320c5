// Rebuild and snapshots: to a sequence or a time, restore gives the same digest, a tampered snapshot is ignored loudly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createMemoryJournal, type MemoryJournal } from '../../journal/memory.ts';
import { rebuild } from '../../journal/rebuild.ts';
import { decodeSnapshot, encodeSnapshot, writeSnapshot } from '../../journal/snapshot.ts';
import { encodeFact } from '../../journal/codec.ts';
import { digestState } from '../../machines/digest.ts';
import { canonicalJson } from '../../machines/canonical.ts';
import { entityOf } from '../../machines/entity.ts';
import { isQuorateError } from '../../machines/errors.ts';
import { legalFacts, termsOf } from './gen.ts';

const T0 = 1_700_000_000_000;

async function firstFactAt(j: MemoryJournal, seq: number) {
  for await (const e of j.read({ fromSeq: seq, toSeq: seq })) if (e.kind === 'fact') return e.fact;
  throw new Error(`no fact at ${seq}`);
}

async function journalWith(n: number): Promise<MemoryJournal> {
  let t = T0;
  const j = createMemoryJournal('fold', { now: () => (t += 1000) });
  const facts = legalFacts(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 10_000));
  const terms = termsOf(facts);
  for (const [i, fact] of facts.entries()) await j.append(entityOf(fact), [{ fact, at: T0 + i }], { commandId: `c${i}`, term: terms[i]! });
  return j;
}

test('fold: every prefix has its own digest, and a rebuild to it reproduces that digest', async () => {
  const j = await journalWith(60);
  const seen = new Map<string, number>();
  for (let to = 0; to <= 60; to += 5) {
    const s = await rebuild(j, { to, useSnapshot: false });
    assert.is(s.position, to);
    const d = digestState(s);
    assert.is(digestState(await rebuild(j, { to, useSnapshot: false })), d, 'rebuild is deterministic');
    assert.not.ok(seen.has(d), `digest at ${to} equals the one at ${seen.get(d)}`);
    seen.set(d, to);
  }
});

test('fold: rebuild to a time stops at the last fact stored at or before it', async () => {
  const j = await journalWith(30);
  const s = await rebuild(j, { to: { time: T0 + 10_500 } });
  assert.is(s.position, 10);
  assert.is(digestState(s), digestState(await rebuild(j, { to: 10 })));
});

test('fold: a snapshot restores to the same digest, and rebuild uses it only at or before `to`', async () => {
  const j = await journalWith(50);
  const at30 = await rebuild(j, { to: 30 });
  const d = decodeSnapshot(encodeSnapshot(at30));
  assert.is(d.digest, digestState(at30));
  assert.is(d.actualDigest, d.digest);
  await writeSnapshot(j, at30);
  const full = await rebuild(j);
  assert.is(full.fromSnapshot, 30);
  assert.is(full.folded, 20);
  assert.is(digestState(full), digestState(await rebuild(j, { useSnapshot: false })));
  const early = await rebuild(j, { to: 20 });
  assert.is(early.fromSnapshot, 0, 'a snapshot after `to` is not used');
  assert.is(early.position, 20);
});

test('fold: a snapshot whose digest does not match is ignored with a warning, and the fold starts over', async () => {
  const j = await journalWith(40);
  const s = await rebuild(j, { to: 25 });
  const body = JSON.parse(gunzipSync(encodeSnapshot(s)).toString()) as { entities: Array<{ lastSeq: number }> };
  body.entities[0]!.lastSeq += 1;
  await j.snapshots.put('latest', gzipSync(JSON.stringify(body)));
  const r = await rebuild(j);
  assert.is(r.fromSnapshot, 0);
  assert.is(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /snapshot "latest" of cluster fold at position 25 is ignored: it claims digest [0-9a-f]{64} but its contents give/);
  assert.is(digestState(r), digestState(await rebuild(j, { useSnapshot: false })));
  await j.snapshots.put('latest', new Uint8Array([1, 2, 3]));
  const g = await rebuild(j);
  assert.match(g.warnings[0]!, 'does not unzip or parse');
  assert.is(g.position, 40);
});

test('fold: an unreadable entry is recorded as a problem with its sequence, and folding goes on', async () => {
  const j = await journalWith(10);
  const body = encodeFact(await firstFactAt(j, 4));
  j.corrupt(4, (b) => {
    const at = Buffer.from(b).indexOf(Buffer.from(body));
    b[at + 1] = b[at + 1]! ^ 0x01;
    return b;
  });
  const s = await rebuild(j);
  assert.is(s.position, 10);
  assert.is(s.problems.length, 1);
  assert.is(s.problems[0]!.seq, 4);
  assert.is(s.problems[0]!.code, 'codec.checksum');
});

test('fold: a fact its machine has no transition for is an inconsistency that changes nothing but lastSeq', async () => {
  const j = createMemoryJournal('fold');
  await j.append({ kind: 'node', id: 'n9' }, [{ fact: { type: 'NodeFenced', node: 'n9', method: 'agent', requestId: '', device: '' }, at: T0 }]);
  const s = await rebuild(j);
  const e = s.entities.get('node/n9');
  assert.ok(e);
  assert.is(e.lastSeq, 1);
  if (s.inconsistencies.length > 0) {
    assert.equal({ ...s.inconsistencies[0]!, state: typeof s.inconsistencies[0]!.state }, { seq: 1, entity: 'node/n9', type: 'NodeFenced', state: 'string' });
  }
});

test('fold: canonical JSON sorts keys, drops undefined, and names the path of what it cannot encode', () => {
  assert.is(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 0, y: -1.5 } }), '{"a":[true,null,"x"],"b":1,"d":{"y":-1.5,"z":0}}');
  for (const bad of [{ m: new Map() }, { n: Number.NaN }, { f: () => 1 }]) {
    try {
      canonicalJson(bad);
      assert.unreachable();
    } catch (e) {
      assert.ok(isQuorateError(e, 'fold.inconsistent'));
      assert.match((e as Error).message, /state at \$\.[mnf] holds/);
    }
  }
});

test.run();
