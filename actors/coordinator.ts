// The coordinator: the DC's transition engine (seed 004 steps d and e). While this node is DC, on new input it
// runs the pure scheduler on the folded state, journals the plan, issues its actions as journaled requests in
// dependency order, records their outcomes, and aborts and recomputes on a failure or new input.
//
// Lifecycle (coordinator-machine.ts): idle → computing → executing → idle, one step per DC tick (ticks never
// overlap). computing: schedule(scheduleInputOf(state)) at `position`; if the position moved meanwhile the
// result is discarded and computed again; an empty graph is not journaled. executing: TransitionPlanned
// {transitionId t<term>-<position>, position, stateDigest, actions, summary}; every action whose
// dependencies succeeded is issued (in parallel); each answer becomes TransitionActionCompleted; all done →
// TransitionCompleted. A failed action, or new input after which the scheduler wants something the plan does
// not hold, → TransitionAborted: requests in flight finish (the next plan waits for them), none start.
// Fence before recover: a start on another node depends on the fence of the lost node; once it is fenced
// the stops it implies are journaled before the fence counts as done. In fencing-mode=watchdog (or with no
// device for the node) the DC requests nothing and plans nothing until the daemon's NodeFenced (lost + 2 x
// watchdog-timeout) or an operator's is journaled, so the two never fight.
// A deposed DC stops at once: each tick and each append checks the term, and the log refuses stale writes.
import type { Fact, TransitionAction } from '../proto/generated.ts';
import { clusterOptions } from '../machines/cluster/options-schema.ts';
import { decideTransition } from '../machines/cluster/transition.decide.ts';
import type { TransitionContext } from '../machines/cluster/transition.machine.ts';
import { digestState } from '../machines/digest.ts';
import { ClusterEntity } from '../machines/entity.ts';
import { initialSnapshot, type ClusterState } from '../machines/fold.ts';
import { formatSummary, schedule, scheduleInputOf, type TransitionGraph } from '../machines/policy/index.ts';
import type { ResourceContext } from '../machines/resource/context.ts';
import { createCoordinatorPhase, type CoordinatorPhase } from './coordinator-machine.ts';
import { fenceableNodes, fencedNodes, impliedStops, requestFacts, type FenceHow } from './coordinator-requests.ts';
import type { ActionOutcome } from './coordinator-results.ts';
import { collectOutcomes, issuedRecord, openActions, readyActions, type Issued, type Run } from './coordinator-run.ts';
import type { DaemonContext, DaemonService } from './service.ts';
import { nodesOf, optionsOf } from './view.ts';

/** The coordinator service, with its phase for tests and status. */
export interface Coordinator extends DaemonService {
  phase(): CoordinatorPhase;
}

/** Graph actions as the TransitionAction proto carries them. Pure. */
export function planActions(graph: TransitionGraph): TransitionAction[] {
  return graph.actions.map((a) => ({ id: a.id, kind: a.kind, resource: a.resource, node: a.node, target: a.target, dependsOn: [...a.dependsOn], reason: a.reason }));
}

/** The plan `schedule` makes of `state`: its graph and the TransitionPlanned fact (not yet legal-checked). Pure. */
export function planOf(state: ClusterState, term: number): { graph: TransitionGraph; fact: Extract<Fact, { type: 'TransitionPlanned' }> } {
  const graph = schedule(scheduleInputOf(state));
  return {
    graph,
    fact: {
      type: 'TransitionPlanned', transitionId: `t${term}-${state.position}`, position: state.position, stateDigest: digestState(state),
      actions: planActions(graph), summary: formatSummary(graph),
    },
  };
}

/**
 * The de-duplication id of a transition command written by the DC of `term`. Pure. Unique per term: the
 * transition id names the term that planned it, not the one that writes about it (a takeover's abort).
 */
export function transitionCommandId(command: Parameters<typeof decideTransition>[0], term: number): string {
  return `${command.transitionId}/${command.type}/${'actionId' in command ? command.actionId : ''}@${term}`;
}

