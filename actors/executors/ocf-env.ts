// The environment Pacemaker gives an OCF agent: OCF_ROOT, versions, instance, OCF_RESKEY_* params and CRM_meta_*.
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import type { AgentOptions, AgentRequest } from './agent.ts';

/** The prefix quorate asks agents to put before their exit reason on stderr (OCF_EXIT_REASON_PREFIX). */
export const EXIT_REASON_PREFIX = 'ocf-exit-reason:';

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const META_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What `ocfEnv` needs besides the request: the agent's provider/type and OCF_ROOT. */
export interface OcfEnvInput {
  readonly request: AgentRequest;
  readonly provider: string;
  readonly type: string;
  readonly ocfRoot: string;
  readonly options?: AgentOptions;
}

/**
 * Builds an OCF agent's environment as Pacemaker's executor does: OCF_RA_VERSION 1.1,
 * OCF_RESKEY_<param>, OCF_RESKEY_CRM_meta_<meta> (dashes to underscores), timeout and
 * interval in ms, the exit-reason prefix. A probe runs as `monitor` with interval 0.
 * A parameter or meta name that is not a shell identifier, or a value with a NUL byte,
 * throws `config.invalid` naming the resource and the key.
 */
export function ocfEnv(input: OcfEnvInput): Record<string, string> {
  const { request, options = {} } = input;
  const env: Record<string, string> = baseEnv(options);
  env['OCF_ROOT'] = input.ocfRoot;
  env['OCF_RA_VERSION_MAJOR'] = '1';
  env['OCF_RA_VERSION_MINOR'] = '1';
  env['OCF_RESOURCE_INSTANCE'] = request.resource;
  env['OCF_RESOURCE_TYPE'] = input.type;
  env['OCF_RESOURCE_PROVIDER'] = input.provider;
  env['OCF_EXIT_REASON_PREFIX'] = EXIT_REASON_PREFIX;
  if (options.stateDir !== undefined) env['HA_RSCTMP'] = options.stateDir;
  if (options.runDir !== undefined) env['HA_VARRUN'] = options.runDir;
  for (const [name, value] of Object.entries(request.params)) {
    check(request.resource, 'parameter', name, value, PARAM_NAME);
    env[`OCF_RESKEY_${name}`] = value;
  }
  for (const [name, value] of Object.entries(request.meta ?? {})) {
    check(request.resource, 'meta attribute', name, value, META_NAME);
    env[`OCF_RESKEY_CRM_meta_${name.replaceAll('-', '_')}`] = value;
  }
  env['OCF_RESKEY_CRM_meta_timeout'] = String(request.timeoutMs);
  env['OCF_RESKEY_CRM_meta_interval'] = String(request.action === 'probe' ? 0 : request.intervalMs ?? 0);
  if (request.node !== undefined) env['OCF_RESKEY_CRM_meta_on_node'] = request.node;
  if (request.depth !== undefined) env['OCF_CHECK_LEVEL'] = String(request.depth);
  return env;
}

/** The argument an OCF agent gets for `action`: a probe is a monitor. */
export function ocfAction(action: string): string {
  return action === 'probe' ? 'monitor' : action;
}

/** PATH (with the sbin directories agents expect), locale, home and temp from this process; plus `options.env`. */
export function baseEnv(options: AgentOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ']) {
    const v = process.env[key];
    if (v !== undefined) env[key] = v;
  }
  const path = (process.env['PATH'] ?? '/usr/bin:/bin').split(':');
  for (const dir of ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) if (!path.includes(dir)) path.push(dir);
  env['PATH'] = path.join(':');
  return { ...env, ...options.env };
}

/** The agent's exit reason: the text after the last `ocf-exit-reason:` line on stderr, '' when none. */
export function exitReason(stderr: string): string {
  let reason = '';
  for (const line of stderr.split('\n')) {
    const at = line.indexOf(EXIT_REASON_PREFIX);
    if (at >= 0) reason = line.slice(at + EXIT_REASON_PREFIX.length).trim();
  }
  return reason;
}

function check(resource: string, what: string, name: string, value: string, pattern: RegExp): void {
  if (!pattern.test(name)) {
    throw new QuorateError(ErrorCode.configInvalid, `resource "${resource}": ${what} name "${name}" is not a valid OCF name (letters, digits, _)`, {
      details: { resource, [what]: name },
    });
  }
  if (value.includes('\0')) {
    throw new QuorateError(ErrorCode.configInvalid, `resource "${resource}": ${what} "${name}" holds a NUL byte`, { details: { resource, [what]: name } });
  }
}
