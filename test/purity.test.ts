// machines/ stays pure: no clock, randomness, timers, I/O, edge imports, or XState `after`/`invoke` — and the check can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource, type Violation } from './fold/purity-check.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : name.endsWith('.ts') ? [p] : [];
  });
}

const show = (v: readonly Violation[]) => v.map((x) => `${x.file}:${x.line} ${x.rule}: ${x.text}`).join('\n');

test('purity: nothing under machines/ reads a clock, draws randomness, sets a timer, does I/O or imports an edge', () => {
  const files = tsFiles(join(root, 'machines'));
  assert.ok(files.length >= 10, `found ${files.length} files under machines/`);
  const found = files.flatMap((f) => checkSource(readFileSync(f, 'utf8'), f, root));
  assert.is(found.length, 0, `impure code under machines/:\n${show(found)}`);
});

const planted: Array<[rule: string, line: string]> = [
  ['clock', 'const t = Date.now();'],
  ['clock', 'const d = new Date();'],
  ['clock', "import { DateTime } from 'luxon'; const n = DateTime.now();"],
  ['random', 'const r = Math.random();'],
  ['timer', 'setTimeout(() => {}, 10);'],
  ['io-import', "import { readFileSync } from 'node:fs';"],
  ['io-import', "import fs from 'fs';"],
  ['io', 'const x = process.env.X;'],
  ['edge-import', "import { rebuild } from '../../journal/rebuild.ts';"],
  ['edge-import', "import type { ActorHost } from '../../actors/host.ts';"],
  ['edge-import', "import { main } from '../../cli/quorate.ts';"],
  ['edge-import', "import { connect } from '@nats-io/transport-node';"],
  ['xstate-after', 'states: { a: { after: { 1000: "b" } } }'],
  ['xstate-invoke', "states: { a: { invoke: { src: 'x' } } }"],
  ['xstate-invoke', "import { fromPromise } from 'xstate';"],
];

test('purity: the check fails on every planted violation', () => {
  const file = join(root, 'machines', 'node', 'planted.ts');
  for (const [rule, line] of planted) {
    const found = checkSource(`// planted\n${line}\n`, file, root);
    assert.ok(found.some((v) => v.rule === rule && v.line === 2), `"${line}" was not caught as ${rule}: ${show(found) || 'nothing found'}`);
  }
});

test('purity: comments naming the rules, and pure imports, are not violations', () => {
  const file = join(root, 'machines', 'node', 'ok.ts');
  const src = [
    '// never Date.now() or setTimeout() in here',
    '/* Math.random() would break replay */',
    "import { assign, setup } from 'xstate';",
    "import type { Fact } from '../../proto/generated.ts';",
    "import { entityKey } from '../entity.ts';",
    "const note = 'a // in a string is not a comment';",
  ].join('\n');
  assert.equal(checkSource(src, file, root), []);
});

test.run();
