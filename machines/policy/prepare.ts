// Validates and indexes a ScheduleInput once: sorted nodes, effective meta, units (groups or lone resources), constraints by resource.
import { ErrorCode, QuorateError } from '../errors.ts';
import type { FailCount } from '../resource/context.ts';
import { failureTimeoutMsOf, isManagedMeta, migrationThresholdOf, stickinessOf, targetRoleOf } from '../resource/meta.ts';
import {
  NodeStatus, NoQuorumPolicy, type Meta, type ScheduleColocation, type ScheduleInput, type ScheduleLocation, type ScheduleOrder,
} from './input.ts';
import { clampScore } from './scores.ts';

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
  /** Sorted node indexes where it is active, by kind of node. */
  readonly active: number[];
  readonly failed: Set<number>;
  readonly onLost: number[];
  readonly onMaintenance: number[];
  readonly failCounts: Readonly<Record<string, FailCount>>;
  readonly monitorIntervalMs: number;
}

/** A placement unit: a group (members in start order) or a lone resource. */
export interface Unit {
  readonly id: string;
  readonly group: boolean;
  readonly members: PreparedResource[];
  readonly domain: readonly string[];
}

/** Cluster options with defaults filled in. */
export interface Options {
  readonly noQuorumPolicy: NoQuorumPolicy;
  readonly stonithEnabled: boolean;
  readonly symmetricCluster: boolean;
  readonly defaultStickiness: number;
  readonly maintenanceMode: boolean;
}

/** The indexed input every scheduler stage reads. */
export interface Prepared {
  readonly nodes: string[];
  readonly nodeIndex: Map<string, number>;
  readonly status: NodeStatus[];
  readonly resources: Map<string, PreparedResource>;
  /** Units sorted by id. */
  readonly units: Unit[];
  /** Resource or group id -> its unit. */
  readonly unitOf: Map<string, Unit>;
  readonly locations: Map<string, ScheduleLocation[]>;
  readonly colocations: ScheduleColocation[];
  readonly orders: ScheduleOrder[];
  readonly options: Options;
  readonly quorate: boolean;
  readonly at: number;
  /** Things the scheduler ignored or could not honour, for the summary. */
  readonly notes: string[];
}

const STATUSES = new Set<string>(Object.values(NodeStatus));
const POLICIES = new Set<string>(Object.values(NoQuorumPolicy));

function bad(where: string, message: string, value?: unknown): never {
  throw new QuorateError(ErrorCode.configInvalid, `schedule input ${where}: ${message}`, { details: { where, value } });
}

/** Code-unit order (never localeCompare). Pure. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function list<T>(v: readonly T[] | undefined, where: string): readonly T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(where, 'is not a list', v);
  return v;
}

function name(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') bad(where, 'is not a non-empty string', v);
  return v;
}

/**
 * Checks and indexes `input`. Malformed input (wrong types, duplicate ids, a bad meta value, a resource
 * active on an unknown node) is a QuorateError naming the place; a constraint naming something that does
 * not exist is ignored with a note. Pure.
 */
