// machines/resource: public surface. PLACEHOLDER until the resource machine is written.
import { placeholderModule } from '../placeholder.ts';
export const resourceModule = placeholderModule('resource');
