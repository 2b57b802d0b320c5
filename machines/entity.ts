// Entities: what each fact belongs to. One journal subject per entity; its sequence is the fencing token.
import type { Fact } from '../proto/generated.ts';
import { ErrorCode, QuorateError } from './errors.ts';

/** Entity kinds, as they appear in subjects and actor ids. */
export const EntityKind = {
  node: 'node',
  resource: 'resource',
  group: 'group',
  constraint: 'constraint',
  container: 'container',
  fenceDevice: 'fence-device',
  fenceLevel: 'fence-level',
  cluster: 'cluster',
} as const;
export type EntityKind = (typeof EntityKind)[keyof typeof EntityKind];
const KINDS = new Set<string>(Object.values(EntityKind));

/** An entity: `{ kind: 'resource', id: 'web' }`, written `resource/web`. */
export interface EntityRef {
  readonly kind: EntityKind;
  readonly id: string;
}

/** The cluster-wide singletons. */
export const ClusterEntity = {
  dc: { kind: 'cluster', id: 'dc' },
  membership: { kind: 'cluster', id: 'membership' },
  options: { kind: 'cluster', id: 'options' },
  transition: { kind: 'cluster', id: 'transition' },
} as const satisfies Record<string, EntityRef>;

/** `resource/web`. Pure. */
export function entityKey(e: EntityRef): string {
  return `${e.kind}/${e.id}`;
}

/** Parses `resource/web`; a bad string is a QuorateError naming it. Pure. */
export function parseEntity(text: string): EntityRef {
  const slash = text.indexOf('/');
  const kind = slash < 0 ? text : text.slice(0, slash);
  const id = slash < 0 ? '' : text.slice(slash + 1);
  if (!KINDS.has(kind) || id === '') {
    throw new QuorateError(
      ErrorCode.journalBadEntity,
      `bad entity "${text}": expected <kind>/<id> with kind one of ${[...KINDS].join(', ')}`,
      { details: { entity: text } },
    );
  }
  return { kind: kind as EntityKind, id };
}

/** True when `kind` is an entity kind. Pure. */
export function isEntityKind(kind: string): kind is EntityKind {
  return KINDS.has(kind);
}

/** The entity a fact belongs to: the one subject it is journaled on. Pure. */
export function entityOf(fact: Fact): EntityRef {
  switch (fact.type) {
    case 'NodeJoined': case 'NodeLeft': case 'NodeSuspected': case 'NodeLost': case 'NodeFenced':
    case 'NodeStandby': case 'NodeOnline': case 'NodeMaintenance': case 'NodeRejoined': case 'NodeRemoved':
      return { kind: 'node', id: fact.node };
    case 'NodeDefined': case 'NodeChanged':
      return { kind: 'node', id: fact.config?.node ?? '' };
    case 'FenceRequested': case 'FenceSucceeded': case 'FenceFailed':
      return { kind: 'node', id: fact.target };
    case 'MembershipViewChanged': case 'QuorumGained': case 'QuorumLost':
      return ClusterEntity.membership;
    case 'DcElected': case 'DcResigned':
      return ClusterEntity.dc;
    case 'ClusterOptionsDefined': case 'ClusterOptionsChanged': case 'ClusterOptionsRemoved':
      return ClusterEntity.options;
    case 'TransitionPlanned': case 'TransitionActionCompleted': case 'TransitionAborted': case 'TransitionCompleted':
      return ClusterEntity.transition;
    case 'ResourceDefined': case 'ResourceChanged': case 'GroupDefined': case 'GroupChanged':
    case 'ConstraintDefined': case 'ConstraintChanged': case 'ContainerDefined': case 'ContainerChanged':
    case 'FenceDeviceDefined': case 'FenceDeviceChanged':
      return { kind: configKind[fact.type], id: fact.config?.id ?? '' };
    case 'ResourceRemoved': return { kind: 'resource', id: fact.id };
    case 'GroupRemoved': return { kind: 'group', id: fact.id };
    case 'ConstraintRemoved': return { kind: 'constraint', id: fact.id };
    case 'ContainerRemoved': return { kind: 'container', id: fact.id };
    case 'FenceDeviceRemoved': return { kind: 'fence-device', id: fact.id };
    case 'FenceLevelDefined': return { kind: 'fence-level', id: fact.config?.target ?? '' };
    case 'FenceLevelRemoved': return { kind: 'fence-level', id: fact.target };
    case 'ResourceOperationRequested': case 'ResourceOperationSucceeded': case 'ResourceOperationFailed':
    case 'FailCountReset':
      return { kind: 'resource', id: fact.resource };
    case 'ContainerCreated': case 'ContainerOwnerChanged': case 'VolumeCreated': case 'VolumeDeleted':
    case 'VolumeResized': case 'ContainerActivated': case 'ContainerDeactivated': case 'ContainerIoFenced':
    case 'ContainerIoResumed': case 'ContainerDeleted':
      return { kind: 'container', id: fact.container };
    case 'DeadlineExpired':
      return parseEntity(fact.entity);
  }
}

const configKind = {
  ResourceDefined: 'resource', ResourceChanged: 'resource',
  GroupDefined: 'group', GroupChanged: 'group',
  ConstraintDefined: 'constraint', ConstraintChanged: 'constraint',
  ContainerDefined: 'container', ContainerChanged: 'container',
  FenceDeviceDefined: 'fence-device', FenceDeviceChanged: 'fence-device',
} as const;
