// Exports a volume as a real block device (a loop device with offset and size limit), and freezes or thaws its
// mounted filesystem around I/O fencing. Where the kernel or the privileges do not allow it, says exactly why.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import type { Volume } from '../../machines/container/index.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { DATA_OFFSET } from './metadata.ts';

const TIMEOUT_MS = 30_000;

function run(cmd: string, args: readonly string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new QuorateError(ErrorCode.storageLoopUnavailable, `${cmd} ${args.join(' ')}: ${(err.stderr ?? '').trim() || err.message}`, { cause: e });
  }
}

/** Why loop devices cannot be used here ('' when they can): platform, privileges, /dev/loop-control, losetup. */
export function loopUnavailable(): string {
  if (process.platform !== 'linux') return `loop devices need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'loop devices need root (losetup and mount)';
  try {
    accessSync('/dev/loop-control', constants.R_OK | constants.W_OK);
  } catch (e) {
    return `/dev/loop-control is not usable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  try {
    run('losetup', ['-f']);
  } catch (e) {
    return `losetup -f failed: ${(e as Error).message}`;
  }
  return '';
}

/** Byte offset and length of a volume on its one disk; refuses a volume spread over several extents. Pure. */
export function volumeSpan(volume: Volume, extentSizeKib: number): { disk: number; offset: number; length: number } {
  const e = volume.extents[0];
  if (!e || volume.extents.length !== 1) {
    throw new QuorateError(ErrorCode.storageLoopUnavailable, `volume ${volume.name} spans ${volume.extents.length} extent runs: only a contiguous volume can be exported as a loop device`);
  }
  const ext = extentSizeKib * 1024;
  return { disk: e.disk, offset: DATA_OFFSET + e.start * ext, length: e.count * ext };
}

/** Attaches `disk` bytes `[offset, offset + length)` to a free loop device; returns its path (/dev/loopN). */
export function attachLoop(disk: string, offset: number, length: number): string {
  const why = loopUnavailable();
  if (why) throw new QuorateError(ErrorCode.storageLoopUnavailable, why);
  return run('losetup', ['-f', '--show', '-o', String(offset), '--sizelimit', String(length), disk]);
}

/** Loop devices attached to `disk` at `offset`. */
export function loopsOf(disk: string, offset?: number): string[] {
  const args = ['-n', '-O', 'NAME', '-j', disk, ...(offset !== undefined ? ['-o', String(offset)] : [])];
  return run('losetup', args).split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

/** Detaches a loop device (unmount first). */
export function detachLoop(device: string): void {
  run('losetup', ['-d', device]);
}

/** Makes a filesystem on `device` (ext4 by default), quietly. */
export function makeFilesystem(device: string, type = 'ext4'): void {
  run(`mkfs.${type}`, ['-q', '-F', device]);
}

/** Where `device` is mounted (from /proc/mounts). */
export function mountPointsOf(device: string): string[] {
  try {
    return readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => f[0] === device).map((f) => f[1]!.replace(/\\040/g, ' '));
  } catch {
    return [];
  }
}

/** Freezes a mounted filesystem: writes block until it is thawed (fencing with a filesystem on top). */
export function freeze(mountPoint: string): void {
  run('fsfreeze', ['-f', mountPoint]);
}

/** Thaws a frozen filesystem. */
export function thaw(mountPoint: string): void {
  run('fsfreeze', ['-u', mountPoint]);
}
