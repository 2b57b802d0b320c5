// Scripted CTS analogues: each injects one fault into a settled cluster, waits for the journal to show the
// cluster's reaction (never a fixed sleep standing in for it), and heals.
import { waitFor } from '../harness/nats.ts';
import type { FaultCluster } from './harness.ts';
import { currentDc, nemesis, streamLeader, type Heal } from './nemesis.ts';
import type { Scenario } from './run.ts';

const lastSeq = (c: FaultCluster) => c.journal.lastSeq();

/** Waits for a fact of `type` about `node` after `after` (follows the journal). */
async function factAbout(c: FaultCluster, type: 'NodeLost' | 'NodeFenced' | 'NodeRejoined' | 'DcElected', node: string, after: number, timeoutMs = 60_000): Promise<number> {
  return waitFor(`${type} for ${node}`, async () => {
    const r = (await c.facts(after + 1)).find((x) => x.fact.type === type && (x.fact as { node: string }).node === node);
    return r?.seq;
  }, timeoutMs);
}
const other = (c: FaultCluster, not: string) => [...c.nodes.keys()].find((n) => n !== not)!;
const dcNow = (c: FaultCluster) => waitFor('a DC', () => currentDc(c), 60_000);

const named = (name: string, fn: Scenario): Scenario => Object.defineProperty(fn, 'name', { value: name });

/** The CTS analogues the CI tier runs once each. */
export const SCENARIOS: Record<string, Scenario> = {
  'kill the DC': named('kill-dc', async (c) => {
    const dc = await dcNow(c);
    const after = await lastSeq(c);
    const heal = nemesis.kill(c, dc);
    await factAbout(c, 'NodeFenced', dc, after);
    await heal();
    await factAbout(c, 'NodeRejoined', dc, after);
  }),
  'pause a node past the dead time': named('pause-node', async (c) => {
    const victim = other(c, await dcNow(c));
    const after = await lastSeq(c);
    const heal: Heal = nemesis.pause(c, victim, 2_000);
    await factAbout(c, 'NodeLost', victim, after);
    await heal();
    await factAbout(c, 'NodeRejoined', victim, after);
  }),
  'isolate the DC (split brain, fencing on)': named('isolate-dc', async (c) => {
    const dc = await dcNow(c);
    const after = await lastSeq(c);
    const heal = nemesis.isolate(c, dc);
    await factAbout(c, 'NodeFenced', dc, after);
    await heal();
    await factAbout(c, 'NodeRejoined', dc, after);
  }),
  'cut one route (non-transitive partition)': named('cut-route', async (c) => {
    const after = await lastSeq(c);
    const heal = nemesis.cutRoute(c, 0, 1);
    await waitFor('the journal to keep accepting facts', async () => (await lastSeq(c)) > after + 2, 60_000);
    await heal();
  }),
  'kill the stream leader': named('kill-leader', async (c) => {
    const leader = await waitFor('a stream leader', () => streamLeader(c), 30_000);
    const heal = nemesis.killServers(c, [leader]);
    const after = await lastSeq(c);
    await waitFor('the journal to accept facts again', async () => (await lastSeq(c).catch(() => 0)) > after + 1, 60_000);
    await heal();
  }),
  'wipe a node\'s local state': named('wipe', async (c) => {
    const victim = other(c, await dcNow(c));
    const after = await lastSeq(c);
    const heal = nemesis.wipe(c, victim);
    await heal();
    await factAbout(c, 'NodeRejoined', victim, after);
  }),
  'start/stop storm near the quorum point': named('quorum-storm', async (c) => {
    // Twice: the DC and another node die together (the survivor alone has no quorum and must not act, I3),
    // one comes back (the quorum point: a new DC from two of three), then the other.
    for (let round = 0; round < 2; round++) {
      const dc = await dcNow(c);
      const second = other(c, dc);
      const survivor = [...c.nodes.keys()].find((n) => n !== dc && n !== second)!;
      const after = await lastSeq(c);
      const healDc = nemesis.kill(c, dc);
      const healSecond = nemesis.kill(c, second);
      await waitFor(`${survivor} to see it has no quorum`, () => c.node(survivor).status()?.quorate === false, 60_000);
      await healDc();
      await waitFor('a DC elected from two of three', async () => (await c.facts(after + 1)).some((r) => r.fact.type === 'DcElected'), 60_000);
      await healSecond();
      await waitFor('a journaled view of all three again', async () => (await c.facts(after + 1)).some((r) =>
        r.fact.type === 'MembershipViewChanged' && [...c.nodes.keys()].every((n) => (r.fact as { members: string[] }).members.includes(n))), 60_000);
    }
  }),
};
