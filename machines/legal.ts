// Decider support: checks that the facts a command decided are legal, one after another, in the statechart.
import { transition, type AnyMachineSnapshot, type AnyStateMachine, type SnapshotFrom, type StateValue } from 'xstate';
import type { Fact } from '../proto/generated.ts';
import { CommandRejectedError } from './errors.ts';
import { factEvent } from './kind.ts';

/** A short label of a (flat or nested) state value, for rejections. Pure. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value).map(([k, v]) => (v === undefined ? k : `${k}.${stateName(v)}`)).join(', ');
}

/**
 * Throws a CommandRejectedError unless every fact in `facts` is legal in turn, starting from
 * `snapshot` (each is folded before the next is checked). `why(fact)` words the reason.
 * Returns `facts`. Pure: `at` is the time the facts would carry.
 */
export function ensureLegal<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  entity: string,
  command: string,
  facts: Fact[],
  at: number,
  why: (fact: Fact) => string = (f) => `${f.type} is not legal in this state`,
): Fact[] {
  let s = snapshot as AnyMachineSnapshot;
  for (const fact of facts) {
    const ev = factEvent(fact, 0, at);
    if (!s.can(ev)) throw new CommandRejectedError(entity, stateName(s.value), command, why(fact));
    s = transition(machine, s as SnapshotFrom<M>, ev as never)[0] as AnyMachineSnapshot;
  }
  return facts;
}

/** Throws a CommandRejectedError for `command` on `entity` in the snapshot's state. */
export function reject(entity: string, value: StateValue, command: string, reason: string): never {
  throw new CommandRejectedError(entity, stateName(value), command, reason);
}

/** A record with its keys in code-unit order, so folded context is canonical. Pure. */
export function sortedRecord<V>(record: Readonly<Record<string, V>> | undefined): Record<string, V> {
  const out: Record<string, V> = {};
  if (!record) return out;
  for (const k of Object.keys(record).sort()) out[k] = record[k] as V;
  return out;
}

/** A sorted copy of `items` without duplicates (code-unit compare). Pure. */
export function sortedSet(items: readonly string[]): string[] {
  return [...new Set(items)].sort();
}
