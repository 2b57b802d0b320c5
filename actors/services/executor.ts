// The executor service: runs this node's RunAgent intents through real agents, journals their results, keeps
// recurring monitors running where a resource runs, and probes every resource once the node is a member.
//
// Order per resource: every operation, probe and monitor report of one resource goes through one lane, and its
// fact is journaled before the next one runs, so the journal shows results in the order they happened.
// Recurring monitors journal only changes (a failure, or a recovery): the first good result after a start is
// not news. Probes (monitor at interval 0) run for every defined resource once per incarnation, once this node
// is a member, so the true state is learnt, never assumed. Without quorum the no-quorum-policy applies:
// `stop` stops the local resources (they are probed again, and the probes journaled, when quorum returns),
// `freeze` and `ignore` leave them running.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact } from '../../proto/generated.ts';
import { clusterOptions } from '../../machines/cluster/options-schema.ts';
import type { ClusterState } from '../../machines/fold.ts';
import type { Intent } from '../../machines/kind.ts';
import { ErrorCode, isQuorateError } from '../../machines/errors.ts';
import { isManaged } from '../../machines/resource/context.ts';
import type { RunAgent } from '../../machines/resource/intents.ts';
import { createResourceExecutor, type Operation, type ResourceExecutor } from '../executors/executor.ts';
import { createMonitorScheduler, type MonitorReport, type MonitorScheduler } from '../executors/monitor-scheduler.ts';
import type { AgentOptions } from '../executors/agent.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import type { IntentCause } from '../intents.ts';
import { nodesOf, optionsOf } from '../view.ts';
import { operationTimeoutMs, recurringMonitorsOf, refusedFact, resultFact } from './operations.ts';
import { resourceOf, resourcesOf } from './views.ts';

/** What the executor service needs: where agents keep state, and extra agent environment (the machine tag). */
export interface ExecutorServiceOptions {
  readonly stateDir: string;
  readonly agent?: AgentOptions;
  /** Called with the process group of every agent operation (the test machine records the ones that live on). */
  readonly onGroup?: (pgid: number | undefined) => void;
  /** How often local work is reconciled with the folded state (probes due, monitors to cancel); default 500 ms. */
  readonly reconcileMs?: number;
}

