// Pure parts of the CLI: the flag parser, relative and ISO time flags, the log filters and the table summary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FlagType, parseArgs } from '../../cli/args.ts';
import { parseTimeArg } from '../../cli/time-arg.ts';
import { readOptionsOf, type LogFilterFlags } from '../../cli/log-options.ts';
import { summarize, SUMMARY_MAX, tableRow, toJson } from '../../cli/format.ts';
import { isQuorateError } from '../../machines/errors.ts';
import type { JournalEntry } from '../../journal/index.ts';

const SPECS = {
  name: { type: FlagType.string, help: '' },
  n: { type: FlagType.integer, min: 1, help: '' },
  on: { type: FlagType.boolean, help: '' },
  tag: { type: FlagType.list, help: '' },
} as const;

function usage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(isQuorateError(e, 'cli.usage'), String(e));
    return (e as Error).message;
  }
  throw new Error('no usage error');
}

test('args: parses strings, integers, booleans and lists in both spellings', () => {
  const p = parseArgs('x', ['--name', '-15m', '--n=3', '--on', '--tag', 'a,b', '--tag=c', 'word'], SPECS);
  assert.equal(p.flags, { name: '-15m', n: 3, on: true, tag: ['a', 'b', 'c'] });
  assert.equal(p.positionals, ['word']);
  assert.is(p.help, false);
  assert.equal(parseArgs('x', [], SPECS).flags, { name: undefined, n: undefined, on: false, tag: [] });
  assert.is(parseArgs('x', ['-h'], SPECS).help, true);
  assert.equal(parseArgs('x', ['--', '--on'], SPECS).positionals, ['--on']);
});

test('args: every bad flag is one line naming the flag', () => {
  assert.is(usage(() => parseArgs('x', ['--nope'], SPECS)), 'quorate x: unknown flag --nope (see quorate x --help)');
  assert.is(usage(() => parseArgs('x', ['-n', '1'], SPECS)), 'quorate x: unknown flag -n; flags are written --name (see quorate x --help)');
  assert.is(usage(() => parseArgs('x', ['--n', '0'], SPECS)), 'quorate x: --n expects a whole number >= 1, got "0"');
  assert.is(usage(() => parseArgs('x', ['--n', '1.5'], SPECS)), 'quorate x: --n expects a whole number >= 1, got "1.5"');
  assert.is(usage(() => parseArgs('x', ['--name'], SPECS)), 'quorate x: --name needs a value: <value>');
  assert.is(usage(() => parseArgs('x', ['--on=yes'], SPECS)), 'quorate x: --on takes no value, got "yes"');
  assert.is(usage(() => parseArgs('x', ['--name', 'a', '--name', 'b'], SPECS)), 'quorate x: --name given twice');
  assert.is(usage(() => parseArgs('x', ['--tag', ','], SPECS)), 'quorate x: --tag needs a value: <value>');
});

test('time-arg: relative times count back from now; ISO without a zone is local, or UTC with --utc', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z');
  const at = (text: string, utc = true) => parseTimeArg('log', 'since', text, { utc, now });
  assert.is(at('-15m'), now - 15 * 60_000);
  assert.is(at('-2h'), now - 2 * 3_600_000);
  assert.is(at('-1d'), now - 86_400_000);
  assert.is(at('-90s'), now - 90_000);
  assert.is(at('-1w'), now - 7 * 86_400_000);
  assert.is(at('-1.5h'), now - 5_400_000);
  assert.is(at('now'), now);
  assert.is(at('2024-05-01T10:00:00Z'), Date.parse('2024-05-01T10:00:00Z'));
  assert.is(at('2024-05-01T10:00:00+02:00', false), Date.parse('2024-05-01T08:00:00Z'));
  assert.is(at('2024-05-01T10:00'), Date.parse('2024-05-01T10:00:00Z'));
  for (const bad of ['yesterday', '15m', '-15', '-15y', '2024-13-01']) {
    assert.match(usage(() => at(bad)), `--since expects an ISO-8601 time (2024-05-01T10:00:00Z) or a relative time (-15m, -2h, -1d), got "${bad}"`);
  }
});

