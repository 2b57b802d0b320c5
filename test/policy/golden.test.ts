// Golden scheduler cases: test/policy/cases/<name>/input.json -> expected.summary (rewritten only with UPDATE_GOLDEN=1).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatActions, formatSummary, schedule, type ScheduleInput } from '../../machines/policy/index.ts';

const casesDir = fileURLToPath(new URL('./cases', import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';

/** The golden text of a case: the summary, then the actions with their dependencies. */
function render(input: ScheduleInput): string {
  const g = schedule(input);
  return `${formatSummary(g)}${formatActions(g.actions)}`;
}

/** The same cluster with every list reversed: the result must not depend on input order. */
function reversed(input: ScheduleInput): ScheduleInput {
  const rev = <T>(a: readonly T[] | undefined) => (a ? [...a].reverse() : undefined);
  return {
    ...input,
    nodes: rev(input.nodes)!,
    resources: rev(input.resources)!,
    groups: rev(input.groups),
    locations: rev(input.locations),
    colocations: rev(input.colocations),
    orders: rev(input.orders),
  };
}

const names = readdirSync(casesDir).sort();

test('policy: there are at least 40 golden cases', () => {
  assert.ok(names.length >= 40, `only ${names.length} cases`);
});

for (const name of names) {
  test(`policy: golden case ${name}`, () => {
    const dir = join(casesDir, name);
    const { description: _d, ...input } = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as ScheduleInput & { description?: string };
    const actual = render(input);
    const file = join(dir, 'expected.summary');
    if (update) writeFileSync(file, actual);
    assert.ok(existsSync(file), `${name}: no expected.summary (run with UPDATE_GOLDEN=1 to write it, then review it)`);
    assert.fixture(actual, readFileSync(file, 'utf8'));
    assert.fixture(render(reversed(input)), actual, `${name}: input order changed the result`);
  });
}

test.run();
