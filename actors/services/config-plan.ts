// The difference between a configuration document and a state, as facts decided by the machines' deciders. Pure.
import { transition, type AnyMachineSnapshot } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { canonicalJson } from '../../machines/canonical.ts';
import { type EntityKind, type EntityRef, entityKey } from '../../machines/entity.ts';
import { CommandRejectedError } from '../../machines/errors.ts';
import { initialSnapshot, type ClusterState } from '../../machines/fold.ts';
import { factEvent } from '../../machines/kind.ts';
import { moduleFor } from '../../machines/registry.ts';
import { DEFAULT_EXTENT_SIZE_KIB } from '../../machines/container/context.ts';
import { configOf, type ConfigChange, type ConfigDoc, type ConfigIssue } from './config-model.ts';
import { referenceIssues } from './config-refs.ts';

/** What applying a document to a state takes: facts in append order, the changes, and every problem found. */
export interface ConfigPlan {
  readonly facts: Fact[];
  readonly changes: ConfigChange[];
  readonly issues: ConfigIssue[];
}

type Command = { type: string; [k: string]: unknown };

/** Decides commands against snapshots advanced as facts are planned (two levels of one target fold in turn). */
class Planner {
  readonly facts: Fact[] = [];
  readonly changes: ConfigChange[] = [];
  readonly issues: ConfigIssue[] = [];
  private readonly work = new Map<string, AnyMachineSnapshot>();
  constructor(private readonly state: ClusterState, private readonly at: number) {}

  decide(ref: EntityRef, command: Command, change: ConfigChange, path: string): void {
    const key = entityKey(ref);
    const module = moduleFor(ref);
    let snap = this.work.get(key) ?? this.state.entities.get(key)?.snapshot ?? initialSnapshot(ref);
    try {
      const facts = module.decide(command, snap as never, this.at);
      for (const f of facts) snap = transition(module.machine, snap as never, factEvent(f, 0, this.at) as never)[0] as AnyMachineSnapshot;
      this.work.set(key, snap);
      this.facts.push(...facts);
      if (facts.length > 0) this.changes.push(change);
    } catch (e) {
      if (!(e instanceof CommandRejectedError)) throw e;
      this.issues.push({ path, message: `${change.action} ${change.entity}: ${(e.info['reason'] as string | undefined) ?? e.message}` });
    }
  }
}

/** The section's name in the YAML document (its path root). */
const yamlSection = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

interface KindSpec<T> {
  readonly section: 'resources' | 'groups' | 'constraints' | 'containers' | 'fenceDevices';
  readonly kind: EntityKind;
  readonly id: (t: T) => string;
  readonly define: (t: T) => Command;
  readonly change: (t: T) => Command;
  readonly remove: Command;
}

const KINDS: ReadonlyArray<KindSpec<{ id: string }>> = [
  { section: 'containers', kind: 'container', id: (c: { id: string }) => c.id, define: (config: object) => ({ type: 'DefineContainer', config }), change: (config: object) => ({ type: 'ChangeContainer', config }), remove: { type: 'RemoveContainer' } },
  { section: 'resources', kind: 'resource', id: (c: { id: string }) => c.id, define: (config: object) => ({ type: 'DefineResource', config }), change: (config: object) => ({ type: 'ChangeResource', config }), remove: { type: 'RemoveResource' } },
  { section: 'groups', kind: 'group', id: (c: { id: string }) => c.id, define: (config: object) => ({ type: 'DefineGroup', config }), change: (config: object) => ({ type: 'ChangeGroup', config }), remove: { type: 'RemoveGroup' } },
  { section: 'fenceDevices', kind: 'fence-device', id: (c: { id: string }) => c.id, define: (c: object) => ({ type: 'DefineFenceDevice', ...c }), change: (c: object) => ({ type: 'ChangeFenceDevice', ...c }), remove: { type: 'RemoveFenceDevice' } },
  { section: 'constraints', kind: 'constraint', id: (c: { id: string }) => c.id, define: (config: object) => ({ type: 'DefineConstraint', config }), change: (config: object) => ({ type: 'ChangeConstraint', config }), remove: { type: 'RemoveConstraint' } },
];

/**
 * Plans `doc` against `state` at time `at`: references are checked across the whole resulting configuration,
 * every define, change and removal goes through its entity's decider, and nothing is left out silently: a
 * refusal is an issue naming the path of the item. Apply the facts only when `issues` is empty. Pure.
 */
