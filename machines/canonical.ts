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
  try {
    return encode(value);
  } catch (e) {
    if (!(e instanceof Unencodable)) throw e;
    throw bad(path + e.path.reverse().join(''), e.what);
  }
}

// The digest encodes every entity of a state (10 k resources) on each snapshot and each plan, so this is a hot
// path: one string built by concatenation (V8 ropes), keys sorted by the default sort (which compares UTF-16
// code units, exactly compareCodeUnits), and the path of a bad value built only when one is met — each level
// adds its segment while the throw unwinds, instead of formatting a path for every member visited.
function encode(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Unencodable(`the number ${value}`);
      // -0 and 0 are one value in a state; String, like JSON.stringify, writes both as 0.
      return String(value);
    case 'object':
      break;
    default:
      throw new Unencodable(`a ${typeof value}`);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      // JSON writes a missing array item as null; so do we, to stay JSON round-trip stable.
      if (item === undefined) out += 'null';
      else {
        try {
          out += encode(item);
        } catch (e) {
          throw at(e, `[${i}]`);
        }
      }
    }
    return out + ']';
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new Unencodable(`a ${name}`);
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    try {
      out += JSON.stringify(k) + ':' + encode(v);
    } catch (e) {
      throw at(e, `.${k}`);
    }
  }
  return out + '}';
}

/** A value that cannot be encoded, with its path collected innermost first while the throw unwinds. */
class Unencodable extends Error {
  readonly path: string[] = [];
  constructor(readonly what: string) {
    super(what);
  }
}

function at(e: unknown, segment: string): unknown {
  if (e instanceof Unencodable) e.path.push(segment);
  return e;
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
