// `quorate log` run as a real process against a real NATS server holding a journal this test wrote.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import protobuf from 'protobufjs';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { crc32c, encodeEnvelope, encodeFact, entitySubject, type Journal } from '../../journal/index.ts';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import { freePorts, type NatsCluster } from '../../journal/nats-cluster.ts';
import { descriptor } from '../../proto/generated.ts';
import { startNats, stopAllNats, waitFor } from '../harness/nats.ts';
import { cli, cliBackground, jsonLines } from './cli.ts';

const CLUSTER = 'clitest';
let nats: NatsCluster;
let journal: Journal;
let nc: NatsConnection;
const args = (...more: string[]) => ['log', '--nats', nats.urls.join(','), '--cluster', CLUSTER, ...more];
const seqsOf = (stdout: string) => jsonLines(stdout).map((o) => o['seq']);
const meta = { eventId: 'raw/0', commandId: 'raw', cluster: CLUSTER, origin: 'x', occurredAt: 1_700_000_000_000, term: 1 };

/** Seq 7: a valid envelope whose body has one flipped bit. Seq 8: garbage. Seq 9: a fact type this version lacks. */
async function writeBadMessages(): Promise<void> {
  const js = jetstream(nc);
  const fact = { type: 'NodeJoined', node: 'n3', incarnation: 'i', address: 'a' } as const;
  const bytes = encodeEnvelope(fact, meta);
  const at = Buffer.from(bytes).indexOf(Buffer.from(encodeFact(fact)));
  bytes[at + 2] = bytes[at + 2]! ^ 0x01;
  await js.publish(entitySubject(CLUSTER, { kind: 'node', id: 'n3' }), bytes);
  await js.publish(entitySubject(CLUSTER, { kind: 'node', id: 'n4' }), new Uint8Array([0xff, 0xff, 0xff]));
  const body = new Uint8Array([0xba, 0x3e, 0x00]); // Fact field 999, empty: a newer writer's fact type
  const Envelope = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace).lookupType('quorate.v1.Envelope');
  const unknown = Envelope.encode({ ...meta, schema: 1, crc32c: crc32c(body), body, entity: 'node/n5' }).finish();
  await js.publish(entitySubject(CLUSTER, { kind: 'node', id: 'n5' }), unknown);
}

test.before(async () => {
  nats = await startNats({ size: 1 });
  nc = await connect({ servers: nats.urls });
  journal = await createJetStreamJournal({ servers: nats.urls, cluster: CLUSTER, replicas: 1 });
  const node = (id: string) => ({ kind: 'node', id }) as const;
  const resource = (id: string) => ({ kind: 'resource', id }) as const;
  const config = (id: string) => ({ id, agent: 'ocf:heartbeat:Dummy', params: { state: `/run/${id}` }, meta: {}, operations: [], failoverDomain: [], container: '' });
  await journal.append(node('n1'), [{ fact: { type: 'NodeJoined', node: 'n1', incarnation: 'a', address: '10.0.0.1' } }], { origin: 'n1' });
  await journal.append(node('n2'), [{ fact: { type: 'NodeJoined', node: 'n2', incarnation: 'b', address: '10.0.0.2' } }], { origin: 'n2' });
  await journal.append(resource('web'), [{ fact: { type: 'ResourceDefined', config: config('web') } }], { origin: 'cli:root' });
  await journal.append(node('n2'), [{ fact: { type: 'NodeLost', node: 'n2', viewId: 7, reason: 'silent for 3000 ms' } }], { origin: 'n1', term: 3 });
  await journal.append(resource('web'), [{ fact: { type: 'ResourceOperationSucceeded', resource: 'web', node: 'n1', operation: 'start', opId: 'o1', rc: 0, durationMs: 12, output: '' } }], { origin: 'n1', term: 3 });
  await journal.append(resource('db'), [{ fact: { type: 'ResourceDefined', config: config('db') } }], { origin: 'cli:root' });
  await writeBadMessages();
  await journal.append(node('n1'), [{ fact: { type: 'NodeStandby', node: 'n1', reason: 'maintenance' } }], { origin: 'cli:root', term: 3 });
  assert.is(await journal.lastSeq(), 10);
});

test.after(async () => {
  await journal?.close();
  await nc?.close();
  await stopAllNats();
});

