// npm run torture -- --runs N --seconds S [--seed X] [--out DIR] [--unsafe] [--no-faults]: long randomized fault
// runs (--unsafe: the checker self-test, split-brain faults only, against a build that skips fence confirmation);
// every run keeps its seed, timeline, logs, history and checker report under DIR/run-<i>-seed-<seed>.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport } from './checker/index.ts';
import { runFault, sleep } from './run.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`torture: --${name} needs a value`);
  return v;
}

const runs = Number(flag('runs', '1'));
const seconds = Number(flag('seconds', '120'));
const firstSeed = Number(flag('seed', String(Date.now() % 1_000_000)));
const out = flag('out', join(tmpdir(), `quorate-torture-${Date.now()}`));
const unsafe = process.argv.includes('--unsafe');
const noFaults = process.argv.includes('--no-faults');
for (const [k, v] of Object.entries({ runs, seconds, seed: firstSeed })) {
  if (!Number.isInteger(v) || v < (k === 'seed' ? 0 : 1)) {
    console.error(`torture: --${k} must be a whole number${k === 'seed' ? ' >= 0' : ' >= 1'} (got ${v})`);
    process.exit(2);
  }
}
mkdirSync(out, { recursive: true });
console.log(`torture: ${runs} run(s) of ${seconds} s${unsafe ? ', UNSAFE build (checker self-test)' : ''}${noFaults ? ', no faults' : ''}; everything kept in ${out}`);
const summary: unknown[] = [];
let failed = 0;
for (let i = 0; i < runs; i++) {
  const seed = firstSeed + i;
  const dir = join(out, `run-${i + 1}-seed-${seed}`);
  const t0 = Date.now();
  try {
    const r = await runFault({
      seed, dir, seconds,
      ...(noFaults ? { scenario: Object.defineProperty(async () => sleep(seconds * 1000), 'name', { value: 'no-faults' }) } : {}),
      ...(unsafe ? { env: { QUORATE_UNSAFE: 'skip-fence-confirmation' }, faults: 'split-brain' as const } : {}),
    });
    const bad = [...new Set(r.violations.map((v) => v.invariant))];
    if (bad.length > 0) failed++;
    summary.push({ run: i + 1, seed, faults: r.faults, failovers: r.failovers, failoverMs: r.failoverMs, violations: bad, seconds: Math.round((Date.now() - t0) / 1000) });
    console.log(`run ${i + 1} seed ${seed}: ${r.faults} faults, ${r.failovers} failovers (${r.failoverMs.join(', ') || '-'} ms), ${bad.length ? `VIOLATIONS ${bad.join(' ')}` : 'ok'} (${dir})`);
    if (bad.length) console.log(formatReport(r.violations).split('\n').slice(0, 10).map((l) => `  ${l}`).join('\n'));
  } catch (e) {
    failed++;
    summary.push({ run: i + 1, seed, error: (e as Error).message });
    console.log(`run ${i + 1} seed ${seed}: harness error: ${(e as Error).message} (${dir})`);
  }
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
}
console.log(`torture: ${runs - failed}/${runs} runs clean; summary in ${join(out, 'summary.json')}`);
process.exit(failed > 0 ? 1 : 0);
