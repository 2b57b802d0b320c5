// The admin verbs the DC answers: each request decided against the folded state into facts, or refused saying why.
import { transition, type AnyMachineSnapshot } from 'xstate';
import type { ConstraintConfig, Fact, GroupConfig, ResourceConfig } from '../../proto/generated.ts';
import { type EntityRef, entityKey } from '../../machines/entity.ts';
import { CommandRejectedError, ErrorCode, QuorateError } from '../../machines/errors.ts';
import { initialSnapshot, type ClusterState } from '../../machines/fold.ts';
import { factEvent } from '../../machines/kind.ts';
import { moduleFor } from '../../machines/registry.ts';
import { INFINITY } from '../../machines/score.ts';
import { dcOf, membershipOf, nodesOf } from '../view.ts';
import { fenceExecutor } from './fence-escalation.ts';
import { configOf, type ConfigDoc } from './config-model.ts';
import { planConfig } from './config-plan.ts';

/** What a verb decided: facts to append as DC (maybe none), a line for people, a result for scripts. */
export interface AdminOutcome {
  readonly facts: Fact[];
  readonly message: string;
  readonly result?: unknown;
}

/** An admin request as the service hands it over. */
export interface AdminInput {
  readonly requestId: string;
  readonly verb: string;
  readonly args: Readonly<Record<string, string>>;
  readonly payload: Uint8Array;
}

/** The location constraint `move` creates (Pacemaker's `cli-prefer-<rsc>`). */
export const preferId = (r: string) => `cli-prefer-${r}`;
/** The location constraint `ban` creates (Pacemaker's `cli-ban-<rsc>-on-<node>`). */
export const banId = (r: string, n: string) => `cli-ban-${r}-on-${n}`;

const refuse = (message: string, code: ErrorCode = ErrorCode.adminRefused): never => {
  throw new QuorateError(code, message);
};

/** Runs commands on entities, each against its snapshot advanced by the facts decided so far. */
class Decisions {
  readonly facts: Fact[] = [];
  private readonly work = new Map<string, AnyMachineSnapshot>();
  constructor(readonly state: ClusterState, readonly at: number) {}
  /** Decides `command` on `ref`; a rejection becomes a refusal with the decider's reason. */
  run(ref: EntityRef, command: { type: string; [k: string]: unknown }): Fact[] {
    const key = entityKey(ref);
    const m = moduleFor(ref);
    let snap = this.work.get(key) ?? this.state.entities.get(key)?.snapshot ?? initialSnapshot(ref);
    try {
      const facts = m.decide(command, snap as never, this.at);
      for (const f of facts) snap = transition(m.machine, snap as never, factEvent(f, 0, this.at) as never)[0] as AnyMachineSnapshot;
      this.work.set(key, snap);
      this.facts.push(...facts);
      return facts;
    } catch (e) {
      if (e instanceof CommandRejectedError) return refuse(`${key}: ${(e.info['reason'] as string | undefined) ?? e.message}`);
      throw e;
    }
  }
}

interface Target {
  readonly kind: 'resource' | 'group';
  readonly id: string;
  readonly members: string[];
  readonly config: ResourceConfig | GroupConfig;
}

function targetOf(config: Required<ConfigDoc>, id: string | undefined): Target {
  if (!id) return refuse('which resource? give its id', ErrorCode.adminBadRequest);
  const g = config.groups.find((x) => x.id === id);
  if (g) return { kind: 'group', id, members: [...g.members], config: g };
  const r = config.resources.find((x) => x.id === id);
  if (r) return { kind: 'resource', id, members: [id], config: r };
  const known = [...config.resources.map((x) => x.id), ...config.groups.map((x) => x.id)].sort();
  return refuse(`unknown resource "${id}" (known: ${known.join(', ') || 'none'})`, ErrorCode.adminUnknown);
}

/** Sorted nodes where any member of `t` is active. */
function whereRuns(state: ClusterState, t: Target): string[] {
  const on = new Set<string>();
  for (const m of t.members) for (const n of ((state.entities.get(`resource/${m}`)?.snapshot.context as { activeOn?: string[] } | undefined)?.activeOn ?? [])) on.add(n);
  return [...on].sort();
}

function checkNode(state: ClusterState, n: string | undefined, usable = false): string {
  if (!n) return refuse('which node? give its name', ErrorCode.adminBadRequest);
  const node = nodesOf(state).find((x) => x.name === n && x.membership !== 'removed' && x.membership !== 'unknown');
  if (!node) return refuse(`unknown node "${n}" (known: ${nodesOf(state).map((x) => x.name).join(', ') || 'none'})`, ErrorCode.adminUnknown);
  if (usable && ['lost', 'fencing', 'fenced', 'left'].includes(node.membership)) refuse(`node ${n} is ${node.membership}: nothing can run there`);
  if (usable && node.standby) refuse(`node ${n} is in standby: nothing can run there (quorate node online ${n} first)`);
  return n;
}

