// `quorate audit live`: every node's live state against a from-scratch replay of the journal to the same position.
//
// Each daemon answers `quorate.<cluster>.state.<node>` with the position it has applied and the digest of its live
// actors' state there. One pass over the journal folds from the first fact (no snapshot) and takes the digest at
// each position a node named; a node whose digest differs holds a state the log does not give — the one thing
// event sourcing promises cannot happen. Pure apart from the journal read and the requests.
import type { Journal } from '../journal/journal.ts';
import { emptyState, foldEntry } from '../machines/fold.ts';
import { digestState, entityDigests } from '../machines/digest.ts';
import type { NodeStateReply } from '../proto/generated.ts';

export interface LiveProbe {
  readonly node: string;
  readonly incarnation: string;
  readonly position: number;
  readonly live: string;
  readonly replay: string;
  /** The entities whose digests differ (`kind/id`; in one state only, or different), when the node sent them. */
  readonly differs: readonly string[];
}

export interface LiveAudit {
  readonly probes: readonly LiveProbe[];
  /** Nodes that did not answer (down, cut off). */
  readonly silent: readonly string[];
}

/** Asks every node in `nodes`, then replays once to the highest position named. */
export async function auditLive(journal: Journal, nodes: readonly string[], ask: (node: string) => Promise<NodeStateReply | undefined>): Promise<LiveAudit> {
  const replies = await Promise.all(nodes.map(async (n) => ({ n, r: await ask(n) })));
  const answered = replies.filter((x): x is { n: string; r: NodeStateReply } => x.r !== undefined);
  const positions = [...new Set(answered.map((x) => Number(x.r.position)))].sort((a, b) => a - b);
  const digests = new Map<number, { digest: string; entities: Map<string, string> }>();
  const state = emptyState(journal.cluster);
  let next = 0;
  const take = (upTo: number) => {
    while (next < positions.length && positions[next]! < upTo) {
      digests.set(positions[next++]!, { digest: digestState(state), entities: new Map(entityDigests(state).map((e) => [e.key, e.digest])) });
    }
  };
  if (positions.length > 0) {
    for await (const entry of journal.read({ fromSeq: 1, toSeq: positions.at(-1)! })) {
      take(entry.seq);
      foldEntry(state, entry);
    }
    take(Number.POSITIVE_INFINITY);
  }
  return {
    probes: answered.map(({ n, r }) => {
      const replay = digests.get(Number(r.position))!;
      return { node: n, incarnation: r.incarnation, position: Number(r.position), live: r.digest, replay: replay.digest, differs: differing(r, replay) };
    }),
    silent: replies.filter((x) => x.r === undefined).map((x) => x.n),
  };
}

/** The entities a node's reply and the replay disagree on ([] when the reply carries no entity digests). */
function differing(r: NodeStateReply, replay: { digest: string; entities: ReadonlyMap<string, string> }): string[] {
  if (r.digest === replay.digest || (r.entities ?? []).length === 0) return [];
  const live = new Map((r.entities ?? []).map((e) => [e.key, e.digest]));
  const keys = [...new Set([...live.keys(), ...replay.entities.keys()])].sort();
  return keys.filter((k) => live.get(k) !== replay.entities.get(k));
}

/** The text of a live audit; the last line says whether every answering node matches. */
export function renderLive(a: LiveAudit): string[] {
  const lines = a.probes.map((p) => `${p.node.padEnd(12)} ${p.incarnation.padEnd(14)} at ${String(p.position).padStart(7)}  live ${p.live.slice(0, 16)}  replay ${p.replay.slice(0, 16)}  ${p.live === p.replay ? 'same' : 'DIFFERENT'}`);
  for (const p of a.probes) if (p.differs.length > 0) lines.push(`  ${p.node} differs in ${p.differs.join(', ')}`);
  for (const n of a.silent) lines.push(`${n.padEnd(12)} did not answer`);
  const bad = a.probes.filter((p) => p.live !== p.replay);
  lines.push(bad.length === 0 ? `audit live: ${a.probes.length} node(s) match a from-scratch replay` : `audit live: ${bad.length} node(s) differ from the replay: ${bad.map((p) => p.node).join(', ')}`);
  return lines;
}
