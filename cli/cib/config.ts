// CIB nodes and cluster options to facts: NodeDefined (+ NodeStandby/NodeMaintenance), ClusterOptionsDefined.
import type { ImportSink } from './model.ts';
import { cibBoolean, nvpairs, sortedRecord } from './nvpairs.ts';
import { childrenNamed, type XmlElement } from './xml.ts';

/** The reason NodeStandby carries when it comes from a CIB `standby` node attribute. */
export const STANDBY_REASON = 'pacemaker standby attribute';

/** Cluster properties Pacemaker writes for itself: listed as informational, not carried over. */
export const INFORMATIONAL_PROPERTIES: ReadonlySet<string> = new Set([
  'dc-version', 'cluster-infrastructure', 'have-watchdog', 'last-lrm-refresh',
]);

/** Resource defaults carried over as cluster options of the same name (Pacemaker `rsc_defaults`). */
export const RSC_DEFAULT_OPTIONS: ReadonlySet<string> = new Set([
  'resource-stickiness', 'migration-threshold', 'failure-timeout', 'is-managed', 'target-role', 'priority',
  'multiple-active', 'allow-migrate',
]);

/** `op_defaults timeout` becomes this cluster option (Pacemaker's older cluster-wide name for the same thing). */
export const OP_TIMEOUT_OPTION = 'default-action-timeout';

/**
 * `<nodes>`: each cluster node becomes NodeDefined with its attributes; `standby`/`maintenance` attributes
 * become NodeStandby/NodeMaintenance. Remote and ping nodes, utilization and rules are listed.
 * Returns node id -> uname (the status section names nodes by id). Pure apart from `sink`.
 */
export function importNodes(sink: ImportSink, nodes: XmlElement | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const el of nodes?.children ?? []) {
    if (el.name !== 'node') {
      sink.skip(el, `unexpected <${el.name}> in <nodes>`);
      continue;
    }
    const uname = sink.need(el, 'uname');
    const type = el.attrs['type'] ?? 'member';
    if (type !== 'member' && type !== 'normal') {
      sink.skip(el, `${type} nodes are not translated (only cluster members)`);
      continue;
    }
    names.set(el.attrs['id'] ?? uname, uname);
    for (const c of el.children) {
      if (c.name === 'utilization') sink.skip(c, 'utilization is not translated');
      else if (c.name !== 'instance_attributes') sink.skip(c, `unexpected <${c.name}> in <node>`);
    }
    const attributes = nvpairs(sink, el, 'instance_attributes');
    const standby = cibBoolean(attributes['standby']);
    const maintenance = cibBoolean(attributes['maintenance']);
    if (standby !== undefined) delete attributes['standby'];
    if (maintenance !== undefined) delete attributes['maintenance'];
    sink.fact({ type: 'NodeDefined', config: { node: uname, votes: 0, attributes: sortedRecord(attributes) } }, el);
    if (standby) sink.fact({ type: 'NodeStandby', node: uname, reason: STANDBY_REASON }, el);
    if (maintenance) sink.fact({ type: 'NodeMaintenance', node: uname, on: true }, el);
  }
  return names;
}

/**
 * `crm_config` property sets, `rsc_defaults` and `op_defaults timeout` become one ClusterOptionsDefined
 * (when there is any option). Pacemaker's own bookkeeping properties and other op defaults are listed.
 */
export function importOptions(sink: ImportSink, config: XmlElement): void {
  const options: Record<string, string> = {};
  const crm = childrenNamed(config, 'crm_config')[0];
  if (crm !== undefined) {
    const props = nvpairs(sink, crm, 'cluster_property_set');
    for (const [name, value] of Object.entries(props)) {
      if (INFORMATIONAL_PROPERTIES.has(name)) {
        sink.untranslated.push({ kind: 'informational', element: 'cluster_property_set nvpair', id: name, line: crm.line, reason: `set by Pacemaker (${value})` });
      } else options[name] = value;
    }
  }
  const rscDefaults = childrenNamed(config, 'rsc_defaults')[0];
  if (rscDefaults !== undefined) {
    for (const [name, value] of Object.entries(nvpairs(sink, rscDefaults, 'meta_attributes'))) {
      if (RSC_DEFAULT_OPTIONS.has(name)) options[name] ??= value;
      else sink.untranslated.push({ kind: 'unsupported', element: 'rsc_defaults nvpair', id: name, line: rscDefaults.line, reason: 'resource default not translated' });
    }
  }
  const opDefaults = childrenNamed(config, 'op_defaults')[0];
  if (opDefaults !== undefined) {
    for (const [name, value] of Object.entries(nvpairs(sink, opDefaults, 'meta_attributes'))) {
      if (name === 'timeout') options[OP_TIMEOUT_OPTION] ??= value;
      else sink.untranslated.push({ kind: 'unsupported', element: 'op_defaults nvpair', id: name, line: opDefaults.line, reason: 'operation default not translated' });
    }
  }
  if (Object.keys(options).length > 0) {
    sink.fact({ type: 'ClusterOptionsDefined', options: sortedRecord(options) }, crm ?? rscDefaults ?? opDefaults ?? config);
  }
}
