// One node's lrm_rsc_op history to ResourceOperationSucceeded / ResourceOperationFailed, in call-id order.
import type { Fact } from '../../proto/generated.ts';
import type { ImportSink } from './model.ts';
import type { ResourceIds } from './resources.ts';
import { cibError, childNamed, type XmlElement } from './xml.ts';

/** Pacemaker's op-status values (PCMK_EXEC_*) that the import reads. */
export const OpStatus = { pending: -1, done: 0, cancelled: 1, timeout: 2, notSupported: 3, error: 4, errorHard: 5, errorFatal: 6, notInstalled: 7 } as const;

/** One operation of the history as translated: the fail-count key it counts under and whether it failed. */
export interface OpRecord {
  readonly resource: string;
  /** `monitor_10000`, `start_0`: the key of Pacemaker's fail-count attribute. */
  readonly key: string;
  readonly failed: boolean;
  readonly recovery: string;
}

/** The opId of an imported operation: `pcmk/<node>/<call-id>`. Pure. */
export function importedOpId(node: string, callId: number): string {
  return `pcmk/${node}/${callId}`;
}

/** quorate's operation name: Pacemaker's interval-0 monitor is a probe. Pure. */
export function operationName(op: string, intervalMs: number): string {
  return op === 'monitor' && intervalMs === 0 ? 'probe' : op;
}

/** How far a failure reaches, from its rc and op-status (as Pacemaker's pcmk__result_recovery): soft, hard or fatal. Pure. */
export function recoveryOf(rc: number, opStatus: number): string {
  if (opStatus === OpStatus.errorFatal || (opStatus === OpStatus.done && rc === 6)) return 'fatal';
  if (opStatus === OpStatus.errorHard || opStatus === OpStatus.notInstalled || opStatus === OpStatus.notSupported) return 'hard';
  if (opStatus === OpStatus.done && [2, 3, 4, 5].includes(rc)) return 'hard';
  return 'soft';
}

/** The rc the controller expected: the third field of transition-key ("action:transition:rc:uuid"). */
function expectedRc(op: XmlElement, operation: string): number {
  const rc = Number(op.attrs['transition-key']?.split(':')[2]);
  if (Number.isInteger(rc)) return rc;
  return operation === 'probe' ? 7 : 0;
}

/** Did it succeed? A probe succeeds with any definite answer; a stop that finds nothing running succeeded. */
function succeeded(operation: string, rc: number, expected: number, opStatus: number): boolean {
  if (opStatus !== OpStatus.done) return false;
  if (operation === 'probe') return [0, 7, 8, 190, 191].includes(rc);
  if (operation === 'stop') return rc === 0 || rc === 7;
  return rc === expected || (operation === 'monitor' && rc === 190 && expected === 0);
}

function int(sink: ImportSink, op: XmlElement, attr: string, fallback?: number): number {
  const text = op.attrs[attr];
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(sink.need(op, attr));
  if (!Number.isInteger(n)) throw cibError(sink.place(op), `${attr}="${text}" is not an integer`);
  return n;
}

interface Row { readonly callId: number; readonly fact: Fact; readonly at: number | undefined; readonly el: XmlElement; readonly record: OpRecord }

function translate(sink: ImportSink, rsc: string, node: string, op: XmlElement): Row | undefined {
  const callId = int(sink, op, 'call-id');
  const opStatus = int(sink, op, 'op-status');
  if (callId < 0 || opStatus === OpStatus.pending || opStatus === OpStatus.cancelled) {
    sink.skip(op, opStatus === OpStatus.cancelled ? 'a cancelled operation is left out' : 'a pending operation is left out', 'informational');
    return undefined;
  }
  const intervalMs = int(sink, op, 'interval', 0);
  const operation = operationName(sink.need(op, 'operation'), intervalMs);
  const rc = int(sink, op, 'rc-code');
  const changed = op.attrs['last-rc-change'] ?? op.attrs['last-run'];
  const at = changed !== undefined && /^\d+$/.test(changed) ? Number(changed) * 1000 : undefined;
  const base = { resource: rsc, node, operation, opId: importedOpId(node, callId), rc, durationMs: int(sink, op, 'exec-time', 0) };
  const key = `${sink.need(op, 'operation')}_${intervalMs}`;
  if (succeeded(operation, rc, expectedRc(op, operation), opStatus)) {
    return { callId, at, el: op, fact: { type: 'ResourceOperationSucceeded', ...base, output: '' }, record: { resource: rsc, key, failed: false, recovery: '' } };
  }
  const recovery = recoveryOf(rc, opStatus);
  const reason = op.attrs['exit-reason'] || `rc ${rc}, op-status ${opStatus}`;
  const fact: Fact = { type: 'ResourceOperationFailed', ...base, reason, timedOut: opStatus === OpStatus.timeout, recovery };
  return { callId, at, el: op, fact, record: { resource: rsc, key, failed: true, recovery } };
}

/**
 * The node's `lrm_resource` histories: every finished operation of a translated primitive, deduplicated by
 * call-id (Pacemaker keeps one op as both `_last_failure_0` and its own entry), in call-id order. Histories of
 * fence devices, untranslated or unknown resources are listed. Pure apart from `sink`.
 */
export function importOperations(sink: ImportSink, state: XmlElement, node: string, ids: ResourceIds): OpRecord[] {
  const rows = new Map<number, Row>();
  const lrm = childNamed(state, 'lrm');
  for (const resources of lrm?.children ?? []) {
    for (const res of resources.children) {
      const rsc = sink.need(res, 'id');
      if (!ids.operations.has(rsc)) {
        const holder = ids.untranslated.get(rsc);
        if (ids.fenceDevices.has(rsc)) sink.skip(res, `history of fence device ${rsc} on ${node} is not translated`, 'informational');
        else if (holder !== undefined) sink.skip(res, `history on ${node} of a resource in the untranslated ${holder}`);
        else sink.skip(res, `history on ${node} of a resource not in the configuration (orphan)`);
        continue;
      }
      for (const op of res.children) {
        if (op.name !== 'lrm_rsc_op') {
          sink.skip(op, `unexpected <${op.name}> in <lrm_resource>`);
          continue;
        }
        const row = translate(sink, rsc, node, op);
        if (row === undefined) continue;
        const seen = rows.get(row.callId);
        if (seen !== undefined && seen.record.resource !== rsc) {
          throw cibError(sink.place(op), `call-id ${row.callId} on ${node} is also used by ${seen.record.resource}`);
        }
        if (seen === undefined) rows.set(row.callId, row);
      }
    }
  }
  const ordered = [...rows.values()].sort((a, b) => a.callId - b.callId);
  for (const r of ordered) sink.fact(r.fact, r.el, r.at);
  return ordered.map((r) => r.record);
}
