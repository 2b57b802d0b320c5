// Time flags: an ISO-8601 time or a relative one such as `-15m`, parsed with luxon into ms since epoch.
import { DateTime, Duration } from 'luxon';
import { usageError } from './args.ts';

const UNITS = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;
const RELATIVE = /^-(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/**
 * Parses `--since`/`--until` values: `now`, a relative time before now (`-90s`,
 * `-15m`, `-2h`, `-1d`, `-1w`), or ISO-8601 (`2024-05-01T10:00`, with or without
 * a zone; without one it is local time, or UTC when `utc`). Throws a usage
 * error naming the flag.
 */
export function parseTimeArg(verb: string, flag: string, text: string, opts: { utc: boolean; now: number }): number {
  if (text === 'now') return opts.now;
  const rel = RELATIVE.exec(text);
  if (rel) {
    const unit = UNITS[rel[2] as keyof typeof UNITS];
    const d = Duration.fromObject({ [unit]: Number(rel[1]) });
    return DateTime.fromMillis(opts.now).minus(d).toMillis();
  }
  const t = DateTime.fromISO(text, { zone: opts.utc ? 'utc' : 'local', setZone: true });
  if (!t.isValid) {
    throw usageError(
      verb,
      `--${flag} expects an ISO-8601 time (2024-05-01T10:00:00Z) or a relative time (-15m, -2h, -1d), got "${text}"`,
    );
  }
  return t.toMillis();
}
