// The CTS analogues, each once, on a fresh proxied 3-server cluster with three daemons: zero invariant violations.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport } from './checker/index.ts';
import { runFault } from './run.ts';
import { SCENARIOS } from './scenarios.ts';

const out = mkdtempSync(join(tmpdir(), 'quorate-fault-cts-'));

for (const [title, scenario] of Object.entries(SCENARIOS)) {
  test(`fault: ${title} keeps I1..I9`, async () => {
    const r = await runFault({ seed: 1, dir: join(out, scenario.name), scenario });
    assert.equal(r.violations, [], `${formatReport(r.violations)}\n(kept in ${r.dir})`);
  });
}

test.run();
