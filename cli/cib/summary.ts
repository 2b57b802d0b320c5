// How an import reads: a count line, one line per fact, one line per untranslated element, and the JSON form.
import { entityKey, entityOf } from '../../machines/entity.ts';
import type { CibImport, ImportedFact, Untranslated } from './model.ts';

/** Fact counts of an import, by fact type, in the order the types first occur. Pure. */
export function countByType(facts: readonly ImportedFact[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { fact } of facts) out[fact.type] = (out[fact.type] ?? 0) + 1;
  return out;
}

/** `cib.xml: 46 facts (...); 9 not translated (7 unsupported, 2 informational)`. Pure. */
export function summaryLine(r: CibImport): string {
  const counts = Object.entries(countByType(r.facts)).map(([t, n]) => `${n} ${t}`).join(', ');
  const unsupported = r.untranslated.filter((u) => u.kind === 'unsupported').length;
  const info = r.untranslated.length - unsupported;
  return `${r.file}: ${r.facts.length} facts (${counts || 'none'}); ${r.untranslated.length} not translated (${unsupported} unsupported, ${info} informational)`;
}

/** `node/node1  NodeJoined  {"incarnation":"pacemaker",...}  <- node_state node1 (line 161)`. Pure. */
export function factLine(f: ImportedFact): string {
  const { type, ...data } = f.fact;
  return `${entityKey(entityOf(f.fact)).padEnd(28)} ${type.padEnd(27)} ${JSON.stringify(data)}  <- ${f.source}`;
}

/** `unsupported    clone web-clone (line 40): clones are not translated`. Pure. */
export function untranslatedLine(u: Untranslated): string {
  return `${u.kind.padEnd(14)} ${u.element} ${u.id}${u.line ? ` (line ${u.line})` : ''}: ${u.reason}`;
}

/** The readable report: summary, facts, then what was not translated. Pure. */
export function reportLines(r: CibImport): string[] {
  const lines = [summaryLine(r), '', `facts that would be journaled (${r.facts.length}):`, ...r.facts.map((f) => `  ${factLine(f)}`)];
  lines.push('', r.untranslated.length === 0 ? 'everything was translated' : `not translated (${r.untranslated.length}):`);
  lines.push(...r.untranslated.map((u) => `  ${untranslatedLine(u)}`));
  return lines;
}

/** The structured report (`--json`, `--out`): file, counts, facts with entity and time, untranslated. Pure. */
export function reportJson(r: CibImport): object {
  return {
    file: r.file,
    counts: countByType(r.facts),
    facts: r.facts.map((f) => ({ entity: entityKey(entityOf(f.fact)), type: f.fact.type, ...(f.at === undefined ? {} : { at: f.at }), source: f.source, fact: f.fact })),
    untranslated: r.untranslated,
  };
}
