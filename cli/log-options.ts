// `quorate log` flags to read options: entity, types, time and sequence bounds, checked with one clear line each.
import { DateTime } from 'luxon';
import { FACT_TYPES, type FactType } from '../proto/generated.ts';
import { EntityKind, isEntityKind, parseEntity } from '../machines/entity.ts';
import type { ReadOptions } from '../journal/index.ts';
import { usageError } from './args.ts';
import { parseTimeArg } from './time-arg.ts';

/** The `quorate log` flags this module reads (a subset of the verb's). */
export interface LogFilterFlags {
  entity: string | undefined;
  type: string[];
  since: string | undefined;
  until: string | undefined;
  'from-seq': number | undefined;
  'to-seq': number | undefined;
  follow: boolean;
  verify: boolean;
  utc: boolean;
}

const VERB = 'log';
const KNOWN_TYPES = new Set<string>(FACT_TYPES);

/** Builds the journal read options from the flags; `now` anchors relative times. Throws usage errors. */
export function readOptionsOf(flags: LogFilterFlags, now: number): ReadOptions {
  if (flags.follow && flags.verify) throw usageError(VERB, '--follow and --verify cannot be combined');
  if (flags.follow && flags['to-seq'] !== undefined) throw usageError(VERB, '--follow cannot be combined with --to-seq');
  if (flags.follow && flags.until !== undefined) throw usageError(VERB, '--follow cannot be combined with --until');
  const opts: { -readonly [K in keyof ReadOptions]: ReadOptions[K] } = {};
  if (flags.entity !== undefined) opts.entity = entityFilter(flags.entity);
  if (flags.type.length > 0) opts.types = flags.type.map(factType);
  const times = { utc: flags.utc, now };
  if (flags.since !== undefined) opts.since = parseTimeArg(VERB, 'since', flags.since, times);
  if (flags.until !== undefined) opts.until = parseTimeArg(VERB, 'until', flags.until, times);
  if (opts.since !== undefined && opts.until !== undefined && opts.since > opts.until) {
    throw usageError(VERB, `--since (${iso(opts.since)}) is after --until (${iso(opts.until)})`);
  }
  const from = flags['from-seq'];
  const to = flags['to-seq'];
  if (from !== undefined) opts.fromSeq = from;
  if (to !== undefined) opts.toSeq = to;
  if (from !== undefined && to !== undefined && from > to) throw usageError(VERB, `--from-seq ${from} is after --to-seq ${to}`);
  return opts;
}

function entityFilter(text: string): NonNullable<ReadOptions['entity']> {
  if (!text.includes('/')) {
    if (isEntityKind(text)) return { kind: text };
  } else {
    try {
      return parseEntity(text);
    } catch {
      // fall through to the one message below
    }
  }
  throw usageError(VERB, `--entity expects <kind> or <kind>/<id> with kind one of ${Object.values(EntityKind).join(', ')}; got "${text}"`);
}

function factType(name: string): FactType {
  if (KNOWN_TYPES.has(name)) return name as FactType;
  const near = FACT_TYPES.find((t) => t.toLowerCase() === name.toLowerCase());
  const hint = near ? ` (did you mean ${near}?)` : '';
  throw usageError(VERB, `--type: unknown fact type "${name}"${hint}; valid types: ${FACT_TYPES.join(', ')}`);
}

function iso(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO() ?? String(ms);
}
