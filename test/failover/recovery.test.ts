// Recovery with real daemons and agents: a monitor failure restarts the application in place, and after
// migration-threshold failures its group moves; an order constraint across groups holds on start and is
// reversed on stop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import { testIf } from '../executors/agents.ts';
import * as assert from 'uvu/assert';
import type { JournalRecord } from '../../journal/journal.ts';
import { startTestCluster, type TestCluster } from '../harness/daemons.ts';
import { configure, doubleStarts, FAILOVER_OPTIONS, killDevice, missingAgents, serviceGroup } from './setup.ts';

const NODES = ['n1', 'n2', 'n3'];
let c: TestCluster | undefined;

test.after(async () => {
  if (c) await c.stop();
  c = undefined;
});

const op = (type: string, operation: string, resource: string, node?: string) => (r: JournalRecord) => {
  const f = r.fact as { type: string; operation?: string; resource?: string; node?: string };
  return f.type === type && f.operation === operation && f.resource === resource && (node === undefined || f.node === node);
};
const seqOf = (facts: JournalRecord[], after: number, match: (r: JournalRecord) => boolean) => facts.find((r) => r.seq > after && match(r))?.seq ?? -1;

/** Kills the application that `anything` supervises for `resource` on `node` (its pidfile in the node's HA_VARRUN). */
function killApp(node: string, resource: string): number {
  const pid = Number(readFileSync(join(c!.node(node).stateDir, 'agents', 'run', `anything_${resource}.pid`), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  return pid;
}

testIf(test, missingAgents() || undefined, 'failover: monitor failure restarts in place, the threshold moves the group; order across groups on start and reversed on stop', async () => {
  c = await startTestCluster({ nodes: NODES, options: FAILOVER_OPTIONS });
  const dc = await c.waitForDc({ timeoutMs: 60_000 });
  await c.waitForFact('quorum', 'QuorumGained', () => true, { timeoutMs: 60_000 });
  await configure(c, dc.term, [
    killDevice(NODES),
    ...serviceGroup('db', NODES, { 'migration-threshold': '2' }),
    ...serviceGroup('web', NODES),
    { type: 'ConstraintDefined', config: { id: 'db-then-web', order: { first: 'db', then: 'web', kind: 'mandatory', symmetrical: true, firstAction: 'start', thenAction: 'start' } } },
  ]);
  await c.waitForFact('web-app started', 'ResourceOperationSucceeded', op('ResourceOperationSucceeded', 'start', 'web-app', 'n1'), { timeoutMs: 90_000 });
  let facts = await c.facts();
  assert.ok(seqOf(facts, 0, op('ResourceOperationSucceeded', 'start', 'db-app')) < seqOf(facts, 0, op('ResourceOperationRequested', 'start', 'web-ip')), 'web starts after db');

  // First monitor failure: restart in place (fail count 1 < migration-threshold 2).
  await c.waitForFact('db-app monitored', 'ResourceOperationRequested', op('ResourceOperationRequested', 'monitor', 'db-app', 'n1'), { timeoutMs: 30_000 });
  let mark = await c.journal.lastSeq();
  const t0 = Date.now();
  killApp('n1', 'db-app');
  const failed = await c.waitForFact('db-app monitor failed', 'ResourceOperationFailed', op('ResourceOperationFailed', 'monitor', 'db-app', 'n1'), { after: mark, timeoutMs: 30_000 });
  const restarted = await c.waitForFact('db-app restarted on n1', 'ResourceOperationSucceeded', op('ResourceOperationSucceeded', 'start', 'db-app', 'n1'), { after: failed.seq, timeoutMs: 60_000 });
  await c.waitForFact('web-app restarted', 'ResourceOperationSucceeded', op('ResourceOperationSucceeded', 'start', 'web-app', 'n1'), { after: failed.seq, timeoutMs: 60_000 });
  console.log(`  monitor failure: detected after ${failed.storedAt - t0} ms, restarted in place after ${restarted.storedAt - t0} ms`);
  facts = await c.facts();
  // Reversed on stop: web (then) stops before db-app (first) restarts; web starts again after db-app.
  const dbStop = seqOf(facts, failed.seq, op('ResourceOperationRequested', 'stop', 'db-app'));
  const webStop = seqOf(facts, failed.seq, op('ResourceOperationSucceeded', 'stop', 'web-ip'));
  assert.ok(webStop > 0 && webStop < dbStop, `web stops (${webStop}) before db-app (${dbStop})`);
  assert.ok(seqOf(facts, failed.seq, op('ResourceOperationRequested', 'start', 'web-ip')) > restarted.seq, 'web starts after db-app');

  // Second failure: the threshold is reached, db leaves n1 for the next domain node.
  await c.waitForFact('db-app monitored again', 'ResourceOperationRequested', op('ResourceOperationRequested', 'monitor', 'db-app', 'n1'), { after: restarted.seq, timeoutMs: 30_000 });
  mark = await c.journal.lastSeq();
  const t1 = Date.now();
  killApp('n1', 'db-app');
  const moved = await c.waitForFact('db-app started on n2', 'ResourceOperationSucceeded', op('ResourceOperationSucceeded', 'start', 'db-app', 'n2'), { after: mark, timeoutMs: 90_000 });
  console.log(`  migration-threshold reached: db group running on n2 after ${moved.storedAt - t1} ms`);
  facts = await c.facts();
  assert.ok(seqOf(facts, mark, op('ResourceOperationSucceeded', 'stop', 'db-ip', 'n1')) < seqOf(facts, mark, op('ResourceOperationRequested', 'start', 'db-ip', 'n2')), 'db stops on n1 before it starts on n2');
  assert.equal(doubleStarts(facts), []);
});

test.run();
