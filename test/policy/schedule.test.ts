// Scheduler properties over random clusters (fast-check), input errors, and purity of machines/policy/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isQuorateError } from '../../machines/errors.ts';
import { formatSummary, schedule, type ScheduleInput, type NodeStatus } from '../../machines/policy/index.ts';

const T = 1_700_000_000_000;
const STATUSES: NodeStatus[] = ['online', 'online', 'online', 'standby', 'maintenance', 'lost-unfenced', 'fenced', 'offline'];

/** Random small clusters: nodes with statuses, resources running somewhere, some groups and constraints. */
const clusters = fc.record({
  statuses: fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 5 }),
  resources: fc.array(fc.record({ on: fc.array(fc.nat(6), { maxLength: 2 }), stopped: fc.boolean(), failed: fc.boolean(), fails: fc.nat(3) }), { maxLength: 8 }),
  groupSize: fc.nat(3),
  locations: fc.array(fc.tuple(fc.nat(7), fc.nat(6), fc.constantFrom(-1_000_000, -50, 0, 50, 200, 1_000_000)), { maxLength: 6 }),
  colocations: fc.array(fc.tuple(fc.nat(7), fc.nat(7), fc.constantFrom(-1_000_000, 30, 1_000_000)), { maxLength: 3 }),
  orders: fc.array(fc.tuple(fc.nat(7), fc.nat(7), fc.boolean()), { maxLength: 3 }),
  quorate: fc.boolean(),
  stonith: fc.boolean(),
}).map((c): ScheduleInput => {
  const nodes = c.statuses.map((status, i) => ({ name: `n${i}`, status }));
  const node = (i: number) => nodes[i % nodes.length]!.name;
  const ids = c.resources.map((_, i) => `r${i}`);
  const rid = (i: number) => ids[i % Math.max(1, ids.length)] ?? 'r0';
  const resources = c.resources.map((r, i) => {
    const running = [...new Set(r.on.map(node))];
    return {
      id: ids[i]!, agent: 'ocf:heartbeat:Dummy', running,
      failed: r.failed && running.length > 0 ? [running[0]!] : [],
      meta: { 'target-role': r.stopped ? 'Stopped' : 'Started', 'migration-threshold': '2' },
      failCounts: r.fails > 0 ? { [node(i)]: { count: r.fails, lastFailedAt: T } } : {},
    };
  });
  const members = ids.slice(0, Math.min(c.groupSize, ids.length));
  return {
    nodes, resources,
    groups: members.length > 1 ? [{ id: 'g', members }] : [],
    locations: ids.length ? c.locations.map(([r, n, s], i) => ({ id: `l${i}`, resource: rid(r), node: node(n), score: s })) : [],
    colocations: ids.length ? c.colocations.map(([a, b, s], i) => ({ id: `c${i}`, resource: rid(a), with: rid(b), score: s })) : [],
    orders: ids.length ? c.orders.map(([a, b, m], i) => ({ id: `o${i}`, first: rid(a), then: rid(b), kind: m ? 'mandatory' as const : 'optional' as const })) : [],
    options: { stonithEnabled: c.stonith },
    quorate: c.quorate,
    at: T,
  };
});

test('policy: every graph is ordered, starts only on online nodes, once per resource, after fencing', () => {
  fc.assert(fc.property(clusters, (input) => {
    const g = schedule(input);
    const status = new Map(input.nodes.map((n) => [n.name, n.status]));
    const seen = new Set<string>();
    const starts = new Set<string>();
    const fenced = new Set(g.fences.map((f) => f.node));
    for (const a of g.actions) {
      for (const d of a.dependsOn) assert.ok(seen.has(d), `${a.id} depends on ${d}, which is not before it`);
      seen.add(a.id);
      if (a.kind !== 'start') continue;
      assert.is(status.get(a.node), 'online', `${a.id} on a node that is not online`);
      assert.not.ok(starts.has(a.resource), `${a.resource} started twice`);
      starts.add(a.resource);
      const r = input.resources.find((x) => x.id === a.resource)!;
      for (const n of r.running ?? []) {
        if (status.get(n) !== 'lost-unfenced') continue;
        assert.ok(fenced.has(n), `${a.id}: ${a.resource} may still run on unfenced ${n}`);
        assert.ok(a.dependsOn.includes(`fence:${n}`), `${a.id} does not wait for fence:${n}`);
      }
    }
    for (const p of g.placements) if (p.node) assert.ok(['online', 'maintenance', 'lost-unfenced', 'standby'].includes(status.get(p.node)!), `${p.resource} placed on ${p.node}`);
    if (!input.quorate) assert.ok(g.actions.every((a) => a.kind === 'stop'), 'without quorum only stops');
  }), { numRuns: 400 });
});

test('policy: the graph does not depend on the order of the input lists', () => {
  fc.assert(fc.property(clusters, (input) => {
    const rev: ScheduleInput = {
      ...input,
      nodes: [...input.nodes].reverse(), resources: [...input.resources].reverse(), locations: [...(input.locations ?? [])].reverse(),
      colocations: [...(input.colocations ?? [])].reverse(), orders: [...(input.orders ?? [])].reverse(),
    };
    const a = schedule(input);
    const b = schedule(rev);
    assert.equal(b.actions, a.actions);
    assert.is(formatSummary(b), formatSummary(a));
  }), { numRuns: 200 });
});

test('policy: bad input is a config error naming the place', () => {
  const base: ScheduleInput = { nodes: [{ name: 'n1', status: 'online' }], resources: [{ id: 'web', agent: 'x' }], quorate: true, at: T };
  const cases: [ScheduleInput, RegExp][] = [
    [{ ...base, nodes: [{ name: 'n1', status: 'sleepy' as NodeStatus }] }, /node n1 status: "sleepy" is not one of/],
    [{ ...base, resources: [{ id: 'web', agent: 'x', running: ['n9'] }] }, /resource web running: node "n9" is not in nodes/],
    [{ ...base, resources: [{ id: 'web', agent: 'x', meta: { 'migration-threshold': 'lots' } }] }, /resource\/web meta migration-threshold: "lots" is not a score/],
    [{ ...base, resources: [{ id: 'web', agent: 'x' }, { id: 'web', agent: 'y' }] }, /resource web: is defined twice/],
    [{ ...base, at: Number.NaN }, /at: is not a time/],
    [{ ...base, options: { noQuorumPolicy: 'panic' as 'stop' } }, /noQuorumPolicy: "panic"/],
  ];
  for (const [input, message] of cases) {
    try {
      schedule(input);
      assert.unreachable(`accepted ${message}`);
    } catch (e) {
      assert.ok(isQuorateError(e, 'config.invalid'), String(e));
      assert.match((e as Error).message, message);
    }
  }
});

test('policy: machines/policy/ reads no clock, randomness, timers, I/O or edge modules', () => {
  const dir = fileURLToPath(new URL('../../machines/policy', import.meta.url));
  const forbidden = [/Date\.now/, /new Date\(/, /DateTime\.now/, /Math\.random/, /setTimeout|setInterval|setImmediate/, /from '(node:|journal|actors|cli|@nats-io)/, /from '\.\.\/\.\.\/(journal|actors|cli)/, /\.localeCompare\(/, /process\./];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const re of forbidden) assert.not.match(text, re, `${f} matches ${re}`);
  }
});

test.run();
