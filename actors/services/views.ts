// Read-only views of the folded state the executor services act on: resources, fence devices, fence levels.
import type { ClusterState } from '../../machines/fold.ts';
import { stateName } from '../../machines/fold.ts';
import type { ResourceContext } from '../../machines/resource/context.ts';
import type { FenceDeviceContext } from '../../machines/fence-device/fence-device.machine.ts';
import type { FenceLevelContext } from '../../machines/fence-level/fence-level.machine.ts';
import type { FenceDevice } from '../executors/fence.ts';
import type { FenceLevel } from '../executors/fence-topology.ts';

/** One resource entity: its state name (`running`, `blocked`, ...), context and last sequence. */
export interface ResourceView {
  readonly id: string;
  readonly state: string;
  readonly context: ResourceContext;
  readonly lastSeq: number;
}

/** Every defined resource (not undefined or removed), sorted by id. */
export function resourcesOf(state: ClusterState): ResourceView[] {
  const out: ResourceView[] = [];
  for (const e of state.entities.values()) {
    if (e.kind !== 'resource') continue;
    const s = stateName(e.snapshot.value);
    if (s === 'undefined' || s === 'removed') continue;
    out.push({ id: e.id, state: s, context: e.snapshot.context as ResourceContext, lastSeq: e.lastSeq });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One resource, if defined. */
export function resourceOf(state: ClusterState, id: string): ResourceView | undefined {
  const e = state.entities.get(`resource/${id}`);
  if (!e) return undefined;
  const s = stateName(e.snapshot.value);
  if (s === 'undefined' || s === 'removed') return undefined;
  return { id, state: s, context: e.snapshot.context as ResourceContext, lastSeq: e.lastSeq };
}

/** A configured fence device with its meta (e.g. provides=unfencing). */
export interface DeviceView extends FenceDevice {
  readonly meta: Readonly<Record<string, string>>;
}

/** Every defined fence device, sorted by id. */
export function fenceDevicesOf(state: ClusterState): DeviceView[] {
  const out: DeviceView[] = [];
  for (const e of state.entities.values()) {
    if (e.kind !== 'fence-device' || stateName(e.snapshot.value) !== 'defined') continue;
    const c = e.snapshot.context as FenceDeviceContext;
    out.push({ id: c.id || e.id, agent: c.agent, params: c.params, targets: c.targets, hostMap: c.hostMap, meta: c.meta });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every configured fencing level, per target and index. */
export function fenceLevelsOf(state: ClusterState): FenceLevel[] {
  const out: FenceLevel[] = [];
  for (const e of state.entities.values()) {
    if (e.kind !== 'fence-level') continue;
    const c = e.snapshot.context as FenceLevelContext;
    for (const l of c.levels ?? []) out.push({ target: c.target || e.id, index: l.index, devices: l.devices });
  }
  return out;
}
