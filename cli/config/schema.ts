// The schema of cluster.yaml: each section read into the proto's config messages, every problem with file:line:col.
import type {
  ConstraintConfig, ContainerConfig, FenceDeviceConfig, FenceLevelConfig, GroupConfig, NodeConfig, Operation, ResourceConfig,
} from '../../proto/generated.ts';
import { VOLUME_META, type ConfigDoc } from '../../actors/services/config-model.ts';
import { OPTION_NAMES, optionProblem } from '../../machines/cluster/options-schema.ts';
import { At, type ConfigError, DocReader } from './reader.ts';

/** The top-level keys of cluster.yaml. */
export const TOP_KEYS = ['nodes', 'options', 'resources', 'groups', 'constraints', 'containers', 'fence-devices', 'fence-levels'] as const;

/** A read file: the document (meaningful only without errors), its problems, and the reader for placing paths. */
export interface ReadConfig {
  readonly doc: ConfigDoc;
  readonly errors: ConfigError[];
  readonly reader: DocReader;
}

const SIZE = /^(\d+)\s*(B|KiB|MiB|GiB|TiB|K|M|G|T)?$/i;
const SIZE_UNIT: Record<string, number> = { b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tib: 1024 ** 4 };

function node(a: At): NodeConfig | undefined {
  const m = a.map(['name', 'votes', 'attributes'], ['name']);
  if (!m) return undefined;
  const name = m.get('name')?.name('a node name');
  const votes = m.has('votes') ? m.get('votes')!.int(1, 255) : 1;
  const attributes = m.get('attributes')?.record('attribute: value') ?? {};
  return name === undefined || votes === undefined ? undefined : { node: name, votes, attributes };
}

function operation(a: At): Operation | undefined {
  const m = a.map(['name', 'interval', 'timeout', 'on-fail', 'role'], ['name']);
  if (!m) return undefined;
  const name = m.get('name')?.str('an operation name (start, stop, monitor, probe)');
  const intervalMs = m.has('interval') ? m.get('interval')!.duration() : 0;
  const timeoutMs = m.has('timeout') ? m.get('timeout')!.duration() : 0;
  const onFail = m.get('on-fail')?.str('one of restart, block, stop, fence, ignore') ?? '';
  if (onFail !== '' && !['restart', 'block', 'stop', 'fence', 'ignore'].includes(onFail)) m.get('on-fail')!.bad(`expected one of restart, block, stop, fence, ignore, got ${JSON.stringify(onFail)}`);
  if (name !== undefined && !['start', 'stop', 'monitor', 'probe', 'promote', 'demote'].includes(name)) m.get('name')!.bad(`expected one of start, stop, monitor, probe, got ${JSON.stringify(name)}`);
  const role = m.get('role')?.str('a role') ?? '';
  if (name === undefined || intervalMs === undefined || timeoutMs === undefined) return undefined;
  return { name, intervalMs, timeoutMs, onFail, role };
}

function resource(a: At): ResourceConfig | undefined {
  const m = a.map(['id', 'agent', 'params', 'meta', 'operations', 'failover-domain', 'container'], ['id', 'agent']);
  if (!m) return undefined;
  const id = m.get('id')?.name('a resource id');
  const agent = m.get('agent')?.str('an agent such as ocf:heartbeat:Dummy or process');
  const operations = (m.get('operations')?.list('operations') ?? []).map(operation);
  const r = {
    id, agent, params: m.get('params')?.record('parameter: value') ?? {}, meta: m.get('meta')?.record('meta attribute: value') ?? {},
    operations, failoverDomain: m.get('failover-domain')?.names('a node name') ?? [], container: m.get('container')?.name('a container id') ?? '',
  };
  return id === undefined || agent === undefined || operations.some((o) => o === undefined) ? undefined : (r as ResourceConfig);
}

function group(a: At): GroupConfig | undefined {
  const m = a.map(['id', 'members', 'meta', 'failover-domain'], ['id', 'members']);
  if (!m) return undefined;
  const id = m.get('id')?.name('a group id');
  const members = m.get('members')?.names('a resource id') ?? [];
  if (members.length === 0 && m.has('members')) m.get('members')!.bad('expected at least one member resource');
  return id === undefined ? undefined : { id, members, meta: m.get('meta')?.record('meta attribute: value') ?? {}, failoverDomain: m.get('failover-domain')?.names('a node name') ?? [] };
}

