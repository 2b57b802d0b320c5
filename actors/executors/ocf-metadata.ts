// Parses an agent's meta-data XML (OCF 1.0 and 1.1, and the fence-agents dialect) into parameters and actions.
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { child, childrenNamed, parseXml, type XmlElement } from './xml.ts';

/** One parameter an agent takes. */
export interface AgentParameter {
  readonly name: string;
  readonly required: boolean;
  readonly unique: boolean;
  /** OCF 1.1 `unique-group`; '' when none. */
  readonly uniqueGroup: string;
  readonly reloadable: boolean;
  readonly deprecated: boolean;
  /** content type: string, integer, boolean, select, ... ('' when not given). */
  readonly type: string;
  /** The default as written in the meta-data; undefined when none. */
  readonly default: string | undefined;
  /** The allowed values of a `select` parameter (OCF 1.1). */
  readonly options: readonly string[];
  readonly shortdesc: string;
  readonly longdesc: string;
}

/** One action the agent advertises, with its advised timeout and interval in ms. */
export interface AgentAction {
  readonly name: string;
  readonly timeoutMs: number | undefined;
  readonly intervalMs: number | undefined;
  readonly depth: number | undefined;
  readonly role: string;
}

/** An agent's description. `ocfVersion` is the OCF API version it declares ('1.0' when none). */
export interface AgentMetadata {
  readonly name: string;
  readonly version: string;
  readonly ocfVersion: string;
  readonly shortdesc: string;
  readonly longdesc: string;
  readonly parameters: readonly AgentParameter[];
  readonly actions: readonly AgentAction[];
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1000, ms: 1, msec: 1, us: 0.001, usec: 0.001, s: 1000, sec: 1000,
  m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000,
};

/**
 * A Pacemaker duration ("20s", "2min", "100ms", "90" = seconds) in ms. Undefined for
 * an empty value; throws `config.invalid` naming `where` for an unreadable one.
 */
export function parseDurationMs(value: string | undefined, where: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new QuorateError(ErrorCode.configInvalid, `${where}: "${value}" is not a duration (e.g. 20s, 2min, 500ms)`, { details: { where, value } });
  }
  return Math.round(Number(m[1]) * unit);
}

/**
 * Parses meta-data `xml` of agent `source`. The root must be `<resource-agent>`.
 * Throws `agent.bad-metadata` naming the agent and what is wrong. Pure.
 */
export function parseAgentMetadata(xml: string, source: string): AgentMetadata {
  const root = parseXml(xml, source);
  if (root.name !== 'resource-agent') {
    throw new QuorateError(ErrorCode.agentBadMetadata, `${source}: meta-data root is <${root.name}>, expected <resource-agent>`, { details: { source } });
  }
  const parameters = childrenNamed(child(root, 'parameters') ?? root, 'parameter').map((p, i) => parameterOf(p, `${source} parameter #${i + 1}`));
  const actions = childrenNamed(child(root, 'actions') ?? root, 'action').map((a, i) => actionOf(a, `${source} action #${i + 1}`));
  return {
    name: root.attrs['name'] ?? '',
    version: root.attrs['version'] ?? '',
    ocfVersion: child(root, 'version')?.text.trim() || '1.0',
    shortdesc: describe(root, 'shortdesc'),
    longdesc: describe(root, 'longdesc'),
    parameters,
    actions,
  };
}

function parameterOf(p: XmlElement, where: string): AgentParameter {
  const name = p.attrs['name'];
  if (!name) throw new QuorateError(ErrorCode.agentBadMetadata, `${where}: has no name`, { details: { where } });
  const content = child(p, 'content');
  return {
    name,
    required: flag(p.attrs['required']),
    unique: flag(p.attrs['unique']),
    uniqueGroup: p.attrs['unique-group'] ?? '',
    reloadable: flag(p.attrs['reloadable']),
    deprecated: flag(p.attrs['deprecated']) || child(p, 'deprecated') !== undefined,
    type: content?.attrs['type'] ?? '',
    default: content?.attrs['default'],
    options: content ? childrenNamed(content, 'option').map((o) => o.attrs['value'] ?? '').filter((v) => v !== '') : [],
    shortdesc: describe(p, 'shortdesc'),
    longdesc: describe(p, 'longdesc'),
  };
}

function actionOf(a: XmlElement, where: string): AgentAction {
  const name = a.attrs['name'];
  if (!name) throw new QuorateError(ErrorCode.agentBadMetadata, `${where}: has no name`, { details: { where } });
  const at = `${where} (${name})`;
  const depth = a.attrs['depth'];
  return {
    name,
    timeoutMs: parseDurationMs(a.attrs['timeout'], `${at} timeout`),
    intervalMs: parseDurationMs(a.attrs['interval'], `${at} interval`),
    depth: depth === undefined || depth === '' ? undefined : Number(depth),
    role: a.attrs['role'] ?? '',
  };
}

/** The English (or first) `<tag>` child's text, whitespace-normalised; else the attribute `tag` (fence agents). */
function describe(el: XmlElement, tag: string): string {
  const all = childrenNamed(el, tag);
  const pick = all.find((d) => (d.attrs['lang'] ?? 'en') === 'en') ?? all[0];
  const text = pick?.text ?? el.attrs[tag] ?? '';
  return tag === 'longdesc' ? text.trim().replace(/[ \t]+\n/g, '\n') : text.replace(/\s+/g, ' ').trim();
}

function flag(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'yes';
}
