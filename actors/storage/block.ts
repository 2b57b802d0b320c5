// quorate's block API: a volume opened by name, reads and writes at volume offsets mapped through its extents.
//
// Every write carries the writer's epoch and passes two checks right before the bytes go out: the node's I/O
// gate (quorum lease, activation under this epoch, I/O fence) and the epoch on every disk it touches (a
// takeover writes the new epoch to every disk before any I/O, so a stale owner is refused by the disk itself).
import { closeSync, readSync, writeSync } from 'node:fs';
import type { Volume } from '../../machines/container/index.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { readDisk } from './discover.ts';
import { DATA_OFFSET, type DiskMetadata, openDisk } from './metadata.ts';

/** One piece of a volume range on one disk. */
export interface Piece {
  readonly disk: number;
  /** Byte offset on the disk. */
  readonly at: number;
  /** Byte offset in the caller's buffer. */
  readonly from: number;
  readonly length: number;
}

/**
 * Maps `[offset, offset + length)` of `volume` to disk pieces, in order. Refuses a range outside the volume.
 * Pure.
 */
export function mapRange(volume: Volume, extentSizeKib: number, offset: number, length: number): Piece[] {
  const ext = extentSizeKib * 1024;
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0 || offset + length > volume.sizeBytes) {
    throw new QuorateError(ErrorCode.storageIoRefused, `volume ${volume.name}: range ${offset}+${length} lies outside its ${volume.sizeBytes} bytes`, { details: { volume: volume.name, offset, length } });
  }
  const out: Piece[] = [];
  let logical = 0;
  let pos = offset;
  let left = length;
  for (const e of volume.extents) {
    const size = e.count * ext;
    if (left > 0 && pos < logical + size) {
      const inside = pos - logical;
      const n = Math.min(left, size - inside);
      out.push({ disk: e.disk, at: DATA_OFFSET + e.start * ext + inside, from: pos - offset, length: n });
      pos += n;
      left -= n;
    }
    logical += size;
  }
  return out;
}

/** Decides whether a write may go ahead: '' or the reason it may not. */
export type GateCheck = (container: string, epoch: number) => string;

/** An open volume. */
export interface BlockVolume {
  readonly container: string;
  readonly volume: Volume;
  readonly epoch: number;
  read(offset: number, length: number): Buffer;
  /** Writes `data` at `offset`; throws `storage.io-refused` naming the reason when the gate or a disk refuses. */
  write(offset: number, data: Uint8Array): void;
  close(): void;
}

/**
 * Opens `volume` of the container described by `md` (its disks and extents) for a writer holding `epoch`.
 * `gate` is consulted before every write.
 */
export function openVolume(md: DiskMetadata, volumeName: string, epoch: number, gate: GateCheck): BlockVolume {
  const volume = md.volumes.find((v) => v.name === volumeName);
  if (!volume) {
    throw new QuorateError(ErrorCode.storageIoRefused, `container ${md.container} has no volume ${volumeName} (volumes: ${md.volumes.map((v) => v.name).join(', ') || 'none'})`, { details: { container: md.container, volume: volumeName } });
  }
  const fds = md.disks.map((d) => openDisk(d, 'r+'));
  const refuse = (reason: string): never => {
    throw new QuorateError(ErrorCode.storageIoRefused, `write to ${md.container}/${volumeName} under epoch ${epoch} refused: ${reason}`, { details: { container: md.container, volume: volumeName, epoch, reason } });
  };
  return {
    container: md.container,
    volume,
    epoch,
    read(offset, length) {
      const buf = Buffer.alloc(length);
      for (const p of mapRange(volume, md.extentSizeKib, offset, length)) readSync(fds[p.disk]!, buf, p.from, p.length, p.at);
      return buf;
    },
    write(offset, data) {
      const pieces = mapRange(volume, md.extentSizeKib, offset, data.length);
      const why = gate(md.container, epoch);
      if (why) refuse(why);
      for (const d of new Set(pieces.map((p) => p.disk))) {
        const onDisk = readDisk(md.disks[d]!).metadata;
        if (!onDisk) refuse(`disk ${md.disks[d]} has no valid metadata`);
        if (onDisk!.container !== md.container) refuse(`disk ${md.disks[d]} now belongs to container ${onDisk!.container}`);
        if (onDisk!.epoch > epoch) refuse(`disk ${md.disks[d]} carries the newer epoch ${onDisk!.epoch} (owner ${onDisk!.owner || 'shared'})`);
      }
      for (const p of pieces) writeSync(fds[p.disk]!, data, p.from, p.length, p.at);
    },
    close() {
      for (const fd of fds) closeSync(fd);
    },
  };
}
