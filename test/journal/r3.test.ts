// The JetStream journal on a real 3-server cluster with an R3 stream: no acknowledged fact lost or doubled when a
// server is killed mid-run, one winner among concurrent stale claims, and a snapshot larger than max_payload.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Fact } from '../../proto/generated.ts';
import { ConcurrencyError } from '../../machines/errors.ts';
import { createJetStreamJournal, streamName, type Journal } from '../../journal/index.ts';
import type { NatsCluster } from '../../journal/nats-cluster.ts';
import { startNats, stopAllNats } from '../harness/nats.ts';

let nats: NatsCluster;
const journals: Journal[] = [];
const open = async (cluster: string, servers = nats.urls) => {
  const j = await createJetStreamJournal({ servers, cluster, replicas: 3, timeout: 10_000 });
  journals.push(j);
  return j;
};

test.before(async () => {
  nats = await startNats({ size: 3 });
});
test.after(async () => {
  await Promise.all(journals.map((j) => j.close().catch(() => undefined)));
  await stopAllNats();
});

// uvu drops errors whose `details` is not an assertion diff (QuorateError): rethrow as plain errors.
const it = (title: string, fn: () => Promise<void>) => test(title, async () => {
  try { await fn(); } catch (e) {
    if (e instanceof assert.Assertion) throw e;
    throw new Error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
});

const fact = (i: number): Fact => ({ type: 'NodeSuspected', node: `n${i % 7}`, lastHeardAt: i, silentMs: i });

/** The name of the server leading `stream`. */
async function streamLeader(stream: string): Promise<string> {
  const nc = await connect({ servers: nats.urls });
  try {
    return (await (await jetstreamManager(nc, { timeout: 15_000 })).streams.info(stream)).cluster?.leader ?? '';
  } finally {
    await nc.close();
  }
}

it('r3: every acknowledged fact survives a SIGKILLed stream leader, exactly once and in order', async () => {
  try {
    await killedLeaderRun();
  } finally {
    // The killed server comes back for the next tests, whatever happened.
    for (const s of nats.servers) if (!s.running) await s.restart();
  }
});

async function killedLeaderRun(): Promise<void> {
  const journal = await open('r3run');
  const total = 2000;
  const batch = 50;
  const acked = new Map<string, number>();
  let killedAt = -1;
  let retries = 0;
  for (let start = 0; start < total; start += batch) {
    if (start === total / 2) {
      const leader = await streamLeader(streamName('r3run'));
      const victim = nats.servers.find((s) => s.name === leader) ?? nats.servers[0]!;
      await victim.kill('SIGKILL');
      killedAt = start;
    }
    // One batch per entity group: append each fact pipelined, retrying the same event ids until all are acked.
    const ids = Array.from({ length: batch }, (_, k) => start + k);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = ids.filter((i) => !acked.has(`run/${i}`));
      if (pending.length === 0) break;
      const results = await Promise.allSettled(
        pending.map((i) => journal.append({ kind: 'node', id: `n${i % 7}` }, [{ fact: fact(i), eventId: `run/${i}` }])),
      );
      results.forEach((r, k) => { if (r.status === 'fulfilled') acked.set(`run/${pending[k]!}`, r.value[0]!); });
      if (results.some((r) => r.status === 'rejected')) {
        retries++;
        if (Date.now() > deadline) throw new Error(`batch at ${start} still failing after 60 s: ${String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  assert.is(killedAt, total / 2);
  assert.is(acked.size, total);

  const seen = new Map<string, number>();
  let lastSeq = 0;
  for await (const e of journal.read()) {
    assert.ok(e.kind === 'fact', `problem at ${e.seq}`);
    assert.ok(e.seq > lastSeq);
    lastSeq = e.seq;
    assert.not.ok(seen.has(e.meta.eventId), `${e.meta.eventId} stored twice`);
    seen.set(e.meta.eventId, e.seq);
  }
  assert.is(seen.size, total, `read back ${seen.size} of ${total} facts (${retries} retried batches)`);
  for (const [id, seq] of acked) assert.is(seen.get(id), seq, `${id} acked at ${seq}`);
  // Per entity, facts are in the order they were appended.
  const byEntity = new Map<string, number[]>();
  for (const [id] of [...seen].sort((a, b) => a[1] - b[1])) {
    const i = Number(id.slice(4));
    const list = byEntity.get(`n${i % 7}`) ?? [];
    list.push(i);
    byEntity.set(`n${i % 7}`, list);
  }
  for (const [entity, list] of byEntity) assert.equal(list, [...list].sort((a, b) => a - b), `${entity} out of order`);
  // The killed server comes back and the cluster still serves the whole log.
  const victim = nats.servers.find((s) => !s.running)!;
  await victim.restart();
  assert.is(await journal.lastSeq(), lastSeq);
}

it('r3: of concurrent claims expecting the same sequence, exactly one wins', async () => {
  const first = await open('r3claim', [nats.urls[0]!]);
  const writers = [first, ...(await Promise.all(nats.urls.flatMap((url, k) => (k === 0 ? [open('r3claim', [url])] : [open('r3claim', [url]), open('r3claim', [url])]))))];
  const entity = { kind: 'node', id: 'contested' } as const;
  for (let round = 0; round < 5; round++) {
    const expected = await writers[0]!.lastSeq(entity);
    const results = await Promise.allSettled(
      writers.map((w, k) => w.append(entity, [{ fact: { type: 'NodeOnline', node: 'contested' } }], { expectedLastSeq: expected, commandId: `r${round}-w${k}` })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.is(won.length, 1, `round ${round}: ${won.length} winners`);
    for (const l of lost) assert.instance(l.reason, ConcurrencyError);
    assert.is(await writers[0]!.lastSeq(entity), (won[0] as PromiseFulfilledResult<number[]>).value[0]);
  }
  assert.is(await writers[0]!.lastSeq(), 5);
});

it('r3: a snapshot larger than max_payload goes through the object store and back', async () => {
  const journal = await open('r3snap');
  const big = new Uint8Array(3 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  await journal.snapshots.put('latest', big);
  const back = await journal.snapshots.get('latest');
  assert.ok(back && back.length === big.length, `got ${back?.length} bytes`);
  assert.ok(Buffer.from(back).equals(Buffer.from(big)), 'snapshot bytes differ');
  await journal.snapshots.put('latest', Uint8Array.of(7));
  assert.equal(await journal.snapshots.get('latest'), Uint8Array.of(7));
  await journal.snapshots.put('latest', big);
  await journal.snapshots.delete('latest');
  assert.is(await journal.snapshots.get('latest'), undefined);
});

test.run();
