// The volumes this node exports as loop devices (containers whose config meta says `export: loop`), their
// device names in `<stateDir>/exports.json`, their stable paths (links.ts), and freezing/thawing their mounted
// filesystems around I/O fencing.
import { mkdirSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachLoop, detachLoop, freeze, loopUnavailable, mountPointsOf, thaw, volumeSpan } from './loop.ts';
import { deviceBytes, deviceDirOf, devicePath, dropLink, loopBackedBy, pointLink } from './links.ts';
import type { ContainerView } from './views.ts';

/** container -> volume -> loop device. */
export type ExportTable = Record<string, Record<string, string>>;

/** Reads a node's export table (for tests, the CLI and agents); {} when none. */
export function readExports(stateDir: string): ExportTable {
  try {
    return JSON.parse(readFileSync(join(stateDir, 'exports.json'), 'utf8')) as ExportTable;
  } catch {
    return {};
  }
}

/** This node's exports. */
export interface Exports {
  /**
   * Exports every volume of `c` not yet exported (when its meta asks for it and loop devices work) and points its
   * stable path at it. Returns '' when every volume asked for is usable here, else why not.
   */
  ensure(c: ContainerView, fenced: boolean): string;
  freeze(container: string): void;
  thaw(container: string): void;
  remove(container: string): void;
  removeAll(): void;
}

/** Creates the export keeper of a node; problems are reported through `say`, never thrown at the caller. */
export function createExports(stateDir: string, say: (m: string) => void): Exports {
  const table: ExportTable = readExports(stateDir);
  const frozen = new Set<string>();
  /** container -> volume -> stable path this node pointed at its device. */
  const paths: Record<string, Record<string, string>> = {};
  const save = () => {
    mkdirSync(stateDir, { recursive: true });
    const path = join(stateDir, 'exports.json');
    writeFileSync(`${path}.tmp`, JSON.stringify(table));
    renameSync(`${path}.tmp`, path);
  };
  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      say(`${what}: ${(e as Error).message}`);
    }
  };
  let unavailable: string | undefined;
  const told = new Set<string>();
  const self: Exports = {
    ensure(c, fenced) {
      if (c.ctx.config?.meta['export'] !== 'loop') return '';
      unavailable ??= loopUnavailable();
      if (unavailable) {
        if (!told.has(c.id)) say(`${c.id}: volumes not exported as block devices: ${unavailable}`);
        told.add(c.id);
        return unavailable;
      }
      const mine = (table[c.id] ??= {});
      const links = (paths[c.id] ??= {});
      const problems: string[] = [];
      for (const v of c.ctx.volumes) {
        guard(`export ${c.id}/${v.name}`, () => {
          try {
            const span = volumeSpan(v, c.ctx.extentSizeKib);
            const disk = c.ctx.disks[span.disk]!;
            const dev = mine[v.name];
            // A device of an earlier incarnation (before a crash or power-off) may be detached or reused since.
            let stale = !dev || !loopBackedBy(dev, disk, span.offset);
            if (dev && !stale && deviceBytes(dev) !== span.length) {
              // A grown volume: the loop device keeps its size limit; it is attached again once nothing has it
              // mounted (a filesystem is grown by the operator after that, e.g. resize2fs).
              if (mountPointsOf(dev).length === 0) {
                detachLoop(dev);
                stale = true;
              } else if (!told.has(`${c.id}/${v.name}/${span.length}`)) {
                told.add(`${c.id}/${v.name}/${span.length}`);
                say(`${c.id}/${v.name} is now ${span.length} bytes; ${dev} keeps ${deviceBytes(dev)} until it is unmounted`);
              }
            }
            if (stale) {
              mine[v.name] = attachLoop(disk, span.offset, span.length);
              say(`exported ${c.id}/${v.name} as ${mine[v.name]}`);
            }
            const path = devicePath(deviceDirOf(c), c.id, v.name);
            links[v.name] = path;
            if (pointLink(path, mine[v.name]!)) say(`${path} -> ${mine[v.name]}`);
          } catch (e) {
            problems.push(`${v.name}: ${(e as Error).message}`);
            throw e;
          }
        });
      }
      save();
      if (fenced) self.freeze(c.id);
      return problems.join('; ');
    },
    freeze(container) {
      for (const dev of Object.values(table[container] ?? {})) {
        for (const mp of mountPointsOf(dev)) {
          if (frozen.has(mp)) continue;
          guard(`freeze ${mp}`, () => {
            freeze(mp);
            frozen.add(mp);
            say(`froze ${mp} (${dev})`);
          });
        }
      }
    },
    thaw(container) {
      for (const dev of Object.values(table[container] ?? {})) {
        for (const mp of mountPointsOf(dev)) {
          if (!frozen.has(mp)) continue;
          guard(`thaw ${mp}`, () => {
            thaw(mp);
            frozen.delete(mp);
            say(`thawed ${mp} (${dev})`);
          });
        }
      }
    },
    remove(container) {
      const mine = table[container];
      if (!mine) return;
      for (const [vol, dev] of Object.entries(mine)) {
        const path = paths[container]?.[vol];
        if (path) guard(`unlink ${path}`, () => dropLink(path, dev));
        // A mounted device stays until it is unmounted (the kernel auto-clears it then): losetup -d is lazy.
        guard(`unexport ${container}/${vol}`, () => detachLoop(dev));
      }
      delete table[container];
      delete paths[container];
      save();
    },
    removeAll() {
      for (const c of Object.keys(table)) self.remove(c);
    },
  };
  return self;
}
