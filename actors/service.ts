// What the daemon offers its services (executors, coordinator, storage, admin) and what a service plugs in.
import type { Fact } from '../proto/generated.ts';
import type { Intent } from '../machines/kind.ts';
import type { Journal } from '../journal/journal.ts';
import type { Clock } from './clock.ts';
import type { ActorHost } from './host.ts';
import type { IntentCause, IntentRouter } from './intents.ts';
import type { Peers } from './peers.ts';
import type { Timings } from './timings.ts';
import type { Transport } from './transport.ts';

/** The running daemon, as its services see it. */
export interface DaemonContext {
  readonly node: string;
  readonly journal: Journal;
  readonly host: ActorHost;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly peers: Peers;
  /** Where this node keeps local files (status.json, pid files). */
  readonly stateDir: string;
  /** One log line, stamped with time and node. */
  say(message: string): void;
  timings(): Timings;
  incarnation(): string;
  /** This node's own quorum check (lease + heartbeat view). */
  quorate(): boolean;
  /** True while this node is the DC of the current term (and so the only one that decides). */
  isDc(): boolean;
  /** This node's DC term, 0 when it is not the DC. */
  term(): number;
  /**
   * As DC: appends facts grouped by entity, each group expecting its entity's last sequence in the folded
   * state and stamped with the DC's term; waits until the host has applied them. False when the log refused
   * a group (the state was stale): recompute from the new state.
   */
  appendAsDc(facts: readonly Fact[], commandId?: string): Promise<boolean>;
  /** As this node: appends facts about what this node did (agent and fence results), grouped by entity. */
  appendAsNode(facts: readonly Fact[], commandId?: string): Promise<number[]>;
}

/** A part of the daemon: every hook is optional. */
export interface DaemonService {
  readonly name: string;
  /** Intent types (emitted for this node) that this service handles. */
  readonly intents?: readonly string[];
  /** Intent types emitted for the DC (node '') that this service handles. */
  readonly dcIntents?: readonly string[];
  /** Called once, before any intent is routed to it. */
  start?(ctx: DaemonContext): Promise<void> | void;
  /** An intent of a new fact naming this node; called in sequence order; slow work is queued, not awaited. */
  onIntent?(intent: Intent, cause: IntentCause): void;
  /** An intent of a new fact for the DC; only routed while this node is the DC. */
  onDcIntent?(intent: Intent, cause: IntentCause): void;
  /** Every heartbeat while this node is DC and quorate, after membership; ticks never overlap. */
  dcTick?(): Promise<void>;
  /** This node's quorum changed (false: stop deciding, block I/O, freeze or stop resources). */
  onQuorum?(quorate: boolean): void;
  /** This node was journaled lost or fenced in its current incarnation: drop all local work now. */
  onGivenUp?(): Promise<void> | void;
  /** Graceful leave: stop or hand over local work before NodeLeft is journaled. */
  onLeave?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Routes intents by type to the services that declared them; holds them until the services have started. */
export function createServiceRouter(services: readonly DaemonService[], isDc: () => boolean, warn: (m: string) => void) {
  let ready = false;
  const held: Array<() => void> = [];
  const deliver = (fn: () => void) => (ready ? fn() : held.push(fn));
  const pick = (type: string, dc: boolean) =>
    services.filter((s) => (dc ? s.dcIntents : s.intents)?.includes(type) && (dc ? s.onDcIntent : s.onIntent));
  const router: IntentRouter = {
    route(intent, cause) {
      const to = pick(intent.type, false);
      if (to.length === 0) warn(`no service handles intent ${intent.type} (from ${cause.entity} at ${cause.seq})`);
      for (const s of to) deliver(() => s.onIntent!(intent, cause));
    },
  };
  const dcRouter: IntentRouter = {
    route(intent, cause) {
      for (const s of pick(intent.type, true)) deliver(() => isDc() && s.onDcIntent!(intent, cause));
    },
  };
  return {
    router,
    dcRouter,
    /** Releases held intents, in order. */
    open() {
      ready = true;
      for (const fn of held.splice(0)) fn();
    },
  };
}