test('log: --json prints one object per message with the stable field names', async () => {
  const r = await cli(args('--json'));
  assert.is(r.code, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  assert.equal(lines.map((o) => o['seq']), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const lost = lines[3]!;
  assert.equal(Object.keys(lost), ['seq', 'subject', 'time', 'entity', 'type', 'origin', 'term', 'data']);
  assert.is(lost['subject'], 'quorate.clitest.ev.node.n2');
  assert.match(String(lost['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.is(lost['entity'], 'node/n2');
  assert.is(lost['type'], 'NodeLost');
  assert.is(lost['origin'], 'n1');
  assert.is(lost['term'], 3);
  assert.equal(lost['data'], { node: 'n2', viewId: 7, reason: 'silent for 3000 ms' });
  const bad = lines[6]!;
  assert.equal(Object.keys(bad), ['seq', 'subject', 'time', 'problem']);
  assert.is((bad['problem'] as { code: string }).code, 'codec.checksum');
});

test('log: --entity selects one entity or a whole kind', async () => {
  assert.equal(seqsOf((await cli(args('--json', '--entity', 'resource/web'))).stdout), [3, 5]);
  assert.equal(seqsOf((await cli(args('--json', '--entity', 'resource'))).stdout), [3, 5, 6]);
  assert.equal(seqsOf((await cli(args('--json', '--entity', 'node/n2'))).stdout), [2, 4]);
});

test('log: --type is repeatable and takes comma lists; unreadable messages still show', async () => {
  // 7, 8 and 9 have no type to test: hiding them behind a type filter would hide corruption.
  assert.equal(seqsOf((await cli(args('--json', '--type', 'NodeLost'))).stdout), [4, 7, 8, 9]);
  const many = await cli(args('--json', '--type', 'NodeLost,ResourceDefined', '--type', 'NodeStandby', '--to-seq', '6'));
  assert.equal(seqsOf(many.stdout), [3, 4, 6]);
  const kind = await cli(args('--json', '--type', 'NodeStandby', '--entity', 'node', '--from-seq', '10'));
  assert.equal(seqsOf(kind.stdout), [10]);
});

test('log: --from-seq and --to-seq bound the range', async () => {
  assert.equal(seqsOf((await cli(args('--json', '--from-seq', '4', '--to-seq', '6'))).stdout), [4, 5, 6]);
  assert.equal(seqsOf((await cli(args('--json', '--from-seq', '9'))).stdout), [9, 10]);
});

test('log: --since and --until take ISO-8601 and relative times', async () => {
  const all = jsonLines((await cli(args('--json'))).stdout);
  const t4 = String(all[3]!['time']);
  const ms = (o: Record<string, unknown>) => Date.parse(String(o['time']));
  const since = seqsOf((await cli(args('--json', '--since', t4))).stdout);
  assert.equal(since, all.filter((o) => ms(o) >= Date.parse(t4)).map((o) => o['seq']));
  assert.ok(since.includes(4) && since.includes(10) && !since.includes(1) || ms(all[0]!) === Date.parse(t4));
  const until = seqsOf((await cli(args('--json', '--until', t4))).stdout);
  assert.equal(until, all.filter((o) => ms(o) <= Date.parse(t4)).map((o) => o['seq']));
  assert.equal(seqsOf((await cli(args('--json', '--since', '-15m'))).stdout).length, 10);
  assert.equal(seqsOf((await cli(args('--json', '--since', '-2h', '--until', '-1h'))).stdout), []);
  assert.equal(seqsOf((await cli(args('--json', '--until', '-1d'))).stdout), []);
});

test('log: the table shows seq, time, entity, type, origin and a data summary; --utc switches the clock', async () => {
  const r = await cli(args('--utc', '--to-seq', '4'));
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^\s+SEQ\s+TIME \(UTC\)\s+ENTITY\s+TYPE\s+ORIGIN\s+DATA$/);
  assert.is(lines.length, 5);
  const row = lines[4]!;
  assert.match(row, /^\s+4\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z\s+node\/n2\s+NodeLost\s+n1\s+node=n2 viewId=7 reason="silent for 3000 ms"$/);
  const json = jsonLines((await cli(args('--json', '--from-seq', '4', '--to-seq', '4'))).stdout)[0]!;
  assert.ok(row.includes(String(json['time']).replace('T', ' ')), `${row} shows ${json['time']}`);
});

test('log: --verify lists every unreadable message with its seq and subject and exits 3', async () => {
  const r = await cli(args('--verify'));
  assert.is(r.code, 3, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines.length, 3, r.stdout);
  assert.match(lines[0]!, /^\s+7\s+quorate\.clitest\.ev\.node\.n3\s+codec\.checksum\s+body checksum mismatch/);
  assert.match(lines[1]!, /^\s+8\s+quorate\.clitest\.ev\.node\.n4\s+codec\.malformed\s/);
  assert.match(lines[2]!, /^\s+9\s+quorate\.clitest\.ev\.node\.n5\s+codec\.unknown-fact\s/);
  assert.is(r.stderr, 'quorate log --verify: checked 10 messages (seq 1-10): 3 problems\n');
  const json = jsonLines((await cli(args('--verify', '--json'))).stdout);
  assert.equal(json.map((o) => [o['seq'], o['subject']]), [
    [7, 'quorate.clitest.ev.node.n3'], [8, 'quorate.clitest.ev.node.n4'], [9, 'quorate.clitest.ev.node.n5'],
  ]);
  const clean = await cli(args('--verify', '--to-seq', '6'));
  assert.is(clean.code, 0);
  assert.is(clean.stdout, '');
  assert.is(clean.stderr, 'quorate log --verify: checked 6 messages (seq 1-6): all good\n');
});

test('log: bad flags give one exact line and exit 2', async () => {
  const cases: [string[], string][] = [
    [['--bogus'], 'quorate log: unknown flag --bogus (see quorate log --help)'],
    [['--from-seq', 'abc'], 'quorate log: --from-seq expects a whole number >= 1, got "abc"'],
    [['--since', 'yesterday'], 'quorate log: --since expects an ISO-8601 time (2024-05-01T10:00:00Z) or a relative time (-15m, -2h, -1d), got "yesterday"'],
    [['--entity', 'res/web'], 'quorate log: --entity expects <kind> or <kind>/<id> with kind one of node, resource, group, constraint, container, fence-device, fence-level, cluster; got "res/web"'],
    [['--follow', '--to-seq', '3'], 'quorate log: --follow cannot be combined with --to-seq'],
    [['--json=yes'], 'quorate log: --json takes no value, got "yes"'],
    [['--until'], 'quorate log: --until needs a value: <time>'],
  ];
  for (const [extra, line] of cases) {
    const r = await cli(args(...extra));
    assert.is(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.is(r.stdout, '');
    assert.is(r.stderr, `${line}\n`);
  }
  const type = await cli(args('--type', 'NodeGone'));
  assert.is(type.code, 2);
  assert.ok(type.stderr.startsWith('quorate log: --type: unknown fact type "NodeGone"; valid types: NodeJoined, NodeLeft, '), type.stderr);
  assert.ok(type.stderr.includes(', DeadlineExpired\n') && type.stderr.split('\n').length === 2, type.stderr);
  const noCluster = await cli(['log', '--nats', nats.urls[0]!]);
  assert.is(noCluster.stderr, 'quorate log: --cluster is required (or set QUORATE_CLUSTER)\n');
  const verb = await cli(['frob']);
  assert.is(verb.code, 2);
  assert.is(verb.stderr, 'quorate: unknown command "frob"; commands: ' + verb.stderr.split('commands: ')[1]);
  assert.match(verb.stderr, /^quorate: unknown command "frob"; commands: log, .*help \(see quorate help\)\n$/);
});

test('log: unreachable servers and a missing journal give one line and exit 1', async () => {
  const [port] = await freePorts(1);
  const url = `nats://127.0.0.1:${port}`;
  const r = await cli(['log', '--nats', url, '--cluster', CLUSTER]);
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^quorate log: cannot reach NATS at ${url.replace(/\./g, '\\.')}: [^\\n]+\\n$`));
  const env = await cli(['log'], { QUORATE_NATS: url, QUORATE_CLUSTER: CLUSTER });
  assert.is(env.code, 1);
  assert.ok(env.stderr.includes(url), env.stderr);
  const none = await cli(['log', '--nats', nats.urls[0]!, '--cluster', 'nosuch']);
  assert.is(none.code, 1);
  assert.is(none.stderr, `quorate log: no journal for cluster "nosuch" at ${nats.urls[0]} (stream QUORATE_NOSUCH does not exist)\n`);
});

test('log: --help and quorate help answer without a server', async () => {
  const h = await cli(['log', '--help']);
  assert.is(h.code, 0);
  assert.match(h.stdout, /^usage: quorate log \[flags\]/);
  for (const flag of ['--entity', '--type', '--since', '--until', '--from-seq', '--to-seq', '--follow', '--json', '--utc', '--verify', '--nats', '--cluster']) {
    assert.ok(h.stdout.includes(flag), flag);
  }
  const g = await cli(['help']);
  assert.is(g.code, 0);
  assert.match(g.stdout, /^\s+log\s+print, filter, follow or verify the journal$/m);
});

test('log: --follow prints a fact appended after it started, until interrupted', async () => {
  const n9 = { kind: 'node', id: 'n9' } as const;
  const [first] = await journal.append(n9, [{ fact: { type: 'NodeJoined', node: 'n9', incarnation: 'z', address: '10.0.0.9' } }], { origin: 'n9' });
  const p = cliBackground(args('--follow', '--json', '--entity', 'node/n9'));
  try {
    await waitFor('the follow to print the existing fact', () => jsonLines(p.stdout()).some((o) => o['seq'] === first), 30_000);
    const [second] = await journal.append(n9, [{ fact: { type: 'NodeLost', node: 'n9', viewId: 8, reason: 'gone' } }], { origin: 'n1' });
    const line = await waitFor('the follow to print the new fact', () => jsonLines(p.stdout()).find((o) => o['seq'] === second), 30_000);
    assert.is(line['type'], 'NodeLost');
    assert.is(p.child.exitCode, null, 'still following');
  } finally {
    const code = await p.stop('SIGINT');
    assert.is(code, 0, p.stderr());
  }
});

test.run();
