// The live system's clock: wall time for stamping facts, monotonic time for measuring silence and leases.

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

/** The real clock, optionally skewed for fault tests (env QUORATE_CLOCK_OFFSET_MS, QUORATE_CLOCK_DRIFT). */
export function createClock(options: ClockOptions = {}): Clock {
  const offset = options.offsetMs ?? Number(process.env['QUORATE_CLOCK_OFFSET_MS'] ?? 0);
  const drift = options.drift ?? Number(process.env['QUORATE_CLOCK_DRIFT'] ?? 0);
  const start = Date.now();
  return {
    now: () => {
      const t = Date.now();
      return Math.round(t + offset + (t - start) * drift);
    },
    monotonic: () => performance.now(),
  };
}
