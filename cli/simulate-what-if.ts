// What-if facts for `quorate simulate`: hypothetical node losses, failures, standby and configuration, folded
// into a copy of a state (or applied to a scheduler input file) through the deciders, never journaled.
import type { ConfigDoc } from '../actors/services/config-model.ts';
import { planConfig } from '../actors/services/config-plan.ts';
import { dcOf } from '../actors/view.ts';
import type { Fact } from '../proto/generated.ts';
import { type EntityRef, entityKey, entityOf } from '../machines/entity.ts';
import { CommandRejectedError } from '../machines/errors.ts';
import { foldEntry, initialSnapshot, type ClusterState } from '../machines/fold.ts';
import type { ScheduleInput, ScheduleNode, ScheduleResource } from '../machines/policy/index.ts';
import { moduleFor } from '../machines/registry.ts';
import { usageError } from './args.ts';

/** The hypotheses of one simulation, as given on the command line. */
export interface WhatIf {
  readonly nodeDown: readonly string[];
  /** `resource@node`: its monitor fails there. */
  readonly resourceFailed: readonly string[];
  readonly standby: readonly string[];
  /** A configuration document (`--config`), and the file it came from. */
  readonly config?: { readonly doc: ConfigDoc; readonly file: string };
}

/** `r@n` split; a malformed one is a usage error naming the flag. Pure. */
export function splitAt(verb: string, flag: string, text: string): { resource: string; node: string } {
  const i = text.lastIndexOf('@');
  if (i <= 0 || i === text.length - 1) throw usageError(verb, `--${flag} expects <resource>@<node>, got "${text}"`);
  return { resource: text.slice(0, i), node: text.slice(i + 1) };
}

/** One line per hypothesis, for the header. Pure. */
export function describeWhatIf(w: WhatIf): string[] {
  return [
    ...w.nodeDown.map((n) => `node ${n} down (lost, not fenced)`),
    ...w.resourceFailed.map((r) => `${r.replace('@', ' failed its monitor on ')}`),
    ...w.standby.map((n) => `node ${n} in standby`),
    ...(w.config ? [`configuration from ${w.config.file}`] : []),
  ];
}

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

/** The same hypotheses on a scheduler input file (no configuration: that needs a state). Pure. */
export function applyWhatIfToInput(verb: string, input: ScheduleInput, w: WhatIf): ScheduleInput {
  if (w.config) throw usageError(verb, '--config needs a cluster state; it cannot be combined with --input');
  const names = new Set(input.nodes.map((n) => n.name));
  const known = (flag: string, n: string) => {
    if (!names.has(n)) throw usageError(verb, `--${flag} ${n}: no node "${n}" in the input`);
  };
  w.nodeDown.forEach((n) => known('node-down', n));
  w.standby.forEach((n) => known('standby', n));
  const nodes: ScheduleNode[] = input.nodes.map((n) =>
    w.nodeDown.includes(n.name) ? { ...n, status: 'lost-unfenced' } : w.standby.includes(n.name) ? { ...n, status: 'standby' } : n);
  const failed = w.resourceFailed.map((t) => splitAt(verb, 'resource-failed', t));
  const byId = new Map(input.resources.map((r) => [r.id, r]));
  for (const f of failed) {
    const r = byId.get(f.resource);
    if (!r) throw usageError(verb, `--resource-failed ${f.resource}@${f.node}: no resource "${f.resource}" in the input`);
    if (!(r.running ?? []).includes(f.node)) throw usageError(verb, `--resource-failed ${f.resource}@${f.node}: it does not run on ${f.node}`);
  }
  const resources: ScheduleResource[] = input.resources.map((r) => {
    const mine = failed.filter((f) => f.resource === r.id).map((f) => f.node);
    if (mine.length === 0) return r;
    const failCounts = { ...(r.failCounts ?? {}) };
    for (const n of mine) failCounts[n] = { count: (failCounts[n]?.count ?? 0) + 1, lastFailedAt: input.at };
    return { ...r, failed: [...new Set([...(r.failed ?? []), ...mine])].sort(), failCounts };
  });
  return { ...input, nodes, resources };
}
