// Snapshots of the folded state: gzipped JSON of every entity's persisted XState snapshot, its position and digest.
import { gunzipSync, gzipSync } from 'node:zlib';
import { type ClusterState, type EntityState, emptyState, restoreSnapshot, sortedEntities } from '../machines/fold.ts';
import { digestState } from '../machines/digest.ts';
import { type EntityRef, isEntityKind } from '../machines/entity.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import { moduleFor } from '../machines/registry.ts';
import { SCHEMA_VERSION } from './codec.ts';
import type { Journal } from './journal.ts';

/** The snapshot format this build writes; a reader refuses another one. */
export const SNAPSHOT_FORMAT = 'quorate.snapshot/1';
/** The name `writeSnapshot` stores under and `rebuild` starts from. */
export const LATEST_SNAPSHOT = 'latest';

interface StoredEntity {
  kind: string;
  id: string;
  lastSeq: number;
  at: number;
  /** The entity's last event ids (the fold drops a second copy of a fact); absent in older snapshots. */
  recent?: unknown[];
  snapshot: unknown;
}
interface StoredSnapshot {
  format: string;
  /** The fact schema version of the build that wrote it. */
  schema: number;
  cluster: string;
  position: number;
  at: number;
  digest: string;
  entities: StoredEntity[];
  problems: ClusterState['problems'];
  inconsistencies: ClusterState['inconsistencies'];
}

/** A decoded snapshot: the state it restores, the digest it claims and the one its contents give. */
export interface DecodedSnapshot {
  readonly state: ClusterState;
  readonly digest: string;
  readonly actualDigest: string;
}

/** Encodes `state` (persisted snapshots via `machine.getPersistedSnapshot`) with its digest. */
export function encodeSnapshot(state: ClusterState, digest = digestState(state)): Uint8Array {
  const entities = sortedEntities(state).map((e) => ({
    kind: e.kind,
    id: e.id,
    lastSeq: e.lastSeq,
    at: e.at,
    ...(e.recent ? { recent: [...e.recent] } : {}),
    snapshot: moduleFor(e).machine.getPersistedSnapshot(e.snapshot),
  }));
  const body: StoredSnapshot = {
    format: SNAPSHOT_FORMAT, schema: SCHEMA_VERSION, cluster: state.cluster, position: state.position, at: state.at,
    digest, entities, problems: state.problems, inconsistencies: state.inconsistencies,
  };
  return gzipSync(JSON.stringify(body));
}

/**
 * Decodes snapshot bytes and recomputes the digest of what they restore. Bytes
 * that do not unzip, parse or restore are a QuorateError (`codec.malformed`)
 * naming `where`; a digest mismatch is returned, for the caller to judge.
 */
export function decodeSnapshot(bytes: Uint8Array, where = 'snapshot'): DecodedSnapshot {
  let body: StoredSnapshot;
  try {
    body = JSON.parse(gunzipSync(bytes).toString('utf8')) as StoredSnapshot;
  } catch (cause) {
    throw malformed(where, `does not unzip or parse: ${(cause as Error).message}`, cause);
  }
  if (body?.format !== SNAPSHOT_FORMAT) throw malformed(where, `has format ${JSON.stringify(body?.format)}, expected ${SNAPSHOT_FORMAT}`);
  if (!Number.isSafeInteger(body.position) || body.position < 0 || !Array.isArray(body.entities) || typeof body.digest !== 'string') {
    throw malformed(where, 'lacks a position, a digest or its entities');
  }
  const state = emptyState(String(body.cluster ?? ''));
  state.position = body.position;
  state.at = Number(body.at ?? 0);
  state.problems.push(...(body.problems ?? []));
  state.inconsistencies.push(...(body.inconsistencies ?? []));
  for (const [i, e] of body.entities.entries()) {
    if (!e || !isEntityKind(String(e.kind)) || typeof e.id !== 'string' || !Number.isSafeInteger(e.lastSeq)) {
      throw malformed(where, `entity ${i} is not {kind, id, lastSeq, snapshot}`);
    }
    const ref = { kind: e.kind, id: e.id } as EntityRef;
    let snapshot: EntityState['snapshot'];
    try {
      snapshot = restoreSnapshot(ref, e.snapshot);
    } catch (cause) {
      throw malformed(where, `entity ${e.kind}/${e.id} does not restore: ${(cause as Error).message}`, cause);
    }
    const key = `${e.kind}/${e.id}`;
    const recent = Array.isArray(e.recent) ? e.recent.filter((x): x is string => typeof x === 'string') : undefined;
    state.entities.set(key, { key, kind: ref.kind, id: e.id, snapshot, lastSeq: e.lastSeq, at: Number(e.at ?? 0), ...(recent ? { recent } : {}) });
  }
  return { state, digest: body.digest, actualDigest: digestState(state) };
}

/** Stores a snapshot of `state` under `name` (default `latest`); resolves to its digest and size. */
export async function writeSnapshot(journal: Journal, state: ClusterState, name = LATEST_SNAPSHOT): Promise<{ digest: string; bytes: number }> {
  const digest = digestState(state);
  const bytes = encodeSnapshot(state, digest);
  await journal.snapshots.put(name, bytes);
  return { digest, bytes: bytes.length };
}

/** The outcome of reading a stored snapshot. */
export type SnapshotRead =
  | { readonly ok: true; readonly state: ClusterState; readonly digest: string }
  | { readonly ok: false; readonly warning: string; readonly code: ErrorCode };

/**
 * Reads the snapshot `name`; undefined when none is stored. A snapshot that
 * does not decode, or whose digest does not match its contents, is returned as
 * a warning (never thrown): the caller folds from the beginning instead.
 */
export async function readSnapshot(journal: Journal, name = LATEST_SNAPSHOT): Promise<SnapshotRead | undefined> {
  const where = `snapshot "${name}" of cluster ${journal.cluster}`;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await journal.snapshots.get(name);
  } catch (e) {
    // An unreadable snapshot store (a bucket still being created, a lost replica) costs a full fold, never the start.
    return { ok: false, code: ErrorCode.journalUnavailable, warning: `${where} could not be read (${(e as Error).message}); folding from the beginning` };
  }
  if (!bytes) return undefined;
  try {
    const d = decodeSnapshot(bytes, where);
    if (d.digest !== d.actualDigest) {
      return {
        ok: false,
        code: ErrorCode.snapshotDigest,
        warning: `${where} at position ${d.state.position} is ignored: it claims digest ${d.digest} but its contents give ${d.actualDigest}`,
      };
    }
    return { ok: true, state: d.state, digest: d.digest };
  } catch (e) {
    return { ok: false, code: ErrorCode.codecMalformed, warning: `${(e as Error).message}; it is ignored` };
  }
}

function malformed(where: string, what: string, cause?: unknown): QuorateError {
  return new QuorateError(ErrorCode.codecMalformed, `${where} ${what}`, { cause, details: { snapshot: where } });
}
