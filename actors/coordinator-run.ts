// One journaled transition being executed: its actions, what was issued, what answered. The graph executor
// (Pacemaker's te_*), separate from the graph producer (coordinator.ts runs `schedule`).
import type { TransitionAction } from '../proto/generated.ts';
import type { ClusterState } from '../machines/fold.ts';
import type { Journal, JournalRecord } from '../journal/journal.ts';
import { outcomeEntity, outcomeOf, type ActionOutcome } from './coordinator-results.ts';
import { opIdOf } from './coordinator-requests.ts';
import { nodesOf } from './view.ts';

/** An action whose request was journaled (or, for a watchdog fence, that is being waited for). */
export interface Issued {
  readonly action: TransitionAction;
  readonly opId: string;
  /** The entity's last sequence before the request: its answer comes after. */
  readonly afterSeq: number;
  /** Monotonic ms when issued, and when it is given up. */
  readonly at: number;
  readonly deadline: number;
  /** The entity's last sequence already searched for an answer. */
  checkedSeq: number;
}

/** A transition of this DC: plan, issued actions and outcomes. */
export interface Run {
  readonly id: string;
  readonly position: number;
  readonly actions: readonly TransitionAction[];
  readonly issued: Map<string, Issued>;
  readonly outcomes: Map<string, ActionOutcome>;
}

/** Actions neither answered nor issued whose dependencies all succeeded, in graph order. */
export function readyActions(run: Run): TransitionAction[] {
  return run.actions.filter((a) => !run.issued.has(a.id) && !run.outcomes.has(a.id) && a.dependsOn.every((d) => run.outcomes.get(d)?.ok === true));
}

/** Ids of actions not yet answered (issued or not). */
export function openActions(run: Run): Set<string> {
  return new Set(run.actions.filter((a) => !run.outcomes.has(a.id)).map((a) => a.id));
}

/** A fresh Issued record. */
export function issuedRecord(run: Pick<Run, 'id'>, action: TransitionAction, afterSeq: number, now: number, timeoutMs: number): Issued {
  return { action, opId: opIdOf(run.id, action.id), afterSeq, at: now, deadline: now + timeoutMs, checkedSeq: afterSeq };
}

/**
 * Looks for the answer of every issued action whose entity moved since the last look (one journal read of that
 * entity each); gives up on those past their deadline or whose node is no longer a member (the node's loss is
 * the answer: its actions never will be). Returns the new outcomes by action id.
 */
export async function collectOutcomes(journal: Journal, state: ClusterState, issued: Iterable<Issued>, now: number): Promise<Map<string, ActionOutcome>> {
  const out = new Map<string, ActionOutcome>();
  const members = new Set(nodesOf(state).filter((n) => n.membership === 'member' || n.membership === 'suspect').map((n) => n.name));
  for (const i of issued) {
    const ref = outcomeEntity(i.action);
    const last = state.entities.get(`${ref.kind}/${ref.id}`)?.lastSeq ?? 0;
    if (last > i.checkedSeq) {
      const records: JournalRecord[] = [];
      for await (const e of journal.read({ entity: ref, fromSeq: i.afterSeq + 1, toSeq: last })) if (e.kind === 'fact') records.push(e);
      i.checkedSeq = last;
      const o = outcomeOf(i.action, i.opId, records);
      if (o) {
        out.set(i.action.id, o);
        continue;
      }
    }
    if (i.action.kind !== 'fence' && !members.has(i.action.node)) {
      out.set(i.action.id, { ok: false, rc: 1, reason: `node ${i.action.node} is no longer a member` });
    } else if (now > i.deadline) {
      out.set(i.action.id, { ok: false, rc: 1, reason: `no answer within ${Math.round(i.deadline - i.at)} ms` });
    }
  }
  return out;
}
