// A cluster driven by commands through each entity's decider, each fact folded in turn; n2 is the DC of term 1
// (the sequence of its claim): the fold takes the DC's facts only with that term. Shared by the policy tests.
import { entityKey, type EntityRef } from '../../machines/entity.ts';
import { emptyState, foldEntry, initialSnapshot, type ClusterState } from '../../machines/fold.ts';
import { moduleFor } from '../../machines/registry.ts';

export const T = 1_700_000_000_000;

export function drivenCluster() {
  const state: ClusterState = emptyState('t');
  foldEntry(state, {
    kind: 'fact', seq: 1, entity: { kind: 'cluster', id: 'dc' }, fact: { type: 'DcElected', node: 'n2', previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false },
    meta: { cluster: 't', occurredAt: T, origin: 'n2', term: 0 },
  });
  let seq = 1;
  const run = (kind: EntityRef['kind'], id: string, command: { type: string } & Record<string, unknown>) => {
    const entity = { kind, id } as EntityRef;
    const snapshot = state.entities.get(entityKey(entity))?.snapshot ?? initialSnapshot(entity);
    const at = T + seq * 1000;
    for (const fact of moduleFor(entity).decide(command as never, snapshot as never, at)) {
      seq += 1;
      foldEntry(state, { kind: 'fact', seq, entity, fact, meta: { cluster: 't', occurredAt: at, origin: 'n2', term: 1 } });
    }
  };
  return { state, run };
}
