// The fault run's fixtures, journaled once the first DC leads every node: agent fencing with two levels (1 =
// fence_fault, which the nemeses can make fail or hang; 2 = builtin:kill), and `flaky`, a resource outside the app
// group whose monitor and stop the nemeses can spoil. Configuration is appended as the admin path would, stamped
// with the DC term in force, and checked in the fold (a DC change can void an append).
//
// Fencing mode 'agent' (actors/timings.ts): a lost node counts as fenced only when a fence device confirmed it,
// never by waiting; every daemon still runs its watchdog, so a node that loses quorum still self-fences in time
// (DESIGN.md, "Fence before recover"). 'watchdog' would never run an agent. The checker self-test's unsafe build
// (QUORATE_UNSAFE=skip-fence-confirmation) skips the watchdog wait, so its runs stay in watchdog mode.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact, ResourceConfig } from '../../proto/generated.ts';
import { entityOf } from '../../machines/entity.ts';
import { currentTerm } from '../../machines/fold.ts';
import { loadState } from '../../cli/storage-ops.ts';
import { fenceDevicesOf, fenceLevelsOf, resourceOf } from '../../actors/services/views.ts';
import { optionsOf } from '../../actors/view.ts';
import { waitFor } from '../harness/nats.ts';
import { FAULT_PROVIDER, type FaultCluster } from './harness.ts';

export const FLAKY = 'flaky';
export const FENCE_AGENT_DEVICE = 'fault';
export const FENCE_KILL_DEVICE = 'kill';
const ORIGIN = 'cli:fault';

/** Where a run's fence registry and control files live. */
export const fixturePaths = (c: FaultCluster) => ({
  /** builtin:kill's registry of node process groups (fence_fault reads it too). */
  registry: join(c.dir, 'fence', 'registry'),
  /** fence_fault's control files: `fail`, `hang` (counts), and its requests.log. */
  fenceCtl: join(c.dir, 'fence', 'ctl'),
  /** flaky's control files: `monitor`, `stop-fail`, `stop-hang` (counts), and its ops.log. */
  flakyCtl: join(c.dir, 'flaky'),
});

const op = (name: string, intervalMs: number, timeoutMs: number) => ({ name, intervalMs, timeoutMs, onFail: '', role: '' });

/** The fixtures' facts, each with how to tell it is already in the fold. */
export function fixtureFacts(c: FaultCluster): Array<{ fact: Fact; present: (s: Awaited<ReturnType<typeof loadState>>) => boolean }> {
  const nodes = [...c.nodes.keys()];
  const p = fixturePaths(c);
  const device = (id: string, agent: string, params: Record<string, string>): Fact =>
    ({ type: 'FenceDeviceDefined', config: { id, agent, params, targets: nodes, hostMap: {}, meta: {} } });
  const hasDevice = (id: string) => (s: Awaited<ReturnType<typeof loadState>>) => fenceDevicesOf(s).some((d) => d.id === id);
  const hasLevel = (target: string, index: number) => (s: Awaited<ReturnType<typeof loadState>>) =>
    fenceLevelsOf(s).some((l) => l.target === target && l.index === index);
  // Stop's timeout is short so a hung stop fails (and escalates) within seconds; monitor every 2 s.
  const flaky: ResourceConfig = {
    id: FLAKY, agent: `ocf:${FAULT_PROVIDER}:flaky`, params: { ctl: p.flakyCtl, state: join(c.dir, 'flaky', 'state') }, meta: {},
    operations: [op('start', 0, 10_000), op('stop', 0, 4_000), op('monitor', 2_000, 5_000)], failoverDomain: [], container: '',
  };
  return [
    { fact: device(FENCE_KILL_DEVICE, 'builtin:kill', { dir: p.registry }), present: hasDevice(FENCE_KILL_DEVICE) },
    { fact: device(FENCE_AGENT_DEVICE, 'fence_fault', { dir: p.registry, cluster: c.name, ctl: p.fenceCtl }), present: hasDevice(FENCE_AGENT_DEVICE) },
    ...nodes.flatMap((n) => [
      { fact: { type: 'FenceLevelDefined', config: { target: n, index: 1, devices: [FENCE_AGENT_DEVICE] } } as Fact, present: hasLevel(n, 1) },
      { fact: { type: 'FenceLevelDefined', config: { target: n, index: 2, devices: [FENCE_KILL_DEVICE] } } as Fact, present: hasLevel(n, 2) },
    ]),
    // Only once every level is there: a fence between the switch and the devices would find none.
    ...(c.env['QUORATE_UNSAFE'] ? [] : [
      { fact: { type: 'ClusterOptionsChanged', options: { 'fencing-mode': 'agent' } } as Fact, present: (s: Awaited<ReturnType<typeof loadState>>) => optionsOf(s)['fencing-mode'] === 'agent' },
    ]),
    { fact: { type: 'ResourceDefined', config: flaky }, present: (s) => resourceOf(s, FLAKY)?.context.config !== undefined },
  ];
}

/** Journals the fixtures (see the file header); resolves when the fold holds all of them. */
export async function defineFixtures(c: FaultCluster): Promise<void> {
  const p = fixturePaths(c);
  for (const dir of [p.registry, p.fenceCtl, p.flakyCtl]) mkdirSync(dir, { recursive: true });
  const facts = fixtureFacts(c);
  await waitFor('the fault fixtures journaled', async () => {
    for (const f of facts) {
      const state = await loadState(c.journal);
      if (f.present(state)) continue;
      await c.journal.append(entityOf(f.fact), [{ fact: f.fact }], { origin: ORIGIN, term: currentTerm(state) });
      if (!f.present(await loadState(c.journal))) return false; // voided (a DC change): start over
    }
    return true;
  }, 60_000);
  // Every daemon registered its process group with builtin:kill: until then a fence could not find it.
  await waitFor('every node registered for builtin:kill', () => [...c.nodes.keys()].every((n) => existsSync(join(p.registry, `${n}.pgid`))), 30_000);
}
