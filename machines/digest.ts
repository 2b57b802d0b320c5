// The state digest: SHA-256 of a canonical encoding of position and every entity. Equal digests = equal states.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical.ts';
import { type ClusterState, type EntityState, sortedEntities } from './fold.ts';

/** The part of a state the digest covers. */
export type DigestInput = Pick<ClusterState, 'position' | 'entities'>;

/**
 * The canonical text of a state: `{"position":N,"entities":[[key,{value,
 * context,lastSeq}],...]}` with entities in key order and object keys sorted,
 * `undefined` left out. Problems, inconsistencies, `at` and XState internals
 * (status, children, history) are not part of it: they follow from the facts.
 * Pure.
 */
export function canonicalState(state: DigestInput): string {
  let out = '';
  for (const piece of pieces(state)) out += piece;
  return out;
}

/**
 * SHA-256 (hex) of `canonicalState(state)`, hashed incrementally: the text of 10 k entities is never held
 * whole, it is fed to the hash in chunks of about 64 KiB (one UTF-8 encode per chunk, not per entity). Pure.
 */
export function digestState(state: DigestInput): string {
  const hash = sha256.create();
  let chunk = '';
  for (const piece of pieces(state)) {
    chunk += piece;
    if (chunk.length >= CHUNK) {
      hash.update(utf8ToBytes(chunk));
      chunk = '';
    }
  }
  hash.update(utf8ToBytes(chunk));
  return bytesToHex(hash.digest());
}

const CHUNK = 1 << 16;

/** The canonical text in order: head, one piece per entity, tail. */
function* pieces(state: DigestInput): Generator<string> {
  yield `{"position":${state.position},"entities":[`;
  let first = true;
  for (const e of sortedEntities(state)) {
    yield (first ? '[' : ',[') + JSON.stringify(e.key) + ',' + entityJson(e) + ']';
    first = false;
  }
  yield ']}';
}

/** Each entity's digest (sha256 of its canonical `{context, lastSeq, value}`), in key order: what names the entity
 * two states differ in when their digests do. Pure. */
export function entityDigests(state: DigestInput): { key: string; digest: string }[] {
  return sortedEntities(state).map((e) => ({ key: e.key, digest: bytesToHex(sha256(utf8ToBytes(entityJson(e)))) }));
}

// `{context, lastSeq, value}` in key order, as canonicalJson would write the object, without building it.
function entityJson(e: EntityState): string {
  const { value, context } = e.snapshot as { value: unknown; context: unknown };
  const parts: string[] = [];
  if (context !== undefined) parts.push(`"context":${canonicalJson(context, `${e.key}.context`)}`);
  parts.push(`"lastSeq":${e.lastSeq}`);
  if (value !== undefined) parts.push(`"value":${canonicalJson(value, `${e.key}.value`)}`);
  return `{${parts.join(',')}}`;
}
