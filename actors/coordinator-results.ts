// How the coordinator learns an action's outcome: from the facts journaled on its entity after its request.
import type { TransitionAction } from '../proto/generated.ts';
import type { JournalRecord } from '../journal/journal.ts';

/** An action's outcome: ok or not, the agent's rc and a reason for people. */
export interface ActionOutcome {
  readonly ok: boolean;
  readonly rc: number;
  readonly reason: string;
}

/**
 * The outcome of `action` among `records` (facts of its entity journaled after the request), or undefined
 * while there is none. A start or stop is answered by the result carrying its op id; a recurring monitor by
 * its first result on that node (the executor derives its own op ids per run); a fence by the target being
 * journaled fenced (by any request, a device or the watchdog), or by the final failure of our request. Pure.
 */
export function outcomeOf(action: TransitionAction, opId: string, records: readonly JournalRecord[]): ActionOutcome | undefined {
  for (const r of records) {
    const f = r.fact;
    if (action.kind === 'fence') {
      if (f.type === 'NodeFenced') return { ok: true, rc: 0, reason: `fenced (${f.method || 'manual'})` };
      if (f.type === 'FenceSucceeded' && f.action !== 'on') return { ok: true, rc: 0, reason: `fenced by ${f.devices.join(', ') || 'a device'}` };
      if (f.type === 'FenceFailed' && f.final && f.requestId === `${opId}/0`) return { ok: false, rc: 1, reason: f.reason || 'every fence level failed' };
      continue;
    }
    if (f.type !== 'ResourceOperationSucceeded' && f.type !== 'ResourceOperationFailed') continue;
    if (f.operation !== action.kind || f.node !== action.node) continue;
    if (action.kind !== 'monitor' && f.opId !== opId) continue;
    if (f.type === 'ResourceOperationSucceeded') return { ok: true, rc: f.rc, reason: f.output };
    return { ok: false, rc: f.rc, reason: f.reason || `rc ${f.rc}${f.timedOut ? ' (timed out)' : ''}` };
  }
  return undefined;
}

/** The journal entity an action's outcome is journaled on. Pure. */
export function outcomeEntity(action: TransitionAction): { kind: 'node' | 'resource'; id: string } {
  return action.kind === 'fence' ? { kind: 'node', id: action.target } : { kind: 'resource', id: action.resource };
}
