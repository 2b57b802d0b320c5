// The storage duties of the DC: end shared activations on fenced nodes, take over fenced owners' private
// containers (fence before recover: plannedTakeovers never names an unfenced owner), hand over a live owner's
// container once it journaled it deactivated (plannedHandovers).
import { decideContainer } from '../../machines/container/index.ts';
import { isQuorateError } from '../../machines/errors.ts';
import type { DaemonContext } from '../service.ts';
import { containerOf, fencedActivations, plannedHandovers, plannedTakeovers } from './views.ts';

/** Journals, as DC, what fencing implies for containers; `once` reports a refusal a single time. */
export async function storageDcDuties(ctx: DaemonContext, once: (key: string, msg: string) => void): Promise<void> {
  const plans = [
    ...fencedActivations(ctx.host.state()).map((t) => ({ ...t, what: 'deactivation' })),
    ...plannedTakeovers(ctx.host.state()).map((t) => ({ ...t, what: 'takeover' })),
    ...plannedHandovers(ctx.host.state()).map((t) => ({ ...t, what: 'handover' })),
  ];
  for (const t of plans) {
    const c = containerOf(ctx.host.state(), t.container);
    if (!c) continue;
    const node = (t.command as { node: string }).node;
    try {
      const facts = decideContainer(t.command, c.snapshot, ctx.clock.now());
      if (!(await ctx.appendAsDc(facts))) continue;
      ctx.say(t.what === 'takeover' ? `storage: took ${c.id} over from fenced ${c.ctx.owner} for ${node}`
        : t.what === 'handover' ? `storage: handed ${c.id} over from ${c.ctx.owner} (journaled deactivated) to ${node}`
        : `storage: ${c.id} no longer active on fenced ${node}`);
    } catch (e) {
      if (!isQuorateError(e, 'command.rejected')) throw e;
      once(`${t.what}/${c.id}/${c.lastSeq}`, `${t.what} of ${c.id}: ${(e as Error).message}`);
    }
  }
}
