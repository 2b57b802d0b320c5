// Resource meta attributes (target-role, is-managed, failure-timeout, ...): parsing with errors that name the input.
import type { ResourceConfig } from '../../proto/generated.ts';
import { ErrorCode, QuorateError } from '../errors.ts';
import { INFINITY, parseScore } from '../score.ts';

/** The role a resource should be in. */
export const TargetRole = { started: 'Started', stopped: 'Stopped' } as const;
export type TargetRole = (typeof TargetRole)[keyof typeof TargetRole];

function invalid(where: string, value: string, expected: string): never {
  throw new QuorateError(ErrorCode.configInvalid, `${where}: "${value}" is not ${expected}`, { details: { where, value } });
}

const DURATION = /^(\d+)\s*(ms|msec|s|sec|m|min|h|hr)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, msec: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000 };

/**
 * Parses a Pacemaker duration: "30s", "5min", "1h", "250ms"; a bare number is seconds.
 * Bad text is a QuorateError naming `where`. Pure.
 */
export function parseDurationMs(text: string, where = 'duration'): number {
  const m = DURATION.exec(text.trim());
  if (!m) return invalid(where, text, 'a duration (e.g. 30s, 5min, 1h, 250ms)');
  return Number(m[1]) * (UNIT_MS[(m[2] ?? 's').toLowerCase()] ?? 1000);
}

function parseBool(text: string, where: string): boolean {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y'].includes(t)) return true;
  if (['false', 'no', 'off', '0', 'n'].includes(t)) return false;
  return invalid(where, text, 'a boolean (true/false)');
}

type Meta = Readonly<Record<string, string>>;

/** target-role: Started (the default) or Stopped; "Promoted"/"Unpromoted" count as Started. Pure. */
export function targetRoleOf(meta: Meta, where = 'meta target-role'): TargetRole {
  const v = meta['target-role'];
  if (v === undefined || v === '') return 'Started';
  const t = v.trim().toLowerCase();
  if (t === 'started' || t === 'promoted' || t === 'unpromoted' || t === 'master' || t === 'slave') return 'Started';
  if (t === 'stopped') return 'Stopped';
  return invalid(where, v, 'a target role (Started or Stopped)');
}

/** is-managed (default true): false means quorate observes the resource but never acts on it. Pure. */
export function isManagedMeta(meta: Meta, where = 'meta is-managed'): boolean {
  const v = meta['is-managed'];
  return v === undefined || v === '' ? true : parseBool(v, where);
}

/** failure-timeout in ms; 0 (the default) means fail counts never expire on their own. Pure. */
export function failureTimeoutMsOf(meta: Meta, where = 'meta failure-timeout'): number {
  const v = meta['failure-timeout'];
  return v === undefined || v === '' ? 0 : parseDurationMs(v, where);
}

/** migration-threshold: failures on a node before the resource is banned there (default INFINITY = never). Pure. */
export function migrationThresholdOf(meta: Meta, where = 'meta migration-threshold'): number {
  const v = meta['migration-threshold'];
  if (v === undefined || v === '') return INFINITY;
  const n = parseScore(v, where);
  return n <= 0 ? INFINITY : n;
}

/** resource-stickiness as a score, or undefined when unset (the cluster default applies). Pure. */
export function stickinessOf(meta: Meta, where = 'meta resource-stickiness'): number | undefined {
  const v = meta['resource-stickiness'];
  return v === undefined || v === '' ? undefined : parseScore(v, where);
}

/** Checks every meta attribute quorate interprets; throws a QuorateError naming the first bad one. Pure. */
export function validateMeta(config: ResourceConfig): void {
  const where = (name: string) => `resource/${config.id} meta ${name}`;
  targetRoleOf(config.meta, where('target-role'));
  isManagedMeta(config.meta, where('is-managed'));
  failureTimeoutMsOf(config.meta, where('failure-timeout'));
  migrationThresholdOf(config.meta, where('migration-threshold'));
  stickinessOf(config.meta, where('resource-stickiness'));
}
