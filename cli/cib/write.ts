// writeCib: quorate facts (configuration and status) to a Pacemaker CIB, the inverse of importCib. Pure.
import type { Fact, FactOf, ResourceConfig } from '../../proto/generated.ts';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { formatScore } from '../../machines/score.ts';
import { OP_TIMEOUT_OPTION, RSC_DEFAULT_OPTIONS } from './config.ts';
import { agentParts } from './resources.ts';
import { writeStatus } from './write-status.ts';
import { XmlLines } from './xml-writer.ts';

/** A fact, or a fact with its time (ms), as importCib yields them. */
export type CibInputFact = Fact | { readonly fact: Fact; readonly at?: number };

/** Options of writeCib. */
export interface WriteCibOptions {
  /** The cib's have-quorum (default true: crm_simulate then schedules as a quorate partition would). */
  readonly haveQuorum?: boolean;
}

/** The facts writeCib reads, by kind, in the order given. */
export interface CibFacts {
  readonly all: ReadonlyArray<{ readonly fact: Fact; readonly at?: number }>;
  readonly nodes: string[];
  readonly resources: Map<string, ResourceConfig>;
}

/** A fact list writeCib cannot write: a `config.invalid` QuorateError. */
export function bad(message: string): QuorateError {
  return new QuorateError(ErrorCode.configInvalid, `writeCib: ${message}`, { details: { where: 'writeCib' } });
}

function primitive(x: XmlLines, r: ResourceConfig): void {
  const a = agentParts(r.id, r.agent);
  x.open('primitive', [['id', r.id], ['class', a.cls], ['provider', a.provider], ['type', a.type]], () => {
    if (r.container !== '') x.comment(`quorate: container "${r.container}" has no CIB equivalent`);
    x.nvset('instance_attributes', `${r.id}-instance_attributes`, r.params);
    x.nvset('meta_attributes', `${r.id}-meta_attributes`, r.meta);
    if (r.operations.length === 0) return;
    x.open('operations', [], () => r.operations.forEach((op, i) => x.empty('op', [
      ['id', `${r.id}-${op.name}-${i}`], ['name', op.name], ['interval', `${op.intervalMs}ms`],
      ['timeout', op.timeoutMs === 0 ? undefined : `${op.timeoutMs}ms`], ['on-fail', op.onFail || undefined], ['role', op.role || undefined],
    ])));
  });
}

/** Failover domains have no CIB form: written as location constraints, first node highest (100 per step). */
function domainLocations(x: XmlLines, id: string, domain: readonly string[]): void {
  domain.forEach((node, i) => x.empty('rsc_location', [['id', `${id}-domain-${node}`], ['rsc', id], ['node', node], ['score', String((domain.length - i) * 100)]]));
}

function constraint(x: XmlLines, f: FactOf<'ConstraintDefined'>): void {
  const c = f.config;
  if (c?.location) x.empty('rsc_location', [['id', c.id], ['rsc', c.location.resource], ['node', c.location.node], ['score', formatScore(c.location.score)]]);
  else if (c?.colocation) x.empty('rsc_colocation', [['id', c.id], ['rsc', c.colocation.resource], ['with-rsc', c.colocation.with], ['score', formatScore(c.colocation.score)]]);
  else if (c?.order) {
    const o = c.order;
    const kind = (o.kind || 'mandatory').charAt(0).toUpperCase() + (o.kind || 'mandatory').slice(1);
    x.empty('rsc_order', [['id', c.id], ['first', o.first], ['first-action', o.firstAction || 'start'], ['then', o.then],
      ['then-action', o.thenAction || o.firstAction || 'start'], ['kind', kind], ['symmetrical', String(o.symmetrical)]]);
  } else throw bad(`constraint ${c?.id ?? '?'} has no rule`);
}

function split(options: Readonly<Record<string, string>>): [Record<string, string>, Record<string, string>, Record<string, string>] {
  const props: Record<string, string> = {};
  const rsc: Record<string, string> = {};
  const op: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) {
    if (RSC_DEFAULT_OPTIONS.has(k)) rsc[k] = v;
    else if (k === OP_TIMEOUT_OPTION) op['timeout'] = v;
    else props[k] = v;
  }
  return [props, rsc, op];
}

