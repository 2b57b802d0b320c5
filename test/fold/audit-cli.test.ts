// The audit commands on a journal the tests write to real NATS: replay --at/--diff, history, audit verify (and its failures).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gunzipSync, gzipSync } from 'node:zlib';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import { entitySubject } from '../../journal/subjects.ts';
import { rebuild } from '../../journal/rebuild.ts';
import { decodeSnapshot, writeSnapshot } from '../../journal/snapshot.ts';
import { digestState } from '../../machines/digest.ts';
import { entityOf } from '../../machines/entity.ts';
import type { Fact } from '../../proto/generated.ts';
import type { Journal } from '../../journal/journal.ts';
import { startNats, stopAllNats } from '../harness/nats.ts';
import { cli } from '../cli/cli.ts';
import { legalFacts, termsOf } from './gen.ts';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const web = (n: number): Fact => ({
  type: 'ResourceDefined',
  config: { id: 'web', agent: 'ocf:heartbeat:Dummy', params: {}, meta: { n: String(n) }, operations: [], failoverDomain: [], container: '' },
});

test.after(async () => {
  await stopAllNats();
});

test('audit: replay, history and audit verify work on a journal written to NATS, and verify catches tampering', async () => {
  const nats = await startNats({ size: 1 });
  const env = { QUORATE_NATS: nats.urls.join(','), QUORATE_CLUSTER: 'audit' };
  let journal: Journal | undefined;
  try {
    journal = await createJetStreamJournal({ servers: nats.urls, cluster: 'audit' });
    const facts = legalFacts(Array.from({ length: 40 }, (_, i) => (i * 7919 + 13) % 10_000), [web(0)]);
    const terms = termsOf(facts);
    for (const [i, fact] of facts.entries()) await journal.append(entityOf(fact), [{ fact, at: T0 + i * 60_000 }], { commandId: `c${i}`, origin: 'n1', term: terms[i]! });
    const last = await journal.lastSeq();
    assert.is(last, facts.length);
    const mid = await rebuild(journal, { to: 20 });
    await writeSnapshot(journal, mid);
    const full = digestState(await rebuild(journal, { useSnapshot: false }));

    const at = await cli(['replay', '--at', String(last), '--utc'], env);
    assert.is(at.code, 0, at.stderr);
    assert.match(at.stdout, `cluster audit at seq ${last}`);
    assert.match(at.stdout, `digest ${full}`);
    assert.match(at.stdout, /RESOURCES \(\d+\)\n {2}\S+ +\S+ +since 2024-05-01 /);

    const json = await cli(['replay', '--at', String(20), '--json'], env);
    assert.is(json.code, 0, json.stderr);
    const v = JSON.parse(json.stdout) as { position: number; digest: string; entities: Array<{ key: string }> };
    assert.is(v.position, 20);
    assert.is(v.digest, digestState(mid), 'replay --at 20 = rebuild to 20');
    assert.ok(v.entities.some((e) => e.key === 'resource/web'));

    const byTime = await cli(['replay', '--at', new Date(Date.now() + 60_000).toISOString(), '--json'], env);
    assert.is(byTime.code, 0, byTime.stderr);
    assert.is((JSON.parse(byTime.stdout) as { position: number }).position, last, 'an ISO time after the last fact replays everything');

    const diff = await cli(['replay', '--diff', '1', String(last)], env);
    assert.is(diff.code, 0, diff.stderr);
    assert.match(diff.stdout, `from seq 1 `);
    assert.match(diff.stdout, /\n\+ node\//);

    const hist = await cli(['history', 'resource/web', '--utc'], env);
    assert.is(hist.code, 0, hist.stderr);
    assert.match(hist.stdout, /resource\/web: \d+ facts, seq 1\.\./);
    assert.match(hist.stdout, 'ResourceDefined');
    assert.match(hist.stdout, 'time in each state:');
    assert.match(hist.stdout, /(minute|hour|day|second)/);

    const ok = await cli(['audit', 'verify'], env);
    assert.is(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, 'snapshot "latest" at 20: matches a fresh fold');
    assert.match(ok.stdout, 'audit: all good');

    // A snapshot re-signed with a consistent digest but different contents: caught by the fresh fold, at its sequence.
    const body = JSON.parse(gunzipSync((await journal.snapshots.get('latest'))!).toString()) as { digest: string; entities: Array<{ kind: string; id: string; lastSeq: number }> };
    const victim = body.entities.find((e) => e.kind === 'resource')!;
    victim.lastSeq = victim.lastSeq === 19 ? 18 : 19; // any other sequence than the true one
    body.digest = decodeSnapshot(gzipSync(JSON.stringify(body))).actualDigest;
    await journal.snapshots.put('latest', gzipSync(JSON.stringify(body)));
    const bad = await cli(['audit', 'verify'], env);
    assert.is(bad.code, 3, bad.stdout);
    assert.match(bad.stdout, `snapshot.diverged  snapshot "latest" at 20 differs from a fresh fold: ${victim.kind}/${victim.id}`);
    assert.match(bad.stdout, /first divergence at seq \d+/);
    if (process.env['SHOW_CLI']) console.log(at.stdout, diff.stdout, hist.stdout, bad.stdout);

    // A message whose body does not match its checksum: reported with its sequence.
    const nc = await connect({ servers: nats.urls });
    try {
      await jetstream(nc).publish(entitySubject('audit', { kind: 'node', id: 'n1' }), new Uint8Array([0x0a, 0x01, 0x78, 0x4a, 0x02, 0x01, 0x02]));
    } finally {
      await nc.close();
    }
    await journal.snapshots.delete('latest');
    const corrupt = await cli(['audit', 'verify', '--json'], env);
    assert.is(corrupt.code, 3, corrupt.stdout);
    const report = JSON.parse(corrupt.stdout) as { findings: Array<{ seq: number; code: string }> };
    assert.equal(report.findings.map((f) => f.seq), [last + 1]);

    const usage = await cli(['replay'], env);
    assert.is(usage.code, 2);
    assert.match(usage.stderr, 'give either --at');
  } finally {
    await journal?.close();
    await stopAllNats();
  }
});

test.run();
