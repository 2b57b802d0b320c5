// machines/fence-level: public surface. PLACEHOLDER until the fence-level machine is written.
import { placeholderModule } from '../placeholder.ts';
export const fenceLevelModule = placeholderModule('fence-level');
