// The journal's NATS connection and stream: connect to all given servers, create the stream or verify it.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, type JetStreamManager, JetStreamApiError, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import { eventsWildcard, streamName } from './subjects.ts';

/** How long JetStream remembers a `Nats-Msg-Id`: a retried append within this window is stored once. */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;
const nanos = (ms: number) => ms * 1_000_000;

/** Connects to every given server (the client fails over among them); unreachable is one `journal.unavailable` line. */
export async function connectNats(servers: readonly string[], options: { name?: string; timeout?: number }): Promise<NatsConnection> {
  if (servers.length === 0) throw new QuorateError(ErrorCode.journalUnavailable, 'no NATS servers given');
  try {
    return await connect({
      servers: [...servers],
      name: options.name ?? 'quorate',
      timeout: options.timeout ?? 5_000,
      // Async stack traces cost a closure per request: they halve pipelined publishing.
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
  } catch (cause) {
    throw new QuorateError(
      ErrorCode.journalUnavailable,
      `cannot reach NATS at ${servers.join(', ')}: ${(cause as Error).message}`,
      { cause, details: { servers: [...servers] } },
    );
  }
}

/** Creates the cluster's stream, or verifies that an existing one has the subjects, storage and replicas quorate needs. */
export async function ensureStream(jsm: JetStreamManager, cluster: string, replicas: 1 | 3, deadlineMs = 30_000): Promise<void> {
  const name = streamName(cluster);
  const subject = eventsWildcard(cluster);
  const want: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: [subject],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: replicas,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    allow_direct: true,
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
  };
  // Concurrent creators of an R3 stream can see a request go unanswered (the meta leader drops one of two
  // identical proposals): look again and retry until the deadline rather than fail the journal's opening.
  const deadline = Date.now() + deadlineMs;
  let info: Awaited<ReturnType<JetStreamManager['streams']['info']>> | undefined;
  let lastError: unknown;
  while (!info) {
    try {
      info = await jsm.streams.info(name);
      break;
    } catch (e) {
      lastError = e;
      if (e instanceof JetStreamApiError && e.code === 10059) {
        try {
          await jsm.streams.add(want);
          return;
        } catch (e2) {
          lastError = e2;
        }
      }
    }
    if (Date.now() > deadline) throw unavailable(name, lastError);
    await new Promise((r) => setTimeout(r, 200));
  }
  const c = info.config;
  const wrong: string[] = [];
  if (!c.subjects?.includes(subject)) wrong.push(`subjects ${JSON.stringify(c.subjects)} lack ${subject}`);
  if (c.storage !== StorageType.File) wrong.push(`storage is ${c.storage}, not file`);
  if (c.num_replicas !== replicas) wrong.push(`replicas is ${c.num_replicas}, not ${replicas}`);
  if (wrong.length) {
    throw new QuorateError(ErrorCode.configInvalid, `stream ${name} exists with other settings: ${wrong.join('; ')}`, { details: { stream: name } });
  }
  if (!c.allow_direct || c.duplicate_window < nanos(DUPLICATE_WINDOW_MS)) {
    await jsm.streams.update(name, { allow_direct: true, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
  }
}

function unavailable(stream: string, cause: unknown): QuorateError {
  return new QuorateError(ErrorCode.journalUnavailable, `cannot open stream ${stream}: ${(cause as Error).message}`, { cause });
}
