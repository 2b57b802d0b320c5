// Which module folds which entity: one per kind, and one per cluster singleton.
import { type EntityRef, entityKey } from './entity.ts';
import { ErrorCode, QuorateError } from './errors.ts';
import type { EntityModule } from './kind.ts';
import { dcModule, membershipModule, optionsModule, transitionModule } from './cluster/index.ts';
import { constraintModule } from './constraint/index.ts';
import { containerModule } from './container/index.ts';
import { fenceDeviceModule } from './fence-device/index.ts';
import { fenceLevelModule } from './fence-level/index.ts';
import { groupModule } from './group/index.ts';
import { nodeModule } from './node/index.ts';
import { resourceModule } from './resource/index.ts';

const byKind = {
  node: nodeModule,
  resource: resourceModule,
  group: groupModule,
  constraint: constraintModule,
  container: containerModule,
  'fence-device': fenceDeviceModule,
  'fence-level': fenceLevelModule,
} as const satisfies Record<string, EntityModule>;

const clusterById: Record<string, EntityModule> = {
  dc: dcModule,
  membership: membershipModule,
  options: optionsModule,
  transition: transitionModule,
};

/** The module that folds `entity`; an unknown cluster singleton is a QuorateError. Pure. */
export function moduleFor(entity: EntityRef): EntityModule {
  if (entity.kind !== 'cluster') return byKind[entity.kind] as EntityModule;
  const m = clusterById[entity.id];
  if (!m) throw new QuorateError(ErrorCode.journalBadEntity, `no cluster entity "${entityKey(entity)}"`, { details: { entity: entityKey(entity) } });
  return m;
}
