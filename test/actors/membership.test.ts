import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasQuorum, planMembership, type MembershipInput, type NodeView } from '../../actors/membership.ts';

const node = (name: string, membership: NodeView['membership'], incarnation = `${name}-1`): NodeView => ({ name, membership, incarnation, votes: 1 });
const base: MembershipInput = {
  nodes: [node('n1', 'member'), node('n2', 'member'), node('n3', 'member')],
  heard: [
    { node: 'n1', incarnation: 'n1-1', silentMs: 10, leaving: false },
    { node: 'n2', incarnation: 'n2-1', silentMs: 10, leaving: false },
    { node: 'n3', incarnation: 'n3-1', silentMs: 10, leaving: false },
  ],
  suspectMs: 500, deadTimeMs: 1000, viewId: 4, members: ['n1', 'n2', 'n3'], quorate: true, twoNode: false, seenAll: true,
};
const types = (facts: { type: string }[]) => facts.map((f) => f.type);

test('membership: a steady cluster journals nothing', () => {
  assert.equal(planMembership(base), []);
});

test('membership: a silent member is suspected, then lost with a new view', () => {
  const suspect = planMembership({ ...base, heard: base.heard.map((h) => (h.node === 'n3' ? { ...h, silentMs: 700 } : h)) });
  assert.equal(types(suspect), ['NodeSuspected']);
  const lost = planMembership({ ...base, heard: base.heard.map((h) => (h.node === 'n3' ? { ...h, silentMs: 1200 } : h)) });
  assert.equal(types(lost), ['NodeLost', 'MembershipViewChanged']);
  const view = lost[1] as { members: string[]; lost: string[]; viewId: number; votes: number; expectedVotes: number };
  assert.equal(view.members, ['n1', 'n2']);
  assert.equal(view.lost, ['n3']);
  assert.is(view.viewId, 5);
  assert.is(view.votes, 2);
  assert.is(view.expectedVotes, 3);
});

test('membership: losing the majority loses quorum', () => {
  const facts = planMembership({ ...base, heard: base.heard.map((h) => (h.node === 'n1' ? h : { ...h, silentMs: 5000 })) });
  assert.equal(types(facts), ['NodeLost', 'NodeLost', 'MembershipViewChanged', 'QuorumLost']);
});

test('membership: a node heard for the first time is defined, then joins', () => {
  const facts = planMembership({ ...base, heard: [...base.heard, { node: 'n4', incarnation: 'n4-1', silentMs: 5, leaving: false }] });
  assert.equal(types(facts), ['NodeDefined', 'NodeJoined', 'MembershipViewChanged']);
});

test('membership: a member back with a new incarnation is lost first (fence before recover), a fenced one rejoins', () => {
  const restarted = planMembership({ ...base, heard: base.heard.map((h) => (h.node === 'n2' ? { ...h, incarnation: 'n2-2' } : h)) });
  assert.equal(types(restarted), ['NodeLost', 'MembershipViewChanged']);
  // Back having stopped what n2-1 ran: lost and fenced by the restart in one step; it rejoins next.
  const retired = planMembership({ ...base, heard: base.heard.map((h) => (h.node === 'n2' ? { ...h, incarnation: 'n2-2', retired: 'n2-1' } : h)) });
  assert.equal(types(retired), ['NodeLost', 'NodeFenced', 'MembershipViewChanged']);
  const fenced = planMembership({
    ...base, members: ['n1', 'n3'],
    nodes: [node('n1', 'member'), node('n2', 'fenced'), node('n3', 'member')],
    heard: base.heard.map((h) => (h.node === 'n2' ? { ...h, incarnation: 'n2-2' } : h)),
  });
  assert.equal(types(fenced), ['NodeRejoined', 'MembershipViewChanged']);
});

test('membership: a lost node stays lost until fenced, whatever it says', () => {
  const facts = planMembership({ ...base, members: ['n1', 'n3'], nodes: [node('n1', 'member'), node('n2', 'lost'), node('n3', 'member')] });
  assert.equal(facts, []);
});

