// Test helper: random LEGAL fact sequences. Candidates per entity are filtered by the machine (snapshot.can) through a pure fold.
import type { Fact } from '../../proto/generated.ts';
import { entityKey, entityOf } from '../../machines/entity.ts';
import { termRefusal } from '../../machines/dc-term.ts';
import { currentTerm, emptyState, foldEntry, hasTransition, initialSnapshot, type ClusterState } from '../../machines/fold.ts';
import { factEvent } from '../../machines/kind.ts';
import { moduleFor } from '../../machines/registry.ts';

export const NODES = ['n1', 'n2', 'n3', 'n4'] as const;
export const RESOURCES = ['web', 'db', 'ip'] as const;

const resourceConfig = (id: string, n: number) => ({
  id, agent: 'ocf:heartbeat:Dummy', params: { state: `/run/${id}` }, meta: { 'migration-threshold': String(1 + (n % 3)) },
  operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, onFail: '', role: '' }],
  failoverDomain: [...NODES], container: '',
});

/**
 * Every plausible fact for the world, parameterised by `n` (a small random number); `term` is the DC term in
 * force, so that one DC claim among them can win (the others name a term that is rarely the current one).
 */
export function candidates(n: number, term = n): Fact[] {
  const out: Fact[] = [];
  const other = NODES[n % NODES.length]!;
  const reqId = `f${n % 5}`;
  for (const node of NODES) {
    out.push(
      { type: 'NodeDefined', config: { node, votes: 1, attributes: { rack: `r${n % 2}` } } },
      { type: 'NodeJoined', node, incarnation: `i${n % 3}`, address: `10.0.0.${n % 250}` },
      { type: 'NodeSuspected', node, lastHeardAt: 1000 * n, silentMs: 500 + n },
      { type: 'NodeLost', node, viewId: n, reason: 'silent' },
      { type: 'FenceRequested', target: node, action: n % 4 === 0 ? 'reboot' : 'off', requestId: reqId, reason: 'lost', requestedBy: other, executor: n % 3 === 0 ? '' : other },
      { type: 'FenceSucceeded', target: node, action: 'off', requestId: reqId, level: 1, devices: ['pdu'], durationMs: 40 },
      { type: 'FenceFailed', target: node, action: 'off', requestId: reqId, level: 1, devices: ['pdu'], reason: 'timeout', durationMs: 99, final: n % 2 === 0 },
      { type: 'NodeFenced', node, method: 'manual', requestId: '', device: '' },
      { type: 'NodeStandby', node, reason: 'admin' },
      { type: 'NodeOnline', node },
      { type: 'NodeMaintenance', node, on: n % 2 === 0 },
      { type: 'NodeLeft', node, reason: 'graceful' },
      { type: 'NodeRejoined', node, incarnation: `j${n % 4}` },
      { type: 'NodeRemoved', node },
    );
  }
  for (const r of RESOURCES) {
    const op = ['start', 'stop', 'monitor', 'probe'][n % 4]!;
    out.push(
      { type: 'ResourceDefined', config: resourceConfig(r, n) },
      { type: 'ResourceChanged', config: resourceConfig(r, n + 1) },
      { type: 'ResourceOperationRequested', resource: r, node: other, operation: op, opId: `${r}-${n}`, intervalMs: 0, timeoutMs: 20_000, transitionId: 't', actionId: `t/${n}` },
      { type: 'ResourceOperationSucceeded', resource: r, node: other, operation: op, opId: `${r}-${n}`, rc: 0, durationMs: 12, output: '' },
      { type: 'ResourceOperationFailed', resource: r, node: other, operation: op, opId: `${r}-${n}`, rc: 1, reason: 'boom', durationMs: 5, timedOut: false, recovery: 'soft' },
      { type: 'FailCountReset', resource: r, node: '', reason: 'cleanup' },
      { type: 'ResourceRemoved', id: r },
    );
  }
  const members = NODES.slice(0, 1 + (n % NODES.length));
  out.push(
    { type: 'MembershipViewChanged', viewId: n, members: [...members], lost: NODES.filter((x) => !members.includes(x)), votes: members.length, expectedVotes: NODES.length },
    { type: 'QuorumGained', viewId: n, votes: 3, expectedVotes: 4 },
    { type: 'QuorumLost', viewId: n, votes: 1, expectedVotes: 4 },
    { type: 'DcElected', node: other, previousTerm: n, previousDc: '', viewId: n, votes: 0, expectedVotes: 0, heard: [], twoNode: false },
    { type: 'DcElected', node: other, previousTerm: term, previousDc: '', viewId: n, votes: 0, expectedVotes: 0, heard: [], twoNode: false },
    { type: 'DcResigned', node: other, reason: 'shutdown' },
    { type: 'ClusterOptionsDefined', options: { 'stonith-enabled': 'true', 'no-quorum-policy': 'stop' } },
    { type: 'ClusterOptionsChanged', options: { 'resource-stickiness': String(n % 100) } },
  );
  return out;
}

/**
 * True when the fold would accept `fact` written now with the current DC term (as every writer stamps it): the
 * entity's machine, in its state in `state`, has a transition for it, and the term rule lets it through. Pure.
 */
export function isLegal(state: ClusterState, fact: Fact): boolean {
  const term = currentTerm(state);
  if (termRefusal(fact, term, term) !== undefined) return false;
  const ref = entityOf(fact);
  const snap = state.entities.get(entityKey(ref))?.snapshot ?? initialSnapshot(ref);
  return hasTransition(moduleFor(ref).machine, snap, factEvent(fact, state.position + 1, 0));
}

/**
 * A legal sequence: choice i picks, among candidates(choice) that the machines
 * accept after the facts before it, the (choice mod count)-th. Deterministic in
 * `choices`, so fast-check can shrink it. `prefix` facts come first, as given.
 */
export function legalFacts(choices: readonly number[], prefix: readonly Fact[] = []): Fact[] {
  const state = emptyState('prop');
  const facts: Fact[] = [];
  const picks: Array<number | Fact> = [...prefix, ...choices];
  for (const c of picks) {
    let fact: Fact;
    if (typeof c === 'number') {
      const legal = candidates(c, currentTerm(state)).filter((f) => isLegal(state, f));
      if (legal.length === 0) continue;
      fact = legal[c % legal.length]!;
    } else fact = c;
    facts.push(fact);
    foldEntry(state, {
      kind: 'fact', seq: state.position + 1, entity: entityOf(fact), fact,
      meta: { cluster: 'prop', occurredAt: 0, origin: '', term: currentTerm(state) },
    });
  }
  return facts;
}

/**
 * The term each of `facts` is stamped with when written in order from sequence `from` + 1 onto a journal
 * that holds nothing else: the DC term in force when it is written, as the daemon's writers stamp it. Pure.
 */
export function termsOf(facts: readonly Fact[], from = 0): number[] {
  const state = emptyState('prop');
  state.position = from;
  return facts.map((fact) => {
    const term = currentTerm(state);
    foldEntry(state, { kind: 'fact', seq: state.position + 1, entity: entityOf(fact), fact, meta: { cluster: 'prop', occurredAt: 0, origin: '', term } });
    return term;
  });
}
