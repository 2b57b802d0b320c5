// Property: random legal fact sequences through live actors give the state a pure rebuild and a snapshot rebuild give.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createMemoryJournal } from '../../journal/memory.ts';
import { legalFacts } from './gen.ts';
import { driveAndCompare } from './drive.ts';

const SEED = 20_240_611;

test('fold: live actors = pure rebuild = snapshot + tail, digest for digest (memory, seeded)', async () => {
  let snapshotsUsed = 0;
  let routed = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 25 }), async (choices, every) => {
      let t = 1_700_000_000_000;
      const journal = createMemoryJournal('prop', { now: () => (t += 1000) });
      try {
        const r = await driveAndCompare(journal, legalFacts(choices), every);
        if (r.fromSnapshot > 0) snapshotsUsed++;
        routed += r.routed;
      } finally {
        await journal.close();
      }
    }),
    { seed: SEED, numRuns: 40 },
  );
  assert.ok(snapshotsUsed > 10, `snapshot + tail was exercised (${snapshotsUsed} runs)`);
  console.log(`  ${snapshotsUsed}/40 runs rebuilt from a snapshot; ${routed} intents routed`);
});

test.run();
