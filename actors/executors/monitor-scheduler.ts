// Recurring monitors: one loop per resource and interval, driven by the daemon, results reported by callback.
import type { Operation, OperationResult, ResourceExecutor } from './executor.ts';

/** A recurring monitor to start: the monitor operation minus its opId (one is derived per run). */
export type RecurringMonitor = Omit<Operation, 'opId' | 'action'> & { readonly intervalMs: number };

/** One recurring monitor result; `changed` is true for the first result and whenever rc differs from the last. */
export interface MonitorReport {
  readonly resource: string;
  readonly intervalMs: number;
  /** 1 for the first run of this monitor, then 2, 3, ... */
  readonly run: number;
  readonly changed: boolean;
  readonly result: OperationResult;
}

/** Starts and cancels recurring monitors. */
export interface MonitorScheduler {
  /** Starts (or replaces) the monitor of `m.resource` at `m.intervalMs`; the first run is immediate. */
  start(m: RecurringMonitor): void;
  /** Cancels one monitor; true when it existed. A run in flight finishes but is not reported. */
  cancel(resource: string, intervalMs: number): boolean;
  /** Cancels every monitor of `resource` (before a stop); returns how many. */
  cancelAll(resource: string): number;
  /** The active monitors as `resource@intervalMs`, sorted. */
  active(): string[];
  /** Cancels everything. */
  close(): void;
}

/**
 * Creates a scheduler over `executor`. Each monitor runs, waits `intervalMs` after the
 * run ends (never overlapping itself), and runs again, as Pacemaker's executor does.
 * Op ids are `<prefix><resource>:monitor:<interval>:<generation>:<run>` so a restarted
 * monitor never collides with an old one. `onReport` errors are caught and passed to
 * `onError`, never crash the loop.
 */
export function createMonitorScheduler(
  executor: ResourceExecutor,
  onReport: (report: MonitorReport) => void,
  options: { readonly opIdPrefix?: string; readonly onError?: (e: unknown, m: RecurringMonitor) => void } = {},
): MonitorScheduler {
  const loops = new Map<string, { generation: number; timer: NodeJS.Timeout | undefined; cancelled: boolean }>();
  let generation = 0;
  const keyOf = (resource: string, intervalMs: number) => `${resource}@${intervalMs}`;

  const start = (m: RecurringMonitor): void => {
    if (!(m.intervalMs > 0)) throw new RangeError(`recurring monitor of "${m.resource}" needs an interval > 0 ms, got ${m.intervalMs}`);
    const key = keyOf(m.resource, m.intervalMs);
    cancelKey(key);
    const loop = { generation: ++generation, timer: undefined as NodeJS.Timeout | undefined, cancelled: false };
    loops.set(key, loop);
    let run = 0;
    let lastRc: number | undefined;
    const tick = async () => {
      if (loop.cancelled) return;
      run++;
      const opId = `${options.opIdPrefix ?? ''}${m.resource}:monitor:${m.intervalMs}:${loop.generation}:${run}`;
      try {
        const result = await executor.execute({ ...m, action: 'monitor', opId });
        if (loop.cancelled) return;
        const changed = lastRc === undefined || lastRc !== result.rc;
        lastRc = result.rc;
        onReport({ resource: m.resource, intervalMs: m.intervalMs, run, changed, result });
      } catch (e) {
        options.onError?.(e, m);
      }
      if (!loop.cancelled) loop.timer = setTimeout(tick, m.intervalMs);
    };
    void tick();
  };

  const cancelKey = (key: string): boolean => {
    const loop = loops.get(key);
    if (!loop) return false;
    loop.cancelled = true;
    clearTimeout(loop.timer);
    loops.delete(key);
    return true;
  };

  return {
    start,
    cancel: (resource, intervalMs) => cancelKey(keyOf(resource, intervalMs)),
    cancelAll(resource) {
      let n = 0;
      for (const key of [...loops.keys()]) if (key.slice(0, key.lastIndexOf('@')) === resource && cancelKey(key)) n++;
      return n;
    },
    active: () => [...loops.keys()].sort(),
    close() {
      for (const key of [...loops.keys()]) cancelKey(key);
    },
  };
}
