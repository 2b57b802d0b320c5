// The node decider: admin and edge commands on one node become facts, or a rejection saying why.
import type { SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { isPowerOff, pendingAction, type NodeContext } from './node.context.ts';
import { nodeMachine } from './node.machine.ts';

/** Commands on a node. The node is the entity the command is addressed to. */
export type NodeCommand =
  | { type: 'DefineNode'; votes?: number; attributes?: Record<string, string> }
  | { type: 'ChangeNode'; votes?: number; attributes?: Record<string, string> }
  | { type: 'RemoveNode' }
  | { type: 'JoinNode'; incarnation: string; address?: string }
  | { type: 'SuspectNode'; lastHeardAt: number; silentMs: number }
  | { type: 'LoseNode'; viewId: number; reason?: string }
  | { type: 'RequestFence'; commandId: string; action?: string; reason?: string; requestedBy?: string; executor?: string; force?: boolean }
  | { type: 'RecordFenceSuccess'; requestId: string; level?: number; devices?: string[]; durationMs?: number }
  | { type: 'RecordFenceFailure'; requestId: string; level?: number; devices?: string[]; reason?: string; durationMs?: number; final?: boolean }
  | { type: 'MarkFenced'; method?: string; requestId?: string; device?: string }
  | { type: 'LeaveNode'; reason?: string }
  | { type: 'SetStandby'; reason?: string }
  | { type: 'SetOnline' }
  | { type: 'SetMaintenance'; on: boolean };

type Snapshot = SnapshotFrom<typeof nodeMachine>;

const FENCE_ACTIONS = ['off', 'reboot', 'on'];
const FENCE_METHODS = ['manual', 'watchdog', 'agent'];

/** Where the node is in its membership lifecycle: 'unknown', 'removed' or the membership region's state. Pure. */
export function membershipOf(snapshot: Snapshot): string {
  const v = snapshot.value;
  if (typeof v === 'string') return v;
  return v.defined.membership;
}

/**
 * Decides a node command. Pure. Notes:
 * - RequestFence while a request with the same power effect is pending (off/reboot while fencing, or a second
 *   `on`) is MERGED: it returns [] and the caller waits for the pending request's outcome. The request id is
 *   `${commandId}/0`.
 * - JoinNode of a member with its current incarnation returns [] (a repeated announcement).
 * - A fenced or left node rejoins with NodeRejoined and a new incarnation; a lost node must be fenced first
 *   (MarkFenced with method 'manual' is the operator's way when no fence device can do it).
 */
export function decideNode(command: NodeCommand, snapshot: Snapshot, at: number): Fact[] {
  const c = snapshot.context;
  const node = c.name;
  const entity = `node/${node}`;
  const m = membershipOf(snapshot);
  const no = (reason: string): never => reject(entity, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(nodeMachine, snapshot, entity, command.type, facts, at,
    (f) => `${f.type} is not legal while node ${node} is ${m}`);

  if (command.type === 'DefineNode') {
    if (m !== 'unknown' && m !== 'removed') no(`node ${node} is already defined (use ChangeNode)`);
    return legal([{ type: 'NodeDefined', config: nodeConfig(command, node, no) }]);
  }
  if (m === 'unknown') no(`node ${node} is not defined`);
  if (m === 'removed') no(`node ${node} was removed`);

  switch (command.type) {
    case 'ChangeNode':
      return legal([{ type: 'NodeChanged', config: nodeConfig(command, node, no) }]);
    case 'RemoveNode':
      if (m === 'member' || m === 'suspect') no(`node ${node} is a member; it must leave first`);
      if (m === 'lost') no(`node ${node} is lost and not fenced; fence it before removing it`);
      if (m === 'fencing') no(`node ${node} is being fenced`);
      return legal([{ type: 'NodeRemoved', node }]);
    case 'JoinNode':
      return decideJoin(command, c, m, no, legal);
    case 'SuspectNode':
      if (m !== 'member') no(`node ${node} is ${m}, not a member`);
      return legal([{ type: 'NodeSuspected', node, lastHeardAt: wholeNumber(command.lastHeardAt, 'lastHeardAt', no), silentMs: wholeNumber(command.silentMs, 'silentMs', no) }]);
    case 'LoseNode':
      if (m !== 'member' && m !== 'suspect') no(`node ${node} is ${m}, not a member or suspect`);
      return legal([{ type: 'NodeLost', node, viewId: wholeNumber(command.viewId, 'viewId', no), reason: command.reason ?? '' }]);
    case 'RequestFence':
      return decideFence(command, c, m, no, legal);
    case 'RecordFenceSuccess':
    case 'RecordFenceFailure': {
      const action = pendingAction(c, command.requestId);
      if (action === '') no(`no fence request "${command.requestId}" is pending for node ${node}`);
      const base = { target: node, action, requestId: command.requestId, level: wholeNumber(command.level ?? 0, 'level', no), devices: [...(command.devices ?? [])], durationMs: wholeNumber(command.durationMs ?? 0, 'durationMs', no) };
      if (command.type === 'RecordFenceSuccess') return legal([{ type: 'FenceSucceeded', ...base }]);
      return legal([{ type: 'FenceFailed', ...base, reason: command.reason ?? '', final: command.final ?? false }]);
    }
    case 'MarkFenced': {
      const method = command.method ?? 'manual';
      if (!FENCE_METHODS.includes(method)) no(`method "${method}" is not one of ${FENCE_METHODS.join(', ')}`);
      if (m === 'fenced') no(`node ${node} is already fenced`);
      if (m !== 'lost' && m !== 'fencing') no(`node ${node} is ${m}; only a lost node or one being fenced can be marked fenced`);
      return legal([{ type: 'NodeFenced', node, method, requestId: command.requestId ?? '', device: command.device ?? '' }]);
    }
    case 'LeaveNode':
      if (m !== 'member' && m !== 'suspect') no(`node ${node} is ${m}, not a member`);
      return legal([{ type: 'NodeLeft', node, reason: command.reason ?? 'graceful' }]);
    case 'SetStandby':
      if (snapshot.matches({ defined: { standby: 'standby' } })) no(`node ${node} is already in standby`);
      return legal([{ type: 'NodeStandby', node, reason: command.reason ?? '' }]);
    case 'SetOnline':
      if (!snapshot.matches({ defined: { standby: 'standby' } })) no(`node ${node} is not in standby`);
      return legal([{ type: 'NodeOnline', node }]);
    case 'SetMaintenance': {
      if (typeof command.on !== 'boolean') no(`on must be true or false, got ${JSON.stringify(command.on)}`);
      const inMaintenance = snapshot.matches({ defined: { maintenance: 'maintenance' } });
      if (command.on === inMaintenance) no(`node ${node} is ${inMaintenance ? 'already' : 'not'} in maintenance`);
      return legal([{ type: 'NodeMaintenance', node, on: command.on }]);
    }
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}

type No = (reason: string) => never;
type Legal = (facts: Fact[]) => Fact[];

function decideJoin(command: { incarnation: string; address?: string }, c: NodeContext, m: string, no: No, legal: Legal): Fact[] {
  const node = c.name;
  if (typeof command.incarnation !== 'string' || command.incarnation === '') no('incarnation must be a non-empty string');
  const same = command.incarnation === c.incarnation;
  if (m === 'member') {
    if (same) return [];
    no(`node ${node} is a member with incarnation ${c.incarnation}; a restarted node must be lost and fenced first`);
  }
  if (m === 'suspect' && !same) no(`node ${node} restarted while suspect (incarnation ${c.incarnation} -> ${command.incarnation}); it must be lost and fenced first`);
  if (m === 'lost') no(`node ${node} is lost and not fenced; fence it before it rejoins`);
  if (m === 'fencing') no(`node ${node} is being fenced`);
  if ((m === 'fenced' || m === 'left') && same) no(`node ${node} ${m} with incarnation ${c.incarnation}; rejoining needs a new incarnation`);
  if (m === 'fenced' || m === 'left') return legal([{ type: 'NodeRejoined', node, incarnation: command.incarnation }]);
  return legal([{ type: 'NodeJoined', node, incarnation: command.incarnation, address: command.address ?? '' }]);
}

function decideFence(
  command: { commandId: string; action?: string; reason?: string; requestedBy?: string; executor?: string; force?: boolean },
  c: NodeContext, m: string, no: No, legal: Legal,
): Fact[] {
  const node = c.name;
  const action = command.action ?? 'reboot';
  if (!FENCE_ACTIONS.includes(action)) no(`action "${action}" is not one of ${FENCE_ACTIONS.join(', ')}`);
  if (typeof command.commandId !== 'string' || command.commandId === '') no('commandId must be a non-empty string (the request id derives from it)');
  // Merge: one pending request with the same power effect already covers this one.
  if (c.pendingFence.some((p) => isPowerOff(p.action) === isPowerOff(action))) return [];
  if (action === 'on') {
    if (m === 'lost' || m === 'suspect' || m === 'fencing') no(`node ${node} is ${m}; it cannot be unfenced before it is fenced`);
  } else if (!command.force) {
    if (m === 'member') no(`node ${node} is a healthy member; pass force to fence it anyway`);
    if (m === 'left') no(`node ${node} left gracefully; pass force to fence it anyway`);
    if (m === 'fenced') no(`node ${node} is already fenced; pass force to fence it again`);
  }
  return legal([{
    type: 'FenceRequested', target: node, action, requestId: `${command.commandId}/0`, reason: command.reason ?? '',
    requestedBy: command.requestedBy ?? '', executor: command.executor ?? '',
  }]);
}

function nodeConfig(command: { votes?: number; attributes?: Record<string, string> }, node: string, no: No) {
  const votes = command.votes ?? 1;
  if (!Number.isInteger(votes) || votes < 1 || votes > 255) no(`votes must be an integer from 1 to 255, got ${JSON.stringify(command.votes)}`);
  const attributes = command.attributes ?? {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) no('attributes must be an object of strings');
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(attributes).sort()) {
    const v = attributes[k];
    if (k === '' || typeof v !== 'string') no(`attribute ${JSON.stringify(k)} must be a non-empty name with a string value`);
    sorted[k] = v as string;
  }
  return { node, votes, attributes: sorted };
}

function wholeNumber(value: number, name: string, no: No): number {
  if (!Number.isSafeInteger(value) || value < 0) no(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return value;
}
