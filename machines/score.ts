// Scores: integers saturating at +/-1,000,000 (INFINITY), and their text form, as Pacemaker's scores.h.
import { ErrorCode, QuorateError } from './errors.ts';

/** +INFINITY: a score that always wins; -INFINITY forbids. */
export const INFINITY = 1_000_000;

/** Saturates `score` to [-INFINITY, +INFINITY] and truncates it to an integer. Pure. */
export function clampScore(score: number): number {
  if (Number.isNaN(score)) return 0;
  if (score >= INFINITY) return INFINITY;
  if (score <= -INFINITY) return -INFINITY;
  return Math.trunc(score);
}

/** Adds scores the Pacemaker way: saturating, and -INFINITY wins over +INFINITY. Pure. */
export function addScores(a: number, b: number): number {
  if (a <= -INFINITY || b <= -INFINITY) return -INFINITY;
  if (a >= INFINITY || b >= INFINITY) return INFINITY;
  return clampScore(a + b);
}

const SCORE = /^[+-]?\d+$/;

/**
 * Parses a score: "INFINITY", "+INFINITY", "-INFINITY" (any case) or an integer, clamped.
 * Anything else is a QuorateError naming the text and `where` (e.g. "constraint/loc1 score"). Pure.
 */
export function parseScore(text: string, where = 'score'): number {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (upper === 'INFINITY' || upper === '+INFINITY') return INFINITY;
  if (upper === '-INFINITY') return -INFINITY;
  if (!SCORE.test(t)) {
    throw new QuorateError(ErrorCode.configInvalid, `${where}: "${text}" is not a score (an integer, INFINITY or -INFINITY)`, {
      details: { where, value: text },
    });
  }
  return clampScore(Number(t));
}

/** The text of a score: "INFINITY", "-INFINITY" or the integer. Pure. */
export function formatScore(score: number): string {
  const s = clampScore(score);
  if (s === INFINITY) return 'INFINITY';
  if (s === -INFINITY) return '-INFINITY';
  return String(s);
}
