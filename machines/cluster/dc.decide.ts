// The DC decider: a claim of the coordinator role in a quorate partition, or a resignation.
import type { SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { dcMachine } from './dc.machine.ts';

/** Commands on cluster/dc. */
export type DcCommand =
  /** `currentTerm` is the term the claimant saw; `quorate` whether its partition holds quorum now. */
  | { type: 'ClaimDc'; node: string; currentTerm: number; viewId: number; quorate: boolean; votes?: number; expectedVotes?: number; heard?: readonly string[]; twoNode?: boolean }
  | { type: 'ResignDc'; node: string; reason?: string };

const ENTITY = 'cluster/dc';

/**
 * Decides a DC command. Pure. ClaimDc is refused when the partition is not quorate or the claimant's term
 * is stale; a claim by the sitting DC in its own term is a no-op ([]). The caller appends DcElected with
 * expected last sequence = the subject's last sequence, so the log refuses a racing writer too.
 */
export function decideDc(command: DcCommand, snapshot: SnapshotFrom<typeof dcMachine>, at: number): Fact[] {
  const c = snapshot.context;
  const no = (reason: string): never => reject(ENTITY, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(dcMachine, snapshot, ENTITY, command.type, facts, at);
  if (typeof command.node !== 'string' || command.node === '') no('node must be a non-empty node name');
  switch (command.type) {
    case 'ClaimDc':
      if (command.quorate !== true) no(`node ${command.node}'s partition is not quorate`);
      if (command.currentTerm !== c.term) no(`stale term: ${command.node} saw term ${command.currentTerm}, the journal holds term ${c.term}`);
      if (c.dc === command.node) return [];
      if (!Number.isSafeInteger(command.viewId) || command.viewId < 0) no(`viewId must be a whole number, got ${JSON.stringify(command.viewId)}`);
      return legal([{ type: 'DcElected', node: command.node, previousTerm: c.term, previousDc: c.dc, viewId: command.viewId, votes: command.votes ?? 0, expectedVotes: command.expectedVotes ?? 0, heard: [...(command.heard ?? [])].sort(), twoNode: command.twoNode ?? false }]);
    case 'ResignDc':
      if (c.dc !== command.node) no(`${command.node} is not the DC (${c.dc === '' ? 'there is none' : `${c.dc} is`})`);
      return legal([{ type: 'DcResigned', node: command.node, reason: command.reason ?? '' }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}
