// machines/fence-device: public surface. PLACEHOLDER until the fence-device machine is written.
import { placeholderModule } from '../placeholder.ts';
export const fenceDeviceModule = placeholderModule('fence-device');
