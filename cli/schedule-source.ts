// Where `quorate simulate` and `quorate why` get the cluster from: the live journal (now or --at), or a
// scheduler input file (--input, as the bench writes it).
import { readFileSync } from 'node:fs';
import type { ClusterState } from '../machines/fold.ts';
import type { ScheduleInput } from '../machines/policy/index.ts';
import { FlagType, usageError } from './args.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';

/** Flags both verbs take to name their source. */
export const SOURCE_FLAGS = {
  ...COMMON_FLAGS,
  at: { type: FlagType.string, value: '<seq|time>', help: 'the replayed state at a stream sequence, ISO-8601 time, or relative (-15m); default: now' },
  input: { type: FlagType.string, value: '<file.json>', help: 'a scheduler input (ScheduleInput JSON) instead of a cluster' },
  utc: { type: FlagType.boolean, help: 'read --at times in UTC instead of local time' },
} as const;

/** A source: a folded state (from the journal), or a scheduler input read from a file. */
export type Source =
  | { readonly kind: 'state'; readonly state: ClusterState; readonly label: string }
  | { readonly kind: 'input'; readonly input: ScheduleInput; readonly label: string };

/** Reads the source the flags name; every bad input is a usage error naming the flag and the file. */
export async function loadSource(verb: string, flags: { nats?: string; cluster?: string; at?: string; input?: string; utc: boolean }): Promise<Source> {
  if (flags.input !== undefined) {
    if (flags.at !== undefined) throw usageError(verb, '--at replays the journal; it cannot be combined with --input');
    let text: string;
    try {
      text = readFileSync(flags.input, 'utf8');
    } catch (e) {
      throw usageError(verb, `--input ${flags.input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw usageError(verb, `--input ${flags.input}: not JSON: ${(e as Error).message}`);
    }
    if (typeof input !== 'object' || input === null || !Array.isArray((input as ScheduleInput).nodes) || !Array.isArray((input as ScheduleInput).resources)) {
      throw usageError(verb, `--input ${flags.input}: expected a ScheduleInput object with "nodes" and "resources" lists`);
    }
    return { kind: 'input', input: input as ScheduleInput, label: `input ${flags.input}` };
  }
  // The journal side is loaded only when used, so `--input` starts without the NATS client and the machines.
  const [{ rebuild }, { momentSeq }] = await Promise.all([import('../journal/rebuild.ts'), import('./replay.ts')]);
  const journal = await openJournal(verb, resolveTarget(verb, flags));
  try {
    const last = await journal.lastSeq();
    const to = flags.at === undefined ? last : await momentSeq(journal, verb, '--at', flags.at, flags.utc, Date.now());
    if (to > last) throw usageError(verb, `--at ${flags.at}: the journal ends at sequence ${last}`);
    const state = await rebuild(journal, { to });
    return { kind: 'state', state, label: `cluster ${journal.cluster} at sequence ${state.position}${flags.at === undefined ? ' (now)' : ''}` };
  } finally {
    await journal.close();
  }
}
