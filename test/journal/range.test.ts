// A finite JetStream read fed by a callback consumer: a slow reader stops the consumer at the buffer's high water
// mark and a new one resumes where it stopped; every fact comes once, in order, also for a kind filter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import { RANGE_TUNING } from '../../journal/jetstream-range.ts';
import { startNats } from '../harness/nats.ts';

const FACTS = 600;

test('journal range: a slow reader past the high water mark reads every fact once, in order', async () => {
  const nats = await startNats({ size: 1 });
  const saved = RANGE_TUNING.highWater;
  RANGE_TUNING.highWater = 25;
  const j = await createJetStreamJournal({ servers: nats.urls, cluster: 'range', replicas: 1 });
  try {
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < FACTS; i++) {
      const kind = i % 3 === 0 ? 'node' : 'resource';
      pending.push(kind === 'node'
        ? j.append({ kind: 'node', id: `n${i}` }, [{ fact: { type: 'NodeJoined', node: `n${i}`, incarnation: 'i1', address: '' } }])
        : j.append({ kind: 'resource', id: `r${i}` }, [{ fact: { type: 'ResourceRemoved', id: `r${i}` } }]));
    }
    await Promise.all(pending);
    const seqs: number[] = [];
    for await (const e of j.read({})) {
      assert.is(e.kind, 'fact', JSON.stringify(e));
      seqs.push(e.seq);
      // A slow reader: let the consumer's callbacks run between entries, so the buffer fills past its mark.
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(seqs, Array.from({ length: FACTS }, (_, i) => i + 1));
    assert.ok(RANGE_TUNING.resumes > 0, 'the slow reader made the consumer stop and resume');
    const nodes: number[] = [];
    for await (const e of j.read({ entity: { kind: 'node' }, fromSeq: 100, toSeq: 500 })) {
      nodes.push(e.seq);
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(nodes, Array.from({ length: FACTS }, (_, i) => i + 1).filter((s) => (s - 1) % 3 === 0 && s >= 100 && s <= 500));
  } finally {
    RANGE_TUNING.highWater = saved;
    await j.close();
    await nats.stop();
  }
});

test.run();
