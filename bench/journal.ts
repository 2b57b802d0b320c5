// bench/journal: journal appends (awaited, pipelined) and replay, each beside raw JetStream doing the same, on R1 and R3.
import { connect } from '@nats-io/transport-node';
import { createJetStreamJournal } from '../journal/jetstream.ts';
import { encodeEnvelope, streamName, type Journal } from '../journal/index.ts';
import { killAllNatsServersSync, startNatsCluster } from '../journal/nats-cluster.ts';
import type { EntityRef } from '../machines/entity.ts';
import type { Fact } from '../proto/generated.ts';
import { rawReplay, rawStream, type RawStream } from './journal-raw.ts';
import { interleave, printTable, type Row } from './stats.ts';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
/** Rounds per measure; journal and raw alternate which goes first. */
const ROUNDS = env('BENCH_ROUNDS', 5);
/** Appends per round, awaited one at a time. */
const SEQUENTIAL = env('BENCH_SEQUENTIAL', 600);
/** Appends per round, pipelined. */
const PIPELINED = env('BENCH_PIPELINED', 6000);
/** Appends in flight when pipelined: one writer per entity, each awaiting its own previous append. */
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 200);
/** Each measure of a round is cut into this many slices, journal and raw alternating. */
const SLICES = 6;
/** Timeout of JetStream API calls and connects, ms. */
const API_TIMEOUT_MS = 30_000;
/** Entities the awaited appends rotate over. */
const ENTITIES = 16;

const fact = (i: number): Fact => ({
  type: 'ResourceOperationSucceeded', resource: `r${i % 1000}`, node: 'node-1', operation: 'monitor',
  opId: `op-${i}`, rc: 0, durationMs: 12, output: '',
});
const entity = (i: number): EntityRef => ({ kind: 'resource', id: `r${i % 1000}` });

/** A payload of the journal's message size, for raw publishing. */
function samplePayload(): Uint8Array {
  const bytes = encodeEnvelope(fact(123456), { eventId: 'bench-0000000000/0', commandId: 'bench-0000000000', cluster: 'benchr1', origin: 'bench', occurredAt: Date.now(), term: 1 });
  return bytes.map((_, i) => (i * 31) & 0xff);
}

/** Runs `count` writers at once, each doing `perWriter` awaited steps (on its own entity): `count` in flight. */
async function writers(count: number, perWriter: number, step: (writer: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, async (_, w) => {
    for (let i = 0; i < perWriter; i++) await step(w);
  }));
}

/** Measures one replication factor. */
async function measure(size: 1 | 3): Promise<Row[]> {
  const label = `R${size}`;
  console.log(`\n[${label}] starting ${size === 1 ? 'one nats-server' : 'a 3-server JetStream cluster'}…`);
  const nats = await startNatsCluster({ size });
  const cluster = `bench${label.toLowerCase()}`;
  let journal: Journal | undefined;
  const nc = await connect({ servers: nats.urls, noAsyncTraces: true, name: 'bench-raw', timeout: API_TIMEOUT_MS });
  try {
    // Generous timeouts: on a loaded 2-core machine creating an R3 stream can take longer than the 5 s default.
    const j: Journal = await createJetStreamJournal({ servers: nats.urls, cluster, replicas: size, timeout: API_TIMEOUT_MS });
    journal = j;
    const raw: RawStream = await rawStream(nc, streamName(cluster), label, API_TIMEOUT_MS);
    const payload = samplePayload();
    const rows: Row[] = [
      { name: 'append, await each', journal: [], raw: [] },
      { name: `append, pipelined (${IN_FLIGHT} in flight)`, journal: [], raw: [] },
      { name: 'replay (read all)', journal: [], raw: [] },
    ];
    // Per-entity last sequences, kept across rounds so every append carries a true expectation.
    const jLast = new Map<number, number>();
    const rLast = new Map<number, number>();
    const jPipeLast = new Map<number, number>();
    const rPipeLast = new Map<number, number>();
    let n = 0;
    const jAppend = async (ent: number, last: Map<number, number>, offset: number) => {
      const [seq] = await j.append(entity(ent + offset), [{ fact: fact(ent + offset) }], { expectedLastSeq: last.get(ent) ?? 0, commandId: `b${label}-${n++}`, origin: 'bench' });
      last.set(ent, seq!);
    };
    const rPublish = async (ent: number, last: Map<number, number>, offset: number) => {
      last.set(ent, await raw.publish(`ev.resource.r${ent + offset}`, payload, `b${label}-raw-${n++}`, last.get(ent) ?? 0));
    };
    const perWriter = Math.max(1, Math.floor(PIPELINED / IN_FLIGHT / SLICES));
    const seqSlice = Math.max(1, Math.floor(SEQUENTIAL / SLICES));
    const replayOnce = {
      async journal() {
        const last = await j.lastSeq();
        let count = 0;
        for await (const e of j.read({ toSeq: last })) if (e.kind === 'fact') count++;
        if (count !== last) throw new Error(`journal replay read ${count} facts, expected ${last}`);
        return count;
      },
      async raw() {
        const last = await j.lastSeq();
        const count = await rawReplay(nc, streamName(cluster), last);
        if (count !== last) throw new Error(`raw replay read ${count} messages, expected ${last}`);
        return count;
      },
    };
    // Round 0 warms up (JIT, consumers, the stores' files) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      const keep = (row: Row, r: { journal: number; raw: number }) => {
        if (round === 0) return;
        row.journal.push(r.journal);
        row.raw.push(r.raw);
      };
      keep(rows[0]!, await interleave(SLICES,
        async () => { for (let i = 0; i < seqSlice; i++) await jAppend(i % ENTITIES, jLast, 0); return seqSlice; },
        async () => { for (let i = 0; i < seqSlice; i++) await rPublish(i % ENTITIES, rLast, 0); return seqSlice; }));
      keep(rows[1]!, await interleave(SLICES,
        async () => { await writers(IN_FLIGHT, perWriter, (w) => jAppend(w, jPipeLast, 100)); return perWriter * IN_FLIGHT; },
        async () => { await writers(IN_FLIGHT, perWriter, (w) => rPublish(w, rPipeLast, 100)); return perWriter * IN_FLIGHT; }));
      keep(rows[2]!, await interleave(2, replayOnce.journal, replayOnce.raw));
      console.log(`[${label}] ${round === 0 ? 'warm-up' : `round ${round}/${ROUNDS}`} done (journal holds ${await j.lastSeq()} facts)`);
    }
    return rows;
  } finally {
    await journal?.close();
    await nc.close();
    await nats.stop();
  }
}

/** Runs the bench: R1 then R3, and prints both tables. */
export async function run(): Promise<void> {
  process.once('exit', () => killAllNatsServersSync());
  console.log(`bench/journal: ${ROUNDS} rounds; ${SEQUENTIAL} awaited appends, ${PIPELINED} pipelined, replay of the whole stream per round`);
  printTable('R1 (one server), medians:', await measure(1));
  printTable('R3 (3-server cluster), medians:', await measure(3));
}
