// The common flags (--nats, --cluster) and opening the cluster's journal on NATS, with one clear line when it fails.
import { ErrorCode, isQuorateError, QuorateError } from '../machines/errors.ts';
import { FlagType, usageError } from './args.ts';
import type { Journal } from '../journal/index.ts';
import { checkCluster, streamName } from '../journal/subjects.ts';

/** The NATS servers used when neither --nats nor QUORATE_NATS says otherwise. */
export const DEFAULT_NATS = 'nats://127.0.0.1:4222';

/** Flags every verb that talks to the cluster accepts. Spread them into the verb's own flags. */
export const COMMON_FLAGS = {
  nats: { type: FlagType.string, value: '<urls>', help: `NATS servers, comma-separated (default: $QUORATE_NATS or ${DEFAULT_NATS})` },
  cluster: { type: FlagType.string, value: '<id>', help: 'cluster name (default: $QUORATE_CLUSTER)' },
} as const;

/** Where to connect: the resolved common flags. */
export interface Target {
  readonly servers: string[];
  readonly cluster: string;
}

const URL_RE = /^(?:(?:nats|tls|ws|wss):\/\/)?(?:[^\s/@]+@)?[A-Za-z0-9._\-[\]:]+(?::\d+)?$/;

/** Resolves --nats and --cluster against the environment; a bad or missing value is a usage error naming the flag. */
export function resolveTarget(verb: string, flags: { nats?: string | undefined; cluster?: string | undefined }): Target {
  const natsText = flags.nats ?? process.env['QUORATE_NATS'] ?? DEFAULT_NATS;
  const from = flags.nats !== undefined ? '--nats' : process.env['QUORATE_NATS'] !== undefined ? 'QUORATE_NATS' : 'default';
  const servers = natsText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = servers.find((s) => !URL_RE.test(s));
  if (servers.length === 0 || bad !== undefined) {
    throw usageError(verb, `${from === 'default' ? '--nats' : from} expects nats://host:port[,nats://host:port...], got "${bad ?? natsText}"`);
  }
  const cluster = flags.cluster ?? process.env['QUORATE_CLUSTER'];
  if (cluster === undefined || cluster === '') throw usageError(verb, '--cluster is required (or set QUORATE_CLUSTER)');
  try {
    checkCluster(cluster);
  } catch (e) {
    throw usageError(verb, `--cluster: ${(e as Error).message}`);
  }
  return { servers, cluster };
}

/** How long a verb waits for NATS before it says the servers are unreachable. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the cluster's journal. With `replicas` (a daemon), the stream is created when missing, or checked to have
 * that many replicas. Without (a reader), it must exist: a cluster without one is an error naming it, and the
 * stream's own replica count is used, so R1 and R3 journals open alike. Unreachable NATS is one line.
 */
export async function openJournal(verb: string, target: Target & { readonly replicas?: 1 | 3 }): Promise<Journal> {
  // Loaded here, not at the top: `--help` and bad flags answer without loading the NATS client.
  const [{ createJetStreamJournal }, { connectNats }, { jetstreamManager, JetStreamApiError }] = await Promise.all([
    import('../journal/jetstream.ts'),
    import('../journal/jetstream-stream.ts'),
    import('@nats-io/jetstream'),
  ]);
  const where = target.servers.join(',');
  const stream = streamName(target.cluster);
  const replicas = target.replicas ?? (await existingReplicas());
  try {
    return await createJetStreamJournal({ servers: target.servers, cluster: target.cluster, replicas, timeout: CONNECT_TIMEOUT_MS, name: `quorate ${verb}` });
  } catch (e) {
    // The journal's own errors already name the servers or the stream; anything else gets the place added.
    if (isQuorateError(e)) throw e;
    throw new QuorateError(ErrorCode.journalUnavailable, `cannot open the journal of cluster "${target.cluster}" at ${where}: ${firstLine(e)}`, { cause: e });
  }

  async function existingReplicas(): Promise<1 | 3> {
    const nc = await connectNats(target.servers, { name: `quorate ${verb}`, timeout: CONNECT_TIMEOUT_MS });
    try {
      const jsm = await jetstreamManager(nc, { timeout: CONNECT_TIMEOUT_MS });
      const info = await jsm.streams.info(stream);
      return info.config.num_replicas === 3 ? 3 : 1;
    } catch (e) {
      if (e instanceof JetStreamApiError && e.code === 10059) {
        throw new QuorateError(ErrorCode.journalUnavailable, `no journal for cluster "${target.cluster}" at ${where} (stream ${stream} does not exist)`, { cause: e });
      }
      throw new QuorateError(ErrorCode.journalUnavailable, `cannot open stream ${stream} at ${where}: ${firstLine(e)}`, { cause: e });
    } finally {
      await nc.close();
    }
  }
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}
