// A small flag parser for the quorate verbs: declared flags only, one clear line naming the flag on bad input.
import { ErrorCode, QuorateError } from '../machines/errors.ts';

/** What a flag takes: nothing, a string, a whole number, or a list (repeatable and/or comma-separated). */
export const FlagType = {
  boolean: 'boolean',
  string: 'string',
  integer: 'integer',
  list: 'list',
} as const;
export type FlagType = (typeof FlagType)[keyof typeof FlagType];

/** One flag a verb accepts, written `--name`. */
export interface FlagSpec {
  readonly type: FlagType;
  /** One line for `--help`. */
  readonly help: string;
  /** Placeholder in `--help`, e.g. `<urls>`. */
  readonly value?: string;
  /** Smallest value an integer flag accepts (default 0). */
  readonly min?: number;
}

/** The flags of a verb, keyed by name without the dashes. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['type'] extends 'integer'
    ? number | undefined
    : S['type'] extends 'list'
      ? string[]
      : string | undefined;

/** Parsed flags: booleans default to false, lists to [], the rest to undefined. */
export type Flags<S extends FlagSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The result of parsing: flags, positional words, and whether `--help` was asked for. */
export interface Parsed<S extends FlagSpecs> {
  readonly flags: Flags<S>;
  readonly positionals: string[];
  readonly help: boolean;
}

/** A usage error: the dispatcher prints its message as one line and exits 2. */
export function usageError(verb: string, message: string): QuorateError {
  return new QuorateError(ErrorCode.cliUsage, `quorate ${verb}: ${message}`, { details: { verb } });
}

/**
 * Parses `argv` against `specs`. Accepts `--name value`, `--name=value`, and for
 * booleans `--name`. A value may start with `-` (so `--since -15m` works). `--`
 * ends the flags. Throws a `cli.usage` QuorateError naming the flag.
 */
export function parseArgs<S extends FlagSpecs>(verb: string, argv: readonly string[], specs: S): Parsed<S> {
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    flags[name] = spec.type === 'boolean' ? false : spec.type === 'list' ? [] : undefined;
  }
  const positionals: string[] = [];
  const seen = new Set<string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw usageError(verb, `unknown flag ${arg}; flags are written --name (see quorate ${verb} --help)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (!spec) throw usageError(verb, `unknown flag --${name} (see quorate ${verb} --help)`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw usageError(verb, `--${name} takes no value, got "${arg.slice(eq + 1)}"`);
      flags[name] = true;
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw usageError(verb, `--${name} needs a value: ${describe(spec)}`);
      value = next;
      i++;
    }
    if (spec.type === 'list') {
      const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (items.length === 0) throw usageError(verb, `--${name} needs a value: ${describe(spec)}`);
      (flags[name] as string[]).push(...items);
      continue;
    }
    if (seen.has(name)) throw usageError(verb, `--${name} given twice`);
    seen.add(name);
    if (spec.type === 'integer') flags[name] = parseInteger(verb, name, value, spec.min ?? 0);
    else flags[name] = value;
  }
  return { flags: flags as Flags<S>, positionals, help };
}

function parseInteger(verb: string, name: string, text: string, min: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw usageError(verb, `--${name} expects a whole number >= ${min}, got "${text}"`);
  }
  return n;
}

function describe(spec: FlagSpec): string {
  if (spec.value) return spec.value;
  return spec.type === 'integer' ? '<n>' : '<value>';
}

/** The `--help` text of a verb: usage line, summary, and one line per flag. */
export function helpText(verb: string, summary: string, specs: FlagSpecs, extra = ''): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const left = spec.type === 'boolean' ? `--${name}` : `--${name} ${describe(spec)}`;
    return [left, spec.help] as const;
  });
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = [`usage: quorate ${verb} [flags]`, '', summary, '', 'flags:'];
  for (const [l, h] of rows) lines.push(`  ${l.padEnd(width)}  ${h}`);
  if (extra) lines.push('', extra);
  return `${lines.join('\n')}\n`;
}