/** Creates the executor service (see the file header). */
export function createExecutorService(options: ExecutorServiceOptions): DaemonService {
  let ctx!: DaemonContext;
  let executor!: ResourceExecutor;
  let monitors!: MonitorScheduler;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const lanes = new Map<string, Promise<void>>();
  /** Resources whose monitors this node started, with the sequence after which the fold knows it runs here. */
  const monitored = new Map<string, number>();
  /** Monitors the coordinator asked for (their first result is journaled, whatever it is). */
  const explicit = new Set<string>();
  let probedFor = '';
  const probed = new Set<string>();
  /** Op ids of every RunAgent this process was handed: a pending op of this node not among them predates it. */
  const received = new Set<string>();
  /** Pending ops of earlier daemons (or of left nodes, as the DC) already resolved by this process. */
  const resolved = new Set<string>();
  let leaving = false;

  const lane = (resource: string, work: () => Promise<void>): Promise<void> => {
    const next = (lanes.get(resource) ?? Promise.resolve()).then(work).catch((e: Error) => ctx.say(`executor: ${resource}: ${e.message}`));
    lanes.set(resource, next);
    void next.then(() => { if (lanes.get(resource) === next) lanes.delete(resource); });
    return next;
  };

  /**
   * Journals an operation's result. A result is a fact nothing else will recompute (the DC waits for it, the
   * resource stays `starting` until it lands), so an unreachable journal is retried with the same event ids until
   * it takes the append (a retry whose first try was stored is a duplicate the stream drops) or the service stops.
   */
  const journal = async (facts: Fact[]): Promise<number> => {
    const commandId = randomUUID();
    let seqs: number[] | undefined;
    for (let waitMs = 200; seqs === undefined; waitMs = Math.min(waitMs * 2, 2_000)) {
      try {
        seqs = await ctx.appendAsNode(facts, commandId);
      } catch (e) {
        if (stopped || !isQuorateError(e, ErrorCode.journalUnavailable)) throw e;
        ctx.say(`executor: journaling ${facts.map((f) => f.type).join(', ')} failed (${(e as Error).message}); retrying in ${waitMs} ms`);
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
    for (const f of facts) {
      const o = f as { type: string; resource: string; operation: string; rc: number; reason?: string };
      ctx.say(`journaled ${o.type} ${o.resource} ${o.operation} rc ${o.rc}${o.reason ? `: ${o.reason}` : ''}`);
    }
    return Math.max(0, ...seqs);
  };

  const run = async (op: Operation, operation: string): Promise<{ fact: Fact; ok: boolean; rc: number }> => {
    try {
      const r = await executor.execute(op);
      options.onGroup?.(r.pgid);
      return { fact: resultFact(ctx.node, operation, r), ok: r.ok, rc: r.rc };
    } catch (e) {
      return { fact: refusedFact(ctx.node, op.resource, operation, op.opId, (e as Error).message), ok: false, rc: 6 };
    }
  };

  const startMonitors = (resource: string, afterSeq: number) => {
    const view = resourceOf(ctx.host.state(), resource);
    const config = view?.context.config;
    if (!config) return;
    for (const m of recurringMonitorsOf(config)) {
      monitors.start({ resource, agent: config.agent, params: config.params, meta: config.meta, timeoutMs: m.timeoutMs, intervalMs: m.intervalMs, node: ctx.node });
    }
    if (recurringMonitorsOf(config).length > 0) monitored.set(resource, afterSeq);
  };

  const stopMonitors = (resource: string) => {
    monitors.cancelAll(resource);
    monitored.delete(resource);
    for (const k of [...explicit]) if (k.startsWith(`${resource}@`)) explicit.delete(k);
  };

  const onReport = (r: MonitorReport) => {
    const key = `${r.resource}@${r.intervalMs}`;
    const first = explicit.delete(key);
    if (!r.changed && !first) return;
    if (r.run === 1 && r.result.ok && !first) return; // running, as the start or probe already journaled
    void lane(r.resource, async () => {
      if (!monitored.has(r.resource)) return; // cancelled while waiting for the lane
      await journal([resultFact(ctx.node, 'monitor', r.result)]);
    });
  };

  /**
   * A start that never ran and never will (its node left, or the daemon it was asked of is gone): journaled as
   * not running there (rc 7), as a start on a fenced node is, so the resource is no longer `starting` and the DC
   * plans again. The agent is not run.
   */
  const voidStart = (resource: string, node: string, opId: string, why: string) =>
    lane(resource, async () => {
      const p = resourceOf(ctx.host.state(), resource)?.context.pendingOp;
      if (!p || p.opId !== opId || p.operation !== 'start' || p.node !== node) return; // answered meanwhile
      ctx.say(`start of ${resource} on ${node} (op ${opId}) is void: ${why}`);
      await journal([{
        type: 'ResourceOperationFailed', resource, node, operation: 'start', opId, rc: 7,
        reason: `not started: ${why}`, durationMs: 0, timedOut: false, recovery: '',
      }]);
    });

  const onRunAgent = (i: RunAgent, cause: IntentCause) => {
    received.add(i.opId);
    if (leaving && i.operation === 'start') {
      void voidStart(i.resource, ctx.node, i.opId, `${ctx.node} is leaving the cluster`);
      return;
    }
    void lane(i.resource, async () => {
      const config = resourceOf(ctx.host.state(), i.resource)?.context.config;
      const timeoutMs = i.timeoutMs > 0 ? i.timeoutMs : operationTimeoutMs(config, i.operation);
      if (i.operation === 'stop') stopMonitors(i.resource);
      if (i.operation === 'monitor' && i.intervalMs > 0) {
        // A recurring monitor the coordinator asked for: its first result is journaled under the monitor's op ids.
        explicit.add(`${i.resource}@${i.intervalMs}`);
        monitors.start({ resource: i.resource, agent: i.agent, params: i.params, meta: config?.meta ?? {}, timeoutMs, intervalMs: i.intervalMs, node: ctx.node });
        monitored.set(i.resource, cause.seq);
        return;
      }
      const op: Operation = {
        opId: i.opId || `${cause.entity}@${cause.seq}`, resource: i.resource, agent: i.agent, action: i.operation, params: i.params,
        meta: config?.meta ?? {}, timeoutMs, intervalMs: 0, node: ctx.node,
      };
      ctx.say(`running ${i.operation} of ${i.resource} (${i.agent}, op ${op.opId}, timeout ${timeoutMs} ms)`);
      const r = await run(op, i.operation);
      const seq = await journal([r.fact]);
      const active = i.operation === 'start' ? r.ok : (i.operation === 'probe' || i.operation === 'monitor') && r.ok && r.rc !== 7;
      if (active && !monitored.has(i.resource)) startMonitors(i.resource, seq);
    });
  };

  /** Probes `resource` here; journals the answer; starts its monitors when it runs here. */
  const probe = (resource: string, incarnation: string) =>
    lane(resource, async () => {
      const config = resourceOf(ctx.host.state(), resource)?.context.config;
      if (!config || stopped) return;
      const op: Operation = {
        opId: `probe:${incarnation}:${resource}`, resource, agent: config.agent, action: 'probe', params: config.params, meta: config.meta,
        timeoutMs: operationTimeoutMs(config, 'probe'), intervalMs: 0, node: ctx.node,
      };
      const r = await run(op, 'probe');
      const seq = await journal([r.fact]);
      if (r.ok && r.rc !== 7 && !monitored.has(resource)) startMonitors(resource, seq);
    });

  /**
   * True for a resource this node must leave alone: the cluster (maintenance-mode) or this node is in maintenance,
   * or the resource is unmanaged (is-managed=false). Pacemaker's unmanaged: never stopped, whatever happens to us.
   */
  const leftAlone = (state: ClusterState) => {
    const maintenance = clusterOptions({ options: optionsOf(state) }).maintenanceMode || nodesOf(state).some((n) => n.name === ctx.node && n.maintenance);
    return (resource: string) => {
      const view = resourceOf(state, resource);
      return maintenance || (view !== undefined && !isManaged(view.context));
    };
  };

  /**
   * Stops, here, every resource this node runs or may run: active here per the fold, monitored here, or with a
   * start or stop pending here (a start may have run while its result was not journaled yet). Returns the
   * resources whose stop did not succeed; a caller that proves something with it (a restart counted as fencing)
   * must not go on.
   */
  const stopLocal = async (why: string, alone: (resource: string) => boolean = () => false): Promise<string[]> => {
    const state = ctx.host.state();
    const here = new Set([
      ...monitored.keys(),
      ...resourcesOf(state).filter((r) => r.context.activeOn.includes(ctx.node) || r.context.pendingOp?.node === ctx.node).map((r) => r.id),
    ]);
    const failed: string[] = [];
    for (const resource of here) {
      stopMonitors(resource);
      if (alone(resource)) {
        ctx.say(`${resource} left running: ${why}, but it is unmanaged or in maintenance`);
        continue;
      }
      const config = resourceOf(state, resource)?.context.config;
      if (!config) continue;
      let ok = false;
      await lane(resource, async () => {
        ctx.say(`stopping ${resource} locally: ${why}`);
        ok = (await run({
          opId: `local-stop:${ctx.incarnation()}:${resource}:${Date.now()}`, resource, agent: config.agent, action: 'stop', params: config.params,
          meta: config.meta, timeoutMs: operationTimeoutMs(config, 'stop'), intervalMs: 0, node: ctx.node,
        }, 'stop')).ok;
      });
      if (!ok) failed.push(resource);
    }
    if (failed.length > 0) ctx.say(`local stop failed for ${failed.join(', ')} (${why})`);
    return failed;
  };

  const reconcile = () => {
    if (stopped) return;
    const state = ctx.host.state();
    const me = nodesOf(state).find((n) => n.name === ctx.node);
    const incarnation = ctx.incarnation();
    if (me?.membership === 'member' && me.incarnation === incarnation) {
      if (probedFor !== incarnation) {
        probedFor = incarnation;
        probed.clear();
      }
      // Ops asked of an earlier daemon on this node never ran here (intents are not replayed): a start is void, a
      // stop runs now. Before the probes: the lane journals the answer first.
      for (const r of resourcesOf(state)) {
        const p = r.context.pendingOp;
        if (!p || p.node !== ctx.node || received.has(p.opId) || resolved.has(p.opId)) continue;
        if (r.state !== 'starting' && r.state !== 'stopping') continue;
        resolved.add(p.opId);
        if (p.operation === 'start') void voidStart(r.id, ctx.node, p.opId, `asked of an earlier daemon on ${ctx.node} (now incarnation ${incarnation})`);
        else if (p.operation === 'stop' && r.context.config) {
          const c = r.context.config;
          onRunAgent({ type: 'RunAgent', node: ctx.node, resource: r.id, operation: 'stop', opId: p.opId, intervalMs: 0, timeoutMs: p.timeoutMs, agent: c.agent, params: { ...c.params } }, { seq: r.lastSeq, entity: `resource/${r.id}`, fact: 'ResourceOperationRequested', at: p.requestedAt });
        }
      }
      for (const r of resourcesOf(state)) {
        const key = `${r.id}\u0000${r.context.config?.agent ?? ''}`;
        if (probed.has(key)) continue;
        probed.add(key);
        void probe(r.id, incarnation);
      }
    }
    // As the DC: a start pending on a node journaled left will not run there (it voids starts while leaving).
    if (ctx.isDc()) {
      const left = new Set(nodesOf(state).filter((n) => n.membership === 'left').map((n) => n.name));
      for (const r of resourcesOf(state)) {
        const p = r.context.pendingOp;
        if (r.state !== 'starting' || !p || p.operation !== 'start' || !left.has(p.node) || resolved.has(p.opId)) continue;
        resolved.add(p.opId);
        void voidStart(r.id, p.node, p.opId, `${p.node} left the cluster before it ran`);
      }
    }
    // A resource that left this node (stopped by a fact, moved, removed) keeps no monitor here.
    for (const [resource, since] of monitored) {
      if (ctx.host.position < since) continue;
      const view = resourceOf(state, resource);
      const pendingHere = view?.context.pendingOp?.node === ctx.node;
      // A monitor that found it failed here keeps watching until a stop is asked for: its recovery is news too.
      const failedHere = (view?.state === 'monitor-failed' || view?.state === 'blocked') && view.context.failCounts[ctx.node] !== undefined;
      if (!view || (!view.context.activeOn.includes(ctx.node) && !pendingHere && !failedHere)) {
        ctx.say(`${resource} no longer runs here: recurring monitor cancelled`);
        stopMonitors(resource);
      }
    }
  };

  return {
    name: 'executor',
    intents: ['RunAgent'],
    start(c) {
      ctx = c;
      const agentState = join(options.stateDir, 'agents', 'state');
      const agentRun = join(options.stateDir, 'agents', 'run');
      mkdirSync(agentState, { recursive: true });
      mkdirSync(agentRun, { recursive: true });
      executor = createResourceExecutor({ stateDir: agentState, runDir: agentRun, ...options.agent });
      monitors = createMonitorScheduler(executor, onReport, {
        opIdPrefix: `${c.incarnation()}:`,
        onError: (e, m) => c.say(`executor: monitor of ${m.resource}: ${(e as Error).message}`),
      });
      timer = setInterval(reconcile, options.reconcileMs ?? 500);
    },
    onIntent(intent: Intent, cause: IntentCause) {
      if (intent.type === 'RunAgent') onRunAgent(intent as unknown as RunAgent, cause);
    },
    onQuorum(quorate) {
      if (quorate) {
        // What happened while we could not journal is learnt again, never assumed.
        probed.clear();
        return;
      }
      const policy = clusterOptions({ options: optionsOf(ctx.host.state()) }).noQuorumPolicy;
      if (policy === 'stop') void stopLocal('quorum lost (no-quorum-policy=stop)', leftAlone(ctx.host.state()));
      else ctx.say(`quorum lost: resources left running (no-quorum-policy=${policy})`);
    },
    async onGivenUp() {
      const failed = await stopLocal('this node was given up by the cluster');
      // The daemon counts this as the old incarnation's work stopped (a restart as fencing): only if it is.
      if (failed.length > 0) throw new Error(`could not stop ${failed.join(', ')} here`);
    },
    async onLeave() {
      // Starts asked of this node from now on are void; those already under way finish and are journaled.
      leaving = true;
      const pendingHere = resourcesOf(ctx.host.state()).filter((r) => r.context.pendingOp?.node === ctx.node).map((r) => r.id);
      await Promise.all(pendingHere.map((id) => lanes.get(id)).filter((l) => l !== undefined));
      // Stop what runs here, then say so with a probe answer (rc 7): the fold moves those resources to stopped.
      // In maintenance, or unmanaged, a resource is left running and its state as journaled.
      const state = ctx.host.state();
      const alone = leftAlone(state);
      const here = resourcesOf(state).filter((r) => r.context.activeOn.includes(ctx.node) && !alone(r.id));
      await stopLocal('leaving the cluster', alone);
      for (const r of here) await probe(r.id, `${ctx.incarnation()}:leave`);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      monitors?.close();
      await Promise.all([...lanes.values()]);
    },
  };
}
