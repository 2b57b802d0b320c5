// The container's folded context (EVMS cluster container: type, disks, owner, epoch, volumes, activation, I/O).
import type { ContainerConfig, Extent } from '../../proto/generated.ts';
import type { Volume } from './extents.ts';

/** Container types (EVMS): private has one owner node, shared is used by all nodes, local belongs to one node. */
export const ContainerType = { private: 'private', shared: 'shared', local: 'local' } as const;
export type ContainerType = (typeof ContainerType)[keyof typeof ContainerType];
const TYPES = new Set<string>(Object.values(ContainerType));

/** True when `t` is a container type. Pure. */
export function isContainerType(t: string): t is ContainerType {
  return TYPES.has(t);
}

/** A container's context: plain JSON, sorted where order has no meaning. */
export interface ContainerContext {
  id: string;
  /** null until ContainerDefined. */
  config: ContainerConfig | null;
  /** Layout as created on disk ('' / [] / 0 before ContainerCreated). */
  type: string;
  disks: string[];
  extentSizeKib: number;
  /** Usable extents per disk, in `disks` order. */
  diskExtents: number[];
  extents: number;
  /** The owner node (private, local); '' for shared. */
  owner: string;
  /** The fencing token: the journal sequence of the last creation or ownership fact. */
  epoch: number;
  /** Sorted by name. */
  volumes: Volume[];
  /** Sorted nodes the container is active on (at most one unless shared). */
  activeOn: string[];
  /** Sorted nodes whose I/O to the container is fenced. */
  ioFenced: string[];
  /** `at` of the last state change. */
  since: number;
}

/** The context before the first fact. Pure. */
export function emptyContainer(id: string): ContainerContext {
  return { id, config: null, type: '', disks: [], extentSizeKib: 0, diskExtents: [], extents: 0, owner: '', epoch: 0, volumes: [], activeOn: [], ioFenced: [], since: 0 };
}

/** A volume as context keeps it: plain extents. Pure. */
export function plainVolume(name: string, sizeBytes: number, extents: readonly Extent[]): Volume {
  return { name, sizeBytes, extents: extents.map((e) => ({ disk: e.disk, start: e.start, count: e.count })) };
}

/** Volumes sorted by name (code-unit order). Pure. */
export function sortVolumes(volumes: Volume[]): Volume[] {
  return volumes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Extent size when a config leaves it 0: 4 MiB, as EVMS. */
export const DEFAULT_EXTENT_SIZE_KIB = 4096;

/**
 * The problem with container `id`'s config ('' when fine): a known type, at least one disk, no
 * disk twice, an owner for private and local containers, none for shared. Pure.
 */
export function containerConfigProblem(id: string, c: Partial<ContainerConfig> | undefined): string {
  const where = `container ${id}`;
  if (!c) return `${where}: no config given`;
  if ((c.id ?? '') !== id) return `${where}: config id "${c.id ?? ''}" does not match the container`;
  const type = c.type ?? '';
  if (!isContainerType(type)) return `${where}: type "${type}" is not private, shared or local`;
  const disks = c.disks ?? [];
  if (disks.length === 0) return `${where} has no disks`;
  for (const [i, d] of disks.entries()) {
    if (d === '') return `${where} disks[${i}]: empty path`;
    if (disks.indexOf(d) !== i) return `${where}: disk "${d}" appears twice`;
  }
  const owner = c.owner ?? '';
  if ((type === 'private' || type === 'local') && owner === '') return `${where}: a ${type} container needs an owner`;
  if (type === 'shared' && owner !== '') return `${where}: a shared container has no owner (got "${owner}")`;
  const ext = c.extentSizeKib ?? 0;
  if (!Number.isInteger(ext) || ext < 0) return `${where}: extentSizeKib ${ext} is not a whole number`;
  return '';
}
