// test-lane: a
// test-timeout: 45 min
// The randomized tier: seeded fault runs (kill, pause, isolate, splits, route cuts, server kills, slow links, clock
// jumps, wipes, double faults) on a proxied cluster; every run must end with zero invariant violations. Each run's
// seed, timeline, logs, history and report stay in its folder (printed on failure) to be replayed with
// `npm run torture -- --runs 1 --seed <seed> --seconds <s>`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport } from './checker/index.ts';
import { runFault } from './run.ts';

// The CI tier: ten runs of about two minutes of faults each (QUORATE_FAULT_RUNS / _SECONDS to change it).
const RUNS = Number(process.env['QUORATE_FAULT_RUNS'] ?? 10);
const SECONDS = Number(process.env['QUORATE_FAULT_SECONDS'] ?? 120);
const out = mkdtempSync(join(tmpdir(), 'quorate-fault-random-'));

for (let i = 0; i < RUNS; i++) {
  const seed = 1000 + i;
  test(`fault: random run seed ${seed} (${SECONDS} s of faults) keeps I1..I9`, async () => {
    const r = await runFault({ seed, dir: join(out, `seed-${seed}`), seconds: SECONDS });
    assert.equal(r.violations, [], `${formatReport(r.violations).split('\n').slice(0, 20).join('\n')}\n(kept in ${r.dir})`);
  });
}

test.run();
