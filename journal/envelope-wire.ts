// A hand-written decoder for the Envelope's wire format: replay decodes one per fact, and protobufjs's generic
// reader was most of the replay's client cost (bench/journal). Same result as protobufjs for every well-formed envelope.
import type { EnvelopeMeta } from './codec.ts';

/** The decoded envelope: its meta and the (undecoded) fact body. */
export interface WireEnvelope extends EnvelopeMeta {
  body: Uint8Array;
}

const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

// The reader's state: module-level, as decoding is synchronous and never re-entered (closures per call cost more
// than the decoding itself).
let buf: Uint8Array = EMPTY;
let pos = 0;
let end = 0;

function varint32(): number {
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= end) throw new RangeError('envelope truncated in a varint');
    const b = buf[pos++]!;
    v |= (b & 0x7f) << shift;
    if (b < 0x80) return v >>> 0;
  }
  // A 32-bit field written as a 10-byte varint (negative int32): skip the rest, keep the low 32 bits.
  for (let i = 0; i < 5; i++) {
    if (pos >= end) throw new RangeError('envelope truncated in a varint');
    if (buf[pos++]! < 0x80) return v >>> 0;
  }
  throw new RangeError('envelope varint longer than 10 bytes');
}

function varint64(signed: boolean): number {
  let lo = 0;
  let hi = 0;
  let i = 0;
  for (; i < 10; i++) {
    if (pos >= end) throw new RangeError('envelope truncated in a varint');
    const b = buf[pos++]!;
    if (i < 4) lo |= (b & 0x7f) << (i * 7);
    else if (i === 4) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >>> 4;
    } else hi |= (b & 0x7f) << (i * 7 - 32);
    if (b < 0x80) break;
  }
  if (i === 10) throw new RangeError('envelope varint longer than 10 bytes');
  lo >>>= 0;
  hi >>>= 0;
  if (signed && hi >>> 31) return -((~lo >>> 0) + 1 + (~hi >>> 0) * 4294967296);
  return lo + hi * 4294967296;
}

function bytes(): Uint8Array {
  const len = varint32();
  if (pos + len > end) throw new RangeError('envelope truncated in a length-delimited field');
  const out = buf.subarray(pos, pos + len);
  pos += len;
  return out;
}

function string(): string {
  const len = varint32();
  const stop = pos + len;
  if (stop > end) throw new RangeError('envelope truncated in a string');
  if (len < 48) {
    let s = '';
    for (let i = pos; i < stop; i++) {
      const c = buf[i]!;
      if (c >= 0x80) {
        s = decoder.decode(buf.subarray(pos, stop));
        break;
      }
      s += String.fromCharCode(c);
    }
    pos = stop;
    return s;
  }
  const s = decoder.decode(buf.subarray(pos, stop));
  pos = stop;
  return s;
}

function skip(wire: number): void {
  if (wire === 0) varint64(false);
  else if (wire === 1) pos += 8;
  else if (wire === 2) bytes();
  else if (wire === 5) pos += 4;
  else throw new Error(`envelope has wire type ${wire}`);
  if (pos > end) throw new RangeError('envelope truncated in a field');
}

/**
 * Decodes `quorate.v1.Envelope` bytes; absent fields take proto3 defaults, unknown fields are skipped, the last
 * occurrence of a field wins. Throws an Error on truncated or malformed input.
 */
export function decodeEnvelopeWire(input: Uint8Array): WireEnvelope {
  const env: WireEnvelope = {
    eventId: '', commandId: '', cluster: '', origin: '', occurredAt: 0, schema: 0, term: 0, crc32c: 0, entity: '', body: EMPTY,
  };
  buf = input;
  pos = 0;
  end = input.length;
  try {
    while (pos < end) {
      const tag = varint32();
      switch (tag) {
        case 0x0a: env.eventId = string(); break;
        case 0x12: env.commandId = string(); break;
        case 0x1a: env.cluster = string(); break;
        case 0x22: env.origin = string(); break;
        case 0x28: env.occurredAt = varint64(true); break;
        case 0x30: env.schema = varint32(); break;
        case 0x38: env.term = varint64(false); break;
        case 0x40: env.crc32c = varint32(); break;
        case 0x4a: env.body = bytes(); break;
        case 0x52: env.entity = string(); break;
        default:
          if (tag >>> 3 === 0) throw new Error('envelope has field number 0');
          skip(tag & 7);
      }
    }
  } finally {
    buf = EMPTY;
  }
  return env;
}