test('membership: a lost node back as a new incarnation that stopped the old one\'s work counts as fenced by the restart', () => {
  const lost = { ...base, members: ['n1', 'n3'], nodes: [node('n1', 'member'), node('n2', 'lost'), node('n3', 'member')] };
  const back = (h: MembershipInput['heard'][number]) => ({ ...h, incarnation: 'n2-2' });
  // Back, but still stopping what n2-1 left running (or saying nothing about it): no fencing of n2-1 yet.
  assert.equal(planMembership({ ...lost, heard: base.heard.map((h) => (h.node === 'n2' ? back(h) : h)) }), []);
  // n2-1 itself, still heard (a partition healed): never counts as its own proof.
  assert.equal(planMembership({ ...lost, heard: base.heard.map((h) => (h.node === 'n2' ? { ...h, retired: 'n2-1' } : h)) }), []);
  // Retired another incarnation than the one the journal gave up: no.
  assert.equal(planMembership({ ...lost, heard: base.heard.map((h) => (h.node === 'n2' ? { ...back(h), retired: 'n2-0' } : h)) }), []);
  // Silent for longer than the dead time: not heard alive, no.
  assert.equal(planMembership({ ...lost, heard: base.heard.map((h) => (h.node === 'n2' ? { ...back(h), retired: 'n2-1', silentMs: 5000 } : h)) }), []);
  const facts = planMembership({ ...lost, heard: base.heard.map((h) => (h.node === 'n2' ? { ...back(h), retired: 'n2-1' } : h)) });
  assert.equal(facts, [{ type: 'NodeFenced', node: 'n2', method: 'restart', requestId: 'restart:n2-2', device: '' }]);
  // Being fenced by an agent meanwhile: the restart settles it just the same.
  const fencing = { ...lost, nodes: [node('n1', 'member'), node('n2', 'fencing'), node('n3', 'member')] };
  assert.equal(types(planMembership({ ...fencing, heard: base.heard.map((h) => (h.node === 'n2' ? { ...back(h), retired: 'n2-1' } : h)) })), ['NodeFenced']);
});

test('membership: at the quorum point the restarted nodes are fenced by their restarts, rejoin and bring quorum back', () => {
  // The DC n3 journaled n1 and n2 lost (restarted as new incarnations): view [n3], no quorum.
  const heard = base.heard.map((h) => (h.node === 'n3' ? h : { ...h, incarnation: `${h.node}-2`, retired: `${h.node}-1` }));
  const at = { ...base, heard, members: ['n3'], quorate: false, nodes: [node('n1', 'lost'), node('n2', 'lost'), node('n3', 'member')] };
  assert.equal(types(planMembership(at)), ['NodeFenced', 'NodeFenced']);
  const fenced = { ...at, nodes: [node('n1', 'fenced'), node('n2', 'fenced'), node('n3', 'member')] };
  assert.equal(types(planMembership(fenced)), ['NodeRejoined', 'NodeRejoined', 'MembershipViewChanged', 'QuorumGained']);
});

test('membership: a leaving node is not journaled lost by heartbeat silence alone once it left', () => {
  const facts = planMembership({ ...base, members: ['n1', 'n3'], nodes: [node('n1', 'member'), node('n2', 'left'), node('n3', 'member')],
    heard: base.heard.map((h) => (h.node === 'n2' ? { ...h, silentMs: 9000, leaving: true } : h)) });
  assert.equal(facts, []);
});

test('membership: quorum is a majority; two-node mode needs both seen once', () => {
  assert.ok(hasQuorum(2, 3, false, false));
  assert.not.ok(hasQuorum(1, 2, false, true));
  assert.ok(hasQuorum(1, 2, true, true));
  assert.not.ok(hasQuorum(1, 2, true, false));
  assert.not.ok(hasQuorum(0, 0, false, true));
});

test.run();
