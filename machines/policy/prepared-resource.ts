// One resource of the scheduler's input, parsed: meta (group meta inherited), placement split by node status.
import type { FailCount } from '../resource/context.ts';
import { failureTimeoutMsOf, isManagedMeta, migrationThresholdOf, stickinessOf, targetRoleOf } from '../resource/meta.ts';
import type { Meta, NodeStatus, ScheduleResource } from './input.ts';
import { bad, list } from './check.ts';
import type { Options } from './prepare.ts';
import { INFINITY } from './scores.ts';

/** A resource with its meta parsed (group meta inherited) and its placement split by node status. */
export interface PreparedResource {
  readonly id: string;
  readonly agent: string;
  readonly group: string | null;
  readonly index: number;
  readonly meta: Meta;
  readonly stopped: boolean;
  readonly managed: boolean;
  readonly stickiness: number;
  readonly threshold: number;
  readonly failureTimeoutMs: number;
  readonly domain: readonly string[];
  /** Sorted node indexes where it is active (online or standby nodes), and on lost and maintenance nodes. Shared: never mutate. */
  readonly active: readonly number[];
  readonly failed: ReadonlySet<number>;
  readonly onLost: readonly number[];
  readonly onMaintenance: readonly number[];
  readonly failCounts: Readonly<Record<string, FailCount>>;
  readonly monitorIntervalMs: number;
  /** Node indexes where its recurring monitor is known to run; null when the input does not say (never asked for). */
  readonly monitored: ReadonlySet<number> | null;
  /** Non-empty: leave it alone (blocked), for this reason. */
  readonly blocked: string;
}

/** What parsing a resource needs from the rest of the input. */
export interface ResourceContext {
  readonly nodes: readonly { name: string }[];
  readonly nodeIndex: Map<string, number>;
  readonly status: readonly NodeStatus[];
  readonly options: Options;
  readonly groupOf: Map<string, { id: string; meta: Meta }>;
}

const NONE: readonly number[] = Object.freeze([]);
const NO_FAILURES: ReadonlySet<number> = new Set();
const NO_META: Meta = Object.freeze({});

function has(meta: Meta, key: string): boolean {
  const v = meta[key];
  return v !== undefined && v !== '';
}

/**
 * One resource, parsed. Written for 10,000s of resources: where-strings are built only on the error
 * path and resources with nothing running share empty lists. Pure.
 */
export function prepareResource(r: ScheduleResource, i: number, ctx: ResourceContext): PreparedResource {
  if (r === null || typeof r !== 'object' || typeof r.id !== 'string' || r.id === '') bad(`resources[${i}].id`, 'is not a non-empty string', r?.id);
  const id = r.id;
  const g = ctx.groupOf.get(id);
  const meta: Meta = g ? { ...g.meta, ...(r.meta ?? {}) } : (r.meta ?? NO_META);
  let active = NONE;
  let onLost = NONE;
  let onMaintenance = NONE;
  let failed = NO_FAILURES;
  if (r.running !== undefined && r.running.length > 0) {
    const running = [...new Set(list(r.running, `resource ${id} running`).map((n) => nodeOf(ctx, id, n, 'running')))].sort((a, b) => a - b);
    active = running.filter((x) => ctx.status[x] === 'online' || ctx.status[x] === 'standby');
    onLost = running.filter((x) => ctx.status[x] === 'lost-unfenced');
    onMaintenance = running.filter((x) => ctx.status[x] === 'maintenance');
    if (r.failed !== undefined && r.failed.length > 0) {
      failed = new Set(list(r.failed, `resource ${id} failed`).map((n) => nodeOf(ctx, id, n, 'failed')));
      for (const f of failed) if (!running.includes(f)) bad(`resource ${id} failed`, `node "${ctx.nodes[f]!.name}" is not in running`);
    }
  } else if (r.failed !== undefined && r.failed.length > 0) {
    bad(`resource ${id} failed`, `node "${String(r.failed[0])}" is not in running`);
  }
  return {
    id, agent: r.agent ?? '', group: g?.id ?? null, index: i, meta,
    stopped: has(meta, 'target-role') && targetRoleOf(meta, metaWhere(id, 'target-role')) === 'Stopped',
    managed: (!has(meta, 'is-managed') || isManagedMeta(meta, metaWhere(id, 'is-managed'))) && !ctx.options.maintenanceMode,
    stickiness: (has(meta, 'resource-stickiness') ? stickinessOf(meta, metaWhere(id, 'resource-stickiness')) : undefined) ?? ctx.options.defaultStickiness,
    threshold: has(meta, 'migration-threshold') ? migrationThresholdOf(meta, metaWhere(id, 'migration-threshold')) : INFINITY,
    failureTimeoutMs: has(meta, 'failure-timeout') ? failureTimeoutMsOf(meta, metaWhere(id, 'failure-timeout')) : 0,
    domain: r.failoverDomain === undefined ? NONE_NAMES : list(r.failoverDomain, `resource ${id} failoverDomain`),
    active, failed, onLost, onMaintenance,
    failCounts: r.failCounts ?? {},
    monitorIntervalMs: r.monitorIntervalMs ?? 0,
    monitored: r.monitored === undefined ? null : monitoredOf(ctx, id, r.monitored),
    blocked: r.blocked ?? '',
  };
}

const NONE_NAMES: readonly string[] = Object.freeze([]);
const NOWHERE: ReadonlySet<number> = new Set();

/** The monitored nodes as indexes; a node not in the input is ignored (it runs nothing to monitor). */
function monitoredOf(ctx: ResourceContext, id: string, names: readonly string[]): ReadonlySet<number> {
  if (names.length === 0) return NOWHERE;
  const out = new Set<number>();
  for (const n of list(names, `resource ${id} monitored`)) {
    const x = ctx.nodeIndex.get(n);
    if (x !== undefined) out.add(x);
  }
  return out;
}

function metaWhere(id: string, m: string): string {
  return `resource/${id} meta ${m}`;
}

function nodeOf(ctx: ResourceContext, id: string, n: string, field: string): number {
  const x = ctx.nodeIndex.get(n);
  if (x === undefined) bad(`resource ${id} ${field}`, `node "${n}" is not in nodes`, n);
  return x;
}
