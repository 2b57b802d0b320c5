// The DC's deadline keeper: journals DeadlineExpired for every resource deadline (failure-timeout) that is due.
//
// A deadline is data in the resource's context (the fold has no clock); its expiry is history only once
// journaled. Scanning the folded state each DC tick, rather than arming timers from ArmDeadline intents,
// survives a DC change: the new DC sees the same deadlines in the same state and journals the due ones.
import type { Fact } from '../../proto/generated.ts';
import type { ClusterState } from '../../machines/fold.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import { resourcesOf } from './views.ts';

/** The DeadlineExpired facts due at `now` (ms since the epoch). Pure. */
export function dueDeadlines(state: ClusterState, now: number): Fact[] {
  const facts: Fact[] = [];
  for (const r of resourcesOf(state)) {
    for (const d of r.context.deadlines ?? []) {
      if (d.dueAt <= now) facts.push({ type: 'DeadlineExpired', entity: `resource/${r.id}`, deadline: d.id, dueAt: d.dueAt });
    }
  }
  return facts;
}

/** Creates the deadline service. */
export function createDeadlineService(): DaemonService {
  let ctx!: DaemonContext;
  return {
    name: 'deadlines',
    // ArmDeadline / CancelDeadline need no timer here (see the file header); declared so they are not "unhandled".
    dcIntents: ['ArmDeadline', 'CancelDeadline'],
    start(c) {
      ctx = c;
    },
    onDcIntent() {},
    async dcTick() {
      const facts = dueDeadlines(ctx.host.state(), ctx.clock.now());
      if (facts.length === 0) return;
      if (await ctx.appendAsDc(facts)) for (const f of facts) ctx.say(`journaled DeadlineExpired ${(f as { entity: string; deadline: string }).entity} ${(f as { deadline: string }).deadline}`);
    },
  };
}
