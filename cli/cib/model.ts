// The result of a CIB import: the facts it yields, and everything it could not translate, by element and id.
import type { Fact } from '../../proto/generated.ts';
import { cibError, type CibPlace, type XmlElement } from './xml.ts';

/** One fact the import yields, with the time it happened (ms, when the CIB says) and where it came from. */
export interface ImportedFact {
  readonly fact: Fact;
  /** ms since epoch (an operation's last-rc-change); absent: the journal stamps it. */
  readonly at?: number;
  /** `primitive web-ip (line 23)`: the CIB element behind the fact. */
  readonly source: string;
}

/** Why something was left out. */
export const SkipKind = {
  /** quorate has no equivalent (clones, bundles, rules, resource sets, ...): the admin must act. */
  unsupported: 'unsupported',
  /** Pacemaker's own bookkeeping, with nothing to carry over (dc-version, probe_complete, ...). */
  informational: 'informational',
} as const;
export type SkipKind = (typeof SkipKind)[keyof typeof SkipKind];

/** One CIB element (or attribute) not translated, by element and id, with the reason. */
export interface Untranslated {
  readonly kind: SkipKind;
  readonly element: string;
  readonly id: string;
  readonly line?: number;
  readonly reason: string;
}

/** The whole import: facts in journal order, and what was left out in document order. */
export interface CibImport {
  readonly file: string;
  readonly facts: ImportedFact[];
  readonly untranslated: Untranslated[];
}

/** Collects facts and skips while the translators walk the CIB; knows the file for error places. */
export class ImportSink {
  readonly facts: ImportedFact[] = [];
  readonly untranslated: Untranslated[] = [];
  constructor(readonly file: string) {}

  /** Adds a fact traced to `el`. */
  fact(fact: Fact, el: XmlElement, at?: number): void {
    const name = el.attrs['uname'] ?? el.attrs['id'];
    const source = name === undefined ? `${el.name} (line ${el.line})` : `${el.name} ${name} (line ${el.line})`;
    this.facts.push(at === undefined ? { fact, source } : { fact, at, source });
  }

  /** Records that `el` (or its attribute named in `what`) was not translated. */
  skip(el: XmlElement, reason: string, kind: SkipKind = 'unsupported', what?: string): void {
    const element = what === undefined ? el.name : `${el.name} ${what}`;
    this.untranslated.push({ kind, element, id: idOf(el), line: el.line, reason });
  }

  /** The place of `el`, for errors. */
  place(el: XmlElement): CibPlace {
    const id = el.attrs['id'];
    return { file: this.file, line: el.line, element: el.name, ...(id === undefined ? {} : { id }) };
  }

  /** The required attribute `name` of `el`; missing or empty is an error naming file, line, element and id. */
  need(el: XmlElement, name: string): string {
    const v = el.attrs[name];
    if (v === undefined || v.trim() === '') throw cibError(this.place(el), `missing required attribute "${name}"`);
    return v;
  }
}

/** The id of an element (a node's uname, which the admin knows it by), or "(no id)". Pure. */
export function idOf(el: XmlElement): string {
  return el.attrs['uname'] ?? el.attrs['id'] ?? '(no id)';
}
