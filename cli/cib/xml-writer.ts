// A tiny XML writer for CIBs: escaped attributes, indentation, nvpair sets. Pure.

/** Escapes text for an XML attribute value. Pure. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An XML ID (NCName) from any text: other characters become '.', a leading non-letter gets '_'. Pure. */
export function xmlId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_.-]/g, '.');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/** Attributes in the order given; undefined values are left out. */
export type Attrs = ReadonlyArray<readonly [string, string | number | undefined]>;

/** Collects lines of XML at an indentation depth. */
export class XmlLines {
  readonly lines: string[] = [];
  private depth = 0;

  private attrs(attrs: Attrs): string {
    return attrs.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
  }

  /** `<name a="1"/>` */
  empty(name: string, attrs: Attrs = []): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${this.attrs(attrs)}/>`);
  }

  /** `<name a="1">`, then `body()` one level deeper, then `</name>`. */
  open(name: string, attrs: Attrs, body: () => void): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${this.attrs(attrs)}>`);
    this.depth++;
    body();
    this.depth--;
    this.lines.push(`${'  '.repeat(this.depth)}</${name}>`);
  }

  /** `<!-- text -->` */
  comment(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}<!-- ${text.replace(/--/g, '- -')} -->`);
  }

  /** A set (`instance_attributes`, `meta_attributes`, ...) of nvpairs with ids `<setId>-<name>`; nothing when empty. */
  nvset(setName: string, setId: string, pairs: Readonly<Record<string, string>>): void {
    const names = Object.keys(pairs);
    if (names.length === 0) return;
    this.open(setName, [['id', xmlId(setId)]], () => {
      for (const n of names) this.empty('nvpair', [['id', xmlId(`${setId}-${n}`)], ['name', n], ['value', pairs[n]]]);
    });
  }
}
