// Validates and indexes a ScheduleInput once: sorted nodes, effective meta, units (groups or lone resources), constraints by resource.
import { bad, isName, list } from './check.ts';
import {
  NodeStatus, NoQuorumPolicy, type Meta, type ScheduleColocation, type ScheduleInput, type ScheduleLocation, type ScheduleOrder,
  type ScheduleResource,
} from './input.ts';
import { prepareResource, type PreparedResource, type ResourceContext } from './prepared-resource.ts';
import { clampScore } from './scores.ts';

export type { PreparedResource };

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

/** Code-unit order (never localeCompare). Pure. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names the first bad field of constraint `i` of `list`. */
function badConstraint(listName: string, i: number, c: unknown, fields: string[]): never {
  if (c === null || typeof c !== 'object') bad(`${listName}[${i}]`, 'is not an object', c);
  const o = c as Record<string, unknown>;
  const where = isName(o['id']) ? `${listName} ${o['id']}` : `${listName}[${i}]`;
  for (const f of fields) if (!isName(o[f])) bad(`${where} ${f}`, 'is not a non-empty string', o[f]);
  bad(`${where} score`, 'is not a number', o['score']);
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
  const ctx: ResourceContext = { nodes, nodeIndex, status, options, groupOf };
  list(input.resources, 'resources').forEach((r, i) => {
    const pr = prepareResource(r, i, ctx);
    if (resources.has(pr.id)) bad(`resource ${pr.id}`, 'is defined twice');
    resources.set(pr.id, pr);
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
  for (const r of resources.values()) for (const n of r.domain) if (!nodeIndex.has(n)) notes.push(`failover domain of ${r.id}: node ${n} is not in nodes; ignored`);
  for (const g of groups) for (const n of g.domain) if (!nodeIndex.has(n)) notes.push(`failover domain of ${g.id}: node ${n} is not in nodes; ignored`);

  const known = (what: string, id: string, ref: string) => {
    if (unitOf.has(ref)) return true;
    notes.push(`${what} ${id}: ${ref} is not a resource or group; ignored`);
    return false;
  };
  const locations = new Map<string, ScheduleLocation[]>();
  const locs = list(input.locations, 'locations');
  for (let i = 0; i < locs.length; i++) {
    const l = locs[i]!;
    // Checked inline, without building where-strings: there are 10,000s of these.
    if (!isName(l?.id) || !isName(l.resource) || !isName(l.node) || typeof l.score !== 'number') badConstraint('locations', i, l, ['id', 'resource', 'node']);
    if (!known('location', l.id, l.resource)) continue;
    if (!nodeIndex.has(l.node)) {
      notes.push(`location ${l.id}: node ${l.node} is not in nodes; ignored`);
      continue;
    }
    const at = locations.get(l.resource);
    const clamped = clampScore(l.score) === l.score ? l : { ...l, score: clampScore(l.score) };
    if (at) at.push(clamped);
    else locations.set(l.resource, [clamped]);
  }
  // By id within each resource: the first rule named in a reason must not depend on input order.
  for (const at of locations.values()) if (at.length > 1) at.sort((a, b) => byCodeUnits(a.id, b.id));
  const colocations = list(input.colocations, 'colocations')
    .filter((c, i) => {
      if (!isName(c?.id) || !isName(c.resource) || !isName(c.with) || typeof c.score !== 'number') badConstraint('colocations', i, c, ['id', 'resource', 'with']);
      return known('colocation', c.id, c.resource) && known('colocation', c.id, c.with);
    })
    .map((c) => (clampScore(c.score) === c.score ? c : { ...c, score: clampScore(c.score) }))
    .sort((a, b) => byCodeUnits(a.id, b.id));
  const orders = list(input.orders, 'orders')
    .filter((c, i) => {
      if (!isName(c?.id) || !isName(c.first) || !isName(c.then)) badConstraint('orders', i, c, ['id', 'first', 'then']);
      return known('order', c.id, c.first) && known('order', c.id, c.then);
    })
    .sort((a, b) => byCodeUnits(a.id, b.id));
  for (const c of orders) {
    if ((c.firstAction ?? 'start') !== 'start' || (c.thenAction ?? 'start') !== 'start') {
      notes.push(`order ${c.id}: only start/stop ordering is scheduled; ${c.firstAction ?? 'start'} -> ${c.thenAction ?? 'start'} treated as start -> start`);
    }
  }
  return { nodes: nodes.map((n) => n.name), nodeIndex, status, resources, units, unitOf, locations, colocations, orders, options, quorate: input.quorate, at: input.at, notes };
}