function constraint(a: At): ConstraintConfig | undefined {
  const m = a.map(['id', 'location', 'colocation', 'order'], ['id']);
  if (!m) return undefined;
  const id = m.get('id')?.name('a constraint id');
  const rules = (['location', 'colocation', 'order'] as const).filter((r) => m.has(r));
  if (rules.length !== 1) return a.bad(`expected exactly one of location, colocation or order, got ${rules.length === 0 ? 'none' : rules.join(' and ')}`);
  const rule = rules[0]!;
  const r = m.get(rule)!;
  if (rule === 'location') {
    const l = r.map(['resource', 'node', 'score'], ['resource', 'node', 'score']);
    const v = l && { resource: l.get('resource')?.name('a resource or group id'), node: l.get('node')?.name('a node name'), score: l.get('score')?.score() };
    return id && v && v.resource && v.node && v.score !== undefined ? { id, rule, location: v as Required<typeof v> as never } : undefined;
  }
  if (rule === 'colocation') {
    const c = r.map(['resource', 'with', 'score'], ['resource', 'with', 'score']);
    const v = c && { resource: c.get('resource')?.name('a resource or group id'), with: c.get('with')?.name('a resource or group id'), score: c.get('score')?.score() };
    return id && v && v.resource && v.with && v.score !== undefined ? { id, rule, colocation: v as never } : undefined;
  }
  const o = r.map(['first', 'then', 'kind', 'symmetrical', 'first-action', 'then-action'], ['first', 'then']);
  if (!o) return undefined;
  const kind = o.get('kind')?.str('mandatory, optional or serialize') ?? 'mandatory';
  if (!['mandatory', 'optional', 'serialize'].includes(kind)) o.get('kind')!.bad(`expected mandatory, optional or serialize, got ${JSON.stringify(kind)}`);
  const actions = ['start', 'stop', 'promote', 'demote'];
  const action = (k: string) => {
    const v = o.get(k)?.str('an action') ?? 'start';
    if (!actions.includes(v)) o.get(k)!.bad(`expected one of ${actions.join(', ')}, got ${JSON.stringify(v)}`);
    return v;
  };
  const v = {
    first: o.get('first')?.name('a resource or group id'), then: o.get('then')?.name('a resource or group id'), kind,
    symmetrical: o.has('symmetrical') ? o.get('symmetrical')!.bool() : kind !== 'serialize', firstAction: action('first-action'), thenAction: action('then-action'),
  };
  return id && v.first && v.then && v.symmetrical !== undefined ? { id, rule, order: v as never } : undefined;
}

function container(a: At): ContainerConfig | undefined {
  const m = a.map(['id', 'name', 'type', 'disks', 'owner', 'extent-size-kib', 'meta', 'volumes'], ['id', 'type', 'disks']);
  if (!m) return undefined;
  const id = m.get('id')?.name('a container id');
  const type = m.get('type')?.str('private, shared or local');
  if (type !== undefined && !['private', 'shared', 'local'].includes(type)) m.get('type')!.bad(`expected private, shared or local, got ${JSON.stringify(type)}`);
  const disks = (m.get('disks')?.list('disk paths') ?? []).map((d) => d.str('a disk path')).filter((d): d is string => d !== undefined);
  if (m.has('disks') && disks.length === 0) m.get('disks')!.bad('expected at least one disk');
  const owner = m.get('owner')?.name('a node name') ?? '';
  if ((type === 'private' || type === 'local') && owner === '' && !m.has('owner')) a.bad(`missing "owner" (a ${type} container needs one)`);
  if (type === 'shared' && owner !== '') m.get('owner')!.bad('a shared container has no owner');
  const meta = m.get('meta')?.record('meta attribute: value') ?? {};
  for (const v of m.get('volumes')?.list('volumes') ?? []) {
    const vm = v.map(['name', 'size'], ['name', 'size']);
    const name = vm?.get('name')?.name('a volume name');
    const sizeText = vm?.get('size')?.str('a size such as 512MiB or 2GiB');
    const s = sizeText === undefined ? null : SIZE.exec(sizeText.trim());
    if (sizeText !== undefined && !s) vm!.get('size')!.bad(`expected a size such as 512MiB or 2GiB, got ${JSON.stringify(sizeText)}`);
    if (name && s) meta[`${VOLUME_META}${name}`] = String(Number(s[1]) * (SIZE_UNIT[(s[2] ?? 'b').toLowerCase()] ?? 1));
  }
  const extentSizeKib = m.has('extent-size-kib') ? m.get('extent-size-kib')!.int(1, 1 << 30) : 0;
  return id && type && extentSizeKib !== undefined ? { id, name: m.get('name')?.str() ?? id, type, disks, owner, extentSizeKib, meta } : undefined;
}

