// Helpers for the executor tests under real daemons: append facts as the DC's coordinator would, wait for results.
import type { Fact } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import type { JournalRecord } from '../../journal/journal.ts';
import type { TestCluster } from '../harness/daemons.ts';
import { machineProcesses, machineTag } from '../../actors/services/test-machine.ts';

/** The current DC term (the sequence of the last accepted DcElected claim) and node. */
export async function currentDc(c: TestCluster): Promise<{ node: string; term: number }> {
  let term = 0;
  let node = '';
  for (const r of await c.facts()) {
    if (r.fact.type === 'DcElected' && r.fact.previousTerm === term) ({ term, node } = { term: r.seq, node: r.fact.node });
  }
  return { node, term };
}

/** Appends `fact` to its entity stamped with the DC's current term, as the coordinator would; returns its sequence. */
export async function appendAsCoordinator(c: TestCluster, fact: Fact): Promise<number> {
  const dc = await currentDc(c);
  const [seq] = await c.journal.append(entityOf(fact), [{ fact }], { origin: dc.node || 'test', term: dc.term });
  return seq!;
}

let ops = 0;

/** Journals a ResourceOperationRequested and waits for its result (Succeeded or Failed with the same op id). */
export async function operate(
  c: TestCluster, resource: string, node: string, operation: string, o: { timeoutMs?: number; waitMs?: number } = {},
): Promise<JournalRecord & { fact: Extract<Fact, { type: 'ResourceOperationSucceeded' | 'ResourceOperationFailed' }> }> {
  const opId = `test/${resource}/${operation}/${++ops}/${Date.now()}`;
  const after = await appendAsCoordinator(c, {
    type: 'ResourceOperationRequested', resource, node, operation, opId, intervalMs: 0, timeoutMs: o.timeoutMs ?? 20_000, transitionId: '', actionId: '',
  });
  return resultOf(c, `${operation} of ${resource}`, (f) => f.opId === opId, after, o.waitMs);
}

/** Waits for a Succeeded or Failed operation fact matching `match` after `after` (one follow of both types). */
export async function resultOf(
  c: TestCluster, what: string, match: (f: { resource: string; operation: string; opId: string; rc: number }) => boolean, after: number, waitMs = 60_000,
): Promise<JournalRecord & { fact: Extract<Fact, { type: 'ResourceOperationSucceeded' | 'ResourceOperationFailed' }> }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), waitMs);
  try {
    const types = ['ResourceOperationSucceeded', 'ResourceOperationFailed'] as const;
    for await (const e of c.journal.follow({ fromSeq: after + 1, types: [...types], signal: abort.signal })) {
      if (e.kind === 'fact' && (e.fact.type === types[0] || e.fact.type === types[1]) && match(e.fact)) return e as never;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  throw new Error(`timed out after ${waitMs} ms waiting for the result of ${what}`);
}

/** SIGKILLs every process tagged as `node`'s test machine in `c` (agents' daemonized apps outlive the daemon). */
export function killMachine(c: TestCluster, node: string): void {
  for (const pid of machineProcesses(machineTag(c.name, node))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch { /* gone */ }
  }
}
