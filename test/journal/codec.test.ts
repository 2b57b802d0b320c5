import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crc32c, decodeEnvelope, decodeFact, encodeEnvelope, encodeFact } from '../../journal/index.ts';
import { isQuorateError } from '../../machines/errors.ts';
import { readFileSync } from 'node:fs';
import { render } from '../../proto/generate.ts';

const meta = { eventId: 'c1/0', commandId: 'c1', cluster: 'demo', origin: 'n1', occurredAt: 1_700_000_000_123, term: 4 };

test('codec: crc32c matches the RFC 3720 check value', () => {
  assert.is(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.is(crc32c(new Uint8Array(0)), 0);
});

test('codec: an envelope round-trips with its meta, entity and fact', () => {
  const fact = { type: 'NodeLost', node: 'n2', viewId: 9, reason: 'silent 1000 ms' } as const;
  const { meta: m, fact: f } = decodeEnvelope(encodeEnvelope(fact, meta));
  assert.equal(f, fact);
  assert.is(m.entity, 'node/n2');
  assert.is(m.schema, 1);
  assert.is(m.occurredAt, meta.occurredAt);
  assert.is(m.term, 4);
});

test('codec: a flipped bit in the body fails the checksum', () => {
  const fact = { type: 'NodeJoined', node: 'n1', incarnation: 'abc', address: '127.0.0.1' } as const;
  const bytes = encodeEnvelope(fact, meta);
  const body = encodeFact(fact);
  const at = Buffer.from(bytes).indexOf(Buffer.from(body));
  assert.ok(at > 0);
  bytes[at + 2] = bytes[at + 2]! ^ 0x04;
  try {
    decodeEnvelope(bytes);
    assert.unreachable('corrupt body decoded');
  } catch (e) {
    assert.ok(isQuorateError(e, 'codec.checksum'), String(e));
  }
});

test('codec: a fact that does not fit its message is refused before encoding', () => {
  try {
    encodeFact({ type: 'NodeLost', node: 7 } as never);
    assert.unreachable();
  } catch (e) {
    assert.ok(isQuorateError(e, 'codec.bad-fact'));
    assert.match((e as Error).message, 'NodeLost');
  }
});

test('codec: an empty body is an unknown fact, garbage is malformed', () => {
  try { decodeFact(new Uint8Array(0)); assert.unreachable(); } catch (e) { assert.ok(isQuorateError(e, 'codec.unknown-fact')); }
  try { decodeEnvelope(new Uint8Array([0xff, 0xff, 0xff])); assert.unreachable(); } catch (e) { assert.ok(isQuorateError(e, 'codec.malformed')); }
});

test('codec: proto/generated.ts is generated from quorate.proto', () => {
  const dir = new URL('../../proto/', import.meta.url);
  assert.is(readFileSync(new URL('generated.ts', dir), 'utf8'), render(readFileSync(new URL('quorate.proto', dir), 'utf8')));
});

test.run();
