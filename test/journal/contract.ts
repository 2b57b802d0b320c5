// The Journal contract: one suite that every journal implementation must pass (memory and JetStream).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import type { EntityRef } from '../../machines/entity.ts';
import { ConcurrencyError, isQuorateError } from '../../machines/errors.ts';
import { crc32c, encodeEnvelope, encodeFact, entitySubject, type Journal, type JournalEntry } from '../../journal/index.ts';

/** One journal under test, with a back door to store raw bytes as a foreign or broken writer would. */
export interface ContractTarget {
  readonly journal: Journal;
  /** Stores `data` on `subject` bypassing the codec; resolves to its sequence. */
  publishRaw(subject: string, data: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** Makes a fresh, empty journal for cluster `cluster`. */
export type MakeTarget = (cluster: string) => Promise<ContractTarget>;

export const joined = (node: string): Fact => ({ type: 'NodeJoined', node, incarnation: `inc-${node}`, address: '127.0.0.1' });
export const lost = (node: string, viewId = 1): Fact => ({ type: 'NodeLost', node, viewId, reason: 'silent' });
export const online = (node: string): Fact => ({ type: 'NodeOnline', node });
const node = (id: string): EntityRef => ({ kind: 'node', id });
const removed = (id: string): Fact => ({ type: 'ResourceRemoved', id });
const resource = (id: string): EntityRef => ({ kind: 'resource', id });

export async function collect(it: AsyncIterable<JournalEntry>): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const facts = (es: JournalEntry[]) => es.map((e) => (e.kind === 'fact' ? e.fact : { problem: e.code }));
const seqs = (es: JournalEntry[]) => es.map((e) => e.seq);

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return out;
}

/** An envelope whose body is a fact with oneof field 999, which no version of quorate.proto has yet. */
export function unknownFactEnvelope(entity: string): Uint8Array {
  const body = Uint8Array.from([...varint((999 << 3) | 2), 0]);
  const ent = new TextEncoder().encode(entity);
  return Uint8Array.from([0x40, ...varint(crc32c(body)), 0x4a, ...varint(body.length), ...body, 0x52, ...varint(ent.length), ...ent]);
}

/** An encoded envelope with one bit of its body flipped. */
export function corruptEnvelope(fact: Fact): Uint8Array {
  const bytes = encodeEnvelope(fact, { eventId: 'x/0', commandId: 'x', cluster: 'c', origin: 't', occurredAt: 1, term: 0 });
  const at = Buffer.from(bytes).indexOf(Buffer.from(encodeFact(fact)));
  bytes[at + 2] = bytes[at + 2]! ^ 0x10;
  return bytes;
}

/** Registers the contract suite `name` against the journals `make` opens; `after` runs once when it ends. */
export function contractSuite(name: string, make: MakeTarget, hooks: { after?: () => Promise<void> } = {}): void {
  const uvuSuite = suite(`${name} contract`);
  if (hooks.after) uvuSuite.after(hooks.after);
  // uvu formats `err.details` as an assertion diff and silently drops a QuorateError (whose details is an object):
  // rethrow anything that is not an assertion as a plain Error so a failure is always shown.
  const test = Object.assign((title: string, fn: () => Promise<void>) => uvuSuite(title, async () => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof assert.Assertion) throw e;
      throw new Error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    }
  }), { after: uvuSuite.after, run: () => uvuSuite.run() });
  let n = 0;
  const open: ContractTarget[] = [];
  const fresh = async () => {
    const t = await make(`ct${process.pid}_${++n}`);
    open.push(t);
    return t;
  };
  test.after.each(async () => {
    // A throwing after.each hook makes uvu drop the test's own error: report and go on.
    for (const t of open.splice(0)) await t.close().catch((e) => console.error(`${name}: close failed: ${String(e)}`));
  });

  test(`${name}: appends are read back in order with their entity, meta and fact`, async () => {
    const { journal } = await fresh();
    const a = await journal.append(node('n1'), [{ fact: joined('n1') }], { origin: 'n1', term: 3, commandId: 'c1' });
    const b = await journal.append(resource('web'), [{ fact: removed('web') }]);
    const c = await journal.append(node('n2'), [{ fact: joined('n2') }, { fact: lost('n2') }]);
    assert.equal([...a, ...b, ...c], [1, 2, 3, 4]);
    const all = await collect(journal.read());
    assert.equal(seqs(all), [1, 2, 3, 4]);
    assert.equal(facts(all), [joined('n1'), removed('web'), joined('n2'), lost('n2')]);
    const first = all[0]!;
    assert.ok(first.kind === 'fact');
    assert.equal(first.entity, node('n1'));
    assert.is(first.meta.origin, 'n1');
    assert.is(first.meta.term, 3);
    assert.is(first.meta.eventId, 'c1/0');
    assert.is(first.subject, entitySubject(journal.cluster, node('n1')));
    assert.ok(first.storedAt > 0);
  });

  test(`${name}: reads a range by sequence, and an empty journal reads nothing`, async () => {
    const { journal } = await fresh();
    assert.equal(await collect(journal.read()), []);
    for (let i = 1; i <= 6; i++) await journal.append(node(`n${i}`), [{ fact: joined(`n${i}`) }]);
    assert.equal(seqs(await collect(journal.read({ fromSeq: 2, toSeq: 4 }))), [2, 3, 4]);
    assert.equal(seqs(await collect(journal.read({ fromSeq: 5 }))), [5, 6]);
    assert.equal(seqs(await collect(journal.read({ toSeq: 1 }))), [1]);
    assert.equal(await collect(journal.read({ fromSeq: 7 })), []);
  });

  test(`${name}: reads a range by time on storedAt`, async () => {
    const { journal } = await fresh();
    const times: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const [seq] = await journal.append(node(`n${i}`), [{ fact: joined(`n${i}`) }]);
      const e = await journal.last(node(`n${i}`));
      assert.is(e?.seq, seq);
      times.push(e!.storedAt);
      // Distinct storage milliseconds, so each time bound splits the log.
      while (Date.now() <= e!.storedAt + 1) await new Promise((r) => setTimeout(r, 1));
    }
    assert.equal(seqs(await collect(journal.read({ since: times[1]! }))), [2, 3]);
    assert.equal(seqs(await collect(journal.read({ until: times[1]! }))), [1, 2]);
    assert.equal(seqs(await collect(journal.read({ since: times[1]!, until: times[1]! }))), [2]);
    assert.equal(seqs(await collect(journal.read({ since: times[2]! + 1 }))), []);
    assert.is(await journal.seqAt(times[0]! - 1), 0);
    assert.is(await journal.seqAt(times[1]!), 2);
    assert.is(await journal.seqAt(times[2]! + 60_000), 3);
  });

  test(`${name}: filters by entity, by kind and by fact type`, async () => {
    const { journal } = await fresh();
    await journal.append(node('n1'), [{ fact: joined('n1') }]);
    await journal.append(resource('web'), [{ fact: removed('web') }]);
    await journal.append(node('n2'), [{ fact: joined('n2') }]);
    await journal.append(node('n1'), [{ fact: lost('n1') }]);
    assert.equal(seqs(await collect(journal.read({ entity: node('n1') }))), [1, 4]);
    assert.equal(seqs(await collect(journal.read({ entity: { kind: 'node' } }))), [1, 3, 4]);
    assert.equal(seqs(await collect(journal.read({ entity: { kind: 'resource' } }))), [2]);
    assert.equal(seqs(await collect(journal.read({ types: ['NodeLost'] }))), [4]);
    assert.equal(seqs(await collect(journal.read({ entity: node('n1'), types: ['NodeJoined'], fromSeq: 2 }))), []);
    assert.equal(await collect(journal.read({ entity: node('none') })), []);
  });

  test(`${name}: a read ends at the last fact stored when it began`, async () => {
    const { journal } = await fresh();
    await journal.append(node('n1'), [{ fact: joined('n1') }, { fact: online('n1') }]);
    const got: number[] = [];
    for await (const e of journal.read()) {
      got.push(e.seq);
      if (got.length === 1) await journal.append(node('n1'), [{ fact: lost('n1') }]);
    }
    assert.equal(got, [1, 2]);
  });

  test(`${name}: follow delivers old and new facts and stops on abort`, async () => {
    const { journal } = await fresh();
    await journal.append(node('n1'), [{ fact: joined('n1') }]);
    const abort = new AbortController();
    const got: JournalEntry[] = [];
    const done = (async () => {
      for await (const e of journal.follow({ fromSeq: 1, entity: { kind: 'node' }, signal: abort.signal })) {
        got.push(e);
        if (got.length === 3) abort.abort();
      }
    })();
    await journal.append(resource('web'), [{ fact: removed('web') }]);
    await journal.append(node('n2'), [{ fact: joined('n2') }]);
    await journal.append(node('n2'), [{ fact: lost('n2') }]);
    const timeout = setTimeout(() => abort.abort(), 20_000);
    await done;
    clearTimeout(timeout);
    assert.equal(seqs(got), [1, 3, 4]);
    assert.equal(facts(got), [joined('n1'), joined('n2'), lost('n2')]);
  });

  test(`${name}: last, lastPerEntity and lastSeq`, async () => {
    const { journal } = await fresh();
    assert.is(await journal.last(node('n1')), undefined);
    assert.is(await journal.lastSeq(), 0);
    assert.equal(await collect(journal.lastPerEntity()), []);
    await journal.append(node('n1'), [{ fact: joined('n1') }]);
    await journal.append(node('n2'), [{ fact: joined('n2') }]);
    await journal.append(resource('web'), [{ fact: removed('web') }]);
    await journal.append(node('n1'), [{ fact: lost('n1') }]);
    assert.equal(facts([(await journal.last(node('n1')))!]), [lost('n1')]);
    assert.is((await journal.last(node('n1')))!.seq, 4);
    assert.is(await journal.lastSeq(), 4);
    assert.is(await journal.lastSeq(node('n2')), 2);
    assert.is(await journal.lastSeq(node('n9')), 0);
    assert.equal(seqs(await collect(journal.lastPerEntity())), [2, 3, 4]);
    assert.equal(seqs(await collect(journal.lastPerEntity('node'))), [2, 4]);
    assert.equal(seqs(await collect(journal.lastPerEntity('group'))), []);
  });

  test(`${name}: expectedLastSeq is accepted when current and a stale one is refused, writing nothing`, async () => {
    const { journal } = await fresh();
    assert.equal(await journal.append(node('n1'), [{ fact: joined('n1') }], { expectedLastSeq: 0 }), [1]);
    await journal.append(node('n2'), [{ fact: joined('n2') }]);
    assert.equal(await journal.append(node('n1'), [{ fact: online('n1') }], { expectedLastSeq: 1 }), [3]);
    try {
      await journal.append(node('n1'), [{ fact: lost('n1') }], { expectedLastSeq: 1 });
      assert.unreachable('stale append accepted');
    } catch (e) {
      assert.instance(e, ConcurrencyError);
      assert.ok(isQuorateError(e, 'journal.concurrency'));
      assert.is((e as ConcurrencyError).expected, 1);
      assert.is((e as ConcurrencyError).actual, 3);
      assert.is((e as ConcurrencyError).entity, 'node/n1');
    }
    try {
      await journal.append(node('n3'), [{ fact: joined('n3') }], { expectedLastSeq: 2 });
      assert.unreachable('append to a new entity expecting 2 accepted');
    } catch (e) {
      assert.instance(e, ConcurrencyError);
    }
    assert.is(await journal.lastSeq(), 3);
  });

  test(`${name}: a multi-fact claim chains each fact on the one before`, async () => {
    const { journal } = await fresh();
    await journal.append(node('n1'), [{ fact: joined('n1') }]);
    const got = await journal.append(node('n1'), [{ fact: online('n1') }, { fact: lost('n1') }, { fact: online('n1') }], { expectedLastSeq: 1 });
    assert.equal(got, [2, 3, 4]);
    assert.equal(facts(await collect(journal.read({ entity: node('n1') }))), [joined('n1'), online('n1'), lost('n1'), online('n1')]);
  });

  test(`${name}: a retried append with the same event ids is stored once`, async () => {
    const { journal } = await fresh();
    const batch = [{ fact: joined('n1'), eventId: 'cmd-7/0' }, { fact: online('n1'), eventId: 'cmd-7/1' }];
    const first = await journal.append(node('n1'), batch);
    const again = await journal.append(node('n1'), batch);
    assert.equal(again, first);
    const claimed = await journal.append(node('n1'), [{ fact: lost('n1') }], { commandId: 'cmd-8', expectedLastSeq: 2 });
    assert.equal(await journal.append(node('n1'), [{ fact: lost('n1') }], { commandId: 'cmd-8', expectedLastSeq: 2 }), claimed);
    assert.is(await journal.lastSeq(), 3);
    assert.equal((await collect(journal.read())).map((e) => (e.kind === 'fact' ? e.meta.eventId : '')), ['cmd-7/0', 'cmd-7/1', 'cmd-8/0']);
  });

  test(`${name}: a fact for another entity is refused and nothing is written`, async () => {
    const { journal } = await fresh();
    try {
      await journal.append(node('n1'), [{ fact: joined('n1') }, { fact: joined('n2') }]);
      assert.unreachable('wrong entity accepted');
    } catch (e) {
      assert.ok(isQuorateError(e, 'journal.bad-entity'), String(e));
      assert.match((e as Error).message, 'node/n2');
    }
    assert.is(await journal.lastSeq(), 0);
  });

  test(`${name}: snapshots put, get, overwrite and delete`, async () => {
    const { journal } = await fresh();
    assert.is(await journal.snapshots.get('latest'), undefined);
    await journal.snapshots.put('latest', Uint8Array.of(1, 2, 3));
    assert.equal(await journal.snapshots.get('latest'), Uint8Array.of(1, 2, 3));
    await journal.snapshots.put('latest', Uint8Array.of(4));
    assert.equal(await journal.snapshots.get('latest'), Uint8Array.of(4));
    await journal.snapshots.put('empty', new Uint8Array(0));
    assert.equal(await journal.snapshots.get('empty'), new Uint8Array(0));
    await journal.snapshots.delete('latest');
    assert.is(await journal.snapshots.get('latest'), undefined);
    await journal.snapshots.delete('never-there');
  });

  test(`${name}: corrupt, undecodable and unknown messages are problems with seq and subject; reading goes on`, async () => {
    const { journal, publishRaw } = await fresh();
    const subject = entitySubject(journal.cluster, node('n1'));
    await journal.append(node('n1'), [{ fact: joined('n1') }]);
    const bad = await publishRaw(subject, corruptEnvelope(online('n1')));
    const garbage = await publishRaw(subject, Uint8Array.of(0xff, 0xff, 0xff));
    const unknown = await publishRaw(subject, unknownFactEnvelope('node/n1'));
    await journal.append(node('n1'), [{ fact: lost('n1') }]);
    const all = await collect(journal.read());
    assert.equal(seqs(all), [1, bad, garbage, unknown, 5]);
    const problems = all.filter((e) => e.kind === 'problem');
    assert.equal(problems.map((p) => [p.seq, p.subject, p.code]), [
      [bad, subject, 'codec.checksum'],
      [garbage, subject, 'codec.malformed'],
      [unknown, subject, 'codec.unknown-fact'],
    ]);
    assert.equal(facts([all[4]!]), [lost('n1')]);
    // A type filter keeps problems: they have no type to test.
    assert.equal(seqs(await collect(journal.read({ types: ['NodeLost'] }))), [bad, garbage, unknown, 5]);
  });

  test(`${name}: ids with dots and other subject characters round-trip`, async () => {
    const { journal } = await fresh();
    const ids = ['node1.example.com', 'a b*>', 'ünï'];
    for (const id of ids) await journal.append(node(id), [{ fact: joined(id) }]);
    const all = await collect(journal.read());
    assert.equal(all.map((e) => (e.kind === 'fact' ? e.entity.id : e.message)), ids);
    assert.equal(seqs(await collect(journal.read({ entity: node('node1.example.com') }))), [1]);
    assert.is(await journal.lastSeq(node('a b*>')), 2);
    assert.equal(seqs(await collect(journal.lastPerEntity('node'))), [1, 2, 3]);
  });

  test(`${name}: a closed journal refuses use with journal.closed`, async () => {
    const { journal } = await fresh();
    await journal.close();
    try {
      await journal.append(node('n1'), [{ fact: joined('n1') }]);
      assert.unreachable();
    } catch (e) {
      assert.ok(isQuorateError(e, 'journal.closed'), String(e));
    }
  });

  test.run();
}
