// The executor services of the daemon: agents, fencing, fence escalation, deadlines, validate-all.
import type { AgentOptions } from '../executors/agent.ts';
import type { DaemonService } from '../service.ts';
import { createDeadlineService } from './deadlines.ts';
import { createExecutorService } from './executor.ts';
import { createFenceEscalationService } from './fence-escalation.ts';
import { createFencingService } from './fencing.ts';
import { join } from 'node:path';
import { createTestMachine, MACHINE_ENV, tagThisMachine } from './test-machine.ts';
import { createValidateService } from './validate.ts';

export { createDeadlineService, dueDeadlines } from './deadlines.ts';
export { createExecutorService, type ExecutorServiceOptions } from './executor.ts';
export { createFenceEscalationService, fenceExecutor } from './fence-escalation.ts';
export { createFencingService, fenceAnswer, type FencingServiceOptions } from './fencing.ts';
export { createTestMachine, killTestMachine, machineProcesses, machineTag, MACHINE_ENV, tagThisMachine, type TestMachine } from './test-machine.ts';
export { createValidateService } from './validate.ts';

/**
 * The services that act on this node's agents and fences, and the DC's duties that go with them. Tags this
 * process (and every agent it runs) as `cluster/node`'s test machine, so builtin:kill can find them all;
 * call it before the daemon starts its watchdog.
 */
export function executorServices(options: { readonly node: string; readonly cluster: string; readonly stateDir: string }): DaemonService[] {
  tagThisMachine(options.cluster, options.node);
  const machine = createTestMachine(options.cluster, options.node, join(options.stateDir, 'agents', 'state'));
  const agent: AgentOptions = { env: { [MACHINE_ENV]: machine.tag } };
  return [
    createExecutorService({ stateDir: options.stateDir, agent, onGroup: (pgid) => machine.ranInGroup(pgid) }),
    createFencingService({ cluster: options.cluster, agent, machine }),
    createFenceEscalationService(),
    createDeadlineService(),
    createValidateService({ stateDir: options.stateDir, agent }),
  ];
}
