// The fencing service: runs the Fence intents naming this node as executor (or, as DC, those naming '')
// through the configured topology, and journals FenceFailed per failed level and the final outcome.
//
// The devices and levels come from the folded state at the moment a run starts (fence-device and
// fence-level entities), so a reconfiguration applies to the next request. Concurrent requests for one
// target and action are merged by the fencer: one run, every request answered with its outcome.
// builtin:kill also kills every process tagged as the target's test machine (test-machine.ts).
import type { Fact } from '../../proto/generated.ts';
import { clusterOptions } from '../../machines/cluster/options-schema.ts';
import type { Intent } from '../../machines/kind.ts';
import type { FenceIntent } from '../../machines/node/node.machine.ts';
import type { AgentOptions } from '../executors/agent.ts';
import type { FenceRunRequest, FenceRunResult } from '../executors/fence.ts';
import { BUILTIN_KILL } from '../executors/fence-builtin.ts';
import { runFenceAgent } from '../executors/fence.ts';
import { createFenceTopology, type FenceTopology, type ResolvedLevel } from '../executors/fence-topology.ts';
import { createFencer, type FenceOutcome, type FenceRequestAction, type Fencer } from '../executors/fencer.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import { optionsOf } from '../view.ts';
import { killTestMachine, type TestMachine } from './test-machine.ts';
import { fenceDevicesOf, fenceLevelsOf } from './views.ts';

/** What the fencing service needs: the cluster (for builtin:kill's machine tags) and agent options. */
export interface FencingServiceOptions {
  readonly cluster: string;
  readonly agent?: AgentOptions;
  /** This node's test machine, registered with builtin:kill devices that can fence it. */
  readonly machine?: TestMachine;
}

const ACTIONS = new Set<string>(['off', 'on', 'reboot']);

/**
 * The facts that answer `requestId` with `outcome`: one FenceFailed (not final) for each level that failed
 * before the last one tried, then FenceSucceeded or the final FenceFailed. `levels` are the ones the run
 * went through (the fencer's attempts are in run order, level after level).
 */
export function fenceAnswer(requestId: string, outcome: FenceOutcome, levels: readonly ResolvedLevel[]): Fact[] {
  const facts: Fact[] = [];
  const { target, action } = outcome;
  let i = 0;
  for (const level of levels) {
    if (level.index === outcome.level) break;
    const ids = new Set(level.devices.map((d) => d.id));
    const tried: FenceRunResult[] = [];
    while (i < outcome.attempts.length && ids.has(outcome.attempts[i]!.device)) tried.push(outcome.attempts[i++]!);
    const failed = tried.find((a) => !a.ok);
    if (!failed) continue;
    facts.push({
      type: 'FenceFailed', target, action, requestId, level: level.index, devices: [...new Set(tried.map((a) => a.device))],
      reason: `${failed.device} ${failed.action} failed${failed.reason ? `: ${failed.reason}` : ` (rc ${failed.rc})`}`,
      durationMs: Math.round(tried.reduce((s, a) => s + a.durationMs, 0)), final: false,
    });
  }
  const durationMs = Math.max(0, Math.round(outcome.durationMs));
  facts.push(outcome.ok
    ? { type: 'FenceSucceeded', target, action, requestId, level: outcome.level, devices: [...outcome.devices], durationMs }
    : { type: 'FenceFailed', target, action, requestId, level: outcome.level, devices: [...outcome.devices], reason: outcome.reason, durationMs, final: true });
  return facts;
}

/** Creates the fencing service (see the file header). */
export function createFencingService(options: FencingServiceOptions): DaemonService {
  let ctx!: DaemonContext;
  let fencer!: Fencer;
  let topology: FenceTopology = createFenceTopology([], []);
  let timer: NodeJS.Timeout | undefined;
  const registered = new Set<string>();

  // stonith-timeout is read from the current cluster options at every device run, not once at start: an
  // operator's change applies to the next fence (the fencer's own timeout is only the fallback).
  const stonithTimeoutMs = () => clusterOptions({ options: optionsOf(ctx.host.state()) }).stonithTimeoutMs;
  const runDevice = (request: FenceRunRequest) => {
    const req = { ...request, timeoutMs: stonithTimeoutMs() };
    return req.device.agent === BUILTIN_KILL ? killTestMachine(req, options.cluster) : runFenceAgent(req, options.agent ?? {});
  };

  /** A builtin:kill device that can fence this node needs this daemon's process group in its registry. */
  const registerGroups = () => {
    for (const d of fenceDevicesOf(ctx.host.state())) {
      const dir = d.params['dir'];
      if (d.agent !== BUILTIN_KILL || !dir || !d.targets.includes(ctx.node) || registered.has(dir)) continue;
      registered.add(dir);
      try {
        if (options.machine?.register(dir)) ctx.say(`builtin:kill registry ${dir}: registered this node's process group (tests and demo only)`);
      } catch (e) {
        ctx.say(`builtin:kill registry ${dir}: ${(e as Error).message}`);
      }
    }
  };

  const handle = (i: FenceIntent) => {
    const target = i.target;
    const action = i.action as FenceRequestAction;
    let levels: readonly ResolvedLevel[] = [];
    const answer = async (outcome: FenceOutcome) => {
      const facts = fenceAnswer(i.requestId, outcome, levels);
      await ctx.appendAsNode(facts);
      const last = facts[facts.length - 1]!;
      ctx.say(`journaled ${last.type} ${target} ${action} (request ${i.requestId}, level ${outcome.level}${outcome.reason ? `: ${outcome.reason}` : ''})`);
    };
    if (!ACTIONS.has(i.action)) {
      void answer({ target, action, ok: false, level: 0, devices: [], reason: `unknown fence action "${i.action}" (expected off, on or reboot)`, durationMs: 0, attempts: [] })
        .catch((e: Error) => ctx.say(`fencing: ${e.message}`));
      return;
    }
    const state = ctx.host.state();
    try {
      topology = createFenceTopology(fenceDevicesOf(state), fenceLevelsOf(state));
    } catch (e) {
      void answer({ target, action, ok: false, level: 0, devices: [], reason: `fencing topology: ${(e as Error).message}`, durationMs: 0, attempts: [] })
        .catch((err: Error) => ctx.say(`fencing: ${err.message}`));
      return;
    }
    levels = topology.levelsFor(target);
    const before = fencer.runs;
    const p = fencer.fence(target, action);
    ctx.say(fencer.runs === before
      ? `fence ${action} of ${target} (request ${i.requestId}): merged with the run in flight`
      : `fence ${action} of ${target} (request ${i.requestId}): running the topology (${i.reason || 'no reason given'})`);
    void p.then(answer).catch((e: Error) => ctx.say(`fencing ${target}: ${e.message}`));
  };

  return {
    name: 'fencing',
    intents: ['Fence'],
    dcIntents: ['Fence'],
    start(c) {
      ctx = c;
      fencer = createFencer(() => topology, { ...options.agent, timeoutMs: stonithTimeoutMs(), runDevice });
      registerGroups();
      timer = setInterval(registerGroups, 1000);
    },
    onIntent(intent: Intent) {
      // The node machine's Fence intent carries a requestId; the resource machine's goes to the DC only.
      if (typeof intent['requestId'] === 'string') handle(intent as unknown as FenceIntent);
    },
    onDcIntent(intent: Intent) {
      if (typeof intent['requestId'] === 'string' && intent.node === '') handle(intent as unknown as FenceIntent);
    },
    async stop() {
      clearInterval(timer);
    },
  };
}
