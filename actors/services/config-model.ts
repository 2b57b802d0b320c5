// The declarative cluster configuration as `apply` sends it and `config show` prints it, and the one held in a state.
import type {
  ConstraintConfig, ContainerConfig, FenceDeviceConfig, FenceLevelConfig, GroupConfig, NodeConfig, ResourceConfig,
} from '../../proto/generated.ts';
import type { ClusterState } from '../../machines/fold.ts';
import { sortedRecord } from '../../machines/legal.ts';
import { optionsOf } from '../view.ts';

/**
 * A whole configuration, in the proto's own config messages. A section that is absent is left as it is by
 * `apply`; a section that is present (even empty) replaces that kind entirely. Container volumes are kept in
 * the container's meta as `volume/<name>` = size in bytes (ContainerConfig has no volume list).
 */
export interface ConfigDoc {
  nodes?: NodeConfig[];
  options?: Record<string, string>;
  resources?: ResourceConfig[];
  groups?: GroupConfig[];
  constraints?: ConstraintConfig[];
  containers?: ContainerConfig[];
  fenceDevices?: FenceDeviceConfig[];
  fenceLevels?: FenceLevelConfig[];
}

/** The sections of a ConfigDoc, in the order they are applied (removals run in reverse). */
export const SECTIONS = ['nodes', 'options', 'containers', 'resources', 'groups', 'fenceDevices', 'fenceLevels', 'constraints'] as const;
export type Section = (typeof SECTIONS)[number];

/** The meta key prefix that holds a container's desired volumes. */
export const VOLUME_META = 'volume/';

const byId = <T>(items: T[], id: (t: T) => string): T[] => items.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));

/** The configuration held in `state`: every section, items sorted by id (groups keep member order). Pure. */
export function configOf(state: ClusterState): Required<ConfigDoc> {
  const doc: Required<ConfigDoc> = {
    nodes: [], options: sortedRecord(optionsOf(state)), resources: [], groups: [], constraints: [], containers: [], fenceDevices: [], fenceLevels: [],
  };
  for (const e of state.entities.values()) {
    const ctx = e.snapshot.context as Record<string, unknown>;
    const value = e.snapshot.value;
    switch (e.kind) {
      case 'node': {
        const m = typeof value === 'string' ? value : 'defined';
        if (m === 'unknown' || m === 'removed') break;
        doc.nodes.push({ node: e.id, votes: (ctx['votes'] as number) || 1, attributes: sortedRecord(ctx['attributes'] as Record<string, string>) });
        break;
      }
      case 'fence-device':
        if (value !== 'defined') break;
        doc.fenceDevices.push({
          id: e.id, agent: ctx['agent'] as string, params: ctx['params'] as Record<string, string>, targets: [...(ctx['targets'] as string[])],
          hostMap: ctx['hostMap'] as Record<string, string>, meta: ctx['meta'] as Record<string, string>,
        });
        break;
      case 'resource':
      case 'group':
      case 'constraint':
      case 'container': {
        const config = ctx['config'];
        if (config === null || config === undefined || value === 'removed' || value === 'undefined') break;
        const list = { resource: doc.resources, group: doc.groups, constraint: doc.constraints, container: doc.containers }[e.kind];
        (list as unknown[]).push(config);
        break;
      }
      case 'fence-level':
        for (const l of (ctx['levels'] as Array<{ index: number; devices: string[] }> | undefined) ?? []) {
          doc.fenceLevels.push({ target: e.id, index: l.index, devices: [...l.devices] });
        }
        break;
      default:
        break;
    }
  }
  byId(doc.nodes, (n) => n.node);
  byId(doc.resources, (r) => r.id);
  byId(doc.groups, (g) => g.id);
  byId(doc.constraints, (c) => c.id);
  byId(doc.containers, (c) => c.id);
  byId(doc.fenceDevices, (d) => d.id);
  doc.fenceLevels.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : a.index - b.index));
  return doc;
}

/** One change `apply` made (or would make): `define resource/web`, `change node/n1`, `remove constraint/c1`. */
export interface ConfigChange {
  readonly action: 'define' | 'change' | 'remove' | 'set' | 'unset';
  readonly entity: string;
}

/** A problem with a document, by the path of the bad value (`resources[2].agent`), for the CLI to place. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}
