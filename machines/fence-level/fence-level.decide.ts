// The fence-level decider: define (replace) or remove one level of a node's fencing topology.
import type { SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { LEVEL_MAX, LEVEL_MIN, validIndex } from './fence-level.machine.ts';
import { fenceLevelMachine } from './fence-level.machine.ts';

/**
 * Commands on a node's fencing topology. `knownDevices`, when the caller fills it from the cluster state,
 * makes DefineFenceLevel refuse devices that are not defined.
 */
export type FenceLevelCommand =
  | { type: 'DefineFenceLevel'; index: number; devices: string[]; knownDevices?: string[] }
  | { type: 'RemoveFenceLevel'; index: number };

/**
 * Decides a fence-level command. Pure. Refuses an index outside 1..9, an empty or repeating device list,
 * an unknown device (when `knownDevices` is given), removing a level that is not defined, and defining a
 * level exactly as it already is is a no-op ([]).
 */
export function decideFenceLevel(command: FenceLevelCommand, snapshot: SnapshotFrom<typeof fenceLevelMachine>, at: number): Fact[] {
  const target = snapshot.context.target;
  const entity = `fence-level/${target}`;
  const no = (reason: string): never => reject(entity, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(fenceLevelMachine, snapshot, entity, command.type, facts, at);
  if (!validIndex(command.index)) no(`level index must be an integer from ${LEVEL_MIN} to ${LEVEL_MAX}, got ${JSON.stringify(command.index)}`);
  const existing = snapshot.context.levels.find((l) => l.index === command.index);
  switch (command.type) {
    case 'DefineFenceLevel': {
      const devices = command.devices;
      if (!Array.isArray(devices) || devices.length === 0) no(`level ${command.index} needs at least one device`);
      if (devices.some((d) => typeof d !== 'string' || d === '')) no('devices must be fence device ids');
      if (new Set(devices).size !== devices.length) no(`level ${command.index} lists a device twice`);
      const unknown = command.knownDevices ? devices.filter((d) => !command.knownDevices?.includes(d)) : [];
      if (unknown.length > 0) no(`fence device${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not defined`);
      if (existing && existing.devices.length === devices.length && existing.devices.every((d, i) => d === devices[i])) return [];
      return legal([{ type: 'FenceLevelDefined', config: { target, index: command.index, devices: [...devices] } }]);
    }
    case 'RemoveFenceLevel':
      if (!existing) no(`node ${target} has no fencing level ${command.index}`);
      return legal([{ type: 'FenceLevelRemoved', target, index: command.index }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}