function fenceDevice(a: At): FenceDeviceConfig | undefined {
  const m = a.map(['id', 'agent', 'params', 'targets', 'host-map', 'meta'], ['id', 'agent']);
  if (!m) return undefined;
  const id = m.get('id')?.name('a fence device id');
  const agent = m.get('agent')?.str('a fence agent such as fence_ipmilan or builtin:kill');
  const targets = m.get('targets')?.names('a node name') ?? [];
  const hostMap = m.get('host-map')?.record('node: port') ?? {};
  for (const n of Object.keys(hostMap)) if (!targets.includes(n)) m.get('host-map')!.bad(`node "${n}" is not one of the targets (${targets.join(', ') || 'none'})`);
  return id && agent ? { id, agent, params: m.get('params')?.record('parameter: value') ?? {}, targets: [...targets].sort(), hostMap, meta: m.get('meta')?.record('meta attribute: value') ?? {} } : undefined;
}

function fenceLevel(a: At): FenceLevelConfig | undefined {
  const m = a.map(['target', 'index', 'devices'], ['target', 'index', 'devices']);
  if (!m) return undefined;
  const target = m.get('target')?.name('a node name');
  const index = m.get('index')?.int(1, 9);
  const devices = m.get('devices')?.names('a fence device id') ?? [];
  if (m.has('devices') && devices.length === 0) m.get('devices')!.bad('expected at least one fence device');
  return target && index !== undefined && devices.length > 0 ? { target, index, devices } : undefined;
}

function options(a: At): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.record('option: value'))) {
    const problem = optionProblem(k, v.trim());
    // The schema's own words, placed at the value: `options.stonith-enabled: expected a boolean ..., got "maybe"`.
    if (!(OPTION_NAMES as readonly string[]).includes(k)) a.doc.problem(`options.${k}`, undefined, `unknown cluster option (known: ${OPTION_NAMES.join(', ')})`);
    else if (problem !== '') a.doc.problem(`options.${k}`, undefined, problem.slice(k.length + 2));
    else out[k] = v.trim();
  }
  return out;
}

function section<T>(m: Map<string, At>, key: string, what: string, read: (a: At) => T | undefined): T[] | undefined {
  const a = m.get(key);
  if (!a) return undefined;
  return a.list(what).map(read).filter((x): x is T => x !== undefined);
}

/** Reads cluster.yaml: the document and every problem in it (all of them, not just the first). */
export function readConfig(file: string, text: string): ReadConfig {
  const reader = new DocReader(file, text);
  const doc: ConfigDoc = {};
  if (reader.errors.length > 0) return { doc, errors: reader.errors, reader };
  const m = reader.root.map(TOP_KEYS);
  if (m) {
    const put = <K extends keyof ConfigDoc>(k: K, v: ConfigDoc[K] | undefined) => {
      if (v !== undefined) doc[k] = v;
    };
    put('nodes', section(m, 'nodes', 'nodes', node));
    if (m.has('options')) put('options', options(m.get('options')!));
    put('resources', section(m, 'resources', 'resources', resource));
    put('groups', section(m, 'groups', 'groups', group));
    put('constraints', section(m, 'constraints', 'constraints', constraint));
    put('containers', section(m, 'containers', 'containers', container));
    put('fenceDevices', section(m, 'fence-devices', 'fence devices', fenceDevice));
    put('fenceLevels', section(m, 'fence-levels', 'fence levels', fenceLevel));
  }
  return { doc, errors: reader.errors, reader };
}
