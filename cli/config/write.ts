// A configuration as cluster.yaml: the form `config show` prints and `apply -f` reads back unchanged. Pure.
import { stringify } from 'yaml';
import type { Operation } from '../../proto/generated.ts';
import { formatScore } from '../../machines/score.ts';
import { VOLUME_META, type ConfigDoc } from '../../actors/services/config-model.ts';

/** `10s`, `250ms`, `2min`: the shortest exact form of a duration. Pure. */
export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** `2GiB`, `512MiB`, `1000B`: the largest exact binary unit. Pure. */
export function formatSize(bytes: number): string {
  for (const [unit, n] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return `${bytes}B`;
}

const some = <T extends object>(o: T): T | undefined => (Object.keys(o).length > 0 ? o : undefined);
const list = <T>(a: readonly T[]): T[] | undefined => (a.length > 0 ? [...a] : undefined);

function operation(o: Operation): object {
  return {
    name: o.name, interval: o.intervalMs ? formatDuration(o.intervalMs) : undefined, timeout: o.timeoutMs ? formatDuration(o.timeoutMs) : undefined,
    'on-fail': o.onFail || undefined, role: o.role || undefined,
  };
}

/** The YAML text of `doc`: sections in a fixed order, empty fields left out. Pure. */
export function writeConfig(doc: ConfigDoc): string {
  const out: Record<string, unknown> = {};
  if (doc.nodes) out['nodes'] = doc.nodes.map((n) => ({ name: n.node, votes: n.votes || 1, attributes: some(n.attributes) }));
  if (doc.options) out['options'] = { ...doc.options };
  if (doc.resources) {
    out['resources'] = doc.resources.map((r) => ({
      id: r.id, agent: r.agent, params: some(r.params), meta: some(r.meta), operations: list(r.operations.map(operation)),
      'failover-domain': list(r.failoverDomain), container: r.container || undefined,
    }));
  }
  if (doc.groups) out['groups'] = doc.groups.map((g) => ({ id: g.id, members: [...g.members], meta: some(g.meta), 'failover-domain': list(g.failoverDomain) }));
  if (doc.constraints) {
    out['constraints'] = doc.constraints.map((c) => {
      if (c.location) return { id: c.id, location: { resource: c.location.resource, node: c.location.node, score: formatScore(c.location.score) } };
      if (c.colocation) return { id: c.id, colocation: { resource: c.colocation.resource, with: c.colocation.with, score: formatScore(c.colocation.score) } };
      const o = c.order!;
      return { id: c.id, order: { first: o.first, then: o.then, kind: o.kind, symmetrical: o.symmetrical, 'first-action': o.firstAction, 'then-action': o.thenAction } };
    });
  }
  if (doc.containers) {
    out['containers'] = doc.containers.map((c) => {
      const meta: Record<string, string> = {};
      const volumes: Array<{ name: string; size: string }> = [];
      for (const [k, v] of Object.entries(c.meta)) {
        if (k.startsWith(VOLUME_META)) volumes.push({ name: k.slice(VOLUME_META.length), size: formatSize(Number(v)) });
        else meta[k] = v;
      }
      return {
        id: c.id, name: c.name && c.name !== c.id ? c.name : undefined, type: c.type, disks: [...c.disks], owner: c.owner || undefined,
        'extent-size-kib': c.extentSizeKib || undefined, meta: some(meta), volumes: list(volumes),
      };
    });
  }
  if (doc.fenceDevices) {
    out['fence-devices'] = doc.fenceDevices.map((d) => ({
      id: d.id, agent: d.agent, params: some(d.params), targets: list(d.targets), 'host-map': some(d.hostMap), meta: some(d.meta),
    }));
  }
  if (doc.fenceLevels) out['fence-levels'] = doc.fenceLevels.map((l) => ({ target: l.target, index: l.index, devices: [...l.devices] }));
  return stringify(out, { aliasDuplicateObjects: false, lineWidth: 0 });
}
