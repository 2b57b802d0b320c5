// CIB constraints and fencing topology to facts: rsc_location/colocation/order -> ConstraintDefined, fencing-level -> FenceLevelDefined.
import type { ConstraintConfig } from '../../proto/generated.ts';
import { parseScore } from '../../machines/score.ts';
import type { ImportSink } from './model.ts';
import { cibBoolean } from './nvpairs.ts';
import type { ResourceIds } from './resources.ts';
import { cibError, type XmlElement } from './xml.ts';

const ORDER_KINDS = new Set(['mandatory', 'optional', 'serialize']);
const ACTIONS = new Set(['start', 'stop', 'promote', 'demote']);

function score(sink: ImportSink, el: XmlElement, attr = 'score'): number {
  const text = sink.need(el, attr);
  try {
    return parseScore(text, attr);
  } catch {
    throw cibError(sink.place(el), `${attr}="${text}" is not a score (an integer, INFINITY, +INFINITY or -INFINITY)`);
  }
}

/** Why a constraint naming `rsc` cannot be translated, or undefined when it can; an unknown id is an error. */
function refusal(sink: ImportSink, el: XmlElement, attr: string, ids: ResourceIds): string | undefined {
  const rsc = sink.need(el, attr);
  if (ids.placeable.has(rsc)) return undefined;
  if (ids.fenceDevices.has(rsc)) return `${attr}="${rsc}" is a fence device; constraints on fence devices are not translated`;
  const holder = ids.untranslated.get(rsc);
  if (holder !== undefined) return `${attr}="${rsc}" belongs to the untranslated ${holder}`;
  throw cibError(sink.place(el), `${attr}="${rsc}" names no resource in <resources>`);
}

/** A role quorate can express (none, or Started); other roles belong to promotable clones. */
function roleRefusal(el: XmlElement, attr: string): string | undefined {
  const role = el.attrs[attr];
  return role === undefined || role === 'Started' ? undefined : `${attr}="${role}" (roles of promotable resources) is not translated`;
}

/** What keeps a constraint from translating as a whole: sets, rules, lifetimes, patterns. */
function structuralRefusal(el: XmlElement): string | undefined {
  const child = el.children[0];
  if (child?.name === 'resource_set') return `resource sets are not translated (set ${child.attrs['id'] ?? ''})`;
  if (child?.name === 'rule') return `rules are not translated (rule ${child.attrs['id'] ?? ''})`;
  if (child !== undefined) return `<${child.name}> inside a constraint is not translated`;
  if (el.attrs['rsc-pattern'] !== undefined) return `rsc-pattern="${el.attrs['rsc-pattern']}" is not translated`;
  return undefined;
}

function location(sink: ImportSink, el: XmlElement, ids: ResourceIds): ConstraintConfig | string {
  const why = structuralRefusal(el) ?? refusal(sink, el, 'rsc', ids) ?? roleRefusal(el, 'role');
  if (why !== undefined) return why;
  if (el.attrs['resource-discovery'] !== undefined) sink.skip(el, 'resource-discovery is not translated (quorate probes every node)', 'unsupported', 'resource-discovery');
  return { id: el.attrs['id']!, rule: 'location', location: { resource: el.attrs['rsc']!, node: sink.need(el, 'node'), score: score(sink, el) } };
}

function colocation(sink: ImportSink, el: XmlElement, ids: ResourceIds): ConstraintConfig | string {
  const why = structuralRefusal(el) ?? refusal(sink, el, 'rsc', ids) ?? refusal(sink, el, 'with-rsc', ids)
    ?? roleRefusal(el, 'rsc-role') ?? roleRefusal(el, 'with-rsc-role');
  if (why !== undefined) return why;
  const attr = el.attrs['node-attribute'];
  if (attr !== undefined && attr !== '#uname') return `node-attribute="${attr}" (colocation by attribute) is not translated`;
  if (el.attrs['influence'] !== undefined) sink.skip(el, 'influence is not translated', 'unsupported', 'influence');
  return { id: el.attrs['id']!, rule: 'colocation', colocation: { resource: el.attrs['rsc']!, with: el.attrs['with-rsc']!, score: score(sink, el) } };
}