function configuration(x: XmlLines, facts: CibFacts): void {
  const of = <K extends Fact['type']>(t: K): FactOf<K>[] => facts.all.map((e) => e.fact).filter((f) => f.type === t) as FactOf<K>[];
  const options = Object.assign({}, ...of('ClusterOptionsDefined').map((f) => f.options)) as Record<string, string>;
  const [props, rscDefaults, opDefaults] = split(options);
  x.open('crm_config', [], () => x.nvset('cluster_property_set', 'cib-bootstrap-options', props));
  const standby = new Set(of('NodeStandby').map((f) => f.node));
  const maintenance = new Set(of('NodeMaintenance').filter((f) => f.on).map((f) => f.node));
  x.open('nodes', [], () => of('NodeDefined').forEach((f, i) => {
    const name = f.config?.node ?? '';
    const attrs = { ...f.config?.attributes, ...(standby.has(name) ? { standby: 'on' } : {}), ...(maintenance.has(name) ? { maintenance: 'on' } : {}) };
    if (Object.keys(attrs).length === 0) x.empty('node', [['id', String(i + 1)], ['uname', name]]);
    else x.open('node', [['id', String(i + 1)], ['uname', name]], () => x.nvset('instance_attributes', `nodes-${i + 1}`, attrs));
  }));
  const members = new Set(of('GroupDefined').flatMap((g) => g.config?.members ?? []));
  const domains: Array<[string, string[]]> = [];
  x.open('resources', [], () => {
    for (const { fact: f } of facts.all) {
      if (f.type === 'FenceDeviceDefined' && f.config) {
        const c = f.config;
        const params = { ...c.params, ...(c.targets.length ? { pcmk_host_list: c.targets.join(' ') } : {}),
          ...(Object.keys(c.hostMap).length ? { pcmk_host_map: Object.entries(c.hostMap).map(([n, p]) => `${n}:${p}`).join(';') } : {}) };
        x.open('primitive', [['id', c.id], ['class', 'stonith'], ['type', c.agent]], () => {
          x.nvset('instance_attributes', `${c.id}-instance_attributes`, params);
          x.nvset('meta_attributes', `${c.id}-meta_attributes`, c.meta);
        });
      } else if (f.type === 'ResourceDefined' && f.config && !members.has(f.config.id)) {
        primitive(x, f.config);
        if (f.config.failoverDomain.length) domains.push([f.config.id, f.config.failoverDomain]);
      } else if (f.type === 'GroupDefined' && f.config) {
        const g = f.config;
        x.open('group', [['id', g.id]], () => {
          for (const m of g.members) {
            const r = facts.resources.get(m);
            if (r === undefined) throw bad(`group ${g.id}: member ${m} has no ResourceDefined`);
            primitive(x, r);
          }
          x.nvset('meta_attributes', `${g.id}-meta_attributes`, g.meta);
        });
        if (g.failoverDomain.length) domains.push([g.id, g.failoverDomain]);
      }
    }
  });
  x.open('constraints', [], () => {
    for (const f of of('ConstraintDefined')) constraint(x, f);
    for (const [id, domain] of domains) domainLocations(x, id, domain);
  });
  const levels = of('FenceLevelDefined');
  if (levels.length) {
    x.open('fencing-topology', [], () => levels.forEach(({ config: l }) => l && x.empty('fencing-level', [
      ['id', `fl-${l.target}-${l.index}`], ['target', l.target], ['index', String(l.index)], ['devices', l.devices.join(',')],
    ])));
  }
  x.open('rsc_defaults', [], () => x.nvset('meta_attributes', 'rsc-options', rscDefaults));
  x.open('op_defaults', [], () => x.nvset('meta_attributes', 'op-options', opDefaults));
}

/**
 * Writes a Pacemaker CIB (schema pacemaker-3.x) holding `facts`: cluster options, nodes (standby and
 * maintenance as node attributes), fence devices, resources, groups, constraints, fencing levels, and a status
 * section from the membership facts (last one wins: joined = online, lost = unclean, left/fenced = offline) and
 * the operation history (call-ids from `pcmk/<node>/<n>` opIds, else in fact order) with fail counts.
 * `importCib(writeCib(facts))` gives back `facts` when they are in the order importCib yields. Pure.
 */
export function writeCib(facts: readonly CibInputFact[], options: WriteCibOptions = {}): string {
  const all = facts.map((f) => ('type' in f ? { fact: f } : f));
  const nodes = all.flatMap(({ fact: f }) => (f.type === 'NodeDefined' && f.config ? [f.config.node] : []));
  const resources = new Map<string, ResourceConfig>();
  for (const { fact: f } of all) if (f.type === 'ResourceDefined' && f.config) resources.set(f.config.id, f.config);
  const cf: CibFacts = { all, nodes, resources };
  const x = new XmlLines();
  const status = new XmlLines();
  const dc = writeStatus(status, cf);
  x.open('cib', [['crm_feature_set', '3.17.4'], ['validate-with', 'pacemaker-3.9'], ['epoch', '1'], ['num_updates', '0'], ['admin_epoch', '0'],
    ['have-quorum', options.haveQuorum === false ? '0' : '1'], ['dc-uuid', dc]], () => {
    x.open('configuration', [], () => configuration(x, cf));
    x.open('status', [], () => x.lines.push(...status.lines.map((l) => `    ${l}`)));
  });
  return `${x.lines.join('\n')}\n`;
}
