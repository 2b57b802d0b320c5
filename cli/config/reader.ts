// Reads a YAML document node by node, remembering where each value sits, and collects every problem with its place.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { parseDurationMs } from '../../machines/resource/meta.ts';
import { parseScore } from '../../machines/score.ts';

/** One problem in a file: `cluster.yaml:12:7: resources[2].operations[0].interval: expected ..., got "often"`. */
export interface ConfigError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly message: string;
}

/** The one-line form of a ConfigError. Pure. */
export function formatConfigError(e: ConfigError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.path === '' ? '' : `${e.path}: `}${e.message}`;
}

/** A value in the document with its path; reading it records problems instead of throwing. */
export class At {
  constructor(readonly doc: DocReader, readonly node: YamlNode | null | undefined, readonly path: string) {
    doc.remember(path, node);
  }
  /** Records a problem at this value. */
  bad(message: string): undefined {
    this.doc.problem(this.path, this.node, message);
    return undefined;
  }
  private got(): string {
    if (this.node == null) return 'nothing';
    if (isMap(this.node)) return 'a mapping';
    if (isSeq(this.node)) return 'a list';
    return JSON.stringify(isScalar(this.node) ? this.node.value : String(this.node));
  }
  private scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }
  /** The keys of a mapping, checking they are all known; undefined (and a problem) when not a mapping. */
  map(known: readonly string[], required: readonly string[] = []): Map<string, At> | undefined {
    if (!isMap(this.node)) return this.bad(`expected a mapping with ${known.join(', ')}, got ${this.got()}`);
    const out = new Map<string, At>();
    for (const pair of this.node.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = this.path === '' ? key : `${this.path}.${key}`;
      if (!known.includes(key)) {
        this.doc.problem(path, pair.key, `unknown key (expected one of ${known.join(', ')})`);
        continue;
      }
      out.set(key, new At(this.doc, pair.value, path));
    }
    for (const r of required) if (!out.has(r)) this.bad(`missing "${r}"`);
    return out;
  }
  /** The items of a list. */
  list(what: string): At[] {
    if (this.node == null || (isScalar(this.node) && this.node.value === null)) return [];
    if (!isSeq(this.node)) return this.bad(`expected a list of ${what}, got ${this.got()}`) ?? [];
    return this.node.items.map((n, i) => new At(this.doc, n as YamlNode, `${this.path}[${i}]`));
  }
  /** A string (numbers and booleans are taken as their text, as YAML writes `port: 80`). */
  str(what = 'a string', { allowEmpty = false } = {}): string | undefined {
    const v = this.scalar();
    if (typeof v === 'string' && (allowEmpty || v.trim() !== '')) return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.bad(`expected ${what}, got ${this.got()}`);
  }
  /** A name: a non-empty string without spaces or slashes. */
  name(what: string): string | undefined {
    const v = this.str(what);
    if (v === undefined) return undefined;
    if (!/^[A-Za-z0-9_.:@-]+$/.test(v)) return this.bad(`expected ${what} (letters, digits, _ . : @ -), got ${JSON.stringify(v)}`);
    return v;
  }
  /** A whole number from `min` to `max`. */
  int(min: number, max: number, what = `a whole number from ${min} to ${max}`): number | undefined {
    const v = this.scalar();
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    return this.bad(`expected ${what}, got ${this.got()}`);
  }
  bool(): boolean | undefined {
    const v = this.scalar();
    return typeof v === 'boolean' ? v : this.bad(`expected true or false, got ${this.got()}`);
  }
  /** A duration in ms: `10s`, `500ms`, `2min`, or a bare number of seconds. */
  duration(): number | undefined {
    const v = this.scalar();
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v * 1000;
    if (typeof v === 'string') {
      try {
        return parseDurationMs(v);
      } catch {
        /* worded below */
      }
    }
    return this.bad(`expected a duration like 10s, 500ms or 2min, got ${this.got()}`);
  }
  /** A score: an integer, INFINITY or -INFINITY. */
  score(): number | undefined {
    const v = this.scalar();
    if (typeof v === 'number' || typeof v === 'string') {
      try {
        return parseScore(String(v), this.path);
      } catch {
        /* worded below */
      }
    }
    return this.bad(`expected a score (an integer, INFINITY or -INFINITY), got ${this.got()}`);
  }
  /** A mapping of names to string values. */
  record(what: string): Record<string, string> {
    if (this.node == null || (isScalar(this.node) && this.node.value === null)) return {};
    if (!isMap(this.node)) return this.bad(`expected a mapping of ${what}, got ${this.got()}`) ?? {};
    const out: Record<string, string> = {};
    for (const pair of this.node.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const v = new At(this.doc, pair.value, `${this.path}.${key}`).str('a string, number or boolean value', { allowEmpty: true });
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  /** A list of names. */
  names(what: string): string[] {
    return this.list(what).map((a) => a.name(what)).filter((n): n is string => n !== undefined);
  }
}

/** A parsed file: its root, the problems found so far, and the place of every path read. */
export class DocReader {
  readonly errors: ConfigError[] = [];
  private readonly places = new Map<string, { line: number; col: number }>();
  private readonly lines = new LineCounter();
  readonly root: At;
  constructor(readonly file: string, text: string) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of doc.errors) {
      const pos = this.lines.linePos(e.pos[0]);
      this.errors.push({ file, line: pos.line, col: pos.col, path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` });
    }
    this.root = new At(this, this.errors.length > 0 ? null : (doc.contents as YamlNode | null), '');
  }
  remember(path: string, node: YamlNode | null | undefined): void {
    if (node?.range) this.places.set(path, this.lines.linePos(node.range[0]));
  }
  problem(path: string, node: YamlNode | null | undefined, message: string): void {
    const pos = node?.range ? this.lines.linePos(node.range[0]) : this.place(path);
    this.errors.push({ file: this.file, line: pos.line, col: pos.col, path, message });
  }
  /** The place of `path`, or of its nearest read parent (`resources[2]` for `resources[2].agent` left out). */
  place(path: string): { line: number; col: number } {
    for (let p = path; ; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      const hit = this.places.get(p);
      if (hit) return hit;
      if (p === '' || !/(\.[^.[\]]+|\[\d+\])$/.test(p)) return this.places.get('') ?? { line: 1, col: 1 };
    }
  }
}
