// Client-side filters shared by the journals: entity or kind, and fact types.
import type { JournalEntry, ReadOptions } from './journal.ts';
import { entityOfSubject } from './subjects.ts';

/** True when `e` passes the entity and type filters of `opts`. A problem passes a type filter: it has no type to test. */
export function matches(cluster: string, e: JournalEntry, opts: Pick<ReadOptions, 'entity' | 'types'>): boolean {
  if (opts.entity) {
    const ent = e.kind === 'fact' ? e.entity : entityOfSubject(cluster, e.subject);
    if (!ent || ent.kind !== opts.entity.kind) return false;
    if ('id' in opts.entity && ent.id !== opts.entity.id) return false;
  }
  if (opts.types && e.kind === 'fact' && !opts.types.includes(e.fact.type)) return false;
  return true;
}
