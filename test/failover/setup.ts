// Failover test helpers: configuration appended as the DC would (stamped with its term), the group of three real
// agents, and journal checks (never active on two nodes, members started in order).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fact, ResourceConfig } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import type { JournalRecord } from '../../journal/journal.ts';
import type { TestCluster } from '../harness/daemons.ts';
import { ANYTHING, HB_DUMMY } from '../executors/agents.ts';

/** Why the real-agent failover tests cannot run here, or '' when they can. */
export function missingAgents(): string {
  return [HB_DUMMY, ANYTHING].filter((p) => !existsSync(p)).map((p) => `${p} missing (.ci/install-agents)`).join('; ');
}

/** Cluster options of the failover tests: fast detection, fencing by devices. */
export const FAILOVER_OPTIONS = {
  'heartbeat-interval': '200ms', 'dead-time': '3s', 'watchdog-timeout': '5s', 'fencing-mode': 'agent', 'resource-stickiness': '1000',
  // A node that loses quorum for a moment on a loaded test host keeps its resources (stop would restart the group).
  'no-quorum-policy': 'freeze',
};

const op = (name: string, intervalMs: number, timeoutMs: number) => ({ name, intervalMs, timeoutMs, onFail: '', role: '' });

/** A resource config with start/stop timeouts and a 2 s monitor. */
export function resource(id: string, agent: string, params: Record<string, string> = {}, meta: Record<string, string> = {}): ResourceConfig {
  return { id, agent, params, meta, operations: [op('start', 0, 20_000), op('stop', 0, 20_000), op('monitor', 2000, 10_000)], failoverDomain: [], container: '' };
}

/** The group of the issue: an IP-like Dummy, a filesystem-like Dummy and an application under `anything`. */
export function serviceGroup(id: string, domain: string[], appMeta: Record<string, string> = {}): Fact[] {
  const [ip, fs, app] = [`${id}-ip`, `${id}-fs`, `${id}-app`];
  return [
    { type: 'ResourceDefined', config: resource(ip, 'ocf:heartbeat:Dummy') },
    { type: 'ResourceDefined', config: resource(fs, 'ocf:heartbeat:Dummy') },
    { type: 'ResourceDefined', config: resource(app, 'ocf:heartbeat:anything', { binfile: '/bin/sleep', cmdline_options: '100000' }, appMeta) },
    { type: 'GroupDefined', config: { id, members: [ip, fs, app], meta: {}, failoverDomain: domain } },
  ];
}

/** A builtin:kill fence device for every node (test clusters only: it kills the node's processes). */
export function killDevice(nodes: string[]): Fact {
  return { type: 'FenceDeviceDefined', config: { id: 'kill', agent: 'builtin:kill', params: { dir: mkdtempSync(join(tmpdir(), 'quorate-kill-')) }, targets: nodes, hostMap: {}, meta: {} } };
}

/** Appends configuration facts, one entity at a time, stamped with the DC's term (as the admin path would). */
export async function configure(c: TestCluster, term: number, facts: Fact[]): Promise<void> {
  for (const fact of facts) await c.journal.append(entityOf(fact), [{ fact }], { origin: 'test', term });
}

type Rec = JournalRecord;
const res = (r: Rec) => (r.fact as { resource?: string }).resource ?? '';
const node = (r: Rec) => (r.fact as { node?: string }).node ?? '';
const isOp = (r: Rec, type: string, op: string) => r.fact.type === type && (r.fact as { operation?: string }).operation === op;

/**
 * Every moment a start was requested while the resource was still active (or possibly active: its node not
 * yet fenced) on another node, from the journal alone. [] is the invariant "never on two nodes at once".
 */
export function doubleStarts(facts: readonly Rec[]): string[] {
  const active = new Map<string, Set<string>>();
  const out: string[] = [];
  for (const r of facts) {
    const set = active.get(res(r)) ?? new Set<string>();
    if (isOp(r, 'ResourceOperationRequested', 'start')) {
      const others = [...set].filter((n) => n !== node(r));
      if (others.length > 0) out.push(`seq ${r.seq}: start of ${res(r)} on ${node(r)} while active on ${others.join(',')}`);
      set.add(node(r)); // from the request on, it may be running there
    } else if (isOp(r, 'ResourceOperationSucceeded', 'stop') || (isOp(r, 'ResourceOperationFailed', 'start') && [5, 7].includes((r.fact as { rc: number }).rc))) {
      set.delete(node(r));
    } else if (r.fact.type === 'NodeFenced' || (r.fact.type === 'FenceSucceeded' && r.fact.action !== 'on')) {
      const target = r.fact.type === 'NodeFenced' ? r.fact.node : r.fact.target;
      for (const s of active.values()) s.delete(target);
    }
    if (res(r)) active.set(res(r), set);
  }
  return out;
}

/** The start requests on `on` after `after`, as `resource`, in journal order; and whether each followed the previous one's success. */
export function startsOn(facts: readonly Rec[], on: string, after = 0): { order: string[]; sequential: boolean } {
  const mine = facts.filter((r) => r.seq > after && node(r) === on);
  const order = mine.filter((r) => isOp(r, 'ResourceOperationRequested', 'start')).map(res);
  let sequential = true;
  for (let i = 1; i < order.length; i++) {
    const req = mine.find((r) => isOp(r, 'ResourceOperationRequested', 'start') && res(r) === order[i])!;
    const prevOk = mine.find((r) => isOp(r, 'ResourceOperationSucceeded', 'start') && res(r) === order[i - 1]);
    if (!prevOk || prevOk.seq > req.seq) sequential = false;
  }
  return { order, sequential };
}

/** Where each resource runs per the journal (start succeeded, not stopped since, node not fenced since). */
export function placement(facts: readonly Rec[]): Map<string, string[]> {
  const on = new Map<string, Set<string>>();
  for (const r of facts) {
    const s = on.get(res(r)) ?? new Set<string>();
    if (isOp(r, 'ResourceOperationSucceeded', 'start')) s.add(node(r));
    if (isOp(r, 'ResourceOperationSucceeded', 'stop')) s.delete(node(r));
    if (r.fact.type === 'NodeFenced' || (r.fact.type === 'FenceSucceeded' && r.fact.action !== 'on')) {
      const t = r.fact.type === 'NodeFenced' ? r.fact.node : r.fact.target;
      for (const x of on.values()) x.delete(t);
    }
    if (res(r)) on.set(res(r), s);
  }
  return new Map([...on].map(([k, v]) => [k, [...v].sort()]));
}
