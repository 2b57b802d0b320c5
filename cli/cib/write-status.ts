// The status section of writeCib: node_state per node, lrm_rsc_op per operation fact, fail counts as transient attributes.
import type { Fact, FactOf, ResourceConfig } from '../../proto/generated.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { FAILCOUNT_INFINITY_REASON } from './status-failcount.ts';
import { agentParts } from './resources.ts';
import type { CibFacts } from './write.ts';
import type { XmlLines } from './xml-writer.ts';

type OpFact = FactOf<'ResourceOperationSucceeded'> | FactOf<'ResourceOperationFailed'>;
interface Op { readonly fact: OpFact; readonly at: number | undefined; callId: number }

const FAILCOUNT_OP = /^pcmk\/[^/]+\/fail-count\//;
const IMPORTED_OP = /^pcmk\/[^/]+\/(\d+)$/;
const STATUS_FACTS: ReadonlySet<string> = new Set([
  'NodeJoined', 'NodeRejoined', 'NodeLost', 'NodeSuspected', 'NodeLeft', 'NodeFenced', 'ResourceOperationSucceeded', 'ResourceOperationFailed',
]);
const UUID = '00000000-0000-4000-8000-000000000000';

/** The interval of an operation fact: a monitor's is the resource's first recurring monitor (10 s if none). */
function intervalOf(r: ResourceConfig | undefined, operation: string): number {
  if (operation !== 'monitor') return 0;
  return r?.operations.find((o) => o.name === 'monitor' && o.intervalMs > 0)?.intervalMs ?? 10_000;
}

function membership(facts: readonly Fact[], node: string): 'online' | 'offline' | 'unclean' {
  let state: 'online' | 'offline' | 'unclean' = 'offline';
  for (const f of facts) {
    if (!('node' in f) || f.node !== node) continue;
    if (f.type === 'NodeJoined' || f.type === 'NodeRejoined') state = 'online';
    else if (f.type === 'NodeLost' || f.type === 'NodeSuspected') state = 'unclean';
    else if (f.type === 'NodeLeft' || f.type === 'NodeFenced') state = 'offline';
  }
  return state;
}

function nodeStateAttrs(id: number, node: string, state: 'online' | 'offline' | 'unclean'): Array<[string, string]> {
  const up = state === 'online';
  return [['id', String(id)], ['uname', node], ['in_ccm', String(up)], ['crmd', up ? 'online' : 'offline'],
    ['crm-debug-origin', 'quorate'], ['join', up ? 'member' : 'down'], ['expected', state === 'offline' ? 'down' : 'member']];
}

function opAttrs(op: Op, r: ResourceConfig | undefined): Array<[string, string | number | undefined]> {
  const f = op.fact;
  const name = f.operation === 'probe' ? 'monitor' : f.operation;
  const interval = f.operation === 'probe' ? 0 : intervalOf(r, f.operation);
  const expected = f.operation === 'probe' ? 7 : 0;
  const failed = f.type === 'ResourceOperationFailed';
  const opStatus = failed && f.timedOut ? 2 : failed && f.rc === expected ? 4 : 0;
  const key = `${op.callId}:1:${expected}:${UUID}`;
  return [['id', `${f.resource}_${name}_${interval}_c${op.callId}`], ['operation_key', `${f.resource}_${name}_${interval}`], ['operation', name],
    ['crm-debug-origin', 'quorate'], ['crm_feature_set', '3.17.4'], ['transition-key', key], ['transition-magic', `${opStatus}:${f.rc};${key}`],
    ['exit-reason', failed ? f.reason : ''], ['on_node', f.node], ['call-id', op.callId], ['rc-code', f.rc], ['op-status', opStatus],
    ['interval', interval], ['last-rc-change', op.at === undefined ? undefined : Math.floor(op.at / 1000)], ['exec-time', f.durationMs], ['queue-time', 0]];
}

