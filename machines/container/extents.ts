// Extent arithmetic for container volumes: free runs, first-fit allocation, in-place growth. Pure and deterministic.
import type { Extent } from '../../proto/generated.ts';

/** A volume carved from a container: its size and the extents it holds, in order. */
export interface Volume {
  name: string;
  sizeBytes: number;
  extents: Extent[];
}

/** Extents needed for `sizeBytes` with extents of `extentSizeKib`. Pure. */
export function extentsFor(sizeBytes: number, extentSizeKib: number): number {
  const size = extentSizeKib * 1024;
  return size <= 0 ? Infinity : Math.ceil(sizeBytes / size);
}

function byPosition(a: Extent, b: Extent): number {
  return a.disk - b.disk || a.start - b.start;
}

/** The free runs of every disk, in (disk, start) order, given the extents volumes use. Pure. */
export function freeRuns(diskExtents: readonly number[], volumes: readonly Volume[], except = ''): Extent[] {
  const used = volumes.filter((v) => v.name !== except).flatMap((v) => v.extents).sort(byPosition);
  const out: Extent[] = [];
  diskExtents.forEach((total, disk) => {
    let at = 0;
    for (const u of used.filter((e) => e.disk === disk)) {
      if (u.start > at) out.push({ disk, start: at, count: u.start - at });
      at = Math.max(at, u.start + u.count);
    }
    if (total > at) out.push({ disk, start: at, count: total - at });
  });
  return out;
}

/** Free extents in all. Pure. */
export function freeCount(diskExtents: readonly number[], volumes: readonly Volume[]): number {
  return freeRuns(diskExtents, volumes).reduce((n, r) => n + r.count, 0);
}

/**
 * First fit: the first free run that holds `count` extents whole; failing that, free runs taken in
 * (disk, start) order until `count` is reached. Undefined when there is too little space. Pure.
 */
export function allocate(diskExtents: readonly number[], volumes: readonly Volume[], count: number): Extent[] | undefined {
  const runs = freeRuns(diskExtents, volumes);
  const whole = runs.find((r) => r.count >= count);
  if (whole) return [{ disk: whole.disk, start: whole.start, count }];
  const out: Extent[] = [];
  let left = count;
  for (const r of runs) {
    if (left === 0) break;
    const take = Math.min(left, r.count);
    out.push({ disk: r.disk, start: r.start, count: take });
    left -= take;
  }
  return left === 0 ? out : undefined;
}

/**
 * The extents of `volume` grown in place by `more` extents (its last extent extended into the
 * free run right after it), or `{ free }` with how many contiguous extents are free there. Pure.
 */
export function growInPlace(diskExtents: readonly number[], volumes: readonly Volume[], volume: Volume, more: number): Extent[] | { free: number } {
  const last = volume.extents[volume.extents.length - 1];
  if (!last) return { free: 0 };
  const next = freeRuns(diskExtents, volumes).find((r) => r.disk === last.disk && r.start === last.start + last.count);
  const free = next?.count ?? 0;
  if (free < more) return { free };
  return [...volume.extents.slice(0, -1), { disk: last.disk, start: last.start, count: last.count + more }];
}

/** The extents of `volume` shrunk to `count` extents, trimmed from the end. Pure. */
export function shrink(volume: Volume, count: number): Extent[] {
  const out: Extent[] = [];
  let left = count;
  for (const e of volume.extents) {
    if (left === 0) break;
    const take = Math.min(left, e.count);
    out.push({ disk: e.disk, start: e.start, count: take });
    left -= take;
  }
  return out;
}

/**
 * The problem with giving `extents` to volume `name` ('' when fine): every extent lies on a disk,
 * within it, has a positive count, overlaps no other volume, and together they hold `sizeBytes`. Pure.
 */
export function extentsProblem(
  diskExtents: readonly number[], extentSizeKib: number, volumes: readonly Volume[], name: string, extents: readonly Extent[], sizeBytes: number,
): string {
  if (extents.length === 0) return `volume ${name} has no extents`;
  const others = volumes.filter((v) => v.name !== name).flatMap((v) => v.extents);
  for (const e of extents) {
    const total = diskExtents[e.disk];
    if (total === undefined) return `volume ${name}: extent on disk ${e.disk}, which the container does not have`;
    if (e.count <= 0 || e.start < 0 || e.start + e.count > total) return `volume ${name}: extent ${e.start}+${e.count} lies outside disk ${e.disk} (${total} extents)`;
    const hit = [...others, ...extents.filter((x) => x !== e)].find((o) => o.disk === e.disk && o.start < e.start + e.count && e.start < o.start + o.count);
    if (hit) return `volume ${name}: extent ${e.start}+${e.count} on disk ${e.disk} overlaps ${hit.start}+${hit.count}`;
  }
  const held = extents.reduce((n, e) => n + e.count, 0);
  if (held < extentsFor(sizeBytes, extentSizeKib)) return `volume ${name}: ${held} extents cannot hold ${sizeBytes} bytes`;
  return '';
}
