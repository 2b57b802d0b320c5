// Bench helpers: timing a measure, medians over rounds, and the side-by-side table with the ratio to raw.

/** One measured row: rates per round for the journal and for raw JetStream doing the same work. */
export interface Row {
  readonly name: string;
  readonly journal: number[];
  readonly raw: number[];
}

/** The median of `xs` (mean of the middle two for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Runs `slices` slices of journal work and of raw work, alternating A-B-B-A so that both sides see the same
 * background load, and returns each side's rate (operations per second over its own slices). Each work
 * function does one slice and returns how many operations it did.
 */
export async function interleave(slices: number, journal: () => Promise<number>, raw: () => Promise<number>): Promise<{ journal: number; raw: number }> {
  const total = { journal: { ops: 0, s: 0 }, raw: { ops: 0, s: 0 } };
  const timed = async (side: 'journal' | 'raw', work: () => Promise<number>) => {
    const t0 = process.hrtime.bigint();
    const ops = await work();
    total[side].s += Number(process.hrtime.bigint() - t0) / 1e9;
    total[side].ops += ops;
  };
  for (let i = 0; i < slices; i++) {
    if (i % 2 === 0) { await timed('journal', journal); await timed('raw', raw); }
    else { await timed('raw', raw); await timed('journal', journal); }
  }
  return { journal: total.journal.ops / total.journal.s, raw: total.raw.ops / total.raw.s };
}

/** The ratio the issue asks for: journal median / raw median. */
export function ratio(row: Row): number {
  return median(row.journal) / median(row.raw);
}

/** The target ratio journal/raw. */
export const TARGET = 0.7;

/** Prints the rows as a table: medians, ratio, and whether it meets TARGET. */
export function printTable(title: string, rows: readonly Row[]): void {
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
  console.log(`\n${title}`);
  console.log(`  ${'measure'.padEnd(w)}  ${'journal/s'.padStart(10)}  ${'raw/s'.padStart(10)}  ratio  rounds`);
  for (const r of rows) {
    const q = ratio(r);
    const mark = q >= TARGET ? 'ok' : `BELOW ${TARGET.toFixed(2)}`;
    console.log(`  ${r.name.padEnd(w)}  ${fmt(median(r.journal))}  ${fmt(median(r.raw))}  ${q.toFixed(2)}   ${r.journal.length}  ${mark}`);
  }
}
