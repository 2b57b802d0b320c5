// The human-readable transition summary, like crm_simulate's "Transition Summary": fence, stop, start, move lines.
import type { ResourceChange } from './changes.ts';
import type { FenceDecision } from './fencing.ts';

/** What a summary is printed from (a TransitionGraph has these fields). */
export interface SummaryInput {
  readonly fences: readonly FenceDecision[];
  readonly changes: readonly ResourceChange[];
  readonly notes: readonly string[];
}

/**
 * Formats the summary: a `Transition Summary:` block with one line per fence and per resource change,
 * columns aligned, then `Notes:` when the scheduler ignored or could not honour something. Pure.
 */
export function formatSummary(g: SummaryInput): string {
  const rows: [string, string, string, string][] = [];
  for (const f of g.fences) rows.push(['Fence', f.node, '', f.reason]);
  for (const c of g.changes) {
    const where = c.from && c.to ? `${c.from} -> ${c.to}` : c.from || c.to;
    rows.push([c.change, c.resource, `( ${where} )`, c.reason]);
  }
  const w0 = Math.max(0, ...rows.map((r) => r[0].length));
  const w1 = Math.max(0, ...rows.map((r) => r[1].length));
  const w2 = Math.max(0, ...rows.map((r) => r[2].length));
  const lines = ['Transition Summary:'];
  if (rows.length === 0) lines.push('  (nothing to do)');
  for (const [verb, what, where, reason] of rows) {
    const line = `  * ${verb.padEnd(w0)}  ${what.padEnd(w1)}  ${where.padEnd(w2)}${reason ? `  because ${reason}` : ''}`;
    lines.push(line.trimEnd());
  }
  if (g.notes.length > 0) {
    lines.push('Notes:');
    for (const n of g.notes) lines.push(`  * ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The actions, one per line in graph order: `id  <- dependencies  (reason)`. Pure. */
export function formatActions(actions: readonly { id: string; dependsOn: readonly string[] }[]): string {
  const lines = ['Actions:'];
  if (actions.length === 0) lines.push('  (none)');
  for (const a of actions) lines.push(`  ${a.id}${a.dependsOn.length ? `  <- ${a.dependsOn.join(', ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}
