// Fencing topology: for each target, the ordered levels (1-9) of devices that must all succeed.
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import type { FenceDevice } from './fence.ts';

/** One configured level (the shape of the journaled FenceLevelConfig). */
export interface FenceLevel {
  readonly target: string;
  /** 1-9; lower is tried first. */
  readonly index: number;
  /** Device ids, run in this order; every one must succeed. */
  readonly devices: readonly string[];
}

/** A level resolved to its devices. */
export interface ResolvedLevel {
  readonly index: number;
  readonly devices: readonly FenceDevice[];
}

/** Levels per target, ready to run. */
export interface FenceTopology {
  /** The levels to try for `target`, in order; [] when nothing can fence it. */
  levelsFor(target: string): readonly ResolvedLevel[];
  device(id: string): FenceDevice | undefined;
}

/**
 * Builds a topology. Checks every level (index 1-9, no duplicate index per target, at least
 * one device, each device defined and able to fence the target) and throws `config.invalid`
 * naming the level. A target without configured levels gets Pacemaker's implicit topology:
 * each device that lists the target, in device id order, as a level of its own. Pure.
 */
export function createFenceTopology(devices: readonly FenceDevice[], levels: readonly FenceLevel[]): FenceTopology {
  const byId = new Map<string, FenceDevice>();
  for (const d of devices) {
    if (byId.has(d.id)) throw invalid(`fence device "${d.id}" is defined twice`, { device: d.id });
    byId.set(d.id, d);
  }
  const explicit = new Map<string, ResolvedLevel[]>();
  for (const l of levels) {
    const where = `fence level ${l.index} of "${l.target}"`;
    if (!Number.isInteger(l.index) || l.index < 1 || l.index > 9) throw invalid(`${where}: index must be 1-9`, { target: l.target, index: l.index });
    if (l.devices.length === 0) throw invalid(`${where}: has no devices`, { target: l.target, index: l.index });
    const list = explicit.get(l.target) ?? [];
    if (list.some((x) => x.index === l.index)) throw invalid(`${where}: defined twice`, { target: l.target, index: l.index });
    const resolved = l.devices.map((id) => {
      const d = byId.get(id);
      if (!d) throw invalid(`${where}: device "${id}" is not defined`, { target: l.target, index: l.index, device: id });
      if (!d.targets.includes(l.target)) throw invalid(`${where}: device "${id}" cannot fence "${l.target}" (targets: ${d.targets.join(', ') || 'none'})`, { target: l.target, device: id });
      return d;
    });
    list.push({ index: l.index, devices: resolved });
    explicit.set(l.target, list);
  }
  for (const list of explicit.values()) list.sort((a, b) => a.index - b.index);
  const sortedDevices = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    levelsFor(target) {
      const list = explicit.get(target);
      if (list) return list;
      return sortedDevices.filter((d) => d.targets.includes(target)).map((d, i) => ({ index: i + 1, devices: [d] }));
    },
    device: (id) => byId.get(id),
  };
}

function invalid(message: string, details: Record<string, unknown>): QuorateError {
  return new QuorateError(ErrorCode.configInvalid, message, { details });
}
