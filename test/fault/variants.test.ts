// test-lane: b
// test-timeout: 20 min
// The cluster-size variants of the randomized tier: one seeded run on five daemons (two per server on two of the
// three servers) and one on two daemons in two-node mode, about a minute of faults each, every invariant kept.
// Each run's folder is printed on failure; replay with `npm run torture -- --nodes <n> --seed <seed> --seconds <s>`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport } from './checker/index.ts';
import { runFault } from './run.ts';

const SECONDS = Number(process.env['QUORATE_FAULT_SECONDS'] ?? 60);
const out = mkdtempSync(join(tmpdir(), 'quorate-fault-variants-'));

for (const { nodes, seed } of [{ nodes: 5, seed: 5005 }, { nodes: 2, seed: 2002 }]) {
  test(`fault: ${nodes}-node random run seed ${seed} (${SECONDS} s of faults) keeps I1..I9`, async () => {
    const names = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
    const r = await runFault({ seed, dir: join(out, `nodes-${nodes}-seed-${seed}`), seconds: SECONDS, nodes: names });
    assert.equal(r.violations, [], `${formatReport(r.violations).split('\n').slice(0, 20).join('\n')}\n(kept in ${r.dir})`);
  });
}

test.run();