/** Creates the coordinator service (see the file header). */
export function createCoordinator(): Coordinator {
  let ctx!: DaemonContext;
  const phase = createCoordinatorPhase();
  let term = 0;
  let run: Run | undefined;
  /** Requests of aborted transitions still in flight: no new plan until they are answered. */
  const inflight = new Map<string, Issued>();
  let computedAt = -1;
  let notBefore = 0;
  let lastWait = '';

  const reset = (why: string) => {
    if (run || inflight.size > 0) ctx.say(`coordinator: ${why}: dropping transition ${run?.id ?? ''} without acting further`);
    run = undefined;
    inflight.clear();
    computedAt = -1;
    phase.send({ type: 'deposed' });
  };

  const transitionCtx = (s: ClusterState) => s.entities.get('cluster/transition');
  const transitionCommand = async (command: Parameters<typeof decideTransition>[0]): Promise<boolean> => {
    if (!ctx.isDc()) return false;
    const snapshot = transitionCtx(ctx.host.state())?.snapshot ?? initialSnapshot(ClusterEntity.transition);
    const facts = decideTransition(command, snapshot as never, ctx.clock.now());
    // The id carries the writing DC's term: a new DC aborting a transition id an earlier DC used (its plan, or
    // its own abort refused by the fold as stale) must not be taken for a duplicate within JetStream's window.
    return ctx.appendAsDc(facts, transitionCommandId(command, ctx.term()));
  };

  const fenceHow = (state: ClusterState): FenceHow => {
    const o = clusterOptions({ options: optionsOf(state) });
    return { mode: o.fencingMode, action: o.stonithAction, executor: ctx.node, requestedBy: ctx.node, fenceable: fenceableNodes(state) };
  };

  const timeoutOf = (state: ClusterState, a: TransitionAction): number => {
    const o = clusterOptions({ options: optionsOf(state) });
    if (a.kind === 'fence') return (o.fencingMode === 'watchdog' ? 4 * o.watchdogTimeoutMs : o.stonithTimeoutMs) + 10_000;
    const c = state.entities.get(`resource/${a.resource}`)?.snapshot.context as ResourceContext | undefined;
    const op = c?.config?.operations.find((x) => x.name === a.kind);
    return (op?.timeoutMs || 20_000) + 2 * ctx.timings().deadTimeMs + 10_000;
  };

  /** Fence before recover, second half: stops implied by fencing, journaled for every fenced node. */
  const sweepFenced = async (state: ClusterState) => {
    for (const node of fencedNodes(state)) {
      const tag = `fenced:${node}@${state.entities.get(`node/${node}`)?.lastSeq ?? 0}/t${ctx.term()}`;
      for (const group of impliedStops(state, node, tag)) {
        if (!ctx.isDc()) return;
        if (await ctx.appendAsDc(group, `${tag}/${(group[0] as { resource: string }).resource}`)) ctx.say(`coordinator: ${(group[0] as { resource: string }).resource} stopped on ${node}: implied by fencing`);
      }
    }
  };

  /** A resource start/stop in flight on a live node that this DC did not issue (a previous DC's). */
  const busyElsewhere = (state: ClusterState): string | undefined => {
    const live = new Set(nodesOf(state).filter((n) => n.membership === 'member' || n.membership === 'suspect').map((n) => n.name));
    for (const e of state.entities.values()) {
      if (e.kind !== 'resource') continue;
      const p = (e.snapshot.context as ResourceContext).pendingOp;
      if (p && live.has(p.node) && (e.snapshot.value === 'starting' || e.snapshot.value === 'stopping')) return `${p.operation} of ${e.id} on ${p.node}`;
    }
    return undefined;
  };

  const compute = async () => {
    phase.send({ type: 'input' });
    for (let attempt = 0; attempt < 5; attempt++) {
      const state = ctx.host.state();
      const tx = transitionCtx(state);
      const txc = tx?.snapshot.context as TransitionContext | undefined;
      if (tx && tx.snapshot.value === 'executing' && txc) {
        // A plan of an earlier DC (or of this node's earlier term) is nobody's now: abort it, then plan afresh.
        await transitionCommand({ type: 'AbortTransition', transitionId: txc.transitionId, reason: `DC ${ctx.node} took over in term ${term}`, position: state.position });
        phase.send({ type: 'input' });
        continue;
      }
      const busy = busyElsewhere(state);
      if (busy) {
        phase.send({ type: 'nothing' });
        return; // computedAt unchanged: look again next tick
      }
      let plan: ReturnType<typeof planOf>;
      try {
        plan = planOf(state, term);
      } catch (e) {
        ctx.say(`coordinator: cannot schedule at ${state.position}: ${(e as Error).message}`);
        computedAt = state.position;
        phase.send({ type: 'nothing' });
        return;
      }
      if (ctx.host.position !== state.position) {
        phase.send({ type: 'input' }); // new input while computing: discard and compute again
        continue;
      }
      computedAt = state.position;
      // Watchdog mode, or no device for a lost node: nothing can run before its NodeFenced is journaled (new
      // input), so no plan is journaled until then: fence before recover, and no fight with the watchdog rule.
      const how = fenceHow(state);
      const waits = plan.fact.actions.filter((a) => a.kind === 'fence' && (how.mode === 'watchdog' || !how.fenceable.has(a.target))).map((a) => a.target);
      if (waits.length > 0) {
        const why = `waiting for ${waits.join(', ')} to be journaled fenced (${how.mode === 'watchdog' ? 'watchdog' : 'no fence device'})`;
        if (why !== lastWait) ctx.say(`coordinator: ${why}`);
        lastWait = why;
        phase.send({ type: 'nothing' });
        return;
      }
      lastWait = '';
      if (plan.fact.actions.length === 0) {
        phase.send({ type: 'nothing' });
        return;
      }
      const id = plan.fact.transitionId;
      if (!ctx.isDc()) return reset('deposed');
      if (!(await transitionCommand({ type: 'PlanTransition', transitionId: id, position: plan.fact.position, digest: plan.fact.stateDigest, actions: plan.fact.actions, summary: plan.fact.summary }))) {
        phase.send({ type: 'input' });
        continue;
      }
      ctx.say(`coordinator: planned ${id} (${plan.fact.actions.length} actions)\n${plan.fact.summary.trimEnd()}`);
      run = { id, position: plan.fact.position, actions: plan.fact.actions, issued: new Map(), outcomes: new Map() };
      phase.send({ type: 'planned' });
      await execute();
      return;
    }
    phase.send({ type: 'nothing' });
  };

  const abort = async (r: Run, reason: string) => {
    for (const [id, i] of r.issued) if (!r.outcomes.has(id)) inflight.set(`${r.id}/${id}`, i);
    run = undefined;
    computedAt = -1;
    if (await transitionCommand({ type: 'AbortTransition', transitionId: r.id, reason, position: ctx.host.position })) {
      ctx.say(`coordinator: aborted ${r.id}: ${reason}`);
    }
    phase.send({ type: 'aborted' });
  };

  const record = async (r: Run, id: string, o: ActionOutcome): Promise<void> => {
    r.outcomes.set(id, o);
    r.issued.delete(id);
    await transitionCommand({ type: 'CompleteAction', transitionId: r.id, actionId: id, ok: o.ok, rc: o.rc, reason: o.reason });
  };

  const issue = async (r: Run, a: TransitionAction) => {
    const state = ctx.host.state();
    const ref = a.kind === 'fence' ? `node/${a.target}` : `resource/${a.resource}`;
    const afterSeq = state.entities.get(ref)?.lastSeq ?? 0;
    let facts: Fact[];
    try {
      facts = requestFacts(state, r.id, a, fenceHow(state));
    } catch (e) {
      await record(r, a.id, { ok: false, rc: 1, reason: `not issued: ${(e as Error).message}` });
      return;
    }
    if (!ctx.isDc()) return;
    if (facts.length > 0 && !(await ctx.appendAsDc(facts, `${r.id}/${a.id}`))) return; // stale view: next tick
    r.issued.set(a.id, issuedRecord(r, a, afterSeq, ctx.clock.monotonic(), timeoutOf(state, a)));
  };

  const execute = async () => {
    const r = run;
    if (!r) return;
    let state = ctx.host.state();
    const txc = transitionCtx(state)?.snapshot.context as TransitionContext | undefined;
    if (state.entities.get('cluster/transition')?.snapshot.value !== 'executing' || txc?.transitionId !== r.id) {
      run = undefined;
      phase.send({ type: 'aborted' });
      return;
    }
    const found = await collectOutcomes(ctx.journal, state, r.issued.values(), ctx.clock.monotonic());
    for (const [id, o] of found) {
      const a = r.issued.get(id)!.action;
      if (a.kind === 'fence' && o.ok) await sweepFenced(ctx.host.state());
      await record(r, id, o);
      ctx.say(`coordinator: ${r.id} ${id} ${o.ok ? 'done' : `failed: ${o.reason}`}`);
    }
    const failed = [...r.outcomes].find(([, o]) => !o.ok);
    if (failed) {
      notBefore = ctx.clock.monotonic() + 2 * ctx.timings().deadTimeMs;
      return abort(r, `${failed[0]} failed: ${failed[1].reason}`);
    }
    state = ctx.host.state();
    // New input: abort only when the scheduler now wants something the plan does not hold.
    const open = openActions(r);
    let wanted: TransitionGraph | undefined;
    try {
      wanted = schedule(scheduleInputOf(state));
    } catch {
      wanted = undefined;
    }
    const extra = wanted?.actions.find((a) => !open.has(a.id));
    if (extra) return abort(r, `new input: ${extra.id} is not in the plan (${extra.reason || 'state changed'})`);
    if (open.size === 0) {
      await transitionCommand({ type: 'CompleteTransition', transitionId: r.id });
      ctx.say(`coordinator: completed ${r.id}`);
      run = undefined;
      phase.send({ type: 'finished' });
      return;
    }
    await Promise.all(readyActions(r).map((a) => issue(r, a)));
  };

  /** Answers of aborted transitions' requests (not journaled: their transition is over). */
  const settleInflight = async (): Promise<boolean> => {
    if (inflight.size === 0) return true;
    const found = await collectOutcomes(ctx.journal, ctx.host.state(), inflight.values(), ctx.clock.monotonic());
    for (const [id] of found) for (const [k, i] of inflight) if (i.action.id === id) inflight.delete(k);
    return inflight.size === 0;
  };

  return {
    name: 'coordinator',
    start(c) {
      ctx = c;
    },
    phase: () => phase.phase(),
    async dcTick() {
      if (!ctx.isDc()) return reset('no longer DC');
      if (ctx.term() !== term) {
        if (term !== 0) reset(`term ${term} ended`);
        term = ctx.term();
      }
      await sweepFenced(ctx.host.state());
      if (run) return execute();
      if (!(await settleInflight())) return;
      if (ctx.clock.monotonic() < notBefore) return;
      if (ctx.host.position !== computedAt) await compute();
    },
    onQuorum(q) {
      if (!q && ctx) reset('quorum lost');
    },
    onGivenUp() {
      if (ctx) reset('given up by the cluster');
    },
    async stop() {
      phase.stop();
    },
  };
}
