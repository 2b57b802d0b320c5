// OCF agent return codes, what they mean per operation, and Pacemaker's default on-fail: shared with the executors.

/** OCF return codes (OCF resource agent API 1.1, plus Pacemaker's degraded codes). */
export const OcfRc = {
  ok: 0,
  genericError: 1,
  invalidArgs: 2,
  unimplemented: 3,
  insufficientPrivileges: 4,
  notInstalled: 5,
  notConfigured: 6,
  notRunning: 7,
  runningPromoted: 8,
  failedPromoted: 9,
  degraded: 190,
  degradedPromoted: 191,
} as const;
export type OcfRc = (typeof OcfRc)[keyof typeof OcfRc];

/**
 * How far a failure reaches (Pacemaker's `pcmk__result_recovery`): `soft` retries on the same
 * node, `hard` bans the resource from that node, `fatal` stops it cluster-wide.
 */
export const Recovery = { soft: 'soft', hard: 'hard', fatal: 'fatal' } as const;
export type Recovery = (typeof Recovery)[keyof typeof Recovery];

/** One row of the OCF table. */
export interface OcfCode {
  readonly rc: number;
  readonly name: string;
  readonly meaning: string;
  readonly recovery: Recovery;
}

/** The OCF table: rc, name, meaning, and the recovery a failure with that rc needs. */
export const OCF_CODES: readonly OcfCode[] = [
  { rc: 0, name: 'OCF_SUCCESS', meaning: 'success', recovery: 'soft' },
  { rc: 1, name: 'OCF_ERR_GENERIC', meaning: 'generic error', recovery: 'soft' },
  { rc: 2, name: 'OCF_ERR_ARGS', meaning: 'invalid arguments', recovery: 'hard' },
  { rc: 3, name: 'OCF_ERR_UNIMPLEMENTED', meaning: 'unimplemented action', recovery: 'hard' },
  { rc: 4, name: 'OCF_ERR_PERM', meaning: 'insufficient privileges', recovery: 'hard' },
  { rc: 5, name: 'OCF_ERR_INSTALLED', meaning: 'not installed', recovery: 'hard' },
  { rc: 6, name: 'OCF_ERR_CONFIGURED', meaning: 'not configured', recovery: 'fatal' },
  { rc: 7, name: 'OCF_NOT_RUNNING', meaning: 'not running', recovery: 'soft' },
  { rc: 8, name: 'OCF_RUNNING_PROMOTED', meaning: 'running promoted', recovery: 'soft' },
  { rc: 9, name: 'OCF_FAILED_PROMOTED', meaning: 'failed promoted', recovery: 'soft' },
  { rc: 190, name: 'OCF_DEGRADED', meaning: 'running, degraded', recovery: 'soft' },
  { rc: 191, name: 'OCF_DEGRADED_PROMOTED', meaning: 'running promoted, degraded', recovery: 'soft' },
];

/** The row for `rc`; an rc outside the table is an unknown generic error. Pure. */
export function ocfCode(rc: number): OcfCode {
  return OCF_CODES.find((c) => c.rc === rc) ?? { rc, name: 'OCF_UNKNOWN', meaning: `unknown rc ${rc}`, recovery: 'soft' };
}

/** The recovery a failed operation with `rc` needs; a timeout is soft. Pure. */
export function recoveryOf(rc: number, timedOut = false): Recovery {
  return timedOut ? 'soft' : ocfCode(rc).recovery;
}

/** The operations quorate runs through agents. `probe` is a one-shot monitor that may find the resource stopped. */
export const OperationName = {
  start: 'start',
  stop: 'stop',
  monitor: 'monitor',
  probe: 'probe',
  promote: 'promote',
  demote: 'demote',
} as const;
export type OperationName = (typeof OperationName)[keyof typeof OperationName];
const OPERATIONS = new Set<string>(Object.values(OperationName));

/** True when `name` is an operation quorate knows. Pure. */
export function isOperationName(name: string): name is OperationName {
  return OPERATIONS.has(name);
}

/** True when `rc` says the resource is active (running, promoted, or degraded but running). Pure. */
export function isActiveRc(rc: number): boolean {
  return rc === OcfRc.ok || rc === OcfRc.runningPromoted || rc === OcfRc.degraded || rc === OcfRc.degradedPromoted;
}

/**
 * True when `rc` is a success for `operation`: start/promote/demote want 0; stop takes 0 or 7
 * (already stopped); monitor takes any active rc (190/191 degraded count as running); a probe
 * takes any definite answer, 7 included. Pure.
 */
export function isOperationSuccess(operation: string, rc: number): boolean {
  switch (operation) {
    case 'stop': return rc === OcfRc.ok || rc === OcfRc.notRunning;
    case 'monitor': return isActiveRc(rc);
    case 'probe': return isActiveRc(rc) || rc === OcfRc.notRunning;
    default: return rc === OcfRc.ok;
  }
}

/** What a failed operation makes the cluster do (an operation's `on-fail`). */
export const OnFail = { restart: 'restart', block: 'block', stop: 'stop', fence: 'fence', ignore: 'ignore' } as const;
export type OnFail = (typeof OnFail)[keyof typeof OnFail];
const ON_FAILS = new Set<string>(Object.values(OnFail));

/** True when `value` is an on-fail quorate knows ('' is not: it means "the default"). Pure. */
export function isOnFail(value: string): value is OnFail {
  return ON_FAILS.has(value);
}

/**
 * Pacemaker's default on-fail: a failed stop fences the node when fencing is enabled, else blocks
 * (the resource may still be active there, so nothing may start it elsewhere); every other
 * operation restarts. Pure.
 */
export function defaultOnFail(operation: string, fencingEnabled: boolean): OnFail {
  if (operation === 'stop') return fencingEnabled ? 'fence' : 'block';
  return 'restart';
}

/** The on-fail that applies: the configured one when set (a failed stop never merely restarts), else the default. Pure. */
export function effectiveOnFail(configured: string, operation: string, fencingEnabled: boolean): OnFail {
  if (configured === '' || !isOnFail(configured)) return defaultOnFail(operation, fencingEnabled);
  if (operation === 'stop' && (configured === 'restart' || configured === 'stop')) return defaultOnFail('stop', fencingEnabled);
  return configured;
}
