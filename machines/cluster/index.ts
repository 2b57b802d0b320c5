// machines/cluster: public surface. PLACEHOLDER until the cluster machines (dc, membership, options, transition) are written.
import { placeholderModule } from '../placeholder.ts';
export const dcModule = placeholderModule('cluster');
export const membershipModule = placeholderModule('cluster');
export const optionsModule = placeholderModule('cluster');
export const transitionModule = placeholderModule('cluster');
