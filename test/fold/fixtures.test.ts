// Recorded histories rebuild to their checked-in digests; tampered copies do not (UPDATE_GOLDEN=1 rewrites on purpose).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { digestState } from '../../machines/digest.ts';
import { emptyState, foldEntry } from '../../machines/fold.ts';
import { encodeEnvelope, decodeEnvelope } from '../../journal/codec.ts';
import type { JournalEntry } from '../../journal/journal.ts';
import { FIXTURE_CLUSTER, loadEntries, readJson, record, type RecordedMessage, writeJson } from '../fixtures/history.ts';
import { legalFacts } from './gen.ts';

const HISTORY = 'small-cluster.json';
const DIGESTS = 'small-cluster.digests.json';
const TAMPERED_BIT = 'small-cluster.tampered-bit.json';
const TAMPERED_FACT = 'small-cluster.tampered-fact.json';
const CHECKPOINTS = [10, 25, 50, 80];

/** Digest after each checkpoint (and the end). */
function digestsOf(entries: readonly JournalEntry[]): Record<string, string> {
  const s = emptyState(FIXTURE_CLUSTER);
  const out: Record<string, string> = {};
  for (const e of entries) {
    foldEntry(s, e);
    if (CHECKPOINTS.includes(s.position)) out[String(s.position)] = digestState(s);
  }
  out['end'] = digestState(s);
  return out;
}

if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(new URL(`../fixtures/${HISTORY}`, import.meta.url))) {
  const facts = legalFacts(Array.from({ length: 80 }, (_, i) => (i * 104_729 + 7) % 10_000));
  const msgs = record(facts, Date.UTC(2024, 4, 1, 8, 0, 0));
  writeJson(HISTORY, msgs);
  const golden = digestsOf(loadEntries(HISTORY))['end'];
  const endDigest = (ms: RecordedMessage[]) => {
    writeJson(TAMPERED_BIT, ms);
    return digestsOf(loadEntries(TAMPERED_BIT))['end'];
  };
  // Tampered 1: one bit of one body flipped (as disk or wire corruption would): the first message from 30 on
  // whose loss changes the final state (a fact some later fact overwrites would hide it from the digest alone).
  for (let i = 30; i < msgs.length; i++) {
    const bit = msgs.map((m) => ({ ...m }));
    const raw = Buffer.from(bit[i]!.data, 'base64');
    raw[raw.length - 20] = raw[raw.length - 20]! ^ 0x10;
    bit[i] = { ...bit[i]!, data: raw.toString('base64') };
    if (endDigest(bit) !== golden) break;
  }
  // Tampered 2: one fact re-stamped 90 s later and re-encoded with a valid checksum (a forger's edit): only the
  // digest can tell. The first message from 40 on where it shows.
  for (let i = 40; i < msgs.length; i++) {
    const forged = msgs.map((m) => ({ ...m }));
    const { meta, fact } = decodeEnvelope(new Uint8Array(Buffer.from(forged[i]!.data, 'base64')));
    forged[i] = { ...forged[i]!, data: Buffer.from(encodeEnvelope(fact, { ...meta, occurredAt: meta.occurredAt + 90_000 })).toString('base64') };
    writeJson(TAMPERED_FACT, forged);
    if (digestsOf(loadEntries(TAMPERED_FACT))['end'] !== golden) break;
  }
  writeJson(DIGESTS, digestsOf(loadEntries(HISTORY)));
}

test('fixtures: the recorded small cluster rebuilds to its checked-in digests', () => {
  const entries = loadEntries(HISTORY);
  assert.is(entries.length, readJson<RecordedMessage[]>(HISTORY).length);
  assert.ok(entries.every((e) => e.kind === 'fact'), 'every recorded message decodes');
  assert.equal(digestsOf(entries), readJson(DIGESTS), 'state digests changed: a machine now folds this history differently (UPDATE_GOLDEN=1 if on purpose)');
});

test('fixtures: a flipped bit is a checksum problem at its sequence, and the digest differs from then on', () => {
  const entries = loadEntries(TAMPERED_BIT);
  const problems = entries.filter((e) => e.kind === 'problem');
  assert.equal(problems.map((p) => (p.kind === 'problem' ? p.code : '')), ['codec.checksum']);
  assert.ok(problems[0]!.seq > 30);
  const golden = readJson<Record<string, string>>(DIGESTS);
  const got = digestsOf(entries);
  assert.is(got['25'], golden['25'], 'before the tampering the digest still matches');
  assert.is.not(got['end'], golden['end']);
});

test('fixtures: a forged fact with a valid checksum is caught by the digest', () => {
  const entries = loadEntries(TAMPERED_FACT);
  assert.ok(entries.every((e) => e.kind === 'fact'), 'the forgery decodes cleanly');
  const golden = readJson<Record<string, string>>(DIGESTS);
  const got = digestsOf(entries);
  assert.is(got['25'], golden['25']);
  assert.is.not(got['end'], golden['end'], 'the forged fact changes the digest');
});

test.run();