function order(sink: ImportSink, el: XmlElement, ids: ResourceIds): ConstraintConfig | string {
  const why = structuralRefusal(el) ?? refusal(sink, el, 'first', ids) ?? refusal(sink, el, 'then', ids);
  if (why !== undefined) return why;
  let kind = el.attrs['kind']?.toLowerCase();
  if (kind === undefined) kind = el.attrs['score'] !== undefined && score(sink, el) === 0 ? 'optional' : 'mandatory';
  if (!ORDER_KINDS.has(kind)) throw cibError(sink.place(el), `kind="${el.attrs['kind']}" is not Mandatory, Optional or Serialize`);
  const sym = el.attrs['symmetrical'];
  const symmetrical = sym === undefined ? kind !== 'serialize' : cibBoolean(sym);
  if (symmetrical === undefined) throw cibError(sink.place(el), `symmetrical="${sym}" is not true or false`);
  const firstAction = el.attrs['first-action'] ?? 'start';
  const thenAction = el.attrs['then-action'] ?? firstAction;
  for (const [attr, v] of [['first-action', firstAction], ['then-action', thenAction]] as const) {
    if (!ACTIONS.has(v)) throw cibError(sink.place(el), `${attr}="${v}" is not start, stop, promote or demote`);
  }
  if (el.attrs['require-all'] !== undefined) sink.skip(el, 'require-all is not translated', 'unsupported', 'require-all');
  return { id: el.attrs['id']!, rule: 'order', order: { first: el.attrs['first']!, then: el.attrs['then']!, kind, symmetrical, firstAction, thenAction } };
}

const TRANSLATORS = { rsc_location: location, rsc_colocation: colocation, rsc_order: order } as const;

/** `<constraints>`: each location, colocation and order constraint to ConstraintDefined, or listed with why not. */
export function importConstraints(sink: ImportSink, constraints: XmlElement | undefined, ids: ResourceIds): void {
  for (const el of constraints?.children ?? []) {
    const translate = Object.hasOwn(TRANSLATORS, el.name) ? TRANSLATORS[el.name as keyof typeof TRANSLATORS] : undefined;
    if (translate === undefined) {
      sink.skip(el, el.name === 'rsc_ticket' ? 'tickets are not translated' : `<${el.name}> is not a constraint quorate knows`);
      continue;
    }
    sink.need(el, 'id');
    const result = translate(sink, el, ids);
    if (typeof result === 'string') sink.skip(el, result);
    else sink.fact({ type: 'ConstraintDefined', config: result }, el);
  }
}

/** `<fencing-topology>`: each level for a named node to FenceLevelDefined; pattern and attribute targets listed. */
export function importFencingTopology(sink: ImportSink, topology: XmlElement | undefined, ids: ResourceIds): void {
  for (const el of topology?.children ?? []) {
    if (el.name !== 'fencing-level') {
      sink.skip(el, `unexpected <${el.name}> in <fencing-topology>`);
      continue;
    }
    sink.need(el, 'id');
    if (el.attrs['target'] === undefined && (el.attrs['target-pattern'] ?? el.attrs['target-attribute']) !== undefined) {
      sink.skip(el, 'levels for a target pattern or attribute are not translated (name the node)');
      continue;
    }
    const target = sink.need(el, 'target');
    const indexText = sink.need(el, 'index');
    const index = /^\d+$/.test(indexText) ? Number(indexText) : NaN;
    if (!(index >= 1 && index <= 9)) throw cibError(sink.place(el), `index="${indexText}" is not a level from 1 to 9`);
    const devices = sink.need(el, 'devices').split(',').map((d) => d.trim()).filter((d) => d !== '');
    const unknown = devices.find((d) => !ids.fenceDevices.has(d));
    if (unknown !== undefined) throw cibError(sink.place(el), `devices names "${unknown}", which is no stonith primitive in <resources>`);
    sink.fact({ type: 'FenceLevelDefined', config: { target, index, devices } }, el);
  }
}
