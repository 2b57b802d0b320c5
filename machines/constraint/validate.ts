// Checks and completes a constraint config: location, colocation or order, with scores clamped to +/-INFINITY.
import type { ConstraintConfig } from '../../proto/generated.ts';
import { clampScore, parseScore } from '../score.ts';

/** Order kinds: mandatory (the default), optional, serialize (Pacemaker's order kinds). */
export const OrderKind = { mandatory: 'mandatory', optional: 'optional', serialize: 'serialize' } as const;
export type OrderKind = (typeof OrderKind)[keyof typeof OrderKind];
const ORDER_KINDS = new Set<string>(Object.values(OrderKind));
const ORDER_ACTIONS = new Set(['start', 'stop', 'promote', 'demote']);

/** A score as a command may give it: a number, or text such as "INFINITY" or "-500". */
export type ScoreInput = number | string;

/** A constraint as a command brings it: exactly one of location, colocation or order. */
export interface ConstraintInput {
  id?: string;
  location?: { resource?: string; node?: string; score?: ScoreInput };
  colocation?: { resource?: string; with?: string; score?: ScoreInput };
  order?: { first?: string; then?: string; kind?: string; symmetrical?: boolean; firstAction?: string; thenAction?: string };
}

/** Thrown (and turned into a rejection) when a constraint config is not acceptable. */
export class ConstraintProblem extends Error {}

function problem(message: string): never {
  throw new ConstraintProblem(message);
}

function score(value: ScoreInput | undefined, where: string): number {
  if (value === undefined) return problem(`${where}: score is required`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value) && !(value === Infinity || value === -Infinity)) problem(`${where}: score ${value} is not a number`);
    return clampScore(value);
  }
  try {
    return parseScore(value, where);
  } catch (e) {
    return problem((e as Error).message);
  }
}

function required(value: string | undefined, where: string, field: string): string {
  if (value === undefined || value.trim() === '') problem(`${where}: ${field} is required`);
  return value;
}

/**
 * The complete config for constraint `id`, or a ConstraintProblem naming the field: exactly one
 * rule, its required fields, a known order kind and action, and no constraint of a resource with
 * itself. Scores saturate at +/-INFINITY. Pure.
 */
export function completeConstraint(id: string, input: ConstraintInput | undefined): ConstraintConfig {
  const where = `constraint/${id}`;
  if (!input || typeof input !== 'object') problem(`${where}: no config given`);
  if ((input.id ?? '') !== id) problem(`${where}: config id "${input.id ?? ''}" does not match the constraint`);
  const rules = (['location', 'colocation', 'order'] as const).filter((r) => input[r] !== undefined && input[r] !== null);
  if (rules.length !== 1) problem(`${where}: needs exactly one of location, colocation or order (got ${rules.length === 0 ? 'none' : rules.join(', ')})`);
  if (input.location) {
    const l = input.location;
    const at = `${where} location`;
    return { id, rule: 'location', location: { resource: required(l.resource, at, 'resource'), node: required(l.node, at, 'node'), score: score(l.score, at) } };
  }
  if (input.colocation) {
    const c = input.colocation;
    const at = `${where} colocation`;
    const resource = required(c.resource, at, 'resource');
    const withResource = required(c.with, at, 'with');
    if (resource === withResource) problem(`${at}: ${resource} cannot be colocated with itself`);
    return { id, rule: 'colocation', colocation: { resource, with: withResource, score: score(c.score, at) } };
  }
  const o = input.order!;
  const at = `${where} order`;
  const first = required(o.first, at, 'first');
  const then = required(o.then, at, 'then');
  const kind = o.kind === undefined || o.kind === '' ? 'mandatory' : o.kind;
  if (!ORDER_KINDS.has(kind)) problem(`${at}: unknown order kind "${kind}" (mandatory, optional or serialize)`);
  const firstAction = o.firstAction === undefined || o.firstAction === '' ? 'start' : o.firstAction;
  const thenAction = o.thenAction === undefined || o.thenAction === '' ? 'start' : o.thenAction;
  for (const [name, action] of [['firstAction', firstAction], ['thenAction', thenAction]] as const) {
    if (!ORDER_ACTIONS.has(action)) problem(`${at}: ${name} "${action}" is not one of start, stop, promote, demote`);
  }
  if (first === then) problem(`${at}: ${first} cannot be ordered after itself`);
  return { id, rule: 'order', order: { first, then, kind, symmetrical: o.symmetrical ?? kind !== 'serialize', firstAction, thenAction } };
}

/** The problem with a journaled config ('' when fine): the fold refuses what a decider would have. Pure. */
export function constraintProblem(id: string, config: ConstraintConfig | undefined): string {
  try {
    if (!config) return `constraint/${id}: no config`;
    const input: ConstraintInput = { id: config.id };
    if (config.location) input.location = config.location;
    if (config.colocation) input.colocation = config.colocation;
    if (config.order) input.order = config.order;
    completeConstraint(id, input);
    return '';
  } catch (e) {
    if (e instanceof ConstraintProblem) return e.message;
    throw e;
  }
}
