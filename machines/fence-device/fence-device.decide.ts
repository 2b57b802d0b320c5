// The fence-device decider: define, change or remove a fence device, its configuration checked first.
import type { SnapshotFrom } from 'xstate';
import type { Fact, FenceDeviceConfig } from '../../proto/generated.ts';
import { ensureLegal, reject, sortedRecord, sortedSet } from '../legal.ts';
import { fenceDeviceMachine } from './fence-device.machine.ts';

/** A fence device's configuration as an admin writes it. */
export interface FenceDeviceSpec {
  readonly agent: string;
  readonly params?: Record<string, string>;
  readonly targets?: string[];
  readonly hostMap?: Record<string, string>;
  readonly meta?: Record<string, string>;
}

/** Commands on a fence device. */
export type FenceDeviceCommand =
  | ({ type: 'DefineFenceDevice' } & FenceDeviceSpec)
  | ({ type: 'ChangeFenceDevice' } & FenceDeviceSpec)
  | { type: 'RemoveFenceDevice' };

/**
 * Decides a fence-device command. Pure. Refuses: defining a defined device, changing or removing one that
 * is not defined, an empty agent, a target that is not a node name, a host-map entry for a node that is not
 * a target, and non-string params or meta. (Levels that still use a removed device are the fence-level
 * entities' concern: the scheduler skips a level whose device is gone and says so.)
 */
export function decideFenceDevice(command: FenceDeviceCommand, snapshot: SnapshotFrom<typeof fenceDeviceMachine>, at: number): Fact[] {
  const id = snapshot.context.id;
  const entity = `fence-device/${id}`;
  const state = String(snapshot.value);
  const no = (reason: string): never => reject(entity, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(fenceDeviceMachine, snapshot, entity, command.type, facts, at);
  switch (command.type) {
    case 'DefineFenceDevice':
      if (state === 'defined') no(`fence device ${id} is already defined (use ChangeFenceDevice)`);
      return legal([{ type: 'FenceDeviceDefined', config: deviceConfig(id, command, no) }]);
    case 'ChangeFenceDevice':
      if (state !== 'defined') no(`fence device ${id} is not defined`);
      return legal([{ type: 'FenceDeviceChanged', config: deviceConfig(id, command, no) }]);
    case 'RemoveFenceDevice':
      if (state !== 'defined') no(`fence device ${id} is not defined`);
      return legal([{ type: 'FenceDeviceRemoved', id }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}

function deviceConfig(id: string, spec: FenceDeviceSpec, no: (r: string) => never): FenceDeviceConfig {
  if (typeof spec.agent !== 'string' || spec.agent.trim() === '') no('agent must name a fence agent (e.g. "fence_dummy")');
  const targets = spec.targets ?? [];
  if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string' || t === '')) no('targets must be a list of node names');
  const params = strings(spec.params, 'params', no);
  const hostMap = strings(spec.hostMap, 'hostMap', no);
  const meta = strings(spec.meta, 'meta', no);
  for (const node of Object.keys(hostMap)) {
    if (!targets.includes(node)) no(`hostMap names node ${node}, which is not one of the targets`);
  }
  return { id, agent: spec.agent.trim(), params, targets: sortedSet(targets), hostMap, meta };
}

function strings(record: Record<string, string> | undefined, field: string, no: (r: string) => never): Record<string, string> {
  if (record === undefined) return {};
  if (typeof record !== 'object' || record === null || Array.isArray(record)) no(`${field} must be an object of strings`);
  for (const [k, v] of Object.entries(record)) {
    if (k === '' || typeof v !== 'string') no(`${field} entry ${JSON.stringify(k)} must be a non-empty name with a string value`);
  }
  return sortedRecord(record);
}
