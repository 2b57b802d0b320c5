// journal/: the log's public surface.
export type {
  AppendFact,
  AppendOptions,
  FollowOptions,
  Journal,
  JournalEntry,
  JournalProblem,
  JournalRecord,
  ReadOptions,
  SnapshotStore,
} from './journal.ts';
export type { EnvelopeMeta } from './codec.ts';
export { SCHEMA_VERSION, decodeEnvelope, decodeFact, decodeMessage, encodeEnvelope, encodeFact, encodeMessage, type TransportMessageName } from './codec.ts';
export { crc32c } from './crc32c.ts';
export { createMemoryJournal, type MemoryJournal, type MemoryJournalOptions } from './memory.ts';
export {
  commandSubject,
  decodeToken,
  encodeToken,
  entityOfSubject,
  entitySubject,
  eventsWildcard,
  heartbeatSubject,
  snapshotBucket,
  snapshotObjectStore,
  streamName,
} from './subjects.ts';
export { toEntry } from './entry.ts';
export { rebuild, resolveTarget, type RebuildOptions, type RebuildTarget, type Rebuilt } from './rebuild.ts';
export {
  LATEST_SNAPSHOT,
  SNAPSHOT_FORMAT,
  decodeSnapshot,
  encodeSnapshot,
  readSnapshot,
  writeSnapshot,
  type DecodedSnapshot,
  type SnapshotRead,
} from './snapshot.ts';
export { createJetStreamJournal, type JetStreamJournalOptions } from './jetstream.ts';
export {
  MIN_NATS_VERSION,
  findNatsServer,
  isFitVersion,
  natsServerVersion,
  type NatsServerBinary,
} from './nats-server.ts';
export { renderNatsConfig, type NatsServerConfig } from './nats-config.ts';
export {
  freePorts,
  killAllNatsServersSync,
  startNatsCluster,
  type NatsCluster,
  type NatsServerHandle,
  type StartNatsOptions,
} from './nats-cluster.ts';
