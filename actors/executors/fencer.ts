// The fencer: runs a target's levels in order until one fully succeeds, merging concurrent requests per target.
import type { FenceAction, FenceRunRequest, FenceRunResult } from './fence.ts';
import { runFenceAgent } from './fence.ts';
import { BUILTIN_KILL, runBuiltinKill } from './fence-builtin.ts';
import type { FenceTopology, ResolvedLevel } from './fence-topology.ts';
import type { AgentOptions } from './agent.ts';

/** The actions a fencing request may ask for. */
export type FenceRequestAction = Extract<FenceAction, 'off' | 'on' | 'reboot'>;

/** The outcome of one fencing request (what FenceSucceeded / FenceFailed journal). */
export interface FenceOutcome {
  readonly target: string;
  readonly action: FenceRequestAction;
  readonly ok: boolean;
  /** The level that succeeded, or the last one tried (0 when none exists). */
  readonly level: number;
  readonly devices: readonly string[];
  readonly reason: string;
  readonly durationMs: number;
  /** Every device run, in order, for history and diagnosis. */
  readonly attempts: readonly FenceRunResult[];
}

/** Fences nodes. */
export interface Fencer {
  /** Fences `target`; a request while one for the same target and action runs gets that run's outcome. */
  fence(target: string, action?: FenceRequestAction): Promise<FenceOutcome>;
  /** How many fencing runs actually started (merged requests count once). */
  readonly runs: number;
}

/** Options: the device runner (default: builtin:kill or an external fence_* agent) and the per-device timeout. */
export interface FencerOptions extends AgentOptions {
  /** Per device run, ms (Pacemaker's stonith-timeout default, 60 s). */
  readonly timeoutMs?: number;
  readonly runDevice?: (req: FenceRunRequest) => Promise<FenceRunResult>;
}

/** Runs one device with the built-in or an external agent. */
export function runFenceDevice(req: FenceRunRequest, options: AgentOptions = {}): Promise<FenceRunResult> {
  return req.device.agent === BUILTIN_KILL ? runBuiltinKill(req) : runFenceAgent(req, options);
}

/**
 * Creates a fencer over `topology` (a function, so the daemon can hand in the current one).
 * Levels run in order; within a level devices run one after another and every one must
 * succeed. A reboot through a level of several devices is done as off on all, then on on all
 * (so dual power supplies are never both on while one is off — Pacemaker does the same).
 */
export function createFencer(topology: () => FenceTopology, options: FencerOptions = {}): Fencer {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const runDevice = options.runDevice ?? ((req: FenceRunRequest) => runFenceDevice(req, options));
  const inflight = new Map<string, Promise<FenceOutcome>>();
  let runs = 0;

  const runLevel = async (level: ResolvedLevel, target: string, action: FenceRequestAction, attempts: FenceRunResult[]): Promise<FenceRunResult | undefined> => {
    const steps: Array<[FenceAction, ResolvedLevel['devices'][number]]> = action === 'reboot' && level.devices.length > 1
      ? [...level.devices.map((d) => ['off', d] as [FenceAction, typeof d]), ...level.devices.map((d) => ['on', d] as [FenceAction, typeof d])]
      : level.devices.map((d) => [action, d] as [FenceAction, typeof d]);
    for (const [a, device] of steps) {
      const r = await runDevice({ device, action: a, target, timeoutMs }).catch((e: unknown): FenceRunResult => ({
        device: device.id, action: a, target, rc: 1, ok: false, timedOut: false, reason: `runner failed: ${(e as Error).message}`, stdout: '', durationMs: 0,
      }));
      attempts.push(r);
      if (!r.ok) return r;
    }
    return undefined;
  };

  const run = async (target: string, action: FenceRequestAction): Promise<FenceOutcome> => {
    runs++;
    const t0 = performance.now();
    const attempts: FenceRunResult[] = [];
    const levels = topology().levelsFor(target);
    const done = (ok: boolean, level: number, devices: readonly string[], reason: string): FenceOutcome => ({
      target, action, ok, level, devices, reason, durationMs: Math.round(performance.now() - t0), attempts,
    });
    if (levels.length === 0) return done(false, 0, [], `no fence device can fence "${target}"`);
    const reasons: string[] = [];
    for (const level of levels) {
      const failed = await runLevel(level, target, action, attempts);
      const ids = level.devices.map((d) => d.id);
      if (!failed) return done(true, level.index, ids, '');
      reasons.push(`level ${level.index}: ${failed.device} ${failed.action} failed${failed.reason ? `: ${failed.reason}` : ` (rc ${failed.rc})`}`);
    }
    const last = levels[levels.length - 1]!;
    return done(false, last.index, last.devices.map((d) => d.id), reasons.join('; '));
  };

  return {
    fence(target, action = 'reboot') {
      const key = `${target}\u0000${action}`;
      let p = inflight.get(key);
      if (!p) {
        p = run(target, action).finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      return p;
    },
    get runs() { return runs; },
  };
}
