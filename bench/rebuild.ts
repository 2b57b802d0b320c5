// bench/rebuild: fold 1 M facts from scratch, rebuild from a snapshot + 10 k tail, and the RSS of 10 k live actors.
// Each measure runs in its own child process (clean peak RSS); figures are medians of ROUNDS runs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createActor } from 'xstate';
import { digestState } from '../machines/digest.ts';
import { emptyState, foldAll, foldEntry } from '../machines/fold.ts';
import { moduleFor } from '../machines/registry.ts';
import { createMemoryJournal } from '../journal/memory.ts';
import { readSnapshot, writeSnapshot } from '../journal/snapshot.ts';
import { history, NODES, RESOURCES } from './rebuild-history.ts';

const TOTAL = Number(process.env['BENCH_FACTS'] ?? 1_000_000);
const TAIL = 10_000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number) => bytes / 1024 / 1024;
const peakMb = () => process.resourceUsage().maxRSS / 1024;

type Result = Record<string, number>;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Folds everything from scratch. */
function scratch(): Result {
  const t0 = performance.now();
  const s = foldAll(history(TOTAL), emptyState('bench'));
  const ms = performance.now() - t0;
  return { facts: s.position, factsPerSec: s.position / (ms / 1000), ms, peakRssMb: peakMb(), inconsistencies: s.inconsistencies.length, entities: s.entities.size };
}

/** Builds the state at TOTAL - TAIL, stores its snapshot, then times snapshot read + verify + restore + tail fold. */
async function snapshotTail(): Promise<Result> {
  const base = foldAll(history(TOTAL - TAIL), emptyState('bench'));
  const journal = createMemoryJournal('bench');
  const { bytes } = await writeSnapshot(journal, base);
  const before = peakMb();
  const t0 = performance.now();
  const read = await readSnapshot(journal);
  if (!read?.ok) throw new Error(`snapshot did not restore: ${read && !read.ok ? read.warning : 'none'}`);
  const tRestore = performance.now() - t0;
  const s = read.state;
  for (const e of history(TOTAL, TOTAL - TAIL + 1)) foldEntry(s, e);
  const ms = performance.now() - t0;
  return { ms, restoreMs: tRestore, tailFactsPerSec: TAIL / ((ms - tRestore) / 1000), snapshotKb: bytes / 1024, peakRssMb: peakMb(), peakBeforeMb: before, position: s.position };
}

/** RSS of one live actor per entity (10 k resources, 100 nodes), created from the rebuilt snapshots. */
function liveActors(): Result {
  const s = foldAll(history(2 * NODES + RESOURCES + 100_000), emptyState('bench'));
  const digest = digestState(s);
  const persisted = [...s.entities.values()].map((e) => ({ e, p: moduleFor(e).machine.getPersistedSnapshot(e.snapshot) }));
  s.entities.clear();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBase = process.memoryUsage().rss;
  const actors = persisted.map(({ e, p }) => {
    const mod = moduleFor(e);
    return createActor(mod.machine, { id: `${e.kind}:${e.id}`, input: mod.input(e.id), snapshot: p }).start();
  });
  gc?.();
  const rss = process.memoryUsage().rss;
  const result = { actors: actors.length, rssMb: mb(rss), actorsMb: mb(rss - rssBase), peakRssMb: peakMb(), digestLen: digest.length };
  for (const a of actors) a.stop();
  return result;
}

function child(scenario: string): Result {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', self, '--scenario', scenario], {
    encoding: 'utf8', env: process.env, maxBuffer: 1 << 20,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`bench rebuild ${scenario} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Result;
}

const med = (rs: Result[], k: string) => median(rs.map((r) => r[k] ?? NaN));
const first = (rs: Result[], k: string) => rs[0]?.[k] ?? NaN;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Prints the figures (medians of ROUNDS child runs). */
export async function run(): Promise<void> {
  console.log(`history: ${fmt(TOTAL)} generated, already-decoded facts (in-memory entry generator, no journal I/O) over ${NODES} nodes and ${fmt(RESOURCES)} resources; ${ROUNDS} rounds, medians`);
  const a = Array.from({ length: ROUNDS }, () => child('scratch'));
  console.log(`  from scratch:        ${fmt(med(a, 'factsPerSec'))} facts/s, ${fmt(med(a, 'ms') / 1000, 2)} s, peak RSS ${fmt(med(a, 'peakRssMb'))} MB (${fmt(first(a, 'entities'))} entities, ${fmt(first(a, 'inconsistencies'))} facts without a transition)`);
  const b = Array.from({ length: ROUNDS }, () => child('snapshot'));
  const ms = med(b, 'ms');
  console.log(`  snapshot + ${fmt(TAIL)} tail: ${fmt(ms / 1000, 3)} s (restore + digest check ${fmt(med(b, 'restoreMs'))} ms, tail ${fmt(med(b, 'tailFactsPerSec'))} facts/s), snapshot ${fmt(med(b, 'snapshotKb'))} KiB gzipped, peak RSS ${fmt(med(b, 'peakRssMb'))} MB  target < 2 s: ${ms < 2000 ? 'MET' : 'MISSED'}`);
  const c = Array.from({ length: ROUNDS }, () => child('live'));
  const rss = med(c, 'rssMb');
  console.log(`  live actors:         ${fmt(first(c, 'actors'))} actors (${fmt(RESOURCES)} resources + ${NODES} nodes): RSS ${fmt(rss)} MB (actors alone ${fmt(med(c, 'actorsMb'))} MB)  target <= 300 MB: ${rss <= 300 ? 'MET' : 'MISSED'}`);
}

const i = process.argv.indexOf('--scenario');
if (i > 0) {
  const which = process.argv[i + 1];
  const r = which === 'scratch' ? scratch() : which === 'snapshot' ? await snapshotTail() : which === 'live' ? liveActors() : undefined;
  if (!r) throw new Error(`bench rebuild: unknown scenario "${which}"`);
  console.log(JSON.stringify(r));
}
