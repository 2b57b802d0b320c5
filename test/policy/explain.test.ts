// `quorate why` data: every node's score with the rules behind it, and why the chosen node won.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatExplanation, why, type ScheduleInput } from '../../machines/policy/index.ts';

const T = 1_700_000_000_000;
const input: ScheduleInput = {
  nodes: [{ name: 'n1', status: 'standby' }, { name: 'n2', status: 'online' }, { name: 'n3', status: 'online' }],
  resources: [
    { id: 'ip', agent: 'ocf:heartbeat:Dummy', running: ['n3'], meta: { 'resource-stickiness': '50' } },
    { id: 'app', agent: 'ocf:heartbeat:anything', running: ['n3'], meta: { 'migration-threshold': '2' }, failCounts: { n2: { count: 2, lastFailedAt: T } } },
    { id: 'db', agent: 'ocf:heartbeat:Dummy' },
  ],
  groups: [{ id: 'svc', members: ['ip', 'app'], failoverDomain: ['n1', 'n2', 'n3'] }],
  locations: [{ id: 'l1', resource: 'svc', node: 'n3', score: 20 }],
  quorate: true,
  at: T,
};

test('policy: why lists every node with its score and contributing rules', () => {
  const e = why(input, 'ip');
  assert.is(e.group, 'svc');
  assert.equal(e.current, ['n3']);
  assert.is(e.chosen, 'n3');
  assert.equal(e.nodes.map((n) => n.node), ['n3', 'n1', 'n2']);
  const n3 = e.nodes[0]!;
  assert.is(n3.score, 100 + 20 + 50);
  assert.equal(n3.contributions.map((c) => c.rule).sort(), ['failover-domain', 'location', 'stickiness']);
  const n1 = e.nodes.find((n) => n.node === 'n1')!;
  assert.not.ok(n1.allowed);
  assert.ok(n1.contributions.some((c) => c.rule === 'node' && c.detail === 'n1 is in standby'));
  const n2 = e.nodes.find((n) => n.node === 'n2')!;
  assert.ok(n2.contributions.some((c) => c.rule === 'migration-threshold' && c.detail.includes('member app')), 'a member ban shows on the group');
  assert.match(e.why, /n3 is the only node that can run it/);
});

test('policy: why says a tie was kept on the current node or went to the lowest name', () => {
  const two: ScheduleInput = {
    nodes: [{ name: 'a', status: 'online' }, { name: 'b', status: 'online' }],
    resources: [{ id: 'x', agent: 'd', running: ['b'] }, { id: 'y', agent: 'd' }],
    quorate: true,
    at: T,
  };
  assert.match(why(two, 'x').why, /ties with a at 0; it already runs there/);
  assert.match(why(two, 'y').why, /ties with b at 0; the lowest node name wins/);
});

test('policy: why explains a stopped resource and a left-alone one', () => {
  const e = why({ ...input, resources: input.resources.map((r) => (r.id === 'db' ? { ...r, meta: { 'target-role': 'Stopped' } } : r)) }, 'db');
  assert.is(e.chosen, null);
  assert.match(e.why, /every node scores -INFINITY/);
  assert.ok(e.nodes.every((n) => n.contributions.some((c) => c.rule === 'target-role')));
  const frozen = why({ ...input, options: { maintenanceMode: true } }, 'ip');
  assert.match(frozen.why, /left as it is: maintenance-mode/);
});

test('policy: formatExplanation prints nodes, rules and the verdict', () => {
  const text = formatExplanation(why(input, 'ip'));
  assert.match(text, /^ip \(group svc\): runs on n3; now on n3/);
  assert.match(text, /n3 \(online\): 170 {2}<- chosen/);
  assert.match(text, /-INFINITY {2}node: n1 is in standby/);
  assert.match(text, /why: n3 is the only node/);
});

test('policy: why names an unknown resource', () => {
  assert.throws(() => why(input, 'nope'), /no resource "nope"/);
});

test.run();
