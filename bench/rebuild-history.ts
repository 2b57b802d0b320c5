// bench/rebuild's history: a deterministic generator of 1 M plausible facts over 100 nodes and 10,000 resources.
import type { Fact } from '../proto/generated.ts';
import { ClusterEntity, entityOf } from '../machines/entity.ts';
import type { FoldEntry } from '../machines/fold.ts';

export const NODES = 100;
export const RESOURCES = 10_000;
const T0 = Date.UTC(2024, 0, 1);
const DC: Fact = { type: 'DcElected', node: 'n000', previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false };

/**
 * Yields `count` entries (seq 1..count), decoded: n000's DcElected (term 1, which
 * every later fact is stamped with), 100 NodeDefined + NodeJoined,
 * 10,000 ResourceDefined, then rounds of each resource's life: start requested,
 * started, monitored a few times, stop requested, stopped, on a rotating node;
 * every 50th fact a node standby/online flip. Deterministic: no randomness.
 */
export function* history(count: number, from = 1): Generator<FoldEntry> {
  const phase = new Int8Array(RESOURCES);
  const cycle = new Uint32Array(RESOURCES);
  const node = (i: number) => `n${String(i % NODES).padStart(3, '0')}`;
  const standby = new Uint8Array(NODES);
  let r = 0;
  for (let seq = 1; seq <= count; seq++) {
    if (seq === 1) {
      if (from <= 1) yield { kind: 'fact', seq, entity: ClusterEntity.dc, fact: DC, meta: { cluster: 'bench', occurredAt: T0, origin: 'n000', term: 0 } };
      continue;
    }
    // k: the fact's place after the DC claim.
    const k = seq - 1;
    // Skipped facts still advance the generator's state, but build no objects: the tail starts fast.
    if (seq < from) {
      if (k > 2 * NODES + RESOURCES) {
        if (k % 50 === 0) {
          const n = (k / 50) % NODES;
          standby[n] = standby[n] ? 0 : 1;
        } else {
          const p = phase[r]!;
          phase[r] = (p + 1) % 6;
          if (p === 5) cycle[r] = cycle[r]! + 1;
          r = (r + 1) % RESOURCES;
        }
      }
      continue;
    }
    let fact: Fact;
    if (k <= NODES) fact = { type: 'NodeDefined', config: { node: node(k - 1), votes: 1, attributes: {} } };
    else if (k <= 2 * NODES) fact = { type: 'NodeJoined', node: node(k - 1), incarnation: 'i1', address: `10.0.${k % 250}.1` };
    else if (k <= 2 * NODES + RESOURCES) {
      const id = `r${k - 2 * NODES - 1}`;
      fact = { type: 'ResourceDefined', config: { id, agent: 'ocf:heartbeat:Dummy', params: {}, meta: {}, operations: [], failoverDomain: [], container: '' } };
    } else if (k % 50 === 0) {
      const n = (k / 50) % NODES;
      standby[n] = standby[n] ? 0 : 1;
      fact = standby[n] ? { type: 'NodeStandby', node: node(n), reason: 'bench' } : { type: 'NodeOnline', node: node(n) };
    } else {
      const i = r;
      r = (r + 1) % RESOURCES;
      const id = `r${i}`;
      const p = phase[i]!;
      const on = node(i + Math.floor(k / RESOURCES));
      const where = node(i);
      const opId = `${id}-${cycle[i]}-${p < 2 ? 'start' : p < 4 ? 'monitor' : 'stop'}`;
      phase[i] = (p + 1) % 6;
      if (p === 5) cycle[i] = cycle[i]! + 1;
      switch (p) {
        case 0: fact = { type: 'ResourceOperationRequested', resource: id, node: where, operation: 'start', opId, intervalMs: 0, timeoutMs: 20_000, transitionId: 't', actionId: 'a' }; break;
        case 1: fact = { type: 'ResourceOperationSucceeded', resource: id, node: where, operation: 'start', opId, rc: 0, durationMs: 10, output: '' }; break;
        case 2: case 3: fact = { type: 'ResourceOperationSucceeded', resource: id, node: where, operation: 'monitor', opId, rc: 0, durationMs: 3, output: on }; break;
        case 4: fact = { type: 'ResourceOperationRequested', resource: id, node: where, operation: 'stop', opId, intervalMs: 0, timeoutMs: 20_000, transitionId: 't', actionId: 'a' }; break;
        default: fact = { type: 'ResourceOperationSucceeded', resource: id, node: where, operation: 'stop', opId, rc: 0, durationMs: 8, output: '' };
      }
    }
    yield { kind: 'fact', seq, entity: entityOf(fact), fact, meta: { cluster: 'bench', occurredAt: T0 + seq * 10, origin: 'n000', term: 1 } };
  }
}