const flags = (over: Partial<LogFilterFlags>): LogFilterFlags => ({
  entity: undefined, type: [], since: undefined, until: undefined, 'from-seq': undefined, 'to-seq': undefined,
  follow: false, verify: false, utc: true, ...over,
});

test('log-options: filters become read options; contradictions are usage errors', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(readOptionsOf(flags({ entity: 'resource/web', type: ['NodeLost'], since: '-1h', 'to-seq': 9 }), now), {
    entity: { kind: 'resource', id: 'web' }, types: ['NodeLost'], since: now - 3_600_000, toSeq: 9,
  });
  assert.equal(readOptionsOf(flags({ entity: 'fence-device' }), now), { entity: { kind: 'fence-device' } });
  assert.match(usage(() => readOptionsOf(flags({ type: ['NodeLost', 'nodelost'] }), now)), '--type: unknown fact type "nodelost" (did you mean NodeLost?); valid types: NodeJoined, ');
  assert.is(usage(() => readOptionsOf(flags({ follow: true, verify: true }), now)), 'quorate log: --follow and --verify cannot be combined');
  assert.is(usage(() => readOptionsOf(flags({ follow: true, until: 'now' }), now)), 'quorate log: --follow cannot be combined with --until');
  assert.is(usage(() => readOptionsOf(flags({ since: '-1h', until: '-2h' }), now)), 'quorate log: --since (2024-05-01T11:00:00.000Z) is after --until (2024-05-01T10:00:00.000Z)');
});

test('format: a fact is one JSON object with stable fields, and a compact table row', () => {
  const e: JournalEntry = {
    kind: 'fact', seq: 12, subject: 'quorate.demo.ev.resource.web', entity: { kind: 'resource', id: 'web' }, storedAt: Date.parse('2024-05-01T10:00:00.5Z'),
    meta: { eventId: 'c/0', commandId: 'c', cluster: 'demo', origin: 'n1', occurredAt: 0, schema: 1, term: 4, crc32c: 0, entity: 'resource/web' },
    fact: { type: 'ResourceOperationFailed', resource: 'web', node: 'n1', operation: 'monitor', opId: 'o', rc: 7, reason: 'not running', durationMs: 5, timedOut: false, recovery: '' },
  };
  assert.equal(JSON.parse(JSON.stringify(toJson(e))), {
    seq: 12, subject: 'quorate.demo.ev.resource.web', time: '2024-05-01T10:00:00.500Z', entity: 'resource/web', type: 'ResourceOperationFailed',
    origin: 'n1', term: 4, data: { resource: 'web', node: 'n1', operation: 'monitor', opId: 'o', rc: 7, reason: 'not running', durationMs: 5, timedOut: false, recovery: '' },
  });
  assert.is(tableRow(e, 'demo', true),
    '     12  2024-05-01 10:00:00.500Z  resource/web            ResourceOperationFailed     n1          resource=web node=n1 operation=monitor opId=o rc=7 reason="not running" durationMs=5 timedOut=false');
  const p: JournalEntry = { kind: 'problem', seq: 13, subject: 'quorate.demo.ev.node.n3', storedAt: 0, code: 'codec.checksum', message: 'bad sum' };
  assert.equal(toJson(p), { seq: 13, subject: 'quorate.demo.ev.node.n3', time: '1970-01-01T00:00:00.000Z', problem: { code: 'codec.checksum', message: 'bad sum' } });
  assert.match(tableRow(p, 'demo', true), /^\s+13 .* node\/n3\s+!codec\.checksum\s+bad sum \(subject quorate\.demo\.ev\.node\.n3\)$/);
});

test('format: summaries skip empty values, nest maps and lists, and are cut at SUMMARY_MAX', () => {
  assert.is(summarize({ a: '', b: [], c: {}, d: 0, e: { x: 'y z', w: [1, 2] }, f: ['p', 'q'] }), 'd=0 e={x="y z" w=[1,2]} f=[p,q]');
  const long = summarize({ text: 'x'.repeat(500) });
  assert.is(long.length, SUMMARY_MAX);
  assert.ok(long.endsWith('…'));
});

test.run();
