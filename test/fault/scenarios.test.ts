// test-lane: b
// test-timeout: 30 min
// The CTS analogues, each once, on a fresh proxied 3-server cluster with three daemons: zero invariant violations.
// QUORATE_SCENARIOS=kill-dc,standby runs only those (by scenario name); each prints how long its run took.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport } from './checker/index.ts';
import { runFault } from './run.ts';
import { SCENARIOS } from './scenarios.ts';

const out = mkdtempSync(join(tmpdir(), 'quorate-fault-cts-'));
const only = process.env['QUORATE_SCENARIOS']?.split(',').map((s) => s.trim()).filter(Boolean);

for (const [title, scenario] of Object.entries(SCENARIOS)) {
  if (only && !only.includes(scenario.name)) continue;
  test(`fault: ${title} keeps I1..I9`, async () => {
    const t0 = Date.now();
    const r = await runFault({ seed: 1, dir: join(out, scenario.name), scenario });
    console.log(`  ${scenario.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s, ${r.failovers} failovers, ${r.violations.length} violations (${r.dir})`);
    assert.equal(r.violations, [], `${formatReport(r.violations)}\n(kept in ${r.dir})`);
  });
}

test.run();
