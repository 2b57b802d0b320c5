// Turns a stored message into a JournalEntry: a decoded fact, or a problem that names its sequence and subject.
import { type EntityRef, entityKey } from '../machines/entity.ts';
import { ErrorCode, isQuorateError } from '../machines/errors.ts';
import { decodeEnvelope } from './codec.ts';
import type { JournalEntry } from './journal.ts';
import { entityOfSubject } from './subjects.ts';

/** Subjects repeat (one per entity): parsing each once keeps replay cheap. Bounded; cleared when full. */
const subjects = new Map<string, { entity: EntityRef; key: string } | null>();
const SUBJECT_CACHE_MAX = 10_000;

function entityAt(cluster: string, subject: string): { entity: EntityRef; key: string } | null {
  const id = `${cluster} ${subject}`;
  let hit = subjects.get(id);
  if (hit === undefined) {
    const entity = entityOfSubject(cluster, subject);
    hit = entity ? { entity, key: entityKey(entity) } : null;
    if (subjects.size >= SUBJECT_CACHE_MAX) subjects.clear();
    subjects.set(id, hit);
  }
  return hit;
}

function problem(seq: number, subject: string, storedAt: number, code: ErrorCode, message: string): JournalEntry {
  return { kind: 'problem', seq, subject, storedAt, code, message };
}

/** Decodes one stored message; never throws. */
export function toEntry(cluster: string, seq: number, subject: string, storedAt: number, data: Uint8Array): JournalEntry {
  const at = entityAt(cluster, subject);
  if (!at) return problem(seq, subject, storedAt, ErrorCode.codecSubjectMismatch, `subject ${subject} names no quorate entity`);
  try {
    const { meta, fact } = decodeEnvelope(data);
    if (meta.entity !== at.key) {
      return problem(seq, subject, storedAt, ErrorCode.codecSubjectMismatch, `envelope names ${meta.entity || '(none)'} but subject is ${at.key}`);
    }
    return { kind: 'fact', seq, subject, entity: at.entity, storedAt, meta, fact };
  } catch (e) {
    if (isQuorateError(e)) return problem(seq, subject, storedAt, e.code, e.message);
    return problem(seq, subject, storedAt, ErrorCode.codecMalformed, String(e));
  }
}
