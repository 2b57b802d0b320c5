// `quorate history <kind>/<id>`: one entity's timeline, fact by fact, with the time spent in each state.
import { defineCommand, Exit } from './command.ts';
import { FlagType, usageError } from './args.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { createLineWriter } from './output.ts';
import { humanDuration, showTime } from './state-view.ts';
import { type EntityRef, entityKey, parseEntity } from '../machines/entity.ts';
import { emptyState, foldEntry, stateName } from '../machines/fold.ts';
import type { Journal } from '../journal/journal.ts';

/** One fact of the timeline and the state it left the entity in. */
export interface HistoryStep {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly origin: string;
  readonly state: string;
  /** Set when the machine had no transition for it. */
  readonly inconsistent?: boolean;
}
/** A stretch of time in one state; `to` undefined = still in it. */
export interface Segment {
  readonly state: string;
  readonly from: number;
  readonly to?: number;
}
export interface History {
  readonly entity: string;
  readonly steps: readonly HistoryStep[];
  readonly segments: readonly Segment[];
  readonly problems: number;
}

/** Reads and folds one entity's facts; segments split where its state changes. */
export async function historyOf(journal: Journal, ref: EntityRef): Promise<History> {
  const key = entityKey(ref);
  const state = emptyState(journal.cluster);
  const steps: HistoryStep[] = [];
  const segments: Segment[] = [];
  for await (const e of journal.read({ entity: ref })) {
    const n = state.inconsistencies.length;
    foldEntry(state, e);
    if (e.kind !== 'fact') continue;
    const s = stateName(state.entities.get(key)!.snapshot.value);
    steps.push({ seq: e.seq, at: e.meta.occurredAt, type: e.fact.type, origin: e.meta.origin, state: s, ...(state.inconsistencies.length > n ? { inconsistent: true } : {}) });
    const cur = segments.at(-1);
    if (!cur || cur.state !== s) {
      if (cur) segments[segments.length - 1] = { ...cur, to: e.meta.occurredAt };
      segments.push({ state: s, from: e.meta.occurredAt });
    }
  }
  return { entity: key, steps, segments, problems: state.problems.length };
}

/** The text of a history; the open segment runs to `now`. */
export function renderHistory(h: History, now: number, utc: boolean): string[] {
  if (h.steps.length === 0) return [`${h.entity}: no facts in the journal`];
  const lines = [`${h.entity}: ${h.steps.length} facts, seq ${h.steps[0]!.seq}..${h.steps.at(-1)!.seq}`, ''];
  const tw = Math.max(...h.steps.map((s) => s.type.length), 4);
  lines.push(`  ${'SEQ'.padStart(7)}  ${'TIME'.padEnd(utc ? 20 : 19)}  ${'FACT'.padEnd(tw)}  STATE AFTER`);
  for (const s of h.steps) {
    lines.push(`  ${String(s.seq).padStart(7)}  ${showTime(s.at, utc)}  ${s.type.padEnd(tw)}  ${s.state}${s.inconsistent ? '  (no transition: ignored)' : ''}${s.origin ? `  by ${s.origin}` : ''}`);
  }
  lines.push('', 'time in each state:');
  const sw = Math.max(...h.segments.map((s) => s.state.length));
  const totals = new Map<string, number>();
  for (const seg of h.segments) {
    const end = seg.to ?? Math.max(now, seg.from);
    totals.set(seg.state, (totals.get(seg.state) ?? 0) + (end - seg.from));
    const until = seg.to === undefined ? 'now' : showTime(seg.to, utc);
    lines.push(`  ${seg.state.padEnd(sw)}  ${showTime(seg.from, utc)} -> ${until.padEnd(utc ? 20 : 19)}  ${humanDuration(end - seg.from)}${seg.to === undefined ? ' so far' : ''}`);
  }
  lines.push('', 'totals:');
  for (const [state, ms] of [...totals].sort((a, b) => b[1] - a[1])) lines.push(`  ${state.padEnd(sw)}  ${humanDuration(ms)}`);
  return lines;
}

/** The `history` verb. */
export const command = defineCommand({
  verb: 'history',
  summary: "one entity's timeline with the time spent in each state",
  positionals: '<kind>/<id>',
  flags: {
    ...COMMON_FLAGS,
    json: { type: FlagType.boolean, help: 'print JSON (steps and segments) instead of text' },
    utc: { type: FlagType.boolean, help: 'show times in UTC instead of local time' },
  },
  details: 'example:\n  quorate history --cluster demo resource/web',
  async main(flags, positionals) {
    if (positionals.length !== 1) throw usageError('history', 'give one entity, e.g. resource/web');
    let ref: EntityRef;
    try {
      ref = parseEntity(positionals[0]!);
    } catch (e) {
      throw usageError('history', (e as Error).message);
    }
    const journal = await openJournal('history', resolveTarget('history', flags));
    const out = createLineWriter();
    try {
      const h = await historyOf(journal, ref);
      for (const l of flags.json ? [JSON.stringify(h, null, 2)] : renderHistory(h, Date.now(), flags.utc)) await out.line(l);
      return Exit.ok;
    } finally {
      await out.flush();
      await journal.close();
    }
  },
});
