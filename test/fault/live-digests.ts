// I7's live half: every running daemon's live state digest, each beside a from-scratch replay to the same position
// (cli/audit-live.ts, what `quorate audit live` runs). The checker compares the digests taken at one position.
import { createTransport } from '../../actors/transport.ts';
import { auditLive } from '../../cli/audit-live.ts';
import type { FaultCluster } from './harness.ts';
import type { DigestProbe } from './history.ts';

/** Asks the running nodes over a direct connection (no proxy); a node that does not answer is left out. */
export async function collectLiveDigests(c: FaultCluster): Promise<DigestProbe[]> {
  const transport = await createTransport({ servers: c.nats.urls, cluster: c.name, name: 'fault live digests' });
  try {
    const running = [...c.nodes.values()].filter((n) => n.running).map((n) => n.name);
    const a = await auditLive(c.journal, running, (n) => transport.requestState(n, 5_000, true));
    return a.probes.flatMap((p) => [
      { who: `${p.node} (live${p.differs.length > 0 ? `; differs in ${p.differs.join(', ')}` : ''})`, position: p.position, digest: p.live },
      { who: `replay to ${p.position}`, position: p.position, digest: p.replay },
    ]);
  } finally {
    await transport.close();
  }
}
