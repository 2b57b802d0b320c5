// Durations in option text: "1000" (ms), "500ms", "1s", "1.5s", "2m", "1h", or ISO 8601 ("PT1S"). Pure.
import { Duration } from 'luxon';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const SIMPLE = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?$/;

/**
 * Milliseconds of a duration text, or undefined when it is not one. A bare number is milliseconds (Pacemaker
 * reads bare numbers as seconds; quorate's proto speaks milliseconds everywhere, so it does too). Pure.
 */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  const m = SIMPLE.exec(t);
  if (m) {
    const ms = Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1);
    return Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : undefined;
  }
  if (/^P/i.test(t)) {
    const d = Duration.fromISO(t.toUpperCase());
    if (d.isValid) {
      const ms = d.toMillis();
      return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
    }
  }
  return undefined;
}
