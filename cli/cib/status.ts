// The CIB status section to facts: node_state -> NodeJoined / NodeLost, lrm_rsc_op history -> ResourceOperation*, fail counts.
import type { Fact } from '../../proto/generated.ts';
import type { ImportSink } from './model.ts';
import { cibBoolean, nvpairs } from './nvpairs.ts';
import type { ResourceIds } from './resources.ts';
import { importOperations, type OpRecord } from './status-ops.ts';
import { importFailCounts } from './status-failcount.ts';
import { STANDBY_REASON } from './config.ts';
import { childNamed, type XmlElement } from './xml.ts';

/** The incarnation NodeJoined carries for a node the CIB shows online. */
export const IMPORT_INCARNATION = 'pacemaker';
/** The reason NodeLost carries for a node the CIB shows unclean. */
export const UNCLEAN_REASON = 'unclean in the Pacemaker status (expected member, not in the membership)';

/** How Pacemaker shows a node: online member, cleanly offline, unclean (must be fenced), or still joining. */
export type NodeStatus = 'online' | 'offline' | 'unclean' | 'pending';

/** in_ccm / crmd are "true"/"online", or (Pacemaker 2.1.7+) the time the node joined: any positive number. */
function up(text: string | undefined, word: string): boolean {
  if (text === undefined) return false;
  if (text === word || cibBoolean(text) === true) return true;
  return /^\d+$/.test(text) && Number(text) > 0;
}

/** Pacemaker's reading of a node_state (pe's determine_online_status, simplified to what quorate can hold). Pure. */
export function nodeStatusOf(state: XmlElement): NodeStatus {
  const inCcm = up(state.attrs['in_ccm'], 'true');
  const crmd = up(state.attrs['crmd'], 'online');
  const join = state.attrs['join'] ?? 'down';
  const expected = state.attrs['expected'] ?? 'down';
  if (inCcm && crmd && join === 'member') return 'online';
  if (inCcm && crmd) return 'pending';
  return expected === 'member' ? 'unclean' : 'offline';
}

function membershipFacts(node: string, status: NodeStatus): Fact[] {
  const joined: Fact = { type: 'NodeJoined', node, incarnation: IMPORT_INCARNATION, address: '' };
  if (status === 'online') return [joined];
  if (status === 'unclean') return [joined, { type: 'NodeLost', node, viewId: 0, reason: UNCLEAN_REASON }];
  return [];
}

/**
 * `<status>`: per node_state in document order, its membership facts, then its operation history in call-id
 * order, then the fail counts the history does not already account for. Pure apart from `sink`.
 */
export function importStatus(sink: ImportSink, status: XmlElement | undefined, nodeNames: Map<string, string>, ids: ResourceIds): void {
  const known = new Set(nodeNames.values());
  for (const state of status?.children ?? []) {
    if (state.name !== 'node_state') {
      sink.skip(state, `unexpected <${state.name}> in <status>`);
      continue;
    }
    const node = state.attrs['uname'] ?? nodeNames.get(sink.need(state, 'id'));
    if (node === undefined || !known.has(node)) {
      sink.skip(state, `node "${node ?? state.attrs['id']}" is not a cluster node in <nodes>; its status was left out`);
      continue;
    }
    const st = nodeStatusOf(state);
    if (st === 'pending') sink.skip(state, 'the node is still joining (pending): it is left unseen', 'informational');
    for (const f of membershipFacts(node, st)) sink.fact(f, state);
    const transient = childNamed(state, 'transient_attributes');
    const attrs = transient === undefined ? {} : nvpairs(sink, transient, 'instance_attributes');
    if (cibBoolean(attrs['standby']) === true && !sink.facts.some((f) => f.fact.type === 'NodeStandby' && f.fact.node === node)) {
      sink.fact({ type: 'NodeStandby', node, reason: STANDBY_REASON }, transient ?? state);
    }
    const history: OpRecord[] = importOperations(sink, state, node, ids);
    importFailCounts(sink, transient ?? state, node, attrs, history, ids);
    for (const c of state.children) {
      if (c.name !== 'lrm' && c.name !== 'transient_attributes') sink.skip(c, `<${c.name}> in <node_state> is not translated`);
    }
  }
}
