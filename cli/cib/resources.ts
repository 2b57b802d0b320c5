// CIB resources to facts: primitives -> ResourceDefined, groups -> GroupDefined, stonith -> FenceDeviceDefined.
import type { FenceDeviceConfig, Operation, ResourceConfig } from '../../proto/generated.ts';
import type { ImportSink } from './model.ts';
import { cibBoolean, needDuration, nvpairs, sortedRecord } from './nvpairs.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { cibError, type XmlElement } from './xml.ts';

/** What the resource section yields for the later sections: which ids are what. */
export interface ResourceIds {
  /** Primitives and groups translated to quorate resources and groups. */
  readonly placeable: Set<string>;
  /** Fence devices (stonith primitives). */
  readonly fenceDevices: Set<string>;
  /** Ids inside untranslated elements (clones, bundles, ...), with the element that holds them. */
  readonly untranslated: Map<string, string>;
  /** Each translated primitive's operations, for the status section (a monitor's interval). */
  readonly operations: Map<string, Operation[]>;
}

const OP_ATTRS = new Set(['id', 'name', 'interval', 'timeout', 'on-fail', 'role', 'description']);
const UNTRANSLATED_RESOURCES: Readonly<Record<string, string>> = {
  clone: 'clones are not translated', master: 'promotable (master) resources are not translated',
  bundle: 'bundles are not translated', template: 'resource templates are not translated',
};

/** Splits `pcmk_host_list` ("n1 n2,n3"). Pure. */
export function hostList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,;]+/).filter((s) => s !== '');
}

/** Parses `pcmk_host_map` ("n1:1;n2:2", also "n1=1 n2=2"); a pair without a port is an error. */
export function hostMap(sink: ImportSink, el: XmlElement, text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? '').split(/[\s,;]+/).filter((s) => s !== '')) {
    const m = /^([^:=]+)[:=](.+)$/.exec(pair);
    if (!m) throw cibError(sink.place(el), `pcmk_host_map entry "${pair}" is not node:port`);
    out[m[1]!] = m[2]!;
  }
  return sortedRecord(out);
}

function importOperations(sink: ImportSink, prim: XmlElement): Operation[] {
  const ops: Operation[] = [];
  for (const set of prim.children.filter((c) => c.name === 'operations')) {
    if (set.attrs['id-ref'] !== undefined) sink.skip(set, `a reference to operations "${set.attrs['id-ref']}" is not resolved`);
    for (const op of set.children) {
      if (op.name !== 'op') {
        sink.skip(op, `unexpected <${op.name}> in <operations>`);
        continue;
      }
      if (cibBoolean(op.attrs['enabled']) === false) {
        sink.skip(op, 'a disabled operation (enabled=false) is left out');
        continue;
      }
      for (const attr of Object.keys(op.attrs)) {
        if (!OP_ATTRS.has(attr) && attr !== 'enabled') sink.skip(op, `operation attribute ${attr}="${op.attrs[attr]}" is not translated`, 'unsupported', attr);
      }
      for (const c of op.children) sink.skip(c, `<${c.name}> inside an operation is not translated`);
      ops.push({
        name: sink.need(op, 'name'),
        intervalMs: needDuration(sink, op, 'interval'),
        timeoutMs: needDuration(sink, op, 'timeout'),
        onFail: op.attrs['on-fail'] ?? '',
        role: op.attrs['role'] ?? '',
      });
    }
  }
  return ops;
}

function checkChildren(sink: ImportSink, el: XmlElement, allowed: readonly string[]): void {
  for (const c of el.children) {
    if (allowed.includes(c.name)) continue;
    if (c.name === 'utilization') sink.skip(c, 'utilization is not translated');
    else sink.skip(c, `<${c.name}> inside <${el.name}> is not translated`);
  }
}

function importFenceDevice(sink: ImportSink, prim: XmlElement, ids: ResourceIds): void {
  const id = sink.need(prim, 'id');
  const { pcmk_host_list: list, pcmk_host_map: map, ...params } = nvpairs(sink, prim, 'instance_attributes');
  const config: FenceDeviceConfig = {
    id,
    agent: sink.need(prim, 'type'),
    params: sortedRecord(params),
    targets: hostList(list),
    hostMap: hostMap(sink, prim, map),
    meta: sortedRecord(nvpairs(sink, prim, 'meta_attributes')),
  };
  for (const set of prim.children.filter((c) => c.name === 'operations')) {
    for (const op of set.children) sink.skip(op, 'operations of fence devices are not translated (quorate monitors devices itself)');
  }
  checkChildren(sink, prim, ['instance_attributes', 'meta_attributes', 'operations']);
  sink.fact({ type: 'FenceDeviceDefined', config }, prim);
  ids.fenceDevices.add(id);
}