export function prepare(input: ScheduleInput): Prepared {
  if (input === null || typeof input !== 'object') bad('', 'is not an object', input);
  if (typeof input.at !== 'number' || !Number.isFinite(input.at)) bad('at', 'is not a time in ms', input.at);
  if (typeof input.quorate !== 'boolean') bad('quorate', 'is not a boolean', input.quorate);
  const notes: string[] = [];
  const nodes = list(input.nodes, 'nodes').map((n, i) => {
    const nm = name(n?.name, `nodes[${i}].name`);
    if (!STATUSES.has(n.status)) bad(`node ${nm} status`, `"${String(n.status)}" is not one of ${[...STATUSES].join(', ')}`, n.status);
    return n;
  }).sort((a, b) => byCodeUnits(a.name, b.name));
  const nodeIndex = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (nodeIndex.has(n.name)) bad(`node ${n.name}`, 'is listed twice');
    nodeIndex.set(n.name, i);
  });
  const status = nodes.map((n) => n.status);
  const o = input.options ?? {};
  const noQuorumPolicy = o.noQuorumPolicy ?? 'stop';
  if (!POLICIES.has(noQuorumPolicy)) bad('options.noQuorumPolicy', `"${noQuorumPolicy}" is not stop, freeze or ignore`, noQuorumPolicy);
  const options: Options = {
    noQuorumPolicy,
    stonithEnabled: o.stonithEnabled ?? true,
    symmetricCluster: o.symmetricCluster ?? true,
    defaultStickiness: clampScore(o.defaultStickiness ?? 0),
    maintenanceMode: o.maintenanceMode ?? false,
  };

  const groupOf = new Map<string, { id: string; meta: Meta }>();
  const groups = list(input.groups, 'groups').map((g, i) => {
    const id = name(g?.id, `groups[${i}].id`);
    const members = list(g.members, `group ${id} members`).map((m, j) => name(m, `group ${id} members[${j}]`));
    for (const m of members) {
      if (groupOf.has(m)) bad(`group ${id}`, `member ${m} is already in group ${groupOf.get(m)!.id}`, m);
      groupOf.set(m, { id, meta: g.meta ?? {} });
    }
    return { id, members, domain: list(g.failoverDomain, `group ${id} failoverDomain`) };
  });

  const resources = new Map<string, PreparedResource>();
  list(input.resources, 'resources').forEach((r, i) => {
    const id = name(r?.id, `resources[${i}].id`);
    if (resources.has(id)) bad(`resource ${id}`, 'is defined twice');
    const g = groupOf.get(id);
    const meta: Meta = { ...(g?.meta ?? {}), ...(r.meta ?? {}) };
    const where = (m: string) => `resource/${id} meta ${m}`;
    const nodeOf = (n: string, field: string) => {
      const x = nodeIndex.get(n);
      if (x === undefined) bad(`resource ${id} ${field}`, `node "${n}" is not in nodes`, n);
      return x;
    };
    const running = [...new Set(list(r.running, `resource ${id} running`).map((n) => nodeOf(n, 'running')))].sort((a, b) => a - b);
    const failed = new Set(list(r.failed, `resource ${id} failed`).map((n) => nodeOf(n, 'failed')));
    for (const f of failed) if (!running.includes(f)) bad(`resource ${id} failed`, `node "${nodes[f]!.name}" is not in running`);
    const live = (x: number) => status[x] === 'online' || status[x] === 'standby';
    resources.set(id, {
      id, agent: r.agent ?? '', group: g?.id ?? null, index: i, meta,
      stopped: targetRoleOf(meta, where('target-role')) === 'Stopped',
      managed: isManagedMeta(meta, where('is-managed')) && !options.maintenanceMode,
      stickiness: stickinessOf(meta, where('resource-stickiness')) ?? options.defaultStickiness,
      threshold: migrationThresholdOf(meta, where('migration-threshold')),
      failureTimeoutMs: failureTimeoutMsOf(meta, where('failure-timeout')),
      domain: list(r.failoverDomain, `resource ${id} failoverDomain`),
      active: running.filter(live),
      failed,
      onLost: running.filter((x) => status[x] === 'lost-unfenced'),
      onMaintenance: running.filter((x) => status[x] === 'maintenance'),
      failCounts: r.failCounts ?? {},
      monitorIntervalMs: r.monitorIntervalMs ?? 0,
    });
  });

  const units: Unit[] = [];
  const unitOf = new Map<string, Unit>();
  for (const g of groups) {
    if (resources.has(g.id)) bad(`group ${g.id}`, 'has the id of a resource');
    const members: PreparedResource[] = [];
    for (const m of g.members) {
      const r = resources.get(m);
      if (r) members.push(r);
      else notes.push(`group ${g.id}: member ${m} is not a resource; ignored`);
    }
    const u: Unit = { id: g.id, group: true, members, domain: g.domain };
    units.push(u);
    unitOf.set(g.id, u);
    for (const m of members) unitOf.set(m.id, u);
  }
  for (const r of resources.values()) {
    if (r.group !== null) continue;
    const u: Unit = { id: r.id, group: false, members: [r], domain: r.domain };
    units.push(u);
    unitOf.set(r.id, u);
  }
  units.sort((a, b) => byCodeUnits(a.id, b.id));
  for (const u of units) for (const owner of [u, ...(u.group ? u.members : [])]) {
    for (const n of owner.domain) if (!nodeIndex.has(n)) notes.push(`failover domain of ${owner.id}: node ${n} is not in nodes; ignored`);
  }

  const known = (what: string, id: string, ref: string) => {
    if (unitOf.has(ref)) return true;
    notes.push(`${what} ${id}: ${ref} is not a resource or group; ignored`);
    return false;
  };
  const locations = new Map<string, ScheduleLocation[]>();
  for (const [i, l] of list(input.locations, 'locations').entries()) {
    const id = name(l?.id, `locations[${i}].id`);
    if (!known('location', id, name(l.resource, `location ${id} resource`))) continue;
    if (!nodeIndex.has(name(l.node, `location ${id} node`))) {
      notes.push(`location ${id}: node ${l.node} is not in nodes; ignored`);
      continue;
    }
    const at = locations.get(l.resource) ?? [];
    at.push({ ...l, score: clampScore(l.score) });
    locations.set(l.resource, at);
  }
  const colocations = list(input.colocations, 'colocations')
    .filter((c, i) => known('colocation', name(c?.id, `colocations[${i}].id`), name(c.resource, `colocation ${c.id} resource`)) &&
      known('colocation', c.id, name(c.with, `colocation ${c.id} with`)))
    .map((c) => ({ ...c, score: clampScore(c.score) }))
    .sort((a, b) => byCodeUnits(a.id, b.id));
  const orders = list(input.orders, 'orders')
    .filter((c, i) => known('order', name(c?.id, `orders[${i}].id`), name(c.first, `order ${c.id} first`)) &&
      known('order', c.id, name(c.then, `order ${c.id} then`)))
    .sort((a, b) => byCodeUnits(a.id, b.id));
  for (const c of orders) {
    if ((c.firstAction ?? 'start') !== 'start' || (c.thenAction ?? 'start') !== 'start') {
      notes.push(`order ${c.id}: only start/stop ordering is scheduled; ${c.firstAction ?? 'start'} -> ${c.thenAction ?? 'start'} treated as start -> start`);
    }
  }
  return { nodes: nodes.map((n) => n.name), nodeIndex, status, resources, units, unitOf, locations, colocations, orders, options, quorate: input.quorate, at: input.at, notes };
}
