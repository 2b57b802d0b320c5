// Collects one run's history after healing: journal facts, the application's ground-truth writes, replica states from every server, replay digests
// through each server, node views once settled, logs and exits; the checkers then judge it.
import { digestState } from '../../machines/digest.ts';
import { collectLiveDigests } from './live-digests.ts';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import { rebuild } from '../../journal/rebuild.ts';
import type { DigestProbe, HistFact, NodeView, ReplicaState, RunHistory } from './history.ts';
import type { FaultCluster } from './harness.ts';
import type { JszStreams } from './nemesis.ts';
import type { Workload } from './workload.ts';

/** Every fact in the journal, in the shape the checkers read. */
export async function collectFacts(c: FaultCluster): Promise<HistFact[]> {
  return (await c.facts()).map((r) => ({
    seq: r.seq, storedAt: r.storedAt, occurredAt: r.meta.occurredAt, origin: r.meta.origin, term: r.meta.term,
    eventId: r.meta.eventId, entity: r.meta.entity, fact: r.fact,
  }));
}

/** Each server's copy of the stream; waits (up to `timeoutMs`) for the copies to agree, then reports what it saw. */
export async function collectReplicas(c: FaultCluster, timeoutMs = 20_000): Promise<ReplicaState[]> {
  const stream = `QUORATE_${c.name.toUpperCase()}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out: ReplicaState[] = [];
    for (const s of c.nats.servers) {
      try {
        const jsz = (await (await fetch(`http://127.0.0.1:${s.httpPort}/jsz?accounts=true&streams=true`, { signal: AbortSignal.timeout(2000) })).json()) as JszStreams;
        const st = jsz.account_details?.flatMap((a) => a.stream_detail ?? []).find((d) => d.name === stream)?.state;
        out.push({ server: s.name, messages: st?.messages ?? -1, bytes: st?.bytes ?? -1, firstSeq: st?.first_seq ?? -1, lastSeq: st?.last_seq ?? -1 });
      } catch (e) {
        out.push({ server: s.name, messages: -1, bytes: -1, firstSeq: -1, lastSeq: -1 });
      }
    }
    const same = out.every((r) => r.messages === out[0]!.messages && r.lastSeq === out[0]!.lastSeq && r.bytes === out[0]!.bytes);
    if (same || Date.now() > deadline) return out;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A from-scratch replay (no snapshot) through each server alone, to one position: every digest must agree. */
export async function collectDigests(c: FaultCluster, position: number): Promise<DigestProbe[]> {
  const out: DigestProbe[] = [];
  for (const s of c.nats.servers) {
    const j = await createJetStreamJournal({ servers: [s.url], cluster: c.name, replicas: 3 });
    try {
      const state = await rebuild(j, { to: position, useSnapshot: false });
      out.push({ who: `replay@${s.name}`, position, digest: digestState(state) });
      if (s === c.nats.servers[0]) {
        // What a (re)starting daemon does: the stored snapshot plus the tail.
        const snap = await rebuild(j, { to: position });
        out.push({ who: `replay from the snapshot at ${snap.fromSnapshot}`, position, digest: digestState(snap) });
      }
    } finally {
      await j.close().catch(() => {});
    }
  }
  return out;
}

/** What every node believes now. */
export function nodeViews(c: FaultCluster): NodeView[] {
  return [...c.nodes.values()].map((n) => {
    const s = n.running ? n.status() : undefined;
    return { node: n.name, running: n.running, quorate: s?.quorate ?? false, ioFenced: s?.ioFenced ?? true, isDc: s?.isDc ?? false, term: s?.term ?? 0 };
  });
}

/** Assembles the history the checkers read. */
export async function collectHistory(c: FaultCluster, w: Workload, o: { options: RunHistory['options']; healedAt: number; settledAt: number; views: NodeView[] }): Promise<RunHistory> {
  const facts = await collectFacts(c);
  const writes = w.writes();
  const replicas = await collectReplicas(c);
  // I7: replays through each server alone, and every running node's live digest beside a replay to its position.
  const digests = [...await collectDigests(c, facts.at(-1)?.seq ?? 0), ...await collectLiveDigests(c)];
  return {
    nodes: [...c.nodes.keys()], facts, writes: [...writes], timeline: [...c.timeline], acked: [...w.acked],
    origins: [...c.nodes.keys()], options: o.options, replicas, digests,
    healedAt: o.healedAt, settled: { at: o.settledAt, views: o.views },
    logs: Object.fromEntries([...c.nodes.values()].map((n) => [n.name, [...n.logs]])),
    exits: [...c.exits],
  };
}
