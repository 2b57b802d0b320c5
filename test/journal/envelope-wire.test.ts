// The hand-written envelope decoder against protobufjs: same fields for any envelope, clear errors on bad bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { descriptor } from '../../proto/generated.ts';
import { decodeEnvelope } from '../../journal/index.ts';
import { decodeEnvelopeWire } from '../../journal/envelope-wire.ts';
import { isQuorateError } from '../../machines/errors.ts';

const Envelope = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace).lookupType('quorate.v1.Envelope');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('envelope-wire: decodes every envelope exactly as protobufjs does', () => {
  const envelope = fc.record({
    eventId: fc.string(), commandId: fc.string({ unit: 'grapheme' }), cluster: fc.string(), origin: fc.string({ maxLength: 100 }),
    occurredAt: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), schema: fc.nat(), term: fc.integer({ min: 0, max: 2 ** 53 - 1 }),
    crc32c: fc.integer({ min: 0, max: 2 ** 32 - 1 }), body: fc.uint8Array(), entity: fc.string({ unit: 'grapheme', maxLength: 80 }),
  }, { requiredKeys: [] });
  fc.assert(fc.property(envelope, (e) => {
    const bytes = Envelope.encode(e).finish();
    const want = Envelope.toObject(Envelope.decode(bytes), { defaults: true, longs: Number, bytes: Uint8Array as unknown as typeof String });
    const got = decodeEnvelopeWire(bytes);
    assert.equal({ ...got, body: hex(got.body) }, { ...want, body: hex(want['body'] as Uint8Array) });
  }), { numRuns: 2000 });
});

test('envelope-wire: skips unknown fields and keeps the last occurrence', () => {
  const a = Envelope.encode({ eventId: 'a', term: 3 }).finish();
  const unknown = new Uint8Array([0xa0, 0x06, 0x2a, 0xaa, 0x06, 0x01, 0x00]); // field 100 varint 42, field 101 bytes [0]
  const b = Envelope.encode({ eventId: 'b' }).finish();
  const got = decodeEnvelopeWire(new Uint8Array([...a, ...unknown, ...b]));
  assert.is(got.eventId, 'b');
  assert.is(got.term, 3);
});

test('envelope-wire: truncated or malformed bytes are codec.malformed, never a crash', () => {
  const good = Envelope.encode({ eventId: 'event-1', body: new Uint8Array([1, 2, 3]), entity: 'node/n1' }).finish();
  for (let cut = 1; cut < good.length; cut++) {
    try {
      decodeEnvelope(good.subarray(0, cut));
      assert.unreachable(`decoded a cut at ${cut}`);
    } catch (e) {
      // A cut on a field boundary is a well-formed shorter envelope: its body then fails the checksum or is empty.
      assert.ok(['codec.malformed', 'codec.checksum', 'codec.unknown-fact'].some((c) => isQuorateError(e, c as never)), `${cut}: ${String(e)}`);
    }
  }
  for (const bad of [[0x00], [0x0b], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]) {
    try {
      decodeEnvelope(new Uint8Array(bad));
      assert.unreachable(`decoded ${bad}`);
    } catch (e) {
      assert.ok(isQuorateError(e, 'codec.malformed'), String(e));
    }
  }
});

test.run();
