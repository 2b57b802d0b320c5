// npm run torture -- --runs N --seconds S [--seed X] [--out DIR] [--nodes 2|3|5] [--faults all|fixtures|split-brain]
// [--unsafe] [--no-faults]: long randomized fault runs (--unsafe: the checker self-test, split-brain faults only,
// against a build that skips fence confirmation; --nodes 2 runs in two-node mode; --faults fixtures draws only the
// fence agent, flaky, storm and double faults);
// every run keeps its seed, timeline, logs, history and checker report under DIR/run-<i>-seed-<seed>.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport } from './checker/index.ts';
import { FAULT_SETS, type FaultSet } from './random-faults.ts';
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
const nodeCount = Number(flag('nodes', '3'));
const faults = flag('faults', unsafe ? 'split-brain' : 'all') as FaultSet;
if (![2, 3, 5].includes(nodeCount)) {
  console.error(`torture: --nodes must be 2, 3 or 5 (got ${flag('nodes', '3')})`);
  process.exit(2);
}
if (!FAULT_SETS.includes(faults)) {
  console.error(`torture: --faults must be one of ${FAULT_SETS.join(', ')} (got ${faults})`);
  process.exit(2);
}
/** The lines of a run's JSON-lines file, [] when it does not exist. */
const jsonl = <T>(path: string): T[] => existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T) : [];

/** Faults per kind from the run's timeline, and what the fixture nemeses saw the cluster do. */
function kindsOf(dir: string): { kinds: Record<string, number>; checks: { kind: string; ok: boolean; detail: string }[] } {
  const kinds: Record<string, number> = {};
  for (const e of jsonl<{ kind?: string }>(join(dir, 'timeline.jsonl'))) if (e.kind) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  return { kinds, checks: jsonl(join(dir, 'nemesis-checks.jsonl')) };
}

const nodes = Array.from({ length: nodeCount }, (_, i) => `n${i + 1}`);
for (const [k, v] of Object.entries({ runs, seconds, seed: firstSeed })) {
  if (!Number.isInteger(v) || v < (k === 'seed' ? 0 : 1)) {
    console.error(`torture: --${k} must be a whole number${k === 'seed' ? ' >= 0' : ' >= 1'} (got ${v})`);
    process.exit(2);
  }
}
mkdirSync(out, { recursive: true });
console.log(`torture: ${runs} run(s) of ${seconds} s, ${nodeCount} nodes, faults ${faults}${unsafe ? ', UNSAFE build (checker self-test)' : ''}${noFaults ? ', no faults' : ''}; everything kept in ${out}`);
const summary: unknown[] = [];
const all = { dc: [] as number[], service: [] as number[] };
let failed = 0;
for (let i = 0; i < runs; i++) {
  const seed = firstSeed + i;
  const dir = join(out, `run-${i + 1}-seed-${seed}`);
  const t0 = Date.now();
  try {
    const r = await runFault({
      seed, dir, seconds, nodes, faults,
      ...(noFaults ? { scenario: Object.defineProperty(async () => sleep(seconds * 1000), 'name', { value: 'no-faults' }) } : {}),
      ...(unsafe ? { env: { QUORATE_UNSAFE: 'skip-fence-confirmation' } } : {}),
    });
    const bad = [...new Set(r.violations.map((v) => v.invariant))];
    if (bad.length > 0) failed++;
    const { kinds, checks } = kindsOf(dir);
    const missed = checks.filter((x) => !x.ok);
    summary.push({ run: i + 1, seed, faults: r.faults, kinds, failovers: r.failovers, failoverMs: r.failoverMs, serviceFailoverMs: r.serviceFailoverMs, violations: bad, checks, seconds: Math.round((Date.now() - t0) / 1000) });
    all.dc.push(...r.failoverMs);
    all.service.push(...r.serviceFailoverMs);
    console.log(`run ${i + 1} seed ${seed}: ${r.faults} faults, ${r.failovers} DC failovers (${r.failoverMs.join(', ') || '-'} ms), service failovers (${r.serviceFailoverMs.join(', ') || '-'} ms), ${bad.length ? `VIOLATIONS ${bad.join(' ')}` : 'ok'} (${dir})`);
    console.log(`  kinds: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const x of checks) console.log(`  ${x.ok ? 'as expected' : 'UNEXPECTED'}: ${x.kind}: ${x.detail}`);
    if (missed.length) console.log(`  ${missed.length} fixture fault(s) not answered as expected`);
    if (bad.length) console.log(formatReport(r.violations).split('\n').slice(0, 10).map((l) => `  ${l}`).join('\n'));
  } catch (e) {
    failed++;
    summary.push({ run: i + 1, seed, error: (e as Error).message });
    console.log(`run ${i + 1} seed ${seed}: harness error: ${(e as Error).message} (${dir})`);
  }
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
}
const median = (xs: number[]) => (xs.length === 0 ? '-' : `${[...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]} ms`);
const worst = (xs: number[]) => (xs.length === 0 ? '-' : `${Math.max(...xs)} ms`);
console.log(`torture: DC failovers ${all.dc.length} (median ${median(all.dc)}, max ${worst(all.dc)}); service failovers ${all.service.length} (fault on c1's owner -> app running on the new owner: median ${median(all.service)}, max ${worst(all.service)})`);
console.log(`torture: ${runs - failed}/${runs} runs clean; summary in ${join(out, 'summary.json')}`);
process.exit(failed > 0 ? 1 : 0);
