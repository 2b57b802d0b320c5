// machines/container: public surface. PLACEHOLDER until the container machine is written.
import { placeholderModule } from '../placeholder.ts';
export const containerModule = placeholderModule('container');
