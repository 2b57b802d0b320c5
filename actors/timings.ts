// The daemon's timings and fencing mode from the cluster options, with quorate's defaults.
import { Duration } from 'luxon';

export interface Timings {
  readonly heartbeatMs: number;
  readonly deadTimeMs: number;
  readonly watchdogMs: number;
  readonly twoNode: boolean;
  /** 'agent': fence devices confirm; 'watchdog': a lost node counts as fenced after 2 x watchdog timeout. */
  readonly fencingMode: 'agent' | 'watchdog';
  readonly stonithEnabled: boolean;
}

export const DEFAULT_TIMINGS: Timings = {
  heartbeatMs: 200,
  deadTimeMs: 1000,
  watchdogMs: 5000,
  twoNode: false,
  fencingMode: 'agent',
  stonithEnabled: true,
};

/** Timings from an options map; a value that does not parse keeps the default (verify/apply reject it earlier). */
export function timingsOf(options: Readonly<Record<string, string>>): Timings {
  const ms = (name: string, fallback: number) => {
    const v = options[name];
    const parsed = v === undefined ? undefined : parseDurationMs(v);
    return parsed !== undefined && parsed > 0 ? parsed : fallback;
  };
  const bool = (name: string, fallback: boolean) => {
    const v = options[name]?.toLowerCase();
    return v === undefined ? fallback : ['true', 'yes', 'on', '1'].includes(v);
  };
  const mode = options['fencing-mode'];
  return {
    heartbeatMs: ms('heartbeat-interval', DEFAULT_TIMINGS.heartbeatMs),
    deadTimeMs: ms('dead-time', DEFAULT_TIMINGS.deadTimeMs),
    watchdogMs: ms('watchdog-timeout', DEFAULT_TIMINGS.watchdogMs),
    twoNode: bool('two-node', DEFAULT_TIMINGS.twoNode),
    fencingMode: mode === 'watchdog' ? 'watchdog' : 'agent',
    stonithEnabled: bool('stonith-enabled', DEFAULT_TIMINGS.stonithEnabled),
  };
}

/** "1000", "500ms", "1s", "1.5s", "2m", "PT1S" -> ms; undefined when it does not parse. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)$/.exec(t);
  if (m) {
    const unit = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[m[2] as 'ms'];
    return Math.round(Number(m[1]) * unit);
  }
  const d = Duration.fromISO(t);
  return d.isValid ? d.as('milliseconds') : undefined;
}
