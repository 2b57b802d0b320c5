// quorate's on-disk container metadata: two checksummed copies at the start of every member disk, data after 1 MiB.
//
// Layout of a member disk (a block device or a plain file; the same path on every node):
//   [0, 64 KiB)        copy 0      [64 KiB, 128 KiB)  copy 1      [1 MiB, ...)  data extents of `extentSizeKib`
// A copy: magic "QRTCNTR1" (8 bytes), format version (u32 LE), body length (u32 LE), CRC-32C of the body
// (u32 LE), 4 reserved bytes, then the body: UTF-8 JSON of DiskMetadata. Two copies so that a torn or
// damaged one is detected by its checksum and the disk is still read from the other.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32c } from '../../journal/crc32c.ts';
import type { Volume } from '../../machines/container/index.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';

/** The 8 bytes every quorate metadata copy starts with. */
export const METADATA_MAGIC = 'QRTCNTR1';
/** The format version this code writes and reads. */
export const METADATA_VERSION = 1;
/** Bytes one copy may take. */
export const COPY_BYTES = 64 * 1024;
/** Where each copy starts on a disk. */
export const COPY_OFFSETS = [0, COPY_BYTES] as const;
/** Where the data extents start on every member disk. */
export const DATA_OFFSET = 1024 * 1024;
const HEADER = 24;

/** What one member disk says about its container. */
export interface DiskMetadata {
  readonly container: string;
  readonly name: string;
  /** 'private' | 'shared' | 'local'. */
  readonly type: string;
  /** '' for shared. */
  readonly owner: string;
  /** The fencing token: the journal sequence of the creation or last ownership fact. */
  readonly epoch: number;
  readonly diskIndex: number;
  readonly diskCount: number;
  /** Every member disk, in order (so any one disk names the others). */
  readonly disks: readonly string[];
  readonly extentSizeKib: number;
  /** Usable extents per disk: the extent map. */
  readonly diskExtents: readonly number[];
  /** The volume table. */
  readonly volumes: readonly Volume[];
}

/** One copy as read: the metadata, or why it is unusable. */
export type CopyRead = { readonly ok: true; readonly metadata: DiskMetadata } | { readonly ok: false; readonly problem: string };

/** Encodes one copy (header + body). */
export function encodeMetadata(md: DiskMetadata): Buffer {
  const body = Buffer.from(JSON.stringify(md), 'utf8');
  if (HEADER + body.length > COPY_BYTES) {
    throw new QuorateError(ErrorCode.storageMetadataCorrupt, `container ${md.container}: metadata of ${body.length} bytes does not fit in ${COPY_BYTES - HEADER}`);
  }
  const out = Buffer.alloc(HEADER + body.length);
  out.write(METADATA_MAGIC, 0, 'latin1');
  out.writeUInt32LE(METADATA_VERSION, 8);
  out.writeUInt32LE(body.length, 12);
  out.writeUInt32LE(crc32c(body), 16);
  body.copy(out, HEADER);
  return out;
}

/** Decodes one copy; every problem names what is wrong (`where` names the disk and copy). Never throws. */
export function decodeMetadata(buf: Buffer, where: string): CopyRead {
  const bad = (problem: string): CopyRead => ({ ok: false, problem: `${where}: ${problem}` });
  if (buf.length < HEADER) return bad('too short for a metadata header');
  if (buf.toString('latin1', 0, 8) !== METADATA_MAGIC) return bad('no quorate metadata (bad magic)');
  const version = buf.readUInt32LE(8);
  if (version !== METADATA_VERSION) return bad(`format version ${version} is not supported (this quorate reads ${METADATA_VERSION})`);
  const length = buf.readUInt32LE(12);
  if (length > COPY_BYTES - HEADER || HEADER + length > buf.length) return bad(`body length ${length} is out of range`);
  const body = buf.subarray(HEADER, HEADER + length);
  const want = buf.readUInt32LE(16);
  const got = crc32c(body);
  if (want !== got) return bad(`checksum mismatch (stored ${hex(want)}, computed ${hex(got)})`);
  try {
    const md = JSON.parse(body.toString('utf8')) as DiskMetadata;
    const problem = shapeProblem(md);
    return problem ? bad(problem) : { ok: true, metadata: md };
  } catch (e) {
    return bad(`body is not JSON: ${(e as Error).message}`);
  }
}