export function planConfig(doc: ConfigDoc, state: ClusterState, at: number): ConfigPlan {
  const current = configOf(state);
  const p = new Planner(state, at);
  p.issues.push(...referenceIssues(doc, current));
  if (p.issues.length > 0) return { facts: [], changes: [], issues: p.issues };
  const removals: Array<() => void> = [];

  if (doc.nodes) {
    const have = new Map(current.nodes.map((n) => [n.node, n]));
    doc.nodes.forEach((n, i) => {
      const ref: EntityRef = { kind: 'node', id: n.node };
      const old = have.get(n.node);
      const cmd = { votes: n.votes || 1, attributes: n.attributes };
      if (!old) p.decide(ref, { type: 'DefineNode', ...cmd }, { action: 'define', entity: entityKey(ref) }, `nodes[${i}]`);
      else if (!same(old, { node: n.node, votes: n.votes || 1, attributes: n.attributes })) p.decide(ref, { type: 'ChangeNode', ...cmd }, { action: 'change', entity: entityKey(ref) }, `nodes[${i}]`);
    });
    const want = new Set(doc.nodes.map((n) => n.node));
    for (const n of current.nodes) {
      if (!want.has(n.node)) removals.unshift(() => p.decide({ kind: 'node', id: n.node }, { type: 'RemoveNode' }, { action: 'remove', entity: `node/${n.node}` }, 'nodes'));
    }
  }
  if (doc.options) {
    const opts = doc.options;
    const set = Object.fromEntries(Object.entries(opts).filter(([k, v]) => current.options[k] !== v));
    const ref: EntityRef = { kind: 'cluster', id: 'options' };
    if (Object.keys(set).length > 0) p.decide(ref, { type: 'SetOptions', options: set }, { action: 'set', entity: `cluster/options ${Object.keys(set).sort().join(',')}` }, 'options');
    const unset = Object.keys(current.options).filter((k) => !Object.hasOwn(opts, k));
    if (unset.length > 0) p.decide(ref, { type: 'UnsetOptions', names: unset }, { action: 'unset', entity: `cluster/options ${unset.join(',')}` }, 'options');
  }
  for (const spec of KINDS) {
    const items = doc[spec.section] as Array<{ id: string }> | undefined;
    if (!items) continue;
    const have = new Map((current[spec.section] as Array<{ id: string }>).map((c) => [spec.id(c), c]));
    items.forEach((given, i) => {
      let item = given;
      const ref: EntityRef = { kind: spec.kind, id: spec.id(item) };
      const old = have.get(ref.id);
      // Compare what the decider would journal: a container's extent size 0 means the default.
      if (spec.kind === 'container') item = { ...item, extentSizeKib: (item as { extentSizeKib?: number }).extentSizeKib || DEFAULT_EXTENT_SIZE_KIB } as typeof item;
      const path = `${yamlSection(spec.section)}[${i}]`;
      if (!old) p.decide(ref, spec.define(item), { action: 'define', entity: entityKey(ref) }, path);
      else if (!same(old, item)) p.decide(ref, spec.change(item), { action: 'change', entity: entityKey(ref) }, path);
    });
    const want = new Set(items.map((c) => spec.id(c)));
    for (const id of have.keys()) {
      if (!want.has(id)) removals.unshift(() => p.decide({ kind: spec.kind, id }, spec.remove, { action: 'remove', entity: `${spec.kind}/${id}` }, yamlSection(spec.section)));
    }
  }
  if (doc.fenceLevels) {
    const key = (l: { target: string; index: number }) => `${l.target}#${l.index}`;
    const have = new Map(current.fenceLevels.map((l) => [key(l), l]));
    const known = (doc.fenceDevices ?? current.fenceDevices).map((d) => d.id);
    doc.fenceLevels.forEach((l, i) => {
      const old = have.get(key(l));
      if (old && same(old.devices, l.devices)) return;
      p.decide({ kind: 'fence-level', id: l.target }, { type: 'DefineFenceLevel', index: l.index, devices: l.devices, knownDevices: known },
        { action: old ? 'change' : 'define', entity: `fence-level/${l.target} level ${l.index}` }, `fence-levels[${i}]`);
    });
    const want = new Set(doc.fenceLevels.map(key));
    for (const l of current.fenceLevels) {
      if (!want.has(key(l))) removals.unshift(() => p.decide({ kind: 'fence-level', id: l.target }, { type: 'RemoveFenceLevel', index: l.index }, { action: 'remove', entity: `fence-level/${l.target} level ${l.index}` }, 'fence-levels'));
    }
  }
  for (const r of removals) r();
  return { facts: p.facts, changes: p.changes, issues: p.issues };
}
