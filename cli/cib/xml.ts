// XML to a small element tree with line numbers (fast-xml-parser underneath), and the error that names file, line, element, id.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';

/** One XML element: its name, attributes, child elements in document order, text, and 1-based line. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
  readonly line: number;
}

/** Where in the CIB something is: the file, and when known the line, element and id. */
export interface CibPlace {
  readonly file: string;
  readonly line?: number;
  readonly element?: string;
  readonly id?: string;
}

/** `cib.xml:42: <primitive id="web">`: the place as people read it. Pure. */
export function formatPlace(p: CibPlace): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  if (p.element === undefined) return where;
  return `${where}: <${p.element}${p.id === undefined ? '' : ` id="${p.id}"`}>`;
}

/** A CIB that cannot be imported: a `config.invalid` QuorateError whose message and details name the place. Pure. */
export function cibError(place: CibPlace, message: string): QuorateError {
  return new QuorateError(ErrorCode.configInvalid, `${formatPlace(place)}: ${message}`, {
    details: { file: place.file, line: place.line, element: place.element, id: place.id },
  });
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  captureMetaData: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Line number (1-based) of each offset in `text`, by binary search over line starts. */
function lineIndex(text: string): (offset: number | undefined) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    if (offset === undefined) return 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function build(items: readonly Ordered[], lineOf: (o: number | undefined) => number): XmlElement[] {
  const out: XmlElement[] = [];
  for (const item of items) {
    const name = Object.keys(item).find((k) => k !== ':@');
    if (name === undefined || name.startsWith('#') || name.startsWith('?')) continue;
    const body = (item[name] ?? []) as Ordered[];
    const text = body.filter((c) => '#text' in c).map((c) => String(c['#text'])).join('');
    const meta = (item as Record<symbol, { startIndex?: number } | undefined>)[META];
    out.push({ name, attrs: { ...(item[':@'] ?? {}) }, children: build(body, lineOf), text, line: lineOf(meta?.startIndex) });
  }
  return out;
}

/**
 * Parses XML text into its root element. Malformed XML, or text with no root element, is a QuorateError
 * naming `file` and the line the parser stopped at. Pure.
 */
export function parseXml(text: string, file: string): XmlElement {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const line = valid.err.line > 0 ? valid.err.line : undefined;
    throw cibError({ file, ...(line === undefined ? {} : { line }) }, `not well-formed XML: ${valid.err.msg}`);
  }
  const roots = build(parser.parse(text) as Ordered[], lineIndex(text));
  const root = roots[0];
  if (root === undefined) throw cibError({ file }, 'not XML: no root element');
  return root;
}

/** The child elements of `el` named `name`. Pure. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The first child of `el` named `name`, or undefined. Pure. */
export function childNamed(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
