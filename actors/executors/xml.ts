// A careful minimal XML reader for agent meta-data: elements, attributes, text, entities, CDATA, comments.
import { ErrorCode, QuorateError } from '../../machines/errors.ts';

/** One XML element: its name, attributes, child elements and concatenated text. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replaces XML entities (named and numeric); an unknown entity is kept as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });
}

/**
 * Parses `xml` into its root element. Skips the prolog, DOCTYPE, processing
 * instructions and comments; keeps CDATA as text. Throws `agent.bad-metadata`
 * naming `source` and the offset on malformed input (unclosed or mismatched tags).
 */
export function parseXml(xml: string, source: string): XmlElement {
  const fail = (what: string, at: number): never => {
    throw new QuorateError(ErrorCode.agentBadMetadata, `${source}: malformed XML: ${what} at offset ${at}`, { details: { source, offset: at } });
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i && stack.length > 0) stack[stack.length - 1]!.text += decodeEntities(xml.slice(i, textEnd));
    if (lt < 0) break;
    const skipTo = (end: string, what: string) => {
      const e = xml.indexOf(end, lt);
      if (e < 0) fail(`unterminated ${what}`, lt);
      return e + end.length;
    };
    if (xml.startsWith('<!--', lt)) { i = skipTo('-->', 'comment'); continue; }
    if (xml.startsWith('<?', lt)) { i = skipTo('?>', 'processing instruction'); continue; }
    if (xml.startsWith('<![CDATA[', lt)) {
      const e = skipTo(']]>', 'CDATA');
      if (stack.length > 0) stack[stack.length - 1]!.text += xml.slice(lt + 9, e - 3);
      i = e;
      continue;
    }
    if (xml.startsWith('<!', lt)) { i = skipDoctype(xml, lt, fail); continue; }
    const gt = findTagEnd(xml, lt);
    if (gt < 0) fail('unterminated tag', lt);
    const body = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`closing </${name}> does not match <${open?.name ?? '(none)'}>`, lt);
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const m = /^([A-Za-z_][\w.:-]*)/.exec(inner);
    if (!m) fail('bad tag name', lt);
    const el: XmlElement = { name: m![1]!, attrs: parseAttrs(inner.slice(m![1]!.length), lt, fail), children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else if (root) fail('a second root element', lt);
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is never closed`, xml.length);
  if (!root) fail('no root element', 0);
  return root!;
}

/** The first child named `name`, if any. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Every child named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

function findTagEnd(xml: string, from: number): number {
  let quote = '';
  for (let j = from + 1; j < xml.length; j++) {
    const c = xml[j]!;
    if (quote) { if (c === quote) quote = ''; }
    else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return -1;
}

function skipDoctype(xml: string, lt: number, fail: (what: string, at: number) => never): number {
  let depth = 0;
  for (let j = lt; j < xml.length; j++) {
    if (xml[j] === '[') depth++;
    else if (xml[j] === ']') depth--;
    else if (xml[j] === '>' && depth <= 0) return j + 1;
  }
  return fail('unterminated DOCTYPE', lt);
}

function parseAttrs(s: string, at: number, fail: (what: string, at: number) => never): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s+/gy;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m || m[0].length === 0) fail(`bad attribute near "${s.slice(pos, pos + 20)}"`, at);
    if (m![1] !== undefined) attrs[m![1]] = decodeEntities(m![3] ?? m![4] ?? '');
    pos = re.lastIndex;
  }
  return attrs;
}
