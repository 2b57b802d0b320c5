// test-lane: b
// The checker self-test on real daemons: a build that skips fence confirmation (QUORATE_UNSAFE) must be caught.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport } from './checker/index.ts';
import { runFault } from './run.ts';
import { SCENARIOS } from './scenarios.ts';

const out = mkdtempSync(join(tmpdir(), 'quorate-fault-self-'));

test('fault: the checkers flag I1 or I2 when the daemon skips fence confirmation', async () => {
  const r = await runFault({ seed: 7, dir: join(out, 'unsafe'), scenario: SCENARIOS['isolate the DC (split brain, fencing on)']!, env: { QUORATE_UNSAFE: 'skip-fence-confirmation' } });
  assert.ok(r.violations.some((v) => v.invariant === 'I1' || v.invariant === 'I2'), `no I1/I2 from an unsafe build:\n${formatReport(r.violations)}\n(kept in ${r.dir})`);
});

test.run();
