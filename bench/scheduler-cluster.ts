// Synthetic clusters for bench/scheduler: nodes x resources with location preferences, colocations and orders.
import { schedule, type ScheduleInput } from '../machines/policy/index.ts';

/** The two scenarios: everything to place from scratch, or one node failing with its resources running. */
export type Scenario = 'scratch' | 'failover';

/** A synthetic cluster in the scheduler's input form, and the names the CIB writer needs. */
export interface Synthetic {
  readonly input: ScheduleInput;
  readonly lostNode: string | null;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * Builds a cluster of `nodes` x `resources`: resource i prefers node i%N (100) and node (7i+3)%N (50);
 * every 10th resource must run with the one before it; every 20th starts after the one before it.
 * `failover`: every resource runs where the scratch schedule put it, and node-000 is lost, unfenced.
 */
export function synthetic(nodes: number, resources: number, scenario: Scenario): Synthetic {
  const nodeNames = Array.from({ length: nodes }, (_, i) => `node-${pad(i, 3)}`);
  const ids = Array.from({ length: resources }, (_, i) => `rsc-${pad(i, 5)}`);
  const locations = ids.flatMap((id, i) => {
    const a = nodeNames[i % nodes]!;
    const b = nodeNames[(7 * i + 3) % nodes]!;
    return a === b ? [{ id: `loc-${id}-a`, resource: id, node: a, score: 100 }]
      : [{ id: `loc-${id}-a`, resource: id, node: a, score: 100 }, { id: `loc-${id}-b`, resource: id, node: b, score: 50 }];
  });
  const colocations = ids.flatMap((id, i) => (i % 10 === 9 ? [{ id: `col-${id}`, resource: id, with: ids[i - 1]!, score: 1_000_000 }] : []));
  const orders = ids.flatMap((id, i) => (i % 20 === 19 ? [{ id: `ord-${id}`, first: ids[i - 1]!, then: id, kind: 'mandatory' as const }] : []));
  const scratch: ScheduleInput = {
    nodes: nodeNames.map((name) => ({ name, status: 'online' as const })),
    resources: ids.map((id) => ({ id, agent: 'ocf:heartbeat:Dummy' })),
    locations, colocations, orders,
    options: { stonithEnabled: true, noQuorumPolicy: 'stop', symmetricCluster: true, defaultStickiness: 0 },
    quorate: true,
    at: 1_700_000_000_000,
  };
  if (scenario === 'scratch') return { input: scratch, lostNode: null };
  const where = new Map(schedule(scratch).placements.map((p) => [p.resource, p.node]));
  const lost = nodeNames[0]!;
  return {
    input: {
      ...scratch,
      nodes: nodeNames.map((name) => ({ name, status: name === lost ? 'lost-unfenced' as const : 'online' as const })),
      resources: ids.map((id) => ({ id, agent: 'ocf:heartbeat:Dummy', running: where.get(id) ? [where.get(id)!] : [] })),
    },
    lostNode: lost,
  };
}
