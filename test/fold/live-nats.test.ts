// Property on real NATS: random legal fact sequences through live actors = pure rebuild = snapshot + tail, digest for digest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import type { NatsCluster } from '../../journal/nats-cluster.ts';
import { startNats, stopAllNats } from '../harness/nats.ts';
import { legalFacts } from './gen.ts';
import { driveAndCompare } from './drive.ts';

const SEED = 20_240_612;
let nats: NatsCluster | undefined;
let run = 0;

test.after(async () => {
  await stopAllNats();
});

test('fold: live actors = pure rebuild = snapshot + tail, digest for digest (real NATS, seeded)', async () => {
  nats = await startNats({ size: 1 });
  const servers = nats.urls;
  let snapshotsUsed = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat({ max: 10_000 }), { minLength: 10, maxLength: 80 }), fc.integer({ min: 2, max: 15 }), async (choices, every) => {
      const journal = await createJetStreamJournal({ servers, cluster: `prop${++run}` });
      try {
        const r = await driveAndCompare(journal, legalFacts(choices), every);
        if (r.fromSnapshot > 0) snapshotsUsed++;
      } finally {
        await journal.close();
      }
    }),
    { seed: SEED, numRuns: 8 },
  );
  assert.ok(snapshotsUsed > 0, 'snapshot + tail was exercised on NATS');
  console.log(`  ${snapshotsUsed}/8 runs rebuilt from a snapshot stored in NATS`);
});

test.run();
