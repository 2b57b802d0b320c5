// cluster/dc: who the designated coordinator is, and its term — the fencing token of every DC decision.
//
// Lifecycle: `vacant` ──DcElected──▶ `elected` ──DcResigned (by the DC)──▶ `vacant`; in `elected` a new
// DcElected replaces the DC (takeover after the old DC was lost). A DcElected is accepted only when its
// `previousTerm` equals the current term — the sequence of the last accepted DcElected, 0 at first — and the
// term then becomes that fact's own sequence. Two racing claims both name the same previous term, so even if
// the server accepted both (no expected-sequence check), the second one folds as an inconsistency and can
// never win: the term is decided by the log's total order.
import { assign, setup } from 'xstate';
import type { FactEvent, FactEventOf } from '../kind.ts';

/** The DC singleton's context. `term` 0 means no DC was ever elected. */
export interface DcContext {
  readonly term: number;
  readonly dc: string;
  readonly previousDc: string;
  readonly viewId: number;
  readonly electedAt: number;
  readonly resignedReason: string;
  readonly since: number;
}

// A claim counts when it builds on the current term and, if it declares the claimant's view, that view is a
// majority (two-node mode: one of two). Claims that declare no view (expectedVotes 0) are judged by term alone.
const currentTerm = ({ context, event }: { context: DcContext; event: FactEventOf<'DcElected'> }) =>
  event.fact.previousTerm === context.term && event.fact.node !== '' &&
  (event.fact.expectedVotes === 0 || event.fact.votes * 2 > event.fact.expectedVotes || (event.fact.twoNode && event.fact.votes >= 1));

/** The DC machine. Pure: the term is the fact's sequence, never a counter of its own. */
export const dcMachine = setup({
  types: { context: {} as DcContext, events: {} as FactEvent, input: {} as { id: string } },
  actions: {
    elect: assign(({ context, event }) => {
      const f = (event as FactEventOf<'DcElected'>).fact;
      return { ...context, term: event.seq, dc: f.node, previousDc: context.dc, viewId: f.viewId, electedAt: event.at, resignedReason: '', since: event.at };
    }),
  },
}).createMachine({
  id: 'dc',
  context: { term: 0, dc: '', previousDc: '', viewId: 0, electedAt: 0, resignedReason: '', since: 0 },
  initial: 'vacant',
  states: {
    vacant: {
      on: { DcElected: { guard: currentTerm, target: 'elected', actions: 'elect' } },
    },
    elected: {
      on: {
        DcElected: { guard: currentTerm, target: 'elected', reenter: true, actions: 'elect' },
        DcResigned: {
          guard: ({ context, event }) => event.fact.node === context.dc,
          target: 'vacant',
          actions: assign(({ context, event }) => ({ ...context, dc: '', previousDc: context.dc, resignedReason: event.fact.reason, since: event.at })),
        },
      },
    },
  },
});

/** The DC machine's type. */
export type DcMachine = typeof dcMachine;
