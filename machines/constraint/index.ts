// machines/constraint: public surface. PLACEHOLDER until the constraint machine is written.
import { placeholderModule } from '../placeholder.ts';
export const constraintModule = placeholderModule('constraint');
