// Turns a stored message into a JournalEntry: a decoded fact, or a problem that names its sequence and subject.
import { entityKey } from '../machines/entity.ts';
import { ErrorCode, isQuorateError } from '../machines/errors.ts';
import { decodeEnvelope } from './codec.ts';
import type { JournalEntry } from './journal.ts';
import { entityOfSubject } from './subjects.ts';

/** Decodes one stored message; never throws. */
export function toEntry(cluster: string, seq: number, subject: string, storedAt: number, data: Uint8Array): JournalEntry {
  const problem = (code: ErrorCode, message: string): JournalEntry => ({ kind: 'problem', seq, subject, storedAt, code, message });
  const entity = entityOfSubject(cluster, subject);
  if (!entity) return problem(ErrorCode.codecSubjectMismatch, `subject ${subject} names no quorate entity`);
  try {
    const { meta, fact } = decodeEnvelope(data);
    if (meta.entity !== entityKey(entity)) {
      return problem(ErrorCode.codecSubjectMismatch, `envelope names ${meta.entity || '(none)'} but subject is ${entityKey(entity)}`);
    }
    return { kind: 'fact', seq, subject, entity, storedAt, meta, fact };
  } catch (e) {
    if (isQuorateError(e)) return problem(e.code, e.message);
    return problem(ErrorCode.codecMalformed, String(e));
  }
}
