// `quorate log`: prints the journal as a table or JSON lines, filtered; follows it; or verifies every message.
import { FlagType, type Flags } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { tableHeader, tableRow, toJson } from './format.ts';
import { readOptionsOf } from './log-options.ts';
import { createLineWriter, type LineWriter } from './output.ts';
import type { Journal, JournalEntry, ReadOptions } from '../journal/index.ts';

const FLAGS = {
  ...COMMON_FLAGS,
  entity: { type: FlagType.string, value: '<kind[/id]>', help: 'one entity (resource/web) or every entity of a kind (resource)' },
  type: { type: FlagType.list, value: '<FactType,...>', help: 'only these fact types (repeatable or comma-separated)' },
  since: { type: FlagType.string, value: '<time>', help: 'stored at or after: ISO-8601 or relative (-15m, -2h, -1d)' },
  until: { type: FlagType.string, value: '<time>', help: 'stored at or before: ISO-8601 or relative' },
  'from-seq': { type: FlagType.integer, value: '<seq>', min: 1, help: 'first stream sequence' },
  'to-seq': { type: FlagType.integer, value: '<seq>', min: 1, help: 'last stream sequence' },
  follow: { type: FlagType.boolean, help: 'keep printing new facts until Ctrl-C' },
  json: { type: FlagType.boolean, help: 'one JSON object per line: seq, subject, time, entity, type, origin, term, data' },
  utc: { type: FlagType.boolean, help: 'show and read times in UTC instead of local time' },
  verify: { type: FlagType.boolean, help: 'check every message; list the undecodable, checksum-failing or unknown ones; exit 3 if any' },
} as const;

const DETAILS = `Times are when the journal stored each fact. Unreadable messages are shown in place (type "!<code>").
examples:
  quorate log --cluster demo --entity resource/web --since -15m
  quorate log --cluster demo --type NodeLost,NodeFenced --json
  quorate log --cluster demo --follow
  quorate log --cluster demo --verify`;

/** The `log` verb. */
export const command = defineCommand({
  verb: 'log',
  summary: 'print, filter, follow or verify the journal',
  flags: FLAGS,
  details: DETAILS,
  async main(flags) {
    const read = readOptionsOf(flags, Date.now());
    const target = resolveTarget('log', flags);
    const journal = await openJournal('log', target);
    const out = createLineWriter();
    try {
      if (flags.verify) return await verify(journal, read, flags, out);
      if (!flags.json) await out.line(tableHeader(flags.utc));
      const print = (e: JournalEntry) => out.line(flags.json ? JSON.stringify(toJson(e)) : tableRow(e, journal.cluster, flags.utc));
      if (flags.follow) await follow(journal, read, print, out);
      else for await (const e of journal.read(read)) await print(e);
      return Exit.ok;
    } finally {
      await out.flush();
      await journal.close();
    }
  },
});

/** Prints until SIGINT/SIGTERM; then ends cleanly (exit 0). */
async function follow(journal: Journal, read: ReadOptions, print: (e: JournalEntry) => Promise<void>, out: LineWriter) {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for await (const e of journal.follow({ ...read, signal: stop.signal })) {
      await print(e);
      if (stop.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await out.flush();
  }
}

/** Lists every problem with its seq and subject; a count on stderr; exit 3 when any. */
async function verify(journal: Journal, read: ReadOptions, flags: Flags<typeof FLAGS>, out: LineWriter): Promise<number> {
  let checked = 0;
  let problems = 0;
  let first = 0;
  let last = 0;
  for await (const e of journal.read({ fromSeq: read.fromSeq, toSeq: read.toSeq, since: read.since, until: read.until, entity: read.entity })) {
    checked++;
    if (first === 0) first = e.seq;
    last = e.seq;
    if (e.kind !== 'problem') continue;
    problems++;
    await out.line(flags.json ? JSON.stringify(toJson(e)) : `${String(e.seq).padStart(7)}  ${e.subject}  ${e.code}  ${e.message}`);
  }
  await out.flush();
  const range = checked === 0 ? 'no messages' : `${checked} message${checked === 1 ? '' : 's'} (seq ${first}-${last})`;
  process.stderr.write(`quorate log --verify: checked ${range}: ${problems === 0 ? 'all good' : `${problems} problem${problems === 1 ? '' : 's'}`}\n`);
  return problems === 0 ? Exit.ok : Exit.problems;
}
