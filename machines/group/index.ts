// machines/group: public surface. PLACEHOLDER until the group machine is written.
import { placeholderModule } from '../placeholder.ts';
export const groupModule = placeholderModule('group');
