// Seeded random fault choice for randomized runs: one fault (or a double fault) per call, from the catalogue.
import type { FaultCluster } from './harness.ts';
import { currentDc, nemesis, streamLeader, type Heal } from './nemesis.ts';
import { randomOperatorAction } from './operator.ts';

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)]!;

/**
 * Which faults to draw from: the whole catalogue; only the faults of the fixtures and the double faults (fence
 * agent failing or hanging, flaky's monitor and stop failing, storms, the DC killed during a fence, a partition
 * during an election), to exercise them on purpose; or only those that leave the writing DC alive but cut off
 * (isolate, pause past the dead time): the faults an unsafe build's missing fence confirmation turns into two
 * writers, so the checker self-test measures the checkers rather than the luck of the draw. Not a server minority:
 * there the old DC loses the journal and self-fences before anyone counts it lost, so no build can split.
 */
export type FaultSet = 'all' | 'fixtures' | 'split-brain';

/** The fault sets by name (torture's --faults). */
export const FAULT_SETS: readonly FaultSet[] = ['all', 'fixtures', 'split-brain'];

/** Injects one randomly chosen fault and returns its healing. */
export async function randomFault(c: FaultCluster, random: () => number, set: FaultSet = 'all'): Promise<Heal> {
  const nodes = [...c.nodes.keys()];
  const anyNode = () => pick(nodes, random);
  const dcOrAny = () => currentDc(c) ?? anyNode();
  /** A member other than the DC (a node still booting is not lost when killed: nothing would be fenced). */
  const member = (but?: string) => {
    const others = nodes.filter((n) => n !== but);
    const members = others.filter((n) => c.node(n).running && c.node(n).status()?.quorate);
    return pick(members.length > 0 ? members : others, random);
  };
  const fixtures = [
    () => nemesis.fenceAgent(c, 'fail', random() < 0.3 ? dcOrAny() : member()),
    () => nemesis.fenceAgent(c, 'hang', member()),
    () => nemesis.flakyMonitor(c, random() < 0.5 ? 7 : 1),
    () => nemesis.flakyStop(c, 'fail'),
    () => nemesis.flakyStop(c, 'hang'),
    () => nemesis.storm(c, random, 4 + Math.floor(random() * 5)),
    () => nemesis.partitionDuringElection(c, random),
    // Two nodes: killing both leaves none to fence or to elect (two_node waits for all after a cold start).
    ...(nodes.length >= 3 ? [() => nemesis.killDcDuringFence(c, member(currentDc(c)))] : []),
  ];
  if (set === 'fixtures') return pick(fixtures, random)();
  const kinds = [
    ...fixtures,
    () => nemesis.kill(c, anyNode()),
    () => nemesis.kill(c, dcOrAny()),
    () => nemesis.pause(c, dcOrAny(), 500 + random() * 400), // shorter than the dead time
    () => nemesis.pause(c, anyNode(), 1_500 + random() * 800), // longer than the dead time, below the watchdog
    () => nemesis.pause(c, anyNode(), 3_500), // past the watchdog timeout: killed by its watchdog
    () => nemesis.isolate(c, dcOrAny()),
    () => nemesis.isolate(c, anyNode()),
    () => nemesis.splitServers(c, [Math.floor(random() * 3)]),
    () => nemesis.cutRoute(c, 0, 1 + Math.floor(random() * 2)),
    () => nemesis.slow(c, anyNode(), 50 + random() * 100, 50),
    () => nemesis.killServers(c, [Math.floor(random() * 3)]),
    async () => nemesis.killServers(c, [(await streamLeader(c)) ?? 0]),
    () => nemesis.pauseServers(c, [Math.floor(random() * 3)]),
    () => nemesis.clock(c, anyNode(), (random() < 0.5 ? -1 : 1) * 30_000, random() * 0.05),
    () => nemesis.wipe(c, anyNode()),
    () => { // double fault: the DC dies while another node is isolated
      const dc = dcOrAny();
      const other = nodes.find((n) => n !== dc)!;
      const a = nemesis.isolate(c, other);
      const b = nemesis.kill(c, dc);
      return async () => { await a(); await b(); };
    },
    () => randomOperatorAction(c, random), // an admin moves the app, stands a node by, or sets maintenance
  ];
  if (set === 'split-brain') {
    return pick([
      () => nemesis.isolate(c, dcOrAny()),
      () => nemesis.pause(c, dcOrAny(), 1_500 + random() * 800),
    ], random)();
  }
  return pick(kinds, random)();
}
