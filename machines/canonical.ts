// Canonical encoding of plain data: sorted keys, no undefined, so equal states give equal bytes on every node.
import { ErrorCode, QuorateError } from './errors.ts';

/**
 * Encodes plain data (objects, arrays, strings, finite numbers, booleans,
 * null) as JSON with object keys in code-unit order and `undefined` members
 * left out, so two equal values always give the same text. Anything else (a
 * function, a Map, a class instance, NaN, a bigint) is a QuorateError naming
 * its path: it would not survive a snapshot either. Pure.
 */
export function canonicalJson(value: unknown, path = '$'): string {
  const parts: string[] = [];
  write(value, path, parts);
  return parts.join('');
}

function write(value: unknown, path: string, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw bad(path, `the number ${value}`);
      // -0 and 0 are one value in a state; JSON.stringify already writes both as 0.
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw bad(path, `a ${typeof value}`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = value[i];
      // JSON writes a missing array item as null; so do we, to stay JSON round-trip stable.
      if (item === undefined) out.push('null');
      else write(item, `${path}[${i}]`, out);
    }
    out.push(']');
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw bad(path, `a ${name}`);
  }
  const keys = Object.keys(value).sort(compareCodeUnits);
  out.push('{');
  let first = true;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(k), ':');
    write(v, `${path}.${k}`, out);
  }
  out.push('}');
}

/** Code-unit string order (never localeCompare: it differs between machines). Pure. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bad(path: string, what: string): QuorateError {
  return new QuorateError(ErrorCode.foldInconsistent, `state at ${path} holds ${what}: only plain data can be digested and snapshotted`, {
    details: { path },
  });
}
