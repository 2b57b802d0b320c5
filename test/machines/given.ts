// Given/when/then helpers for machine specs: facts folded with XState's pure transition functions.
import * as assert from 'uvu/assert';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { decodeFact, encodeFact } from '../../journal/codec.ts';
import { CommandRejectedError } from '../../machines/errors.ts';
import { factEvent, type EntityModule, type Intent } from '../../machines/kind.ts';

/** The time of the first given fact; each later fact is one second on. */
export const T0 = 1_700_000_000_000;

/** A folded entity: its snapshot, the sequence and time of its last fact, and what that fact emitted. */
export interface Given<M extends AnyStateMachine> {
  readonly snapshot: SnapshotFrom<M>;
  readonly seq: number;
  readonly at: number;
  readonly intents: Intent[];
}

/** Intents (`emit()`ed events) among the actions a pure transition returned. */
export function intentsOf(actions: readonly unknown[]): Intent[] {
  const out: Intent[] = [];
  for (const a of actions as { type?: string; params?: { event?: Intent } }[]) {
    if (a.type === 'xstate.emit' && a.params?.event) out.push(a.params.event);
  }
  return out;
}

/**
 * Given `facts` (seq 1.., one second apart from T0), folds them into a fresh `id` of `module`.
 * Every fact must be legal where it lands: an illegal one fails the test, naming it.
 */
export function given<M extends AnyStateMachine, C extends { type: string }>(module: EntityModule<M, C>, id: string, facts: readonly Fact[]): Given<M> {
  const [initial] = initialTransition(module.machine, module.input(id));
  let g: Given<M> = { snapshot: initial as SnapshotFrom<M>, seq: 0, at: T0 - 1000, intents: [] };
  for (const fact of facts) g = apply(module, g, fact);
  return g;
}

/** Applies one more fact (next seq, one second later); fails the test when it is not legal. */
export function apply<M extends AnyStateMachine, C extends { type: string }>(module: EntityModule<M, C>, g: Given<M>, fact: Fact, seq = g.seq + 1, at = g.at + 1000): Given<M> {
  const ev = factEvent(fact, seq, at);
  const snap = g.snapshot as AnyMachineSnapshot;
  assert.ok(snap.can(ev), `fact ${fact.type} is not legal in ${JSON.stringify(snap.value)}: ${JSON.stringify(fact)}`);
  const [next, actions] = transition(module.machine, g.snapshot, ev as never);
  return { snapshot: next as SnapshotFrom<M>, seq, at, intents: intentsOf(actions) };
}

/** True when `fact` is legal in `g` (the statechart has a transition for it). */
export function legal<M extends AnyStateMachine>(g: Given<M>, fact: Fact): boolean {
  return (g.snapshot as AnyMachineSnapshot).can(factEvent(fact, g.seq + 1, g.at + 1000));
}

/** When `command`: the decided facts, each checked to be legal in turn and to round-trip the codec. */
export function when<M extends AnyStateMachine, C extends { type: string }>(module: EntityModule<M, C>, g: Given<M>, command: C): { facts: Fact[]; then: Given<M> } {
  const facts = module.decide(command, g.snapshot, g.at + 1000);
  let then = g;
  for (const f of facts) {
    assert.equal(decodeFact(encodeFact(f)), f, `${f.type} round-trips the codec`);
    then = apply(module, then, f);
  }
  return { facts, then };
}

/** When `command`, then a CommandRejectedError whose message matches `reason`. */
export function rejects<M extends AnyStateMachine, C extends { type: string }>(module: EntityModule<M, C>, g: Given<M>, command: C, reason: string | RegExp): CommandRejectedError {
  try {
    const facts = module.decide(command, g.snapshot, g.at + 1000);
    assert.unreachable(`${command.type} was accepted: ${JSON.stringify(facts)}`);
  } catch (e) {
    if (!(e instanceof CommandRejectedError)) throw e;
    assert.is(e.command, command.type);
    assert.match(e.message, reason);
    return e;
  }
  throw new Error('unreachable');
}
