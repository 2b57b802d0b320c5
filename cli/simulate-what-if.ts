// What-if facts for `quorate simulate`: hypothetical node losses, failures, standby and configuration, folded
// into a copy of a state (or applied to a scheduler input file) through the deciders, never journaled.
import { planConfig } from '../actors/services/config-plan.ts';
import { dcOf } from '../actors/view.ts';
import type { Fact } from '../proto/generated.ts';
import { type EntityRef, entityKey, entityOf } from '../machines/entity.ts';
import { CommandRejectedError } from '../machines/errors.ts';
import { foldEntry, initialSnapshot, type ClusterState } from '../machines/fold.ts';
import { moduleFor } from '../machines/registry.ts';
import { usageError } from './args.ts';
import { splitAt, type WhatIf } from './simulate-input.ts';

export { applyWhatIfToInput, describeWhatIf, splitAt, type WhatIf } from './simulate-input.ts';

/**
 * Folds the hypotheses into `state` (mutated: pass a rebuilt copy) as facts after its position, each decided by
 * its entity's decider at `at` and stamped with the current DC term. A hypothesis the state refuses (an unknown
 * node, a resource not running there) is a usage error naming the flag and the reason.
 */
export function applyWhatIf(verb: string, state: ClusterState, w: WhatIf, at: number): void {
  const term = dcOf(state).term;
  let seq = state.position;
  const fold = (facts: Fact[]) => {
    for (const fact of facts) {
      foldEntry(state, { kind: 'fact', seq: ++seq, entity: entityOf(fact), fact, meta: { cluster: state.cluster, occurredAt: at, origin: 'simulate', term } });
    }
  };
  const decide = (flag: string, value: string, ref: EntityRef, command: { type: string } & Record<string, unknown>) => {
    const e = state.entities.get(entityKey(ref));
    if (!e) throw usageError(verb, `--${flag} ${value}: no ${ref.kind} "${ref.id}" in the cluster`);
    try {
      fold(moduleFor(ref).decide(command, (e.snapshot ?? initialSnapshot(ref)) as never, at));
    } catch (err) {
      if (err instanceof CommandRejectedError) throw usageError(verb, `--${flag} ${value}: ${String(err.info['reason'] ?? err.message)}`);
      throw err;
    }
  };
  if (w.config) {
    const plan = planConfig(w.config.doc, state, at);
    if (plan.issues.length > 0) throw usageError(verb, `--config ${w.config.file}: ${plan.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    fold(plan.facts);
  }
  for (const n of w.standby) decide('standby', n, { kind: 'node', id: n }, { type: 'SetStandby', reason: 'simulated' });
  for (const text of w.resourceFailed) {
    const { resource, node } = splitAt(verb, 'resource-failed', text);
    decide('resource-failed', text, { kind: 'resource', id: resource }, {
      type: 'RecordOperationResult', operation: 'monitor', node, opId: `simulate:${resource}@${node}`, rc: 1, reason: 'simulated failure',
    });
  }
  const viewId = ((state.entities.get('cluster/membership')?.snapshot.context as { viewId?: number } | undefined)?.viewId ?? 0) + 1;
  for (const n of w.nodeDown) decide('node-down', n, { kind: 'node', id: n }, { type: 'LoseNode', viewId, reason: 'simulated' });
}
