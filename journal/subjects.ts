// The NATS contract: stream, subject and bucket names for a cluster (DESIGN.md "NATS contract").
import { type EntityRef, isEntityKind } from '../machines/entity.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';

const CLUSTER_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a cluster name: it becomes a stream name and a subject token. */
export function checkCluster(cluster: string): string {
  if (!CLUSTER_RE.test(cluster)) {
    throw new QuorateError(ErrorCode.journalBadEntity, `bad cluster name "${cluster}": use 1-64 of A-Z a-z 0-9 _ -`, {
      details: { cluster },
    });
  }
  return cluster;
}

/** `QUORATE_<CLUSTER>` (upper-cased). */
export function streamName(cluster: string): string {
  return `QUORATE_${checkCluster(cluster).toUpperCase()}`;
}

/** KV bucket holding snapshots. */
export function snapshotBucket(cluster: string): string {
  return `quorate_${checkCluster(cluster)}_snap`;
}

/** Object store for snapshots larger than the server's max payload. */
export function snapshotObjectStore(cluster: string): string {
  return `quorate_${checkCluster(cluster)}_snapobj`;
}

/** `quorate.<cluster>.ev.>`: everything the cluster journals. */
export function eventsWildcard(cluster: string): string {
  return `quorate.${checkCluster(cluster)}.ev.>`;
}

export function heartbeatSubject(cluster: string, node: string): string {
  return `quorate.${checkCluster(cluster)}.hb.${encodeToken(node)}`;
}

/** `quorate.<cluster>.state.<node>`: a node answers with its live state's position and digest. */
export function stateSubject(cluster: string, node: string): string {
  return `quorate.${checkCluster(cluster)}.state.${encodeToken(node)}`;
}

export function commandSubject(cluster: string): string {
  return `quorate.${checkCluster(cluster)}.cmd`;
}

/**
 * Ids become one subject token each. Anything outside `A-Za-z0-9_-` (a dot in
 * `node1.example.com`, a space, `*`, `>`) is written `%XX` per UTF-8 byte, so the
 * mapping is reversible and the token never splits or becomes a wildcard.
 */
export function encodeToken(id: string): string {
  if (id === '') throw new QuorateError(ErrorCode.journalBadEntity, 'empty id cannot be a subject token');
  if (/^[A-Za-z0-9_-]+$/.test(id)) return id;
  let out = '';
  for (const b of new TextEncoder().encode(id)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeToken(token: string): string {
  return token.includes('%') ? decodeURIComponent(token) : token;
}

/** `quorate.<cluster>.ev.<kind>.<id>` */
export function entitySubject(cluster: string, entity: EntityRef): string {
  return `quorate.${checkCluster(cluster)}.ev.${entity.kind}.${encodeToken(entity.id)}`;
}

/** `quorate.<cluster>.ev.<kind>.*` */
export function kindSubject(cluster: string, kind: string): string {
  return `quorate.${checkCluster(cluster)}.ev.${kind}.*`;
}

/** The entity a subject names, or undefined when it is not one of ours. */
export function entityOfSubject(cluster: string, subject: string): EntityRef | undefined {
  const prefix = `quorate.${cluster}.ev.`;
  if (!subject.startsWith(prefix)) return undefined;
  const rest = subject.slice(prefix.length).split('.');
  if (rest.length !== 2 || !isEntityKind(rest[0]!)) return undefined;
  try {
    return { kind: rest[0], id: decodeToken(rest[1]!) };
  } catch {
    return undefined;
  }
}
