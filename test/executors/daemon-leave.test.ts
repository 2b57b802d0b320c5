// The executor service when its daemon leaves and comes back, under a real one-node daemon in maintenance-mode:
// a leave in maintenance leaves resources running (unmanaged), and a start asked of a daemon that is gone never
// runs: the next daemon on that node journals it void (rc 7), so the resource is not left `starting`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fact } from '../../proto/generated.ts';
import { startTestCluster, type TestCluster, withLogs as printLogsOnFailure } from '../harness/daemons.ts';
import { HB_DUMMY, missingAgents, tempDirs, testIf } from './agents.ts';
import { appendAsCoordinator, killMachine, operate, resultOf } from './daemon-helpers.ts';

const OPTIONS = { 'heartbeat-interval': '200ms', 'dead-time': '1s', 'fencing-mode': 'watchdog', 'maintenance-mode': 'true' };
const missing = missingAgents(HB_DUMMY);
const dirs = tempDirs('daemon-leave');
let c: TestCluster | undefined;

function define(id: string, state: string): Fact {
  return {
    type: 'ResourceDefined',
    config: { id, agent: 'ocf:heartbeat:Dummy', params: { state }, meta: {}, operations: [{ name: 'monitor', intervalMs: 1000, timeoutMs: 10_000, onFail: '', role: '' }], failoverDomain: [], container: '' },
  };
}

test.after(async () => {
  try {
    if (c) {
      killMachine(c, 'n1');
      await c.stop();
    }
  } finally {
    c = undefined;
    dirs.cleanup();
  }
});

testIf(test, missing, 'executor: a leave in maintenance-mode leaves resources running; a start asked of the gone daemon is journaled void by the next', printLogsOnFailure(() => c, async () => {
  c = await startTestCluster({ nodes: ['n1'], options: OPTIONS });
  await c.waitForFact('n1 in the view', 'MembershipViewChanged', (r) => r.fact.members.includes('n1'), { timeoutMs: 60_000 });
  const kept = join(dirs.state, 'kept.state');
  const late = join(dirs.state, 'late.state');
  for (const [id, state] of [['kept', kept], ['late', late]] as const) {
    const seq = await appendAsCoordinator(c, define(id, state));
    await resultOf(c, `probe of ${id}`, (f) => f.resource === id && f.operation === 'probe', seq);
  }
  const start = await operate(c, 'kept', 'n1', 'start');
  assert.is(start.fact.type, 'ResourceOperationSucceeded', JSON.stringify(start.fact));
  assert.ok(existsSync(kept));

  // Graceful leave (SIGTERM) in maintenance-mode: kept is not stopped.
  const n1 = c.node('n1');
  const exited = n1.exited();
  n1.signal('SIGTERM');
  assert.is(await exited, 0, 'a graceful leave exits 0');
  assert.ok(existsSync(kept), 'leaving in maintenance-mode left kept running (its state file is still there)');

  // A start asked of n1 while its daemon is gone (as a DC that had not yet seen the leave would).
  const opId = `test/late/start/${Date.now()}`;
  const asked = await appendAsCoordinator(c, {
    type: 'ResourceOperationRequested', resource: 'late', node: 'n1', operation: 'start', opId, intervalMs: 0, timeoutMs: 20_000, transitionId: '', actionId: '',
  });
  await c.start('n1');
  const r = await resultOf(c, 'the void start of late', (f) => f.resource === 'late' && f.opId === opId, asked);
  assert.is(r.fact.type, 'ResourceOperationFailed', JSON.stringify(r.fact));
  assert.is(r.fact.rc, 7);
  assert.not.ok(existsSync(late), 'the void start never ran the agent');
  // The new daemon's probe finds kept still running.
  const probe = await resultOf(c, 'the probe of kept', (f) => f.resource === 'kept' && f.operation === 'probe', asked);
  assert.is(probe.fact.rc, 0);
}));

test.run();