function shapeProblem(md: DiskMetadata): string {
  if (typeof md.container !== 'string' || md.container === '') return 'no container id';
  if (!['private', 'shared', 'local'].includes(md.type)) return `type "${md.type}" is not private, shared or local`;
  if (!Number.isInteger(md.epoch) || md.epoch < 0) return `epoch ${md.epoch} is not a whole number`;
  if (!Array.isArray(md.disks) || md.disks.length !== md.diskCount) return `disk count ${md.diskCount} does not match the disk list`;
  if (!Number.isInteger(md.diskIndex) || md.diskIndex < 0 || md.diskIndex >= md.diskCount) return `disk index ${md.diskIndex} is out of range`;
  if (!Array.isArray(md.diskExtents) || md.diskExtents.length !== md.diskCount) return 'the extent map does not cover every disk';
  if (!Array.isArray(md.volumes)) return 'no volume table';
  return '';
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** Both copies of `disk`, as read. A disk that cannot be opened is a `storage.bad-disk` error naming it. */
export function readCopies(disk: string): CopyRead[] {
  const fd = openDisk(disk, 'r');
  try {
    return COPY_OFFSETS.map((off, i) => {
      const buf = Buffer.alloc(COPY_BYTES);
      const n = readSync(fd, buf, 0, COPY_BYTES, off);
      return decodeMetadata(buf.subarray(0, n), `${disk} copy ${i}`);
    });
  } finally {
    closeSync(fd);
  }
}

/** Writes both copies of `md` to `disk` and syncs: copy 0 first, so a crash leaves at least one whole copy. */
export function writeCopies(disk: string, md: DiskMetadata, only?: 0 | 1): void {
  const bytes = encodeMetadata(md);
  const fd = openDisk(disk, 'r+');
  try {
    COPY_OFFSETS.forEach((off, i) => {
      if (only !== undefined && only !== i) return;
      writeSync(fd, bytes, 0, bytes.length, off);
      fsyncSync(fd);
    });
  } finally {
    closeSync(fd);
  }
}

/** Zeroes both copies: the disk then reads as carrying no quorate metadata, free for another container. */
export function wipeCopies(disk: string): void {
  const fd = openDisk(disk, 'r+');
  try {
    const zero = Buffer.alloc(COPY_BYTES);
    for (const off of COPY_OFFSETS) writeSync(fd, zero, 0, COPY_BYTES, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The size of `disk` in bytes (a file's length; for a block device, the device size via a seek-free read of stat). */
export function diskBytes(disk: string): number {
  const fd = openDisk(disk, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return st.size;
    if (st.isBlockDevice()) return blockDeviceBytes(disk);
    throw new QuorateError(ErrorCode.storageBadDisk, `disk ${disk} is neither a file nor a block device`, { details: { disk } });
  } finally {
    closeSync(fd);
  }
}

function blockDeviceBytes(disk: string): number {
  // /sys/class/block/<name>/size counts 512-byte sectors, whatever the device's logical block size.
  const name = disk.split('/').pop() ?? '';
  try {
    const fd = openSync(`/sys/class/block/${name}/size`, 'r');
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, 64, 0);
    closeSync(fd);
    return Number(buf.toString('utf8', 0, n).trim()) * 512;
  } catch (e) {
    throw new QuorateError(ErrorCode.storageBadDisk, `disk ${disk}: cannot read its size from /sys/class/block: ${(e as Error).message}`, { details: { disk } });
  }
}

/** Usable extents on a disk of `bytes` with extents of `extentSizeKib`: the space after the metadata area. */
export function usableExtents(bytes: number, extentSizeKib: number): number {
  return Math.max(0, Math.floor((bytes - DATA_OFFSET) / (extentSizeKib * 1024)));
}

/** Opens a member disk; failure is a `storage.bad-disk` error naming the disk and the reason. */
export function openDisk(disk: string, flags: 'r' | 'r+'): number {
  try {
    return openSync(disk, flags);
  } catch (e) {
    throw new QuorateError(ErrorCode.storageBadDisk, `disk ${disk}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e, details: { disk } });
  }
}
