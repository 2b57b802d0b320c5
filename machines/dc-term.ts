// The DC-term rule of the fold: facts only a DC may write count only when stamped with the current DC term.
//
// Why the fold checks it, and not only the log: a DC's appends expect each entity's last sequence, which
// refuses a writer with a stale view of THAT entity; but a deposed DC (paused past the dead time, cut off)
// whose view of `node/n2` is still current can land a late NodeLost after its successor was elected. Its
// envelope carries the term it believed in; the term in force is the sequence of the last DcElected the fold
// accepted (machines/cluster/dc.machine.ts). So the fold refuses it, whatever the server did, on every node
// and in every replay alike (live = rebuild).
//
// Facts a node writes about itself or its own actions (its DC claim, its resignation, its leave, the outcome
// of an operation or fencing it ran, its container activation and I/O fencing) are accepted whatever the
// term: they are true because that node did it, and their own machines guard them. Admin facts (standby,
// maintenance, fail-count reset) and the container lifecycle are guarded by their entity's sequence and epoch.
import type { Fact } from '../proto/generated.ts';

/** Who may write a fact, as the term rule sees it. */
export const FactAuthority = {
  /** Only the DC, stamped with its term. */
  dc: 'dc',
  /** Only the DC — or, before the first DC, anyone at term 0 (configuration, an imported cluster). */
  bootstrap: 'bootstrap',
  /** The node that did it, whatever the term. */
  own: 'own',
} as const;
export type FactAuthority = (typeof FactAuthority)[keyof typeof FactAuthority];

// Configuration, and the membership a CIB import carries over: what exists before any daemon ran.
const BOOTSTRAP = new Set<Fact['type']>([
  'NodeDefined', 'NodeChanged', 'NodeRemoved',
  'ResourceDefined', 'ResourceChanged', 'ResourceRemoved',
  'GroupDefined', 'GroupChanged', 'GroupRemoved',
  'ConstraintDefined', 'ConstraintChanged', 'ConstraintRemoved',
  'ContainerDefined', 'ContainerChanged', 'ContainerRemoved',
  'FenceDeviceDefined', 'FenceDeviceChanged', 'FenceDeviceRemoved',
  'FenceLevelDefined', 'FenceLevelRemoved',
  'ClusterOptionsDefined', 'ClusterOptionsChanged', 'ClusterOptionsRemoved',
  'NodeJoined', 'NodeLost',
]);
const DC_ONLY = new Set<Fact['type']>([
  'NodeSuspected', 'NodeRejoined', 'MembershipViewChanged', 'QuorumGained', 'QuorumLost',
  'FenceRequested', 'ResourceOperationRequested', 'DeadlineExpired',
  'TransitionPlanned', 'TransitionActionCompleted', 'TransitionAborted', 'TransitionCompleted',
]);

/** Who may write `fact`. NodeFenced is the DC's word for watchdog or manual fencing, the fencer's for an agent's. Pure. */
export function authorityOf(fact: Fact): FactAuthority {
  if (BOOTSTRAP.has(fact.type)) return FactAuthority.bootstrap;
  if (DC_ONLY.has(fact.type)) return FactAuthority.dc;
  if (fact.type === 'NodeFenced') return fact.method === 'agent' ? FactAuthority.own : FactAuthority.dc;
  return FactAuthority.own;
}

/**
 * Why a fact stamped with `term` must be refused when the DC term in force is `current` (0: no DC was ever
 * elected), or undefined when it counts. Pure.
 */
export function termRefusal(fact: Fact, term: number, current: number): string | undefined {
  const who = authorityOf(fact);
  if (who === FactAuthority.own) return undefined;
  if (current === 0) {
    if (who === FactAuthority.bootstrap && term === 0) return undefined;
    return who === FactAuthority.dc
      ? `${fact.type} needs a DC, and none was ever elected (term ${term})`
      : `DC term ${term} before any DC was elected (bootstrap facts are written with term 0)`;
  }
  if (term === current) return undefined;
  return `stale DC term ${term}, current ${current}`;
}

/** The DC term in force: the `term` of the `cluster/dc` entity's context (0 before the first DcElected). Pure. */
export function dcTermOf(dcContext: unknown): number {
  const term = (dcContext as { term?: unknown } | undefined)?.term;
  return typeof term === 'number' ? term : 0;
}

/**
 * Why a DC claim must be refused because of who makes it, or undefined when it counts: a node the journal counts
 * lost or being fenced never becomes DC. Its daemon does not claim once it has read its loss, but the loss and the
 * claim are on different subjects, so a claim decided just before the loss landed can follow it in the log; the
 * fold refuses it on every node and in every replay alike. `claimantValue` is the claimant's node machine state
 * value (undefined: not a defined node). Pure.
 */
export function claimRefusal(fact: Fact, claimantValue: unknown): string | undefined {
  if (fact.type !== 'DcElected') return undefined;
  const membership = (claimantValue as { defined?: { membership?: string } } | undefined)?.defined?.membership;
  if (membership === 'lost' || membership === 'fencing') return `DC claim by ${fact.node}, which the journal counts ${membership}`;
  return undefined;
}
