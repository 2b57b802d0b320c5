// I3, claims, DC elections and starts only from a quorate view: never appended while the journaled view has lost
// quorum, never by a node the view counts lost, and never by a node the harness had cut off from the majority.
import type { Checker, Violation } from '../history.ts';
import { lastEvent, lifecycles, refusedClaims } from './lifecycle.ts';

const CLAIMS: ReadonlySet<string> = new Set(['DcElected', 'ContainerOwnerChanged', 'ContainerActivated', 'ResourceOperationRequested']);

/** Fault kinds that leave their targets in a minority, and the grace (ms) after which they cannot append. */
const ISOLATING: ReadonlySet<string> = new Set(['isolate', 'minority']);
const GRACE_MS = 2_000;

/** Pure. */
export const checkQuorateOnly: Checker = (h) => {
  const out: Violation[] = [];
  const life = lifecycles(h.facts);
  // A claim by a lost node that the fold refused never made anyone DC (the fold is where the rule holds).
  const refusedClaim = refusedClaims(h.facts);
  let quorate = true; // before the first view the bootstrap DC decides from the configured nodes
  let twoNode = false; // corosync's two_node: one of two votes is quorum (once both were seen)
  for (const r of h.facts) {
    const f = r.fact;
    if (f.type === 'QuorumLost') quorate = false;
    else if (f.type === 'QuorumGained') quorate = true;
    else if ((f.type === 'ClusterOptionsDefined' || f.type === 'ClusterOptionsChanged') && f.options['two-node'] !== undefined) {
      twoNode = ['true', 'yes', 'on', '1', 'y'].includes(f.options['two-node'].trim().toLowerCase());
    } else if (f.type === 'MembershipViewChanged') quorate = f.votes * 2 > f.expectedVotes || (twoNode && f.expectedVotes === 2 && f.votes >= 1);
    if (!CLAIMS.has(f.type) || refusedClaim.has(r.seq)) continue;
    if (f.type === 'ResourceOperationRequested' && f.operation !== 'start') continue;
    // A claim that declares its claimant's view is judged by it: the journaled view is the previous DC's, and
    // after a partition heals it may still say "no quorum" until the new DC journals a new one.
    const declared = f.type === 'DcElected' && f.expectedVotes > 0;
    const claimQuorate = declared ? f.votes * 2 > f.expectedVotes || (f.twoNode && f.votes >= 1) : quorate;
    if (!claimQuorate) {
      out.push({ invariant: 'I3', seq: r.seq, message: `${f.type} by ${r.origin} at ${r.seq} while ${declared ? `its declared view held ${f.votes} of ${f.expectedVotes} votes` : 'the journaled view had no quorum'}` });
    }
    const claimant = f.type === 'DcElected' ? f.node : r.origin;
    const state = lastEvent(life.get(claimant), { seq: r.seq - 1 });
    // A node that left gracefully may claim as a new incarnation once it declares a majority: after every node
    // left (a cold restart of the whole cluster) the first DC can only be one the journal counts left.
    const coldStart = state?.kind === 'left' && declared && claimQuorate;
    if ((state?.kind === 'lost' || state?.kind === 'left') && !coldStart) {
      out.push({ invariant: 'I3', seq: r.seq, message: `${f.type} by ${claimant} at ${r.seq}, a node the journal counts ${state.kind} since ${state.seq}` });
    }
    for (const e of h.timeline) {
      if (!ISOLATING.has(e.kind) || !e.targets.includes(r.origin)) continue;
      if (r.storedAt > e.at + GRACE_MS && r.storedAt < (e.end ?? Infinity)) {
        out.push({ invariant: 'I3', seq: r.seq, message: `${f.type} by ${r.origin} at ${r.seq}, ${r.storedAt - e.at} ms into its ${e.kind} fault` });
      }
    }
  }
  return out;
};
