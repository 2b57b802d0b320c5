// The state digest: SHA-256 of a canonical encoding of position and every entity. Equal digests = equal states.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical.ts';
import { type ClusterState, sortedEntities } from './fold.ts';

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
  const parts = [`{"position":${state.position},"entities":[`];
  let first = true;
  for (const e of sortedEntities(state)) {
    if (!first) parts.push(',');
    first = false;
    parts.push(
      `[${JSON.stringify(e.key)},`,
      canonicalJson({ value: e.snapshot.value, context: e.snapshot.context, lastSeq: e.lastSeq }, e.key),
      ']',
    );
  }
  parts.push(']}');
  return parts.join('');
}

/** SHA-256 (hex) of `canonicalState(state)`. Pure. */
export function digestState(state: DigestInput): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalState(state))));
}
