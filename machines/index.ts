// machines/: the pure core's public surface (others add their machines' exports here).
export { ClusterEntity, EntityKind, entityKey, entityOf, isEntityKind, parseEntity, type EntityRef } from './entity.ts';
export { CommandRejectedError, ConcurrencyError, ErrorCode, QuorateError, isQuorateError } from './errors.ts';
export { factEvent, type EntityModule, type FactEvent, type FactEventOf, type Intent } from './kind.ts';
export { moduleFor } from './registry.ts';
export { canonicalJson, compareCodeUnits } from './canonical.ts';
export {
  cloneState,
  emptyState,
  foldAll,
  foldEntry,
  hasTransition,
  initialSnapshot,
  restoreSnapshot,
  sortedEntities,
  stateName,
  type ClusterState,
  type EntityState,
  type FoldEntry,
  type FoldProblem,
  type Inconsistency,
} from './fold.ts';
export { canonicalState, digestState, type DigestInput } from './digest.ts';
