// machines/node: public surface. PLACEHOLDER until the node machine is written.
import { placeholderModule } from '../placeholder.ts';
export const nodeModule = placeholderModule('node');
