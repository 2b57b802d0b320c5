// machines/fence-device: public surface — the fence-device machine and its decider.
import type { EntityModule } from '../kind.ts';
import { decideFenceDevice, type FenceDeviceCommand } from './fence-device.decide.ts';
import { fenceDeviceMachine, type FenceDeviceMachine } from './fence-device.machine.ts';

export { fenceDeviceMachine, deviceContext, type FenceDeviceContext, type FenceDeviceMachine } from './fence-device.machine.ts';
export { decideFenceDevice, type FenceDeviceCommand, type FenceDeviceSpec } from './fence-device.decide.ts';

/** The fence-device kind: one entity per device id. */
export const fenceDeviceModule: EntityModule<FenceDeviceMachine, FenceDeviceCommand> = {
  kind: 'fence-device',
  machine: fenceDeviceMachine,
  input: (id) => ({ id }),
  decide: decideFenceDevice,
};
