// The OCF agent class: resolves ocf:<provider>:<type> under OCF_ROOT and runs one action in its own process group.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { isOperationSuccess, OcfRc, recoveryOf } from '../../machines/resource/ocf.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { type AgentOptions, type AgentRequest, type AgentResult, type AgentSpec, ocfRootOf, type ResourceAgent } from './agent.ts';
import { exitReason, ocfAction, ocfEnv } from './ocf-env.ts';
import { type AgentMetadata, parseAgentMetadata } from './ocf-metadata.ts';
import { type GroupRunResult, runInGroup } from './process-group.ts';

/** Timeout of a meta-data call (Pacemaker uses 30 s; agents answer from a here-document). */
const METADATA_TIMEOUT_MS = 30_000;

/** The path of `ocf:<provider>:<type>`: `<OCF_ROOT>/resource.d/<provider>/<type>`. */
export function ocfAgentPath(provider: string, type: string, options: AgentOptions = {}): string {
  return join(ocfRootOf(options), 'resource.d', provider, type);
}

/** Turns a finished process run into an OCF result for `action`. */
export function ocfResult(action: string, timeoutMs: number, run: GroupRunResult, path: string): AgentResult {
  const base = { stdout: run.stdout, stderr: run.stderr, durationMs: run.durationMs, timedOut: run.timedOut };
  const failed = (rc: number, reason: string, timedOut = false): AgentResult => ({
    ...base, rc, ok: false, reason, recovery: recoveryOf(rc, timedOut),
  });
  if (run.spawnError) {
    const code = run.spawnError.code;
    if (code === 'EACCES') return failed(OcfRc.insufficientPrivileges, `${path} is not executable`);
    return failed(OcfRc.notInstalled, `${path} could not be run: ${code ?? run.spawnError.message}`);
  }
  const reason = exitReason(run.stderr);
  if (run.timedOut) return failed(OcfRc.genericError, `${action} timed out after ${timeoutMs} ms${reason ? `: ${reason}` : ''}`, true);
  if (run.code === null) return failed(OcfRc.genericError, `${action} killed by ${run.signal ?? 'a signal'}${reason ? `: ${reason}` : ''}`);
  const rc = run.code;
  const ok = isOperationSuccess(action, rc) || (!isResourceOperation(action) && rc === OcfRc.ok);
  return { ...base, rc, ok, reason, recovery: ok ? undefined : recoveryOf(rc) };
}

function isResourceOperation(action: string): boolean {
  return ['start', 'stop', 'monitor', 'probe', 'promote', 'demote'].includes(action);
}

/** An OCF resource agent (`ocf:heartbeat:Dummy`): runs actions with Pacemaker's environment. */
export class OcfAgent implements ResourceAgent {
  readonly spec: AgentSpec & { class: 'ocf' };
  readonly path: string;
  readonly #options: AgentOptions;
  #metadata: Promise<AgentMetadata> | undefined;

  constructor(spec: AgentSpec & { class: 'ocf' }, options: AgentOptions = {}) {
    this.spec = spec;
    this.#options = options;
    this.path = ocfAgentPath(spec.provider, spec.type, options);
  }

  /** True when the agent file exists and is executable. */
  installed(): boolean {
    try {
      accessSync(this.path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }

  /** Runs `request` in its own process group; a timeout kills the group and reports rc 1, timed out. Never rejects for agent failures. */
  async run(request: AgentRequest): Promise<AgentResult> {
    if (!(request.timeoutMs > 0)) {
      throw new QuorateError(ErrorCode.configInvalid, `resource "${request.resource}": ${request.action} timeout must be > 0 ms, got ${request.timeoutMs}`, {
        details: { resource: request.resource, action: request.action },
      });
    }
    const env = ocfEnv({ request, provider: this.spec.provider, type: this.spec.type, ocfRoot: ocfRootOf(this.#options), options: this.#options });
    if (!this.installed()) {
      const run: GroupRunResult = { code: null, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: 0, pgid: 0, spawnError: Object.assign(new Error('ENOENT'), { code: 'ENOENT' }) };
      return { ...ocfResult(request.action, request.timeoutMs, run, this.path), reason: `${this.spec.name} is not installed (${this.path} not found or not executable)` };
    }
    const run = await runInGroup({ file: this.path, args: [ocfAction(request.action)], env, cwd: '/', timeoutMs: request.timeoutMs });
    return { ...ocfResult(request.action, request.timeoutMs, run, this.path), pgid: run.pgid };
  }

  /** The agent's meta-data, read once and cached. Throws `agent.bad-metadata` when the call fails or the XML is bad. */
  metadata(): Promise<AgentMetadata> {
    this.#metadata ??= this.#readMetadata();
    return this.#metadata;
  }

  async #readMetadata(): Promise<AgentMetadata> {
    const r = await this.run({ resource: this.spec.type, action: 'meta-data', params: {}, timeoutMs: METADATA_TIMEOUT_MS });
    if (!r.ok) {
      this.#metadata = undefined;
      throw new QuorateError(ErrorCode.agentBadMetadata, `${this.spec.name}: meta-data failed (rc ${r.rc}${r.reason ? `: ${r.reason}` : ''})`, { details: { agent: this.spec.name, rc: r.rc } });
    }
    return parseAgentMetadata(r.stdout, this.spec.name);
  }
}
