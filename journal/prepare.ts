// Shared append preparation: every fact must belong to the entity it is appended to; ids and times are stamped here.
import { randomUUID } from 'node:crypto';
import { type EntityRef, entityKey, entityOf } from '../machines/entity.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import { encodeEnvelope } from './codec.ts';
import type { AppendFact, AppendOptions } from './journal.ts';

export interface PreparedMessage {
  readonly eventId: string;
  readonly data: Uint8Array;
}

/** Validates and encodes an append; throws before anything is written. */
export function prepareAppend(
  cluster: string,
  entity: EntityRef,
  facts: readonly AppendFact[],
  options: AppendOptions,
  now: () => number,
): PreparedMessage[] {
  if (facts.length === 0) {
    throw new QuorateError(ErrorCode.journalBadRange, `append to ${entityKey(entity)}: no facts given`);
  }
  const key = entityKey(entity);
  const commandId = options.commandId ?? randomUUID();
  return facts.map((f, index) => {
    const owner = entityKey(entityOf(f.fact));
    if (owner !== key) {
      throw new QuorateError(ErrorCode.journalBadEntity, `fact ${index} (${f.fact.type}) belongs to ${owner}, not ${key}`, {
        details: { entity: key, index, type: f.fact.type },
      });
    }
    const eventId = f.eventId ?? `${commandId}/${index}`;
    const data = encodeEnvelope(f.fact, {
      eventId,
      commandId,
      cluster,
      origin: options.origin ?? '',
      occurredAt: f.at ?? now(),
      term: options.term ?? 0,
    });
    return { eventId, data };
  });
}
