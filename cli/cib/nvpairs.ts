// Pacemaker name/value sets (instance_attributes, meta_attributes, ...) and durations ("10s", "1min", "30000ms", "PT5M").
import { Duration } from 'luxon';
import type { ImportSink } from './model.ts';
import { cibError, type XmlElement } from './xml.ts';

const DURATION = /^(\d+)\s*(ms|msec|us|usec|s|sec|m|min|h|hr)?$/i;
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1, msec: 1, us: 0.001, usec: 0.001, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000,
};

/**
 * Milliseconds of a Pacemaker duration: an integer with unit ms/msec/us/usec/s/sec/m/min/h/hr (none: seconds),
 * or ISO 8601 ("PT1M30S"). Undefined when the text is none of these. Pure.
 */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (m) return Math.round(Number(m[1]) * (UNIT_MS[(m[2] ?? 's').toLowerCase()] ?? 1000));
  if (/^P/i.test(t)) {
    const d = Duration.fromISO(t.toUpperCase());
    if (d.isValid) return Math.round(d.as('milliseconds'));
  }
  return undefined;
}

/** Like `durationMs`, but bad text is an error naming the element, its id and the attribute. Pure. */
export function needDuration(sink: ImportSink, el: XmlElement, attr: string, fallback = 0): number {
  const v = el.attrs[attr];
  if (v === undefined || v.trim() === '') return fallback;
  const ms = durationMs(v);
  if (ms === undefined || ms > 0xffffffff) {
    throw cibError(sink.place(el), `${attr}="${v}" is not a duration (e.g. 10s, 1min, 30000ms, PT5M)`);
  }
  return ms;
}

/** Pacemaker's boolean spellings; undefined when `text` is none of them. Pure. */
export function cibBoolean(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y'].includes(t)) return true;
  if (['false', 'no', 'off', '0', 'n'].includes(t)) return false;
  return undefined;
}

/**
 * The name/value pairs of every child set of `parent` named `setName`, merged (the first set to name a pair
 * wins, as Pacemaker's equal-score sets). A set with a rule, or a reference (id-ref), is not translated and
 * is listed; so is an nvpair without a name or with an id-ref. Pure apart from `sink`.
 */
export function nvpairs(sink: ImportSink, parent: XmlElement, setName: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of parent.children.filter((c) => c.name === setName)) {
    if (set.attrs['id-ref'] !== undefined) {
      sink.skip(set, `a reference to set "${set.attrs['id-ref']}" is not resolved; copy its pairs here`);
      continue;
    }
    const rule = set.children.find((c) => c.name === 'rule');
    if (rule !== undefined) {
      sink.skip(set, `rules are not translated (rule ${rule.attrs['id'] ?? ''}); its pairs were left out`);
      continue;
    }
    for (const pair of set.children) {
      if (pair.name !== 'nvpair') {
        sink.skip(pair, `unexpected <${pair.name}> inside <${setName}>`);
        continue;
      }
      const name = pair.attrs['name'];
      if (name === undefined || pair.attrs['id-ref'] !== undefined) {
        sink.skip(pair, 'an nvpair without a name (or a reference) is not translated');
        continue;
      }
      if (!Object.hasOwn(out, name)) out[name] = pair.attrs['value'] ?? '';
    }
  }
  return out;
}

/** Returns `record` with its keys sorted (code-unit order), so facts compare and print the same every time. Pure. */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k]!;
  return out;
}
