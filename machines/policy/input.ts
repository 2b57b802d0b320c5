// The scheduler's own input: a plain, self-contained picture of the cluster that schedule() decides from.
import type { FailCount } from '../resource/context.ts';

/** How a node can take part in placement. */
export const NodeStatus = {
  /** Member of the partition, may run resources. */
  online: 'online',
  /** Member, but runs no resources: its resources move away. */
  standby: 'standby',
  /** Member; its resources are left alone (no start, stop or monitor), nothing new is placed there. */
  maintenance: 'maintenance',
  /** Gone without a fence: whatever ran there may still run there until the node is fenced. */
  lostUnfenced: 'lost-unfenced',
  /** Fenced (journaled): everything that ran there is stopped. */
  fenced: 'fenced',
  /** Left cleanly, or never joined: runs nothing. */
  offline: 'offline',
} as const;
export type NodeStatus = (typeof NodeStatus)[keyof typeof NodeStatus];

/** One node. */
export interface ScheduleNode {
  readonly name: string;
  readonly status: NodeStatus;
  /** Quorum votes (informational for the scheduler; quorum itself is `ScheduleInput.quorate`). */
  readonly votes?: number;
}

/** Meta attributes as configured: target-role, is-managed, resource-stickiness, migration-threshold, failure-timeout. */
export type Meta = Readonly<Record<string, string>>;

/** One primitive resource: its configuration and where the last evidence says it is active. */
export interface ScheduleResource {
  readonly id: string;
  readonly agent: string;
  readonly meta?: Meta;
  /** Ordered node preference: sugar over location scores (see location.ts). */
  readonly failoverDomain?: readonly string[];
  /** Nodes where it is active (healthy or failed), including lost and fenced nodes. */
  readonly running?: readonly string[];
  /** Nodes (among `running`) where it is active but failed (a monitor failed): needs a stop before anything else. */
  readonly failed?: readonly string[];
  /** Per node: failures and the time of the last one (ms since the epoch). */
  readonly failCounts?: Readonly<Record<string, FailCount>>;
  /** Set when the resource must not be touched (e.g. a stop failed and it waits for cleanup or fencing): why. */
  readonly blocked?: string;
  /** The recurring monitor interval; > 0 adds a monitor action after each start. */
  readonly monitorIntervalMs?: number;
  /**
   * Nodes where its recurring monitor is known to run. When given, a resource left running where it is (managed,
   * not failed) gets a monitor action on a node missing here, e.g. once a probe found it running after a reattach.
   */
  readonly monitored?: readonly string[];
}

/** A resource group: members placed together, started in order, stopped in reverse. */
export interface ScheduleGroup {
  readonly id: string;
  readonly members: readonly string[];
  /** Inherited by members that do not set the attribute themselves. */
  readonly meta?: Meta;
  readonly failoverDomain?: readonly string[];
}

/** `resource` (a resource or group id) on `node` with `score`. */
export interface ScheduleLocation { readonly id: string; readonly resource: string; readonly node: string; readonly score: number }
/** `resource` is placed relative to `with` (resources or groups): +INFINITY together, -INFINITY apart, else advisory. */
export interface ScheduleColocation { readonly id: string; readonly resource: string; readonly with: string; readonly score: number }

/** Order constraint kinds (Pacemaker's). */
export const OrderKind = { mandatory: 'mandatory', optional: 'optional', serialize: 'serialize' } as const;
export type OrderKind = (typeof OrderKind)[keyof typeof OrderKind];

/** Start `first` before `then`; when symmetrical, stop `then` before `first`. */
export interface ScheduleOrder {
  readonly id: string;
  readonly first: string;
  readonly then: string;
  readonly kind?: OrderKind;
  /** Default true. */
  readonly symmetrical?: boolean;
  /** Only "start" (the default) is scheduled; another action is reported as a note. */
  readonly firstAction?: string;
  readonly thenAction?: string;
}

/** What to do without quorum. */
export const NoQuorumPolicy = { stop: 'stop', freeze: 'freeze', ignore: 'ignore' } as const;
export type NoQuorumPolicy = (typeof NoQuorumPolicy)[keyof typeof NoQuorumPolicy];

/** Cluster options the scheduler reads. */
export interface ScheduleOptions {
  /** Default "stop". */
  readonly noQuorumPolicy?: NoQuorumPolicy;
  /** Default true. */
  readonly stonithEnabled?: boolean;
  /** Default true: every node may run every resource unless a constraint says otherwise. */
  readonly symmetricCluster?: boolean;
  /** The resource-stickiness of resources that set none; default 0. */
  readonly defaultStickiness?: number;
  /** Default false: true leaves every resource alone. */
  readonly maintenanceMode?: boolean;
}

/** Everything schedule() decides from. Plain data; nothing in it is mutated. */
export interface ScheduleInput {
  readonly nodes: readonly ScheduleNode[];
  readonly resources: readonly ScheduleResource[];
  readonly groups?: readonly ScheduleGroup[];
  readonly locations?: readonly ScheduleLocation[];
  readonly colocations?: readonly ScheduleColocation[];
  readonly orders?: readonly ScheduleOrder[];
  readonly options?: ScheduleOptions;
  /** True when this partition holds quorum. */
  readonly quorate: boolean;
  /** The time the decision is for (ms since the epoch): failure-timeout expiry is measured against it. */
  readonly at: number;
}
