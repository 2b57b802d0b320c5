// Input checks for the scheduler: a QuorateError (config.invalid) that names the input and the place.
import { ErrorCode, QuorateError } from '../errors.ts';

/** Throws config.invalid: "schedule input <where>: <message>". */
export function bad(where: string, message: string, value?: unknown): never {
  throw new QuorateError(ErrorCode.configInvalid, `schedule input ${where}: ${message}`, { details: { where, value } });
}

/** The list, [] when absent; not a list is an error naming `where`. Pure. */
export function list<T>(v: readonly T[] | undefined, where: string): readonly T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(where, 'is not a list', v);
  return v;
}

/** True for a non-empty string. Pure. */
export function isName(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

