// Cluster options: their Pacemaker-like names, what each accepts, its default, and typed accessors. Pure.
import { INFINITY, clampScore } from '../score.ts';
import { parseDurationMs } from './duration.ts';

type Parsed = { ok: true; value: string | number | boolean } | { ok: false; expected: string };

const TRUE = ['true', 'yes', 'on', '1', 'y'];
const FALSE = ['false', 'no', 'off', '0', 'n'];

const bool = (t: string): Parsed => {
  const l = t.trim().toLowerCase();
  return TRUE.includes(l) ? { ok: true, value: true } : FALSE.includes(l) ? { ok: true, value: false } : { ok: false, expected: 'a boolean (true/false, yes/no, on/off, 1/0)' };
};
const oneOf = (...values: string[]) => (t: string): Parsed =>
  values.includes(t.trim()) ? { ok: true, value: t.trim() } : { ok: false, expected: `one of ${values.join(', ')}` };
const duration = (t: string): Parsed => {
  const ms = parseDurationMs(t);
  return ms === undefined ? { ok: false, expected: 'a duration such as 1000, "500ms", "1s", "2m" or "PT1S"' } : { ok: true, value: ms };
};
const count = (t: string): Parsed => {
  const l = t.trim().toUpperCase();
  if (l === 'INFINITY' || l === '+INFINITY') return { ok: true, value: INFINITY };
  return /^\d+$/.test(l) ? { ok: true, value: clampScore(Number(l)) } : { ok: false, expected: 'a whole number or INFINITY' };
};
const score = (t: string): Parsed => {
  const l = t.trim().toUpperCase();
  if (l === 'INFINITY' || l === '+INFINITY') return { ok: true, value: INFINITY };
  if (l === '-INFINITY') return { ok: true, value: -INFINITY };
  return /^[+-]?\d+$/.test(l) ? { ok: true, value: clampScore(Number(l)) } : { ok: false, expected: 'a score (an integer, INFINITY or -INFINITY)' };
};

/** Every option quorate knows: its parser and its default text. Add new options here. */
export const OPTION_SCHEMA = {
  'no-quorum-policy': { parse: oneOf('stop', 'freeze', 'ignore'), default: 'stop' },
  'stonith-enabled': { parse: bool, default: 'true' },
  'stonith-action': { parse: oneOf('reboot', 'off'), default: 'reboot' },
  'stonith-timeout': { parse: duration, default: '60s' },
  'startup-fencing': { parse: bool, default: 'true' },
  'symmetric-cluster': { parse: bool, default: 'true' },
  'resource-stickiness': { parse: score, default: '0' },
  'dead-time': { parse: duration, default: '1000ms' },
  'heartbeat-interval': { parse: duration, default: '200ms' },
  'two-node': { parse: bool, default: 'false' },
  'maintenance-mode': { parse: bool, default: 'false' },
  'watchdog-timeout': { parse: duration, default: '5000ms' },
  'fencing-mode': { parse: oneOf('agent', 'watchdog'), default: 'agent' },
  'migration-threshold': { parse: count, default: '1000000' },
  'failure-timeout': { parse: duration, default: '0' },
  'cluster-recheck-interval': { parse: duration, default: '15m' },
} as const satisfies Record<string, { parse: (t: string) => Parsed; default: string }>;

/** A known option name. */
export type OptionName = keyof typeof OPTION_SCHEMA;

/** The names quorate knows, sorted. */
export const OPTION_NAMES = (Object.keys(OPTION_SCHEMA) as OptionName[]).sort();

/** Why `value` is not valid for option `name` ("stonith-enabled: expected a boolean ..., got "maybe""), or '' when it is. Pure. */
export function optionProblem(name: string, value: string): string {
  if (!Object.hasOwn(OPTION_SCHEMA, name)) return `unknown cluster option "${name}" (known: ${OPTION_NAMES.join(', ')})`;
  if (typeof value !== 'string') return `${name}: expected a string value, got ${JSON.stringify(value)}`;
  const p = OPTION_SCHEMA[name as OptionName].parse(value);
  return p.ok ? '' : `${name}: expected ${p.expected}, got ${JSON.stringify(value)}`;
}

/** The cluster options, typed, with defaults for what is unset. Durations in ms. */
export interface ClusterOptions {
  readonly noQuorumPolicy: 'stop' | 'freeze' | 'ignore';
  readonly stonithEnabled: boolean;
  readonly stonithAction: 'reboot' | 'off';
  readonly stonithTimeoutMs: number;
  readonly startupFencing: boolean;
  readonly symmetricCluster: boolean;
  readonly resourceStickiness: number;
  readonly deadTimeMs: number;
  readonly heartbeatIntervalMs: number;
  readonly twoNode: boolean;
  readonly maintenanceMode: boolean;
  readonly watchdogTimeoutMs: number;
  readonly fencingMode: 'agent' | 'watchdog';
  readonly migrationThreshold: number;
  /** 0 = failures never expire. */
  readonly failureTimeoutMs: number;
  readonly clusterRecheckIntervalMs: number;
  /** Problems with stored values that were replaced by their default (a journal not written by this decider). */
  readonly invalid: string[];
}

/**
 * The typed options of an options context (`{ options }`), defaults filled in. A stored value that does not
 * parse takes its default and is listed in `invalid` — never silently. Unknown names are ignored. Pure.
 */
export function clusterOptions(context: { readonly options: Readonly<Record<string, string>> }): ClusterOptions {
  const invalid: string[] = [];
  const get = <T>(name: OptionName): T => {
    const schema = OPTION_SCHEMA[name];
    const text = context.options[name];
    if (text !== undefined) {
      const p = schema.parse(text);
      if (p.ok) return p.value as T;
      invalid.push(optionProblem(name, text));
    }
    const d = schema.parse(schema.default);
    return (d.ok ? d.value : undefined) as T;
  };
  return {
    noQuorumPolicy: get('no-quorum-policy'), stonithEnabled: get('stonith-enabled'), stonithAction: get('stonith-action'),
    stonithTimeoutMs: get('stonith-timeout'), startupFencing: get('startup-fencing'), symmetricCluster: get('symmetric-cluster'),
    resourceStickiness: get('resource-stickiness'), deadTimeMs: get('dead-time'), heartbeatIntervalMs: get('heartbeat-interval'),
    twoNode: get('two-node'), maintenanceMode: get('maintenance-mode'), watchdogTimeoutMs: get('watchdog-timeout'),
    fencingMode: get('fencing-mode'), migrationThreshold: get('migration-threshold'), failureTimeoutMs: get('failure-timeout'),
    clusterRecheckIntervalMs: get('cluster-recheck-interval'), invalid,
  };
}