/** Fail counts per `<rsc>#<op>_<interval>`: every failure fact of the key counts; an INFINITY marker makes it INFINITY. */
function failCounts(ops: readonly Op[], resources: CibFacts['resources']): Record<string, string> {
  const counts = new Map<string, { n: number; infinite: boolean; last: number | undefined }>();
  for (const { fact: f, at } of ops) {
    if (f.type !== 'ResourceOperationFailed') continue;
    const name = f.operation === 'probe' ? 'monitor' : f.operation;
    const key = `${f.resource}#${name}_${f.operation === 'probe' ? 0 : intervalOf(resources.get(f.resource), f.operation)}`;
    const c = counts.get(key) ?? { n: 0, infinite: false, last: undefined };
    counts.set(key, { n: c.n + 1, infinite: c.infinite || f.reason === FAILCOUNT_INFINITY_REASON, last: at ?? c.last });
  }
  const out: Record<string, string> = {};
  for (const [key, c] of counts) {
    out[`fail-count-${key}`] = c.infinite ? 'INFINITY' : String(c.n);
    if (c.last !== undefined) out[`last-failure-${key}`] = String(Math.floor(c.last / 1000));
  }
  return out;
}

/** Assigns call-ids: an imported `pcmk/<node>/<n>` keeps n; others follow the largest, in fact order. */
function callIds(ops: Op[]): void {
  let next = Math.max(0, ...ops.map((o) => Number(IMPORTED_OP.exec(o.fact.opId)?.[1] ?? 0)));
  for (const o of ops) {
    const m = IMPORTED_OP.exec(o.fact.opId);
    o.callId = m ? Number(m[1]) : ++next;
  }
}

/** Writes `<node_state>` for every defined node (status-fact nodes first, in order); returns the DC's node id. Pure. */
export function writeStatus(x: XmlLines, cf: CibFacts): string {
  const facts = cf.all.map((e) => e.fact);
  const ops = new Map<string, Op[]>();
  for (const { fact: f, at } of cf.all) {
    if (f.type !== 'ResourceOperationSucceeded' && f.type !== 'ResourceOperationFailed') continue;
    if (!cf.resources.has(f.resource)) {
      throw new QuorateError(ErrorCode.configInvalid, `writeCib: ${f.type} ${f.opId} names resource ${f.resource}, which has no ResourceDefined`);
    }
    ops.set(f.node, [...(ops.get(f.node) ?? []), { fact: f, at, callId: 0 }]);
  }
  const firstSeen = [...new Set(facts.flatMap((f) => (STATUS_FACTS.has(f.type) && 'node' in f ? [f.node] : [])))];
  const order = [...firstSeen.filter((n) => cf.nodes.includes(n)), ...cf.nodes.filter((n) => !firstSeen.includes(n))];
  let dc = '';
  for (const node of order) {
    const id = cf.nodes.indexOf(node) + 1;
    const state = membership(facts, node);
    if (state === 'online' && dc === '') dc = String(id);
    const mine = ops.get(node) ?? [];
    callIds(mine);
    x.open('node_state', nodeStateAttrs(id, node, state), () => {
      const counts = failCounts(mine, cf.resources);
      if (Object.keys(counts).length) x.open('transient_attributes', [['id', String(id)]], () => x.nvset('instance_attributes', `status-${id}`, counts));
      const history = mine.filter((o) => !FAILCOUNT_OP.test(o.fact.opId));
      if (history.length === 0) return;
      x.open('lrm', [['id', String(id)]], () => x.open('lrm_resources', [], () => {
        for (const rsc of [...new Set(history.map((o) => o.fact.resource))]) {
          const r = cf.resources.get(rsc)!;
          const a = agentParts(rsc, r.agent);
          x.open('lrm_resource', [['id', rsc], ['type', a.type], ['class', a.cls], ['provider', a.provider]], () => {
            for (const o of history.filter((h) => h.fact.resource === rsc)) x.empty('lrm_rsc_op', opAttrs(o, r));
          });
        }
      }));
    });
  }
  return dc;
}
