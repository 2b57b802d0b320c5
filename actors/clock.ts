// The live system's clock: wall time for stamping facts, monotonic time for measuring silence and leases.
import { readFileSync } from 'node:fs';

/** The only clock quorate reads; machines/ never does. */
export interface Clock {
  /** Wall-clock ms since epoch, used to stamp facts (`occurredAt`). */
  now(): number;
  /** Monotonic ms, immune to wall-clock jumps: for timeouts, silences and leases. */
  monotonic(): number;
}

export interface ClockOptions {
  /** Fault injection: shift the wall clock by this many ms. */
  readonly offsetMs?: number;
  /** Fault injection: wall-clock drift, e.g. 0.01 = runs 1 % fast. Applies to `now()` only. */
  readonly drift?: number;
}

/**
 * The real clock, optionally skewed for fault tests (env QUORATE_CLOCK_OFFSET_MS, QUORATE_CLOCK_DRIFT). With
 * QUORATE_CLOCK_FILE set, a JSON `{"offsetMs": n, "drift": x}` in that file replaces both while the daemon runs
 * (re-read at most every 100 ms): the fault suite jumps and drifts a live node's clock this way.
 */
export function createClock(options: ClockOptions = {}): Clock {
  let offset = options.offsetMs ?? Number(process.env['QUORATE_CLOCK_OFFSET_MS'] ?? 0);
  let drift = options.drift ?? Number(process.env['QUORATE_CLOCK_DRIFT'] ?? 0);
  const start = Date.now();
  const file = process.env['QUORATE_CLOCK_FILE'];
  let readAt = 0;
  const reread = () => {
    if (!file || Date.now() - readAt < 100) return;
    readAt = Date.now();
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: number; drift?: number };
      offset = Number(v.offsetMs ?? 0);
      drift = Number(v.drift ?? 0);
    } catch {
      /* absent or half-written: keep the last skew */
    }
  };
  return {
    now: () => {
      reread();
      const t = Date.now();
      return Math.round(t + offset + (t - start) * drift);
    },
    monotonic: () => performance.now(),
  };
}
