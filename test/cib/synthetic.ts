// A synthetic cluster as facts, in the order importCib yields them: N nodes x M resources, constraints, a status section.
import type { Fact } from '../../proto/generated.ts';
import { IMPORT_INCARNATION, UNCLEAN_REASON } from '../../cli/cib/index.ts';

/** N nodes, M Dummy resources (every fifth grouped in threes), location/colocation/order constraints, all running, node 2 unclean. */
export function syntheticCluster(nodes: number, resources: number): Fact[] {
  const names = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  const facts: Fact[] = [{ type: 'ClusterOptionsDefined', options: { 'no-quorum-policy': 'stop', 'resource-stickiness': '50', 'stonith-enabled': 'true' } }];
  for (const node of names) facts.push({ type: 'NodeDefined', config: { node, votes: 0, attributes: {} } });
  facts.push({ type: 'FenceDeviceDefined', config: { id: 'fence-all', agent: 'fence_dummy', params: {}, targets: names, hostMap: {}, meta: {} } });
  const rid = (i: number) => `r${i}`;
  for (let i = 0; i < resources; i++) {
    facts.push({ type: 'ResourceDefined', config: {
      id: rid(i), agent: 'ocf:heartbeat:Dummy', params: { state: `/run/r${i}.state` }, meta: i % 7 === 0 ? { 'migration-threshold': '3' } : {},
      operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, onFail: '', role: '' }], failoverDomain: [], container: '',
    } });
    if (i % 5 === 2 && i >= 2) facts.push({ type: 'GroupDefined', config: { id: `g${i}`, members: [rid(i - 2), rid(i - 1), rid(i)], meta: {}, failoverDomain: [] } });
  }
  const grouped = new Set(facts.flatMap((f) => (f.type === 'GroupDefined' ? f.config!.members : [])));
  const placeable = Array.from({ length: resources }, (_, i) => rid(i)).filter((r) => !grouped.has(r));
  placeable.forEach((r, i) => {
    facts.push({ type: 'ConstraintDefined', config: { id: `loc-${r}`, rule: 'location', location: { resource: r, node: names[i % nodes]!, score: 100 + (i % 3) } } });
    if (i % 10 === 1) facts.push({ type: 'ConstraintDefined', config: { id: `col-${r}`, rule: 'colocation', colocation: { resource: r, with: placeable[i - 1]!, score: i % 20 === 1 ? 1_000_000 : -500 } } });
    if (i % 10 === 3) facts.push({ type: 'ConstraintDefined', config: { id: `ord-${r}`, rule: 'order', order: { first: placeable[i - 1]!, then: r, kind: 'mandatory', symmetrical: true, firstAction: 'start', thenAction: 'start' } } });
  });
  names.forEach((node, n) => {
    facts.push({ type: 'NodeJoined', node, incarnation: IMPORT_INCARNATION, address: '' });
    if (n === 1) facts.push({ type: 'NodeLost', node, viewId: 0, reason: UNCLEAN_REASON });
    let call = 0;
    for (let i = n; i < resources; i += nodes) {
      for (const operation of ['start', 'monitor']) {
        facts.push({ type: 'ResourceOperationSucceeded', resource: rid(i), node, operation, opId: `pcmk/${node}/${++call}`, rc: 0, durationMs: 5, output: '' });
      }
    }
  });
  return facts;
}
