// Stable device paths of exported volumes: `<device-dir>/<container>/<volume>`, a symlink to the loop device this
// node attached, so that a resource config (ocf:heartbeat:Filesystem device=...) names the same path on every node.
import { mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ContainerView } from './views.ts';

/** Where the stable paths live unless the container's config meta says `device-dir`. */
export const DEFAULT_DEVICE_DIR = '/dev/quorate';

/** The device directory of a container: its meta `device-dir`, else /dev/quorate. */
export function deviceDirOf(c: Pick<ContainerView, 'ctx'>): string {
  return c.ctx.config?.meta['device-dir'] || DEFAULT_DEVICE_DIR;
}

/** The stable path of a volume: `<device-dir>/<container>/<volume>` (the same on every node). */
export function devicePath(deviceDir: string, container: string, volume: string): string {
  return join(deviceDir, container, volume);
}

/** Where a link points, or undefined when there is none. */
export function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Points `path` at `device`, replacing any older link atomically (rename), so readers never see it missing. */
export function pointLink(path: string, device: string): boolean {
  if (linkTarget(path) === device) return false;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(device, tmp);
  renameSync(tmp, path);
  return true;
}

/**
 * Removes `path` only when it still points at `device`: the link may meanwhile name another node's device (nodes
 * of a test cluster share one host), and a stale unexport must not take away the new owner's path.
 */
export function dropLink(path: string, device: string): boolean {
  if (linkTarget(path) !== device) return false;
  rmSync(path, { force: true });
  return true;
}

/**
 * True when loop device `device` is still attached to `disk` at `offset` (from sysfs): an export table written
 * before a crash or power-off may name a device that was detached or reused since.
 */
export function loopBackedBy(device: string, disk: string, offset: number): boolean {
  const sys = join('/sys/block', basename(device), 'loop');
  try {
    const file = readFileSync(join(sys, 'backing_file'), 'utf8').trim();
    const off = Number(readFileSync(join(sys, 'offset'), 'utf8').trim());
    return (file === disk || file === realpathSync(disk)) && off === offset;
  } catch {
    return false;
  }
}

/** The size in bytes of a block device (from sysfs), or undefined. */
export function deviceBytes(device: string): number | undefined {
  try {
    return Number(readFileSync(join('/sys/block', basename(device), 'size'), 'utf8').trim()) * 512;
  } catch {
    return undefined;
  }
}
