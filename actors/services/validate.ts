// The DC's configuration check: runs validate-all when a resource is defined or changed, and journals a
// failed `validate` operation with the agent's own reason when the agent rejects the configuration.
//
// Only the DC runs it (once per configuration it sees; a new DC checks again, which costs one agent call
// per resource). An agent without validate-all (rc 3, unimplemented) has nothing to say: not a failure.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentOptions } from '../executors/agent.ts';
import { createResourceExecutor, type ResourceExecutor } from '../executors/executor.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import { operationTimeoutMs, refusedFact, resultFact } from './operations.ts';
import { resourcesOf } from './views.ts';

/** Options: where the agents keep state (validate-all must not touch a running instance's files). */
export interface ValidateServiceOptions {
  readonly stateDir: string;
  readonly agent?: AgentOptions;
}

/** Creates the validate service (see the file header). */
export function createValidateService(options: ValidateServiceOptions): DaemonService {
  let ctx!: DaemonContext;
  let executor!: ResourceExecutor;
  const checked = new Set<string>();
  const running = new Set<Promise<void>>();

  const check = async (id: string, key: string, config: NonNullable<ReturnType<typeof resourcesOf>[number]['context']['config']>) => {
    const opId = `validate:${id}:${key}`;
    let fact;
    try {
      const r = await executor.execute({
        opId, resource: id, agent: config.agent, action: 'validate-all', params: config.params, meta: config.meta,
        timeoutMs: operationTimeoutMs(config, 'validate-all'), intervalMs: 0, node: ctx.node,
      });
      if (r.ok || r.rc === 3) return;
      fact = resultFact(ctx.node, 'validate', r);
    } catch (e) {
      fact = refusedFact(ctx.node, id, 'validate', opId, (e as Error).message);
    }
    await ctx.appendAsNode([fact]);
    ctx.say(`journaled ResourceOperationFailed ${id} validate: ${(fact as { reason: string }).reason}`);
  };

  return {
    name: 'validate',
    start(c) {
      ctx = c;
      const dir = join(c.stateDir, 'agents', 'validate');
      mkdirSync(dir, { recursive: true });
      executor = createResourceExecutor({ stateDir: dir, runDir: dir, ...options.agent });
    },
    async dcTick() {
      for (const r of resourcesOf(ctx.host.state())) {
        const config = r.context.config;
        if (!config) continue;
        const key = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
        if (checked.has(`${r.id}@${key}`)) continue;
        checked.add(`${r.id}@${key}`);
        // Not awaited: a slow agent must not hold up the DC's tick.
        const p = check(r.id, key, config).catch((e: Error) => ctx.say(`validate ${r.id}: ${e.message}`));
        running.add(p);
        void p.finally(() => running.delete(p));
      }
    },
    async stop() {
      await Promise.all(running);
    },
  };
}
