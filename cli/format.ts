// How `quorate log` prints entries: one JSON object per line with stable field names, or a readable table row.
import { DateTime } from 'luxon';
import { entityKey } from '../machines/entity.ts';
import type { JournalEntry } from '../journal/index.ts';
import { entityOfSubject } from '../journal/index.ts';

/** A fact's JSON line: `{seq, subject, time, entity, type, origin, term, data}`; `time` is when it was stored, ISO UTC. */
export interface FactLine {
  seq: number;
  subject: string;
  time: string;
  entity: string;
  type: string;
  origin: string;
  term: number;
  data: Record<string, unknown>;
}

/** A problem's JSON line: the message that is not a readable fact. */
export interface ProblemLine {
  seq: number;
  subject: string;
  time: string;
  problem: { code: string; message: string };
}

/** The JSON object of an entry (field order is part of the contract). */
export function toJson(e: JournalEntry): FactLine | ProblemLine {
  const time = isoUtc(e.storedAt);
  if (e.kind === 'problem') return { seq: e.seq, subject: e.subject, time, problem: { code: e.code, message: e.message } };
  const { type, ...data } = e.fact;
  return { seq: e.seq, subject: e.subject, time, entity: entityKey(e.entity), type, origin: e.meta.origin, term: e.meta.term, data };
}

/** ms since epoch as ISO-8601 UTC with milliseconds: `2024-05-01T10:00:00.000Z`. */
export function isoUtc(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO() ?? new Date(ms).toISOString();
}

const W = { seq: 7, entity: 22, type: 26, origin: 10 } as const;
/** Longest summary a table row prints; `--json` has everything. */
export const SUMMARY_MAX = 160;

/** The table's header line. */
export function tableHeader(utc: boolean): string {
  const time = utc ? 'TIME (UTC)' : 'TIME';
  return row('SEQ', time.padEnd(utc ? 24 : 23), 'ENTITY', 'TYPE', 'ORIGIN', 'DATA');
}

/** One table row: seq, stored time (local, or UTC with `utc`), entity, type, origin, a one-line summary of the data. */
export function tableRow(e: JournalEntry, cluster: string, utc: boolean): string {
  const t = DateTime.fromMillis(e.storedAt, { zone: utc ? 'utc' : 'local' }).toFormat(utc ? "yyyy-MM-dd HH:mm:ss.SSS'Z'" : 'yyyy-MM-dd HH:mm:ss.SSS');
  if (e.kind === 'problem') {
    const ent = entityOfSubject(cluster, e.subject);
    return row(String(e.seq), t, ent ? entityKey(ent) : '?', `!${e.code}`, '', `${e.message} (subject ${e.subject})`);
  }
  const { type, ...data } = e.fact;
  return row(String(e.seq), t, entityKey(e.entity), type, e.meta.origin || '-', summarize(data));
}

function row(seq: string, time: string, entity: string, type: string, origin: string, data: string): string {
  return `${seq.padStart(W.seq)}  ${time}  ${entity.padEnd(W.entity)}  ${type.padEnd(W.type)}  ${origin.padEnd(W.origin)}  ${data}`.trimEnd();
}

/** `node=n2 viewId=9 reason="silent 1000 ms"`: empty strings, lists and maps left out, cut at SUMMARY_MAX. */
export function summarize(data: Record<string, unknown>): string {
  const text = fields(data);
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}

function fields(obj: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (isEmpty(v)) continue;
    parts.push(`${k}=${value(v)}`);
  }
  return parts.join(' ');
}

function value(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=,{}[\]]+$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(value).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${fields(v as Record<string, unknown>)}}`;
  return String(v);
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as object).every(isEmpty);
  return false;
}
