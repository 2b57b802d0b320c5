// The shape every entity kind shares: a machine fed with journaled facts, a decider, and the intents it emits.
import type { AnyStateMachine, InputFrom, SnapshotFrom } from 'xstate';
import type { Fact, FactOf, FactType } from '../proto/generated.ts';
import type { EntityKind } from './entity.ts';

/**
 * The XState event a journaled fact becomes. `at` is the fact's `occurredAt`
 * (the only time the core ever sees), `seq` its stream sequence.
 */
export interface FactEventOf<K extends FactType> {
  readonly type: K;
  readonly fact: FactOf<K>;
  readonly seq: number;
  readonly at: number;
  readonly origin: string;
  readonly term: number;
}
/** Any fact event, discriminated by `type` so machines narrow on it. */
export type FactEvent = { [K in FactType]: FactEventOf<K> }[FactType];

/** Builds the event for a fact. Pure. */
export function factEvent(fact: Fact, seq: number, at: number, origin = '', term = 0): FactEvent {
  return { type: fact.type, fact, seq, at, origin, term } as FactEvent;
}

/**
 * Intents are what a live machine asks the edge to do: XState `emit()`ed
 * events with imperative names (`RunAgent`, `Fence`, `ActivateContainer`,
 * `ArmDeadline`). `node` names the node that must act ('' = the DC). Pure
 * replay drops them; the live host routes them only for new facts.
 */
export interface Intent {
  readonly type: string;
  readonly node: string;
  readonly [field: string]: unknown;
}

/** One entity kind: its machine, the input of a fresh entity, and its decider. */
export interface EntityModule<TMachine extends AnyStateMachine = AnyStateMachine, TCommand extends { type: string } = { type: string }> {
  readonly kind: EntityKind;
  readonly machine: TMachine;
  /** Input for a fresh entity with this id (before its first fact). Pure. */
  input(id: string): InputFrom<TMachine>;
  /**
   * `decide(command, snapshot, at)`: the facts that carry the command out, or a
   * thrown CommandRejectedError naming the entity, its state and the command.
   * Pure: `at` is the only time it sees.
   */
  decide(command: TCommand, snapshot: SnapshotFrom<TMachine>, at: number): Fact[];
}
