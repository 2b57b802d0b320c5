// The resource executor: runs agent operations idempotently by operation id, one at a time per resource.
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { type AgentOptions, type AgentRequest, type AgentResult, parseAgentSpec, type ResourceAgent } from './agent.ts';
import { OcfAgent } from './ocf.ts';
import { ProcessAgent } from './process-agent.ts';

/** One operation to execute: the agent request plus its idempotency key and agent name. */
export interface Operation extends AgentRequest {
  /** Idempotency key (the journaled ResourceOperationRequested.opId): the same id runs once. */
  readonly opId: string;
  /** `ocf:<provider>:<type>` or `process`. */
  readonly agent: string;
}

/** An operation's result, with the id and what ran. */
export interface OperationResult extends AgentResult {
  readonly opId: string;
  readonly resource: string;
  readonly action: string;
  readonly intervalMs: number;
}

/** Runs operations; see `createResourceExecutor`. */
export interface ResourceExecutor {
  /** Runs `op` once per opId: a repeated id returns the first run's result (or waits for it). */
  execute(op: Operation): Promise<OperationResult>;
  /** The agent instance for a name (cached), e.g. for meta-data. */
  agent(name: string): ResourceAgent;
  /** How many operations actually ran an agent (for tests and metrics). */
  readonly runs: number;
}

/** Options: where agents live, and how many finished op ids to remember (default 10,000). */
export interface ResourceExecutorOptions extends AgentOptions {
  readonly rememberOps?: number;
}

/** Builds the agent for a parsed name. */
export function createAgent(name: string, options: AgentOptions = {}): ResourceAgent {
  const spec = parseAgentSpec(name);
  return spec.class === 'ocf' ? new OcfAgent(spec, options) : new ProcessAgent(options);
}

/**
 * Creates an executor. Operations of one resource run serially in arrival order (an
 * agent never sees a stop racing its own start, as in Pacemaker's executor); different
 * resources run in parallel. A repeated opId with a different resource, action or
 * interval is a bug upstream and is refused with `executor.op-id-conflict`.
 */
export function createResourceExecutor(options: ResourceExecutorOptions = {}): ResourceExecutor {
  const remember = options.rememberOps ?? 10_000;
  const agents = new Map<string, ResourceAgent>();
  const byOpId = new Map<string, { key: string; result: Promise<OperationResult> }>();
  const tails = new Map<string, Promise<unknown>>();
  let runs = 0;

  const agent = (name: string): ResourceAgent => {
    let a = agents.get(name);
    if (!a) {
      a = createAgent(name, options);
      agents.set(name, a);
    }
    return a;
  };

  const execute = (op: Operation): Promise<OperationResult> => {
    const key = `${op.resource}\u0000${op.action}\u0000${op.intervalMs ?? 0}\u0000${op.agent}`;
    const seen = byOpId.get(op.opId);
    if (seen) {
      if (seen.key !== key) {
        return Promise.reject(new QuorateError(ErrorCode.executorOpIdConflict,
          `operation id "${op.opId}" was already used for another operation (now ${op.action} of ${op.resource})`, { details: { opId: op.opId, resource: op.resource } }));
      }
      return seen.result;
    }
    const a = agent(op.agent); // throws config.invalid on a bad agent name, before anything is remembered
    const previous = tails.get(op.resource) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(async (): Promise<OperationResult> => {
      runs++;
      const r = await a.run(op);
      return { ...r, opId: op.opId, resource: op.resource, action: op.action, intervalMs: op.intervalMs ?? 0 };
    });
    tails.set(op.resource, result);
    void result.finally(() => { if (tails.get(op.resource) === result) tails.delete(op.resource); }).catch(() => undefined);
    byOpId.set(op.opId, { key, result });
    // A failed run (a thrown config error) is not remembered, so a corrected retry can use the same id.
    result.catch(() => byOpId.delete(op.opId));
    while (byOpId.size > remember) byOpId.delete(byOpId.keys().next().value!);
    return result;
  };

  return { execute, agent, get runs() { return runs; } };
}
