// The reference side of bench/journal: the same work done with the bare @nats-io/jetstream client.
import type { NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, JetStreamApiError, jetstream, jetstreamManager, type JetStreamClient, type StreamConfig } from '@nats-io/jetstream';

/** Raw JetStream publishing on its own stream, mirroring the journal stream's configuration. */
export interface RawStream {
  readonly js: JetStreamClient;
  /** Publishes `payload` to `rawbench.<key>` with a msg-id and, when given, expected-last-subject-sequence. */
  publish(key: string, payload: Uint8Array, msgId: string, expectLast?: number): Promise<number>;
}

/** Creates stream `RAWBENCH_<tag>` on subjects `rawbench<tag>.>` with the journal stream's settings. */
export async function rawStream(nc: NatsConnection, journalStream: string, tag: string, timeout: number): Promise<RawStream> {
  const jsm = await jetstreamManager(nc, { timeout });
  const info = await jsm.streams.info(journalStream);
  const c = info.config;
  const name = `RAWBENCH_${tag}`;
  const prefix = `rawbench${tag}`;
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: [`${prefix}.>`],
    storage: c.storage,
    num_replicas: c.num_replicas,
    duplicate_window: c.duplicate_window,
    retention: c.retention,
    discard: c.discard,
  };
  await jsm.streams.add(config);
  const js = jetstream(nc, { timeout });
  return {
    js,
    async publish(key, payload, msgID, expectLast) {
      const subject = `${prefix}.${key}`;
      const options = expectLast === undefined ? { msgID } : { msgID, expect: { lastSubjectSequence: expectLast } };
      try {
        return (await js.publish(subject, payload, options)).seq;
      } catch (e) {
        // As in the journal: under load a publish can be stored and its ack lost, and the server checks the
        // expected sequence before de-duplication. If the subject's last message is ours, it was stored.
        if (!(e instanceof JetStreamApiError) || expectLast === undefined) throw e;
        const last = await jsm.streams.getMessage(name, { last_by_subj: subject });
        if (last?.header?.get('Nats-Msg-Id') === msgID) return last.seq;
        // Seen rarely on a loaded machine: say so, take the server's last sequence, and publish once more.
        console.log(`  (raw: ${subject} refused expected ${expectLast}; server's last is ${last?.seq ?? 0} (${last?.header?.get('Nats-Msg-Id') ?? 'none'}); retrying)`);
        return (await js.publish(subject, payload, { msgID: `${msgID}-retry`, expect: { lastSubjectSequence: last?.seq ?? 0 } })).seq;
      }
    },
  };
}

/** Reads `stream` from sequence 1 through `lastSeq` with an ordered consumer; resolves to the count read. */
export async function rawReplay(nc: NatsConnection, stream: string, lastSeq: number): Promise<number> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  const messages = await consumer.consume({ max_messages: 1024 });
  let n = 0;
  for await (const m of messages) {
    n++;
    if (m.data.length === 0) throw new Error(`empty message at ${m.seq}`);
    if (m.seq >= lastSeq) break;
  }
  await messages.close();
  return n;
}