function importPrimitive(sink: ImportSink, prim: XmlElement, ids: ResourceIds): string | undefined {
  const id = sink.need(prim, 'id');
  if (prim.attrs['template'] !== undefined) {
    sink.skip(prim, `primitives from a template ("${prim.attrs['template']}") are not translated`);
    ids.untranslated.set(id, 'primitive');
    return undefined;
  }
  const cls = sink.need(prim, 'class');
  if (cls === 'stonith') {
    importFenceDevice(sink, prim, ids);
    return undefined;
  }
  const type = sink.need(prim, 'type');
  const provider = prim.attrs['provider'];
  if (cls === 'ocf' && provider === undefined) throw cibError(sink.place(prim), 'missing required attribute "provider" (class ocf)');
  const config: ResourceConfig = {
    id,
    agent: provider === undefined ? `${cls}:${type}` : `${cls}:${provider}:${type}`,
    params: sortedRecord(nvpairs(sink, prim, 'instance_attributes')),
    meta: sortedRecord(nvpairs(sink, prim, 'meta_attributes')),
    operations: importOperations(sink, prim),
    failoverDomain: [],
    container: '',
  };
  checkChildren(sink, prim, ['instance_attributes', 'meta_attributes', 'operations']);
  sink.fact({ type: 'ResourceDefined', config }, prim);
  ids.placeable.add(id);
  ids.operations.set(id, config.operations);
  return id;
}

function markUntranslated(el: XmlElement, holder: string, ids: ResourceIds): void {
  const id = el.attrs['id'];
  if (id !== undefined) ids.untranslated.set(id, holder);
  for (const c of el.children) markUntranslated(c, holder, ids);
}

function importGroup(sink: ImportSink, group: XmlElement, ids: ResourceIds): void {
  const id = sink.need(group, 'id');
  const members: string[] = [];
  for (const c of group.children) {
    if (c.name === 'primitive') {
      if (c.attrs['class'] === 'stonith') {
        sink.skip(c, `fence devices inside group ${id} are not translated`);
        continue;
      }
      const member = importPrimitive(sink, c, ids);
      if (member !== undefined) members.push(member);
    } else if (c.name === 'instance_attributes') sink.skip(c, 'instance attributes of a group are not translated (set them on its members)');
    else if (c.name !== 'meta_attributes') sink.skip(c, `<${c.name}> inside <group> is not translated`);
  }
  if (members.length === 0) throw cibError(sink.place(group), 'a group needs at least one translatable primitive');
  sink.fact({ type: 'GroupDefined', config: { id, members, meta: sortedRecord(nvpairs(sink, group, 'meta_attributes')), failoverDomain: [] } }, group);
  ids.placeable.add(id);
}

/** `<resources>`: primitives, groups and fence devices to facts; clones, bundles, templates listed. Pure apart from `sink`. */
export function importResources(sink: ImportSink, resources: XmlElement | undefined): ResourceIds {
  const ids: ResourceIds = { placeable: new Set(), fenceDevices: new Set(), untranslated: new Map(), operations: new Map() };
  for (const el of resources?.children ?? []) {
    if (el.name === 'primitive') importPrimitive(sink, el, ids);
    else if (el.name === 'group') importGroup(sink, el, ids);
    else {
      const promotable = el.name === 'clone' && el.children.some((c) => c.name === 'meta_attributes' && c.children.some((p) => p.attrs['name'] === 'promotable' && cibBoolean(p.attrs['value'])));
      const why = promotable ? 'promotable clones are not translated' : UNTRANSLATED_RESOURCES[el.name] ?? `<${el.name}> is not a resource quorate knows`;
      sink.skip(el, `${why}; its resources and the constraints on them were left out`);
      markUntranslated(el, `${el.name} ${el.attrs['id'] ?? ''}`.trim(), ids);
    }
  }
  return ids;
}

/** `ocf:heartbeat:Dummy` -> class, provider, type; an agent without a Pacemaker class is a `config.invalid` error. Pure. */
export function agentParts(id: string, agent: string): { cls: string; provider?: string; type: string } {
  const parts = agent.split(':');
  if (parts.length === 3 && parts[0] === 'ocf') return { cls: 'ocf', provider: parts[1]!, type: parts[2]! };
  if (parts.length === 2 && parts[0] !== 'ocf') return { cls: parts[0]!, type: parts[1]! };
  throw new QuorateError(ErrorCode.configInvalid, `resource ${id}: agent "${agent}" has no Pacemaker form (class:provider:type or class:type)`, {
    details: { resource: id, agent },
  });
}
