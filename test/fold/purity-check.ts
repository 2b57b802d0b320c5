// The purity checker behind test/purity.test.ts: finds clocks, randomness, timers, I/O, edge imports and XState delays/invocations.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** One finding: file, line, what rule, the offending text. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly text: string;
}

const RULES: ReadonlyArray<readonly [rule: string, re: RegExp]> = [
  ['clock', /\bDate\.now\s*\(|\bnew\s+Date\b|\bDate\s*\(|\bDateTime\.(now|local|utc)\s*\(|\bperformance\.now\b|\bprocess\.hrtime\b/],
  ['random', /\bMath\.random\b|\bgetRandomValues\b|\brandomUUID\b|\brandomBytes\b/],
  ['timer', /\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame)\s*\(/],
  ['io', /\bprocess\.|\brequire\s*\(|\bfetch\s*\(|\bconsole\.|\bglobalThis\b/],
  ['xstate-after', /\bafter\s*:\s*\{/],
  ['xstate-invoke', /\binvoke\s*:|\bfromPromise\b|\bfromCallback\b|\bfromObservable\b|\bfromEventObservable\b/],
];

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]!]));

/** Blanks out comments (keeping line breaks) so a comment that names a rule is not a finding. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let quote = '';
  while (i < src.length) {
    const c = src[i]!;
    const n = src[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') out += src[++i] ?? '';
      else if (c === quote) quote = '';
      i++;
    } else if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      if (c === '"' || c === "'" || c === '`') quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The violations in one file's source. `file` is its path and `root` the repo
 * root: a relative import must stay inside machines/ or proto/.
 */
export function checkSource(source: string, file: string, root: string): Violation[] {
  const found: Violation[] = [];
  const lines = stripComments(source).split('\n');
  lines.forEach((text, idx) => {
    for (const [rule, re] of RULES) if (re.test(text)) found.push({ file, line: idx + 1, rule, text: text.trim() });
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      const why = badImport(spec, file, root);
      if (why) found.push({ file, line: idx + 1, rule: why, text: text.trim() });
    }
  });
  return found;
}

function badImport(spec: string, file: string, root: string): string | undefined {
  if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!)) return 'io-import';
  if (spec.startsWith('@nats-io/') || spec === 'nats') return 'edge-import';
  if (spec.startsWith('.')) {
    const target = relative(root, resolve(dirname(file), spec));
    const top = target.split(sep)[0];
    if (top !== 'machines' && top !== 'proto') return 'edge-import';
  }
  return undefined;
}
