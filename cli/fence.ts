// `quorate fence history [--node n] [--json]`: every fencing request from the journal, with who asked, who ran
// it, and how it ended (level, devices, duration, or why it failed).
import { FlagType, usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { createLineWriter } from './output.ts';
import { showTime } from './state-view.ts';
import type { Journal } from '../journal/journal.ts';

/** One fencing request and its outcome, as the history shows it. */
export interface FenceHistoryRow {
  readonly requestId: string;
  readonly seq: number;
  readonly at: number;
  readonly target: string;
  readonly action: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly executor: string;
  /** pending, succeeded, failed; `manual` / `watchdog` for a NodeFenced without an agent. */
  readonly outcome: string;
  readonly level: number;
  readonly devices: readonly string[];
  readonly durationMs: number;
  /** Why the last failure happened (a failed level, or the final failure). */
  readonly failure: string;
  readonly completedAt: number;
}

/** Reads the fencing history of the journal (of `node` only, when given), oldest first. */
export async function fenceHistory(journal: Journal, node?: string): Promise<FenceHistoryRow[]> {
  const rows = new Map<string, FenceHistoryRow>();
  const out: FenceHistoryRow[] = [];
  const entity = node ? { kind: 'node' as const, id: node } : { kind: 'node' as const };
  for await (const e of journal.read({ entity, types: ['FenceRequested', 'FenceSucceeded', 'FenceFailed', 'NodeFenced'] })) {
    if (e.kind !== 'fact') continue;
    const f = e.fact;
    if (f.type === 'FenceRequested') {
      const row: FenceHistoryRow = {
        requestId: f.requestId, seq: e.seq, at: e.meta.occurredAt, target: f.target, action: f.action, reason: f.reason,
        requestedBy: f.requestedBy || e.meta.origin, executor: f.executor || '(DC)', outcome: 'pending', level: 0, devices: [], durationMs: 0,
        failure: '', completedAt: 0,
      };
      rows.set(f.requestId, row);
      out.push(row);
    } else if (f.type === 'FenceSucceeded' || f.type === 'FenceFailed') {
      const row = rows.get(f.requestId);
      if (!row) continue; // an answer to a request before the range read: nothing to attach it to
      const failed = f.type === 'FenceFailed';
      const done = !failed || f.final;
      const next: FenceHistoryRow = {
        ...row, level: f.level, devices: [...f.devices], durationMs: row.durationMs + f.durationMs,
        outcome: done ? (failed ? 'failed' : 'succeeded') : row.outcome,
        failure: failed ? `level ${f.level}: ${f.reason}` : row.failure,
        completedAt: done ? e.meta.occurredAt : row.completedAt,
      };
      rows.set(f.requestId, next);
      out[out.indexOf(row)] = next;
    } else if (f.type === 'NodeFenced' && f.method !== 'agent') {
      out.push({
        requestId: f.requestId || `${f.method}@${e.seq}`, seq: e.seq, at: e.meta.occurredAt, target: f.node, action: 'off', reason: `marked fenced (${f.method})`,
        requestedBy: e.meta.origin, executor: '-', outcome: f.method || 'manual', level: 0, devices: f.device ? [f.device] : [], durationMs: 0, failure: '', completedAt: e.meta.occurredAt,
      });
    }
  }
  return out;
}

/** The text of a fence history. */
export function renderFenceHistory(rows: readonly FenceHistoryRow[], utc: boolean): string[] {
  if (rows.length === 0) return ['no fencing in the journal'];
  const lines = [`${'TIME'.padEnd(utc ? 20 : 19)}  ${'TARGET'.padEnd(10)}  ${'ACTION'.padEnd(6)}  ${'OUTCOME'.padEnd(9)}  LEVEL  ${'DURATION'.padStart(8)}  BY -> EXECUTOR, DEVICES, REQUEST`];
  for (const r of rows) {
    lines.push(
      `${showTime(r.at, utc)}  ${r.target.padEnd(10)}  ${r.action.padEnd(6)}  ${r.outcome.padEnd(9)}  ${String(r.level || '-').padStart(5)}  ${`${r.durationMs} ms`.padStart(8)}  ` +
      `${r.requestedBy} -> ${r.executor}${r.devices.length ? `, ${r.devices.join('+')}` : ''}, ${r.requestId}`,
    );
    if (r.reason) lines.push(`${''.padEnd(utc ? 22 : 21)}why: ${r.reason}`);
    if (r.failure) lines.push(`${''.padEnd(utc ? 22 : 21)}${r.outcome === 'failed' ? 'failed' : 'a level failed'}: ${r.failure}`);
  }
  return lines;
}

/** The `fence` verb. */
export const command = defineCommand({
  verb: 'fence',
  summary: 'fence history: every fencing request with its requester, executor, level, devices and outcome',
  positionals: 'history',
  flags: {
    ...COMMON_FLAGS,
    node: { type: FlagType.string, value: '<node>', help: 'only requests that target this node' },
    json: { type: FlagType.boolean, help: 'print one JSON array of requests' },
    utc: { type: FlagType.boolean, help: 'show times in UTC instead of local time' },
  },
  details: 'To fence a node by hand: quorate node fence <node> [off|reboot].\nexample:\n  quorate fence history --cluster prod --node n2',
  async main(flags, positionals) {
    if (positionals.length !== 1 || positionals[0] !== 'history') {
      throw usageError('fence', `expected "history"${positionals.length ? `, got "${positionals.join(' ')}"` : ''} (to fence a node: quorate node fence <node>)`);
    }
    if (flags.node !== undefined && flags.node === '') throw usageError('fence', '--node needs a node name');
    const journal = await openJournal('fence', resolveTarget('fence', flags));
    const out = createLineWriter();
    try {
      const rows = await fenceHistory(journal, flags.node);
      for (const l of flags.json ? [JSON.stringify(rows)] : renderFenceHistory(rows, flags.utc)) await out.line(l);
      return Exit.ok;
    } finally {
      await out.flush();
      await journal.close();
    }
  },
});