function location(d: Decisions, config: Required<ConfigDoc>, id: string, resource: string, node: string, score: number): boolean {
  const old = config.constraints.find((c) => c.id === id);
  const want: ConstraintConfig = { id, rule: 'location', location: { resource, node, score } };
  if (old?.location && old.location.node === node && old.location.score === score && old.location.resource === resource) return false;
  d.run({ kind: 'constraint', id }, { type: old ? 'ChangeConstraint' : 'DefineConstraint', config: want });
  return true;
}

/** Decides one admin request against `state` at `at`. Refusals are QuorateErrors whose message says why. Pure. */
export function decideAdmin(req: AdminInput, state: ClusterState, at: number): AdminOutcome {
  const d = new Decisions(state, at);
  const config = configOf(state);
  const a = req.args;
  const done = (message: string, result?: unknown): AdminOutcome => ({ facts: d.facts, message, ...(result === undefined ? {} : { result }) });
  switch (req.verb) {
    case 'config.apply': {
      let doc: ConfigDoc;
      try {
        doc = JSON.parse(new TextDecoder().decode(req.payload)) as ConfigDoc;
      } catch (e) {
        return refuse(`the configuration document is not JSON: ${(e as Error).message}`, ErrorCode.adminBadRequest);
      }
      const plan = planConfig(doc, state, at);
      if (plan.issues.length > 0) {
        throw new QuorateError(ErrorCode.configInvalid, `${plan.issues.length} problem${plan.issues.length > 1 ? 's' : ''}; nothing was changed`, { details: { issues: plan.issues } });
      }
      const dry = a['dryRun'] === 'true';
      const n = plan.changes.length;
      return { facts: dry ? [] : plan.facts, message: n === 0 ? 'no changes' : `${dry ? 'would make' : 'made'} ${n} change${n > 1 ? 's' : ''}`, result: { changes: plan.changes } };
    }
    case 'resource.locate': {
      const t = targetOf(config, a['resource']);
      const on = whereRuns(state, t);
      return done(on.length === 0 ? `${t.id} is not running` : `${t.id} is running on ${on.join(', ')}`, { resource: t.id, nodes: on });
    }
    case 'resource.move': {
      const t = targetOf(config, a['resource']);
      const inGroup = config.groups.find((g) => g.members.includes(t.id));
      if (inGroup) refuse(`${t.id} is a member of group ${inGroup.id}: move the group`);
      const on = whereRuns(state, t);
      if (!a['node']) {
        if (on.length === 0) refuse(`${t.id} is not running anywhere: say where to move it (quorate resource move ${t.id} <node>)`);
        const from = on[0]!;
        location(d, config, banId(t.id, from), t.id, from, -INFINITY);
        return done(`${t.id}: banned from ${from} (location constraint ${banId(t.id, from)}, -INFINITY); quorate resource clear ${t.id} removes it`);
      }
      const node = checkNode(state, a['node'], true);
      const blocking = config.constraints.find((c) => c.location?.resource === t.id && c.location.node === node && c.location.score <= -INFINITY);
      if (blocking) refuse(`moving ${t.id} to ${node} would violate mandatory constraint ${blocking.id} (${t.id} -INFINITY on ${node})${blocking.id.startsWith('cli-') ? `; quorate resource clear ${t.id} removes it` : ''}`);
      const changed = location(d, config, preferId(t.id), t.id, node, INFINITY);
      const now = on.length === 0 ? 'not running now' : `running on ${on.join(', ')} now`;
      return done(changed ? `${t.id}: prefers ${node} (location constraint ${preferId(t.id)}, INFINITY); ${now}` : `${t.id} already prefers ${node} (${preferId(t.id)}); ${now}`);
    }
    case 'resource.ban': {
      const t = targetOf(config, a['resource']);
      const on = whereRuns(state, t);
      const node = a['node'] ? checkNode(state, a['node']) : on[0];
      if (!node) return refuse(`${t.id} is not running anywhere: say which node to ban it from`);
      const changed = location(d, config, banId(t.id, node), t.id, node, -INFINITY);
      return done(changed ? `${t.id}: banned from ${node} (location constraint ${banId(t.id, node)}, -INFINITY)` : `${t.id} is already banned from ${node} (${banId(t.id, node)})`);
    }
    case 'resource.clear': {
      const t = targetOf(config, a['resource']);
      const node = a['node'];
      const ids = config.constraints.filter((c) => c.location?.resource === t.id && (c.id === preferId(t.id) || c.id.startsWith(`cli-ban-${t.id}-on-`)) && (!node || c.location.node === node)).map((c) => c.id);
      for (const id of ids) d.run({ kind: 'constraint', id }, { type: 'RemoveConstraint' });
      return done(ids.length === 0 ? `${t.id}: no move or ban constraints to clear` : `${t.id}: removed ${ids.join(', ')}`, { removed: ids });
    }
    case 'resource.cleanup': {
      const t = targetOf(config, a['resource']);
      const node = a['node'] ? checkNode(state, a['node']) : '';
      const nodes = node ? [node] : membershipOf(state).members;
      const notes: string[] = [];
      for (const m of t.members) {
        d.run({ kind: 'resource', id: m }, { type: 'ResetFailCount', node, reason: 'cleanup' });
        for (const n of nodes) {
          try {
            d.run({ kind: 'resource', id: m }, { type: 'RequestOperation', operation: 'probe', node: n, commandId: `${req.requestId}/probe/${m}/${n}` });
          } catch (e) {
            notes.push(`no probe of ${m} on ${n}: ${(e as Error).message}`);
          }
        }
      }
      return done(`${t.id}: fail counts reset${node ? ` on ${node}` : ''}; re-probe requested on ${nodes.join(', ') || 'no member node'}${notes.length ? ` (${notes.join('; ')})` : ''}`);
    }
    case 'resource.restart': {
      const t = targetOf(config, a['resource']);
      const on = whereRuns(state, t);
      if (on.length === 0) refuse(`${t.id} is not running: nothing to restart (quorate resource enable ${t.id} starts it)`);
      for (const m of [...t.members].reverse()) {
        const active = (state.entities.get(`resource/${m}`)?.snapshot.context as { activeOn?: string[] } | undefined)?.activeOn ?? [];
        for (const n of active) d.run({ kind: 'resource', id: m }, { type: 'RequestOperation', operation: 'stop', node: n, commandId: `${req.requestId}/stop/${m}/${n}` });
      }
      return done(`${t.id}: stop requested on ${on.join(', ')}; the scheduler starts it again`);
    }
    case 'resource.enable':
    case 'resource.disable': {
      const t = targetOf(config, a['resource']);
      const role = req.verb === 'resource.enable' ? 'Started' : 'Stopped';
      const meta = t.config.meta;
      if ((meta['target-role'] ?? 'Started') === role) return done(`${t.id} is already ${role === 'Started' ? 'enabled' : 'disabled'} (target-role ${role})`);
      const next = { ...t.config, meta: { ...meta, 'target-role': role } };
      d.run({ kind: t.kind, id: t.id }, t.kind === 'group' ? { type: 'ChangeGroup', config: next } : { type: 'ChangeResource', config: next });
      return done(`${t.id}: target-role ${meta['target-role'] ?? '(unset)'} -> ${role}`);
    }
    case 'node.standby':
    case 'node.online':
    case 'node.maintenance': {
      const node = checkNode(state, a['node']);
      const on = (a['on'] ?? 'true') !== 'false';
      const command = req.verb === 'node.standby' ? { type: 'SetStandby', reason: 'admin' } : req.verb === 'node.online' ? { type: 'SetOnline' } : { type: 'SetMaintenance', on };
      d.run({ kind: 'node', id: node }, command);
      return done(req.verb === 'node.standby' ? `node ${node}: standby (its resources move away)` : req.verb === 'node.online' ? `node ${node}: online` : `node ${node}: maintenance ${on ? 'on (its resources are left alone)' : 'off'}`);
    }
    case 'node.fence': {
      // Fencing by hand (by the executor engineer): always forced, run by the DC unless it is the target.
      const node = checkNode(state, a['node']);
      const action = a['action'] ?? 'reboot';
      const executor = fenceExecutor(state, dcOf(state).node, node) ?? '';
      const facts = d.run({ kind: 'node', id: node }, {
        type: 'RequestFence', commandId: `admin/${req.requestId}`, action, reason: `manual: quorate node fence by ${a['user'] || 'admin'}`,
        requestedBy: a['user'] || 'admin', executor, force: true,
      });
      const requestId = (facts[0] as { requestId?: string } | undefined)?.requestId ?? '';
      return done(facts.length === 0 ? `node ${node}: a fence is already pending; this request is merged into it` : `node ${node}: fence ${action} requested (request ${requestId}, run by ${executor || 'the DC'}); quorate fence history --node ${node} shows the outcome`, { node, action, requestId, executor });
    }
    case 'cluster.maintenance': {
      const on = a['on'];
      if (on !== 'true' && on !== 'false') return refuse(`cluster maintenance takes on or off, got "${on ?? ''}"`, ErrorCode.adminBadRequest);
      const facts = d.run({ kind: 'cluster', id: 'options' }, { type: 'SetOptions', options: { 'maintenance-mode': on } });
      return done(facts.length === 0 ? `cluster maintenance mode is already ${on === 'true' ? 'on' : 'off'}` : `cluster maintenance mode ${on === 'true' ? 'on: resources are left alone' : 'off'}`);
    }
    default:
      return refuse(`unknown admin verb "${req.verb}"`, ErrorCode.adminBadRequest);
  }
}
