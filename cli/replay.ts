// `quorate replay`: the cluster as it was at a moment (--at), or what changed between two moments (--diff).
import { FlagType } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { usageError } from './args.ts';
import { parseTimeArg } from './time-arg.ts';
import { createLineWriter } from './output.ts';
import { foldTracked, renderState, showFields, type StateView, viewOf } from './state-view.ts';
import type { Journal } from '../journal/journal.ts';

const FLAGS = {
  ...COMMON_FLAGS,
  at: { type: FlagType.string, value: '<time|seq>', help: 'the moment: a stream sequence, ISO-8601, or relative (-15m)' },
  diff: { type: FlagType.boolean, help: 'compare two moments given as arguments: --diff <t1> <t2>' },
  json: { type: FlagType.boolean, help: 'print JSON instead of text' },
  utc: { type: FlagType.boolean, help: 'show and read times in UTC instead of local time' },
} as const;

/** A moment on the command line: a sequence when all digits, else a time. */
export async function momentSeq(journal: Journal, verb: string, flag: string, text: string, utc: boolean, now: number): Promise<number> {
  if (/^\d+$/.test(text)) return Number(text);
  return journal.seqAt(parseTimeArg(verb, flag, text, { utc, now }));
}

/** The state view at sequence `seq` (from the beginning, so "since" is exact). */
export async function replayAt(journal: Journal, seq: number): Promise<StateView> {
  const { state, since } = await foldTracked(journal, seq);
  return viewOf(state, since);
}

/** One difference between two moments. */
export interface DiffLine {
  readonly key: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly from?: { readonly state: string; readonly fields: Readonly<Record<string, unknown>>; readonly lastSeq: number };
  readonly to?: { readonly state: string; readonly fields: Readonly<Record<string, unknown>>; readonly lastSeq: number };
}

/** Entities added, removed, or whose state, key fields or last sequence changed from `a` to `b`, in key order. Pure. */
export function diffViews(a: StateView, b: StateView): DiffLine[] {
  const before = new Map(a.entities.map((e) => [e.key, e]));
  const after = new Map(b.entities.map((e) => [e.key, e]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: DiffLine[] = [];
  const part = (e: StateView['entities'][number]) => ({ state: e.state, fields: e.fields, lastSeq: e.lastSeq });
  for (const key of keys) {
    const x = before.get(key);
    const y = after.get(key);
    if (!x && y) out.push({ key, change: 'added', to: part(y) });
    else if (x && !y) out.push({ key, change: 'removed', from: part(x) });
    else if (x && y && x.lastSeq !== y.lastSeq) out.push({ key, change: 'changed', from: part(x), to: part(y) });
  }
  return out;
}

/** The text of a diff line: `~ resource/web  stopped -> running  node= -> node=n1`. */
export function renderDiff(d: DiffLine): string {
  if (d.change === 'added') return `+ ${d.key}  ${d.to!.state}  ${showFields(d.to!.fields)}`.trimEnd();
  if (d.change === 'removed') return `- ${d.key}  was ${d.from!.state}`;
  const f = d.from!;
  const t = d.to!;
  const parts = [f.state === t.state ? `${t.state} (unchanged)` : `${f.state} -> ${t.state}`];
  for (const k of [...new Set([...Object.keys(f.fields), ...Object.keys(t.fields)])].sort()) {
    const a = JSON.stringify(f.fields[k] ?? '');
    const b = JSON.stringify(t.fields[k] ?? '');
    if (a !== b) parts.push(`${k}: ${a} -> ${b}`);
  }
  return `~ ${d.key}  ${parts.join('  ')}  (facts ${f.lastSeq + 1}..${t.lastSeq})`;
}

/** The `replay` verb. */
export const command = defineCommand({
  verb: 'replay',
  summary: 'the cluster as it was at a moment (--at), or what changed between two (--diff)',
  flags: FLAGS,
  positionals: '<t1> <t2> (with --diff)',
  details: `A moment is a stream sequence (123), an ISO-8601 time, or a relative one (-15m).
examples:
  quorate replay --cluster demo --at 2024-05-01T10:00:00Z
  quorate replay --cluster demo --at 1200 --json
  quorate replay --cluster demo --diff -2h -1h`,
  async main(flags, positionals) {
    if (flags.diff === (flags.at !== undefined)) throw usageError('replay', 'give either --at <time|seq> or --diff <t1> <t2>');
    if (flags.diff && positionals.length !== 2) throw usageError('replay', `--diff needs two moments, got ${positionals.length}`);
    if (!flags.diff && positionals.length > 0) throw usageError('replay', `unexpected argument "${positionals[0]}"`);
    const journal = await openJournal('replay', resolveTarget('replay', flags));
    const out = createLineWriter();
    const now = Date.now();
    try {
      if (!flags.diff) {
        const v = await replayAt(journal, await momentSeq(journal, 'replay', 'at', flags.at!, flags.utc, now));
        for (const l of flags.json ? [JSON.stringify(v, null, 2)] : renderState(v, flags.utc)) await out.line(l);
        return Exit.ok;
      }
      const [s1, s2] = [await momentSeq(journal, 'replay', 'diff', positionals[0]!, flags.utc, now), await momentSeq(journal, 'replay', 'diff', positionals[1]!, flags.utc, now)];
      const [a, b] = [await replayAt(journal, s1), await replayAt(journal, s2)];
      const diff = diffViews(a, b);
      if (flags.json) await out.line(JSON.stringify({ from: { seq: a.position, digest: a.digest }, to: { seq: b.position, digest: b.digest }, changes: diff }, null, 2));
      else {
        await out.line(`from seq ${a.position} (${a.digest.slice(0, 12)}) to seq ${b.position} (${b.digest.slice(0, 12)}): ${diff.length} entit${diff.length === 1 ? 'y' : 'ies'} changed`);
        for (const d of diff) await out.line(renderDiff(d));
      }
      return Exit.ok;
    } finally {
      await out.flush();
      await journal.close();
    }
  },
});
