// The protobuf codec: facts to envelope bytes and back, with the CRC-32C of the body checked on every read.
import protobuf from 'protobufjs';
import { descriptor, FACT_FIELD, FACT_TYPES, type Fact, type FactType } from '../proto/generated.ts';
import { entityKey, entityOf } from '../machines/entity.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import { crc32c } from './crc32c.ts';
import { decodeEnvelopeWire, type WireEnvelope } from './envelope-wire.ts';

// 64-bit fields decode to plain numbers: every quorate int64 (ms times, sequences) fits in 2^53.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
const EnvelopeType = root.lookupType('quorate.v1.Envelope');
const FactMessage = root.lookupType('quorate.v1.Fact');
const toObjectOptions: protobuf.IConversionOptions = { defaults: true, longs: Number, arrays: true, objects: true, oneofs: true };

/** The schema version this build writes. Readers branch on `Envelope.schema` for older facts. */
export const SCHEMA_VERSION = 1;

/** The envelope's fields other than the body. */
export interface EnvelopeMeta {
  eventId: string;
  commandId: string;
  cluster: string;
  origin: string;
  occurredAt: number;
  schema: number;
  term: number;
  crc32c: number;
  entity: string;
}

/**
 * Each fact type's body message and its field number in the `Fact` oneof. Facts are encoded and decoded through
 * these directly: the generated code of `Fact` itself is one giant function per operation over every oneof
 * member, which V8 runs cold and slow on the append and replay paths (bench/journal).
 */
const BODY = new Map<FactType, { type: protobuf.Type; id: number }>();
const BODY_BY_ID = new Map<number, { type: protobuf.Type; fact: FactType }>();
for (const t of FACT_TYPES) {
  const f = FactMessage.fields[FACT_FIELD[t]]!;
  const type = f.resolve().resolvedType as protobuf.Type;
  BODY.set(t, { type, id: f.id });
  BODY_BY_ID.set(f.id, { type, fact: t });
}
const LENGTH_DELIMITED = 2;

/** Encodes a fact's body (the `Fact` message). A fact that does not fit its message is a QuorateError. */
export function encodeFact(fact: Fact): Uint8Array {
  const body = BODY.get(fact.type as FactType);
  if (body === undefined) {
    throw new QuorateError(ErrorCode.codecUnknownFact, `unknown fact type "${String(fact.type)}"`, { details: { type: fact.type } });
  }
  // `type` is no field of any body message, so verify and fromObject ignore it.
  const problem = body.type.verify(fact);
  if (problem) {
    throw new QuorateError(ErrorCode.codecBadFact, `${fact.type} does not fit its message: ${problem}`, { details: { type: fact.type } });
  }
  // Once verified, the plain object encodes as it is (no enums in quorate.proto, so fromObject would only copy it).
  const w = protobuf.Writer.create().uint32((body.id << 3) | LENGTH_DELIMITED).fork();
  body.type.encode(fact, w);
  return w.ldelim().finish();
}

/** Decodes a `Fact` body; an empty or unknown oneof (a newer writer's type) is `codec.unknown-fact`. */
export function decodeFact(bytes: Uint8Array): Fact {
  let found: { fact: FactType; obj: Record<string, unknown> } | undefined;
  try {
    const r = protobuf.Reader.create(bytes);
    while (r.pos < r.len) {
      const tag = r.uint32();
      const body = BODY_BY_ID.get(tag >>> 3);
      if (body === undefined || (tag & 7) !== LENGTH_DELIMITED) {
        r.skipType(tag & 7);
        continue;
      }
      // The last oneof member on the wire wins, as in any protobuf decoder.
      found = { fact: body.fact, obj: body.type.toObject(body.type.decode(r, r.uint32()), toObjectOptions) };
    }
  } catch (cause) {
    throw new QuorateError(ErrorCode.codecMalformed, `fact body does not decode: ${(cause as Error).message}`, { cause });
  }
  if (found === undefined) throw new QuorateError(ErrorCode.codecUnknownFact, 'fact body holds no fact type this version knows');
  return Object.assign({ type: found.fact }, found.obj) as Fact;
}

/** Encodes a whole envelope around `fact`; stamps entity, schema and checksum. */
export function encodeEnvelope(
  fact: Fact,
  meta: Omit<EnvelopeMeta, 'crc32c' | 'schema' | 'entity'> & { schema?: number },
): Uint8Array {
  const body = encodeFact(fact);
  // Fields listed one by one: building this object with a spread made every append several times slower (bench/journal).
  return EnvelopeType.encode({
    eventId: meta.eventId,
    commandId: meta.commandId,
    cluster: meta.cluster,
    origin: meta.origin,
    occurredAt: meta.occurredAt,
    schema: meta.schema ?? SCHEMA_VERSION,
    term: meta.term,
    crc32c: crc32c(body),
    body,
    entity: entityKey(entityOf(fact)),
  }).finish();
}

/** Decodes an envelope and its fact; a malformed message, a bad checksum or an unknown fact is a QuorateError. */
export function decodeEnvelope(bytes: Uint8Array): { meta: EnvelopeMeta; fact: Fact } {
  let env: WireEnvelope;
  try {
    env = decodeEnvelopeWire(bytes);
  } catch (cause) {
    throw new QuorateError(ErrorCode.codecMalformed, `envelope does not decode: ${(cause as Error).message}`, { cause });
  }
  const body = env.body;
  const meta: EnvelopeMeta = {
    eventId: env.eventId,
    commandId: env.commandId,
    cluster: env.cluster,
    origin: env.origin,
    occurredAt: env.occurredAt,
    schema: env.schema,
    term: env.term,
    crc32c: env.crc32c,
    entity: env.entity,
  };
  const sum = crc32c(body);
  if (sum !== meta.crc32c) {
    throw new QuorateError(
      ErrorCode.codecChecksum,
      `body checksum mismatch: envelope says ${hex(meta.crc32c)}, body has ${hex(sum)}`,
      { details: { expected: meta.crc32c, actual: sum } },
    );
  }
  return { meta, fact: decodeFact(body) };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Messages that travel outside the journal (heartbeats, admin requests), by proto name. */
export type TransportMessageName = 'Heartbeat' | 'AdminRequest' | 'AdminReply' | 'NodeStateReply';

/** Encodes a transport message; a value that does not fit is `codec.bad-fact`. */
export function encodeMessage(name: TransportMessageName, value: object): Uint8Array {
  const type = root.lookupType(`quorate.v1.${name}`);
  const problem = type.verify(value);
  if (problem) throw new QuorateError(ErrorCode.codecBadFact, `${name} does not fit its message: ${problem}`);
  return type.encode(type.fromObject(value)).finish();
}

/** Decodes a transport message with every field present; garbage is `codec.malformed`. */
export function decodeMessage<T>(name: TransportMessageName, bytes: Uint8Array): T {
  const type = root.lookupType(`quorate.v1.${name}`);
  try {
    return type.toObject(type.decode(bytes), { ...toObjectOptions, bytes: Uint8Array as unknown as typeof String }) as T;
  } catch (cause) {
    throw new QuorateError(ErrorCode.codecMalformed, `${name} does not decode: ${(cause as Error).message}`, { cause });
  }
}
