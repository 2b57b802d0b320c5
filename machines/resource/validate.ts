// Checks a resource config a command brings and fills every field, so the fact is complete and round-trips.
import type { Operation, ResourceConfig } from '../../proto/generated.ts';
import { isOnFail, isOperationName } from './ocf.ts';
import { validateMeta } from './meta.ts';

/** Thrown (and turned into a rejection by the decider) when a config is not acceptable. */
export class ConfigProblem extends Error {}

function problem(message: string): never {
  throw new ConfigProblem(message);
}

function operation(op: Partial<Operation>, i: number, where: string): Operation {
  const at = `${where} operations[${i}]`;
  const name = op.name ?? '';
  if (!isOperationName(name)) problem(`${at}: unknown operation "${name}"`);
  const intervalMs = op.intervalMs ?? 0;
  const timeoutMs = op.timeoutMs ?? 0;
  if (!Number.isInteger(intervalMs) || intervalMs < 0) problem(`${at} (${name}): intervalMs ${intervalMs} is not a whole number >= 0`);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0) problem(`${at} (${name}): timeoutMs ${timeoutMs} is not a whole number >= 0`);
  const onFail = op.onFail ?? '';
  if (onFail !== '' && !isOnFail(onFail)) problem(`${at} (${name}): on-fail "${onFail}" is not one of restart, block, stop, fence, ignore`);
  return { name, intervalMs, timeoutMs, onFail, role: op.role ?? '' };
}

/**
 * The complete config for resource `id`, or a ConfigProblem naming the field: the id must match,
 * the agent is required, operations and on-fail must be known, the failover domain has no
 * duplicates, and meta attributes quorate reads must parse. Pure.
 */
export function completeConfig(id: string, input: Partial<ResourceConfig> | undefined): ResourceConfig {
  const where = `resource/${id}`;
  if (!input || typeof input !== 'object') problem(`${where}: no config given`);
  if ((input.id ?? '') !== id) problem(`${where}: config id "${input.id ?? ''}" does not match the resource`);
  const agent = (input.agent ?? '').trim();
  if (agent === '') problem(`${where}: agent is required (e.g. "ocf:heartbeat:Dummy")`);
  const domain = input.failoverDomain ?? [];
  domain.forEach((n, i) => {
    if (n === '') problem(`${where} failoverDomain[${i}]: empty node name`);
    if (domain.indexOf(n) !== i) problem(`${where} failoverDomain: node "${n}" appears twice`);
  });
  const config: ResourceConfig = {
    id,
    agent,
    params: { ...(input.params ?? {}) },
    meta: { ...(input.meta ?? {}) },
    operations: (input.operations ?? []).map((op, i) => operation(op, i, where)),
    failoverDomain: [...domain],
    container: input.container ?? '',
  };
  try {
    validateMeta(config);
  } catch (e) {
    problem((e as Error).message);
  }
  return config;
}
