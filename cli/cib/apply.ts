// Appends an import's facts to a journal: into an empty cluster only, in order, one append per run of one entity.
import { entityKey, entityOf, type EntityRef } from '../../machines/entity.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import type { AppendFact, Journal } from '../../journal/index.ts';
import { journalTerm } from '../../journal/rebuild.ts';
import type { ImportedFact } from './model.ts';

/** How the import is journaled. */
export interface ApplyOptions {
  /** Groups the facts; event ids are `<commandId>/<index>`, so a retried import is de-duplicated. */
  readonly commandId: string;
  /** Who appends, e.g. `cli:import-cib`. */
  readonly origin: string;
}

/** What was appended. */
export interface Applied {
  readonly appended: number;
  readonly entities: number;
  readonly lastSeq: number;
}

/**
 * Appends `facts` in their order, consecutive facts of one entity in one append, each append expecting the
 * entity's last sequence (0 for the first), so a concurrent writer makes it fail rather than interleave. An
 * entity that already has facts in the journal refuses the whole import before anything is written.
 */
export async function applyImport(journal: Journal, facts: readonly ImportedFact[], options: ApplyOptions): Promise<Applied> {
  const entities = new Map<string, EntityRef>();
  for (const f of facts) {
    const e = entityOf(f.fact);
    entities.set(entityKey(e), e);
  }
  const taken: string[] = [];
  for (const [key, e] of entities) if ((await journal.lastSeq(e)) > 0) taken.push(key);
  if (taken.length > 0) {
    const list = taken.slice(0, 5).join(', ') + (taken.length > 5 ? ` and ${taken.length - 5} more` : '');
    throw new QuorateError(ErrorCode.configInvalid, `cluster "${journal.cluster}" already holds ${list}: import a CIB into an empty cluster only; nothing was appended`, {
      details: { cluster: journal.cluster, entities: taken },
    });
  }
  // Configuration is the DC's to write: stamped with the term in force (0 before any DC), or the fold refuses it.
  const term = await journalTerm(journal);
  const last = new Map<string, number>();
  let lastSeq = 0;
  for (let i = 0; i < facts.length;) {
    const entity = entityOf(facts[i]!.fact);
    const key = entityKey(entity);
    const batch: AppendFact[] = [];
    for (; i < facts.length && entityKey(entityOf(facts[i]!.fact)) === key; i++) {
      const f = facts[i]!;
      batch.push({ fact: f.fact, eventId: `${options.commandId}/${i}`, ...(f.at === undefined ? {} : { at: f.at }) });
    }
    const seqs = await journal.append(entity, batch, { expectedLastSeq: last.get(key) ?? 0, commandId: options.commandId, origin: options.origin, term });
    lastSeq = seqs.at(-1) ?? lastSeq;
    last.set(key, lastSeq);
  }
  return { appended: facts.length, entities: entities.size, lastSeq };
}
