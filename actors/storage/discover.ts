// Discovery: read containers from their disks, compare them with the journal, repair damaged copies when safe.
import type { ContainerContext } from '../../machines/container/index.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { type CopyRead, type DiskMetadata, readCopies, writeCopies } from './metadata.ts';

/** One disk as read: its best copy, which copies are damaged, and every problem found. */
export interface DiskRead {
  readonly disk: string;
  readonly metadata: DiskMetadata | undefined;
  /** Indexes of copies that failed their checks (or lag the other copy). */
  readonly damaged: number[];
  readonly problems: string[];
}

/**
 * Reads `disk`'s copies. The best copy is the valid one with the highest epoch; a valid copy behind the
 * other (a write torn between the copies) counts as damaged. A disk that cannot be opened is a problem, not a throw.
 */
export function readDisk(disk: string): DiskRead {
  let copies: CopyRead[];
  try {
    copies = readCopies(disk);
  } catch (e) {
    return { disk, metadata: undefined, damaged: [], problems: [(e as Error).message] };
  }
  const problems = copies.flatMap((c) => (c.ok ? [] : [c.problem]));
  const valid = copies.flatMap((c, i) => (c.ok ? [{ i, md: c.metadata }] : []));
  if (valid.length === 0) return { disk, metadata: undefined, damaged: [], problems };
  const best = valid.reduce((a, b) => (b.md.epoch > a.md.epoch ? b : a));
  const damaged = copies.flatMap((c, i) => (!c.ok || JSON.stringify(c.metadata) !== JSON.stringify(best.md) ? [i] : []));
  for (const v of valid) if (v.i !== best.i && JSON.stringify(v.md) !== JSON.stringify(best.md)) problems.push(`${disk} copy ${v.i}: differs from copy ${best.i} (epoch ${v.md.epoch} vs ${best.md.epoch})`);
  return { disk, metadata: best.md, damaged, problems };
}

/** The metadata disk `diskIndex` of a journaled container should carry. Pure. */
export function metadataOf(ctx: ContainerContext, diskIndex: number): DiskMetadata {
  return {
    container: ctx.id, name: ctx.config?.name ?? '', type: ctx.type, owner: ctx.owner, epoch: ctx.epoch,
    diskIndex, diskCount: ctx.disks.length, disks: [...ctx.disks], extentSizeKib: ctx.extentSizeKib,
    diskExtents: [...ctx.diskExtents], volumes: ctx.volumes.map((v) => ({ name: v.name, sizeBytes: v.sizeBytes, extents: v.extents.map((e) => ({ ...e })) })),
  };
}

/** Where the disk and the journal disagree ([] when they agree), each naming the field and both values. Pure. */
export function disagreements(ctx: ContainerContext, md: DiskMetadata, diskIndex: number): string[] {
  const want = metadataOf(ctx, diskIndex);
  const where = `${ctx.disks[diskIndex] ?? `disk ${diskIndex}`}`;
  const out: string[] = [];
  for (const k of ['container', 'type', 'owner', 'epoch', 'diskIndex', 'diskCount', 'disks', 'extentSizeKib', 'diskExtents', 'volumes'] as const) {
    const a = JSON.stringify(want[k]);
    const b = JSON.stringify(md[k]);
    if (a !== b) out.push(`${where}: ${k} on disk is ${short(b)}, the journal says ${short(a)}`);
  }
  return out;
}

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** The outcome of importing one journaled container from its disks. */
export interface ImportReport {
  readonly container: string;
  /** True when every disk has at least one valid copy and it agrees with the journal. */
  readonly agrees: boolean;
  readonly problems: string[];
  /** Copies rewritten from the journal because they were damaged and the rest agreed. */
  readonly repaired: string[];
}

/**
 * Imports `ctx` from its disks: reads every disk, reports damage and disagreement. Repairs damaged copies only
 * when safe: the disk's other copy is valid and agrees with the journal, so the rewrite changes nothing the
 * cluster relies on. A disagreement is reported, never guessed away.
 */
export function importContainer(ctx: ContainerContext, options: { repair: boolean }): ImportReport {
  const problems: string[] = [];
  const repaired: string[] = [];
  let agrees = true;
  ctx.disks.forEach((disk, i) => {
    const read = readDisk(disk);
    problems.push(...read.problems);
    if (!read.metadata) {
      agrees = false;
      problems.push(`${disk}: no valid metadata copy`);
      return;
    }
    const diff = disagreements(ctx, read.metadata, i);
    if (diff.length > 0) {
      agrees = false;
      problems.push(...diff);
      return;
    }
    if (options.repair && read.damaged.length > 0) {
      for (const c of read.damaged) {
        writeCopies(disk, read.metadata, c as 0 | 1);
        repaired.push(`${disk} copy ${c}`);
      }
    }
  });
  return { container: ctx.id, agrees, problems, repaired };
}

/**
 * Writes the journaled metadata of `ctx` to every disk. Refuses (`storage.disagreement`) when a disk carries a
 * newer epoch (this view is stale) and (`storage.disk-in-use`) when a disk belongs to another container.
 */
export function writeFromJournal(ctx: ContainerContext): void {
  const reads = ctx.disks.map((d) => readDisk(d));
  for (const r of reads) {
    const md = r.metadata;
    if (md && md.container !== ctx.id) {
      throw new QuorateError(ErrorCode.storageDiskInUse, `disk ${r.disk} belongs to container ${md.container}, not ${ctx.id}`, { details: { disk: r.disk } });
    }
    if (md && md.epoch > ctx.epoch) {
      throw new QuorateError(ErrorCode.storageDisagreement, `disk ${r.disk} carries epoch ${md.epoch}, newer than ${ctx.epoch} of ${ctx.id} in this view`, { details: { disk: r.disk } });
    }
  }
  ctx.disks.forEach((disk, i) => writeCopies(disk, metadataOf(ctx, i)));
}

/** Refuses (`storage.disk-in-use`) a disk that already carries valid metadata of any container. */
export function checkDiskFree(disk: string, forContainer: string): void {
  const r = readDisk(disk);
  if (r.metadata) {
    throw new QuorateError(ErrorCode.storageDiskInUse, `disk ${disk} is already in use by container ${r.metadata.container}${r.metadata.container === forContainer ? ' (delete it first, or wipe the disk)' : ''}`, { details: { disk } });
  }
}
