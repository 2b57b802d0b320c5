// The one error type of quorate: a stable code to branch on, a message for people, a cause.

/** Every error code, `'<area>.<kebab>'`. Branch on these, never on message text. */
export const ErrorCode = {
  journalConcurrency: 'journal.concurrency',
  journalUnavailable: 'journal.unavailable',
  journalBadEntity: 'journal.bad-entity',
  journalBadRange: 'journal.bad-range',
  journalClosed: 'journal.closed',
  codecMalformed: 'codec.malformed',
  codecChecksum: 'codec.checksum',
  codecUnknownFact: 'codec.unknown-fact',
  codecBadFact: 'codec.bad-fact',
  codecSubjectMismatch: 'codec.subject-mismatch',
  commandRejected: 'command.rejected',
  configInvalid: 'config.invalid',
  snapshotDigest: 'snapshot.digest-mismatch',
  natsNotFound: 'nats.not-found',
  natsFetchFailed: 'nats.fetch-failed',
  natsStartFailed: 'nats.start-failed',
  cliUsage: 'cli.usage',
  foldInconsistent: 'fold.inconsistent',
  agentBadMetadata: 'agent.bad-metadata',
  executorOpIdConflict: 'executor.op-id-conflict',
  adminNoQuorum: 'admin.no-quorum',
  adminNotDc: 'admin.not-dc',
  adminBadRequest: 'admin.bad-request',
  adminUnknown: 'admin.unknown-entity',
  adminRefused: 'admin.refused',
  adminConflict: 'admin.conflict',
  storageBadDisk: 'storage.bad-disk',
  storageMetadataCorrupt: 'storage.metadata-corrupt',
  storageDiskInUse: 'storage.disk-in-use',
  storageDisagreement: 'storage.disagreement',
  storageIoRefused: 'storage.io-refused',
  storageLoopUnavailable: 'storage.loop-unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * quorate's error: `code` is stable, `info` names the input and the place (passed as `details`). Not called
 * `details`: uvu formats an error's `details` as an assertion diff and drops the failure when it is an object.
 */
export class QuorateError extends Error {
  readonly code: ErrorCode;
  readonly info: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QuorateError';
    this.code = code;
    this.info = options.details ?? {};
  }
}

/** An append expected an entity's last sequence and the log held another: a stale writer. */
export class ConcurrencyError extends QuorateError {
  readonly entity: string;
  readonly expected: number;
  readonly actual: number | undefined;
  constructor(entity: string, expected: number, actual: number | undefined, cause?: unknown) {
    super(
      ErrorCode.journalConcurrency,
      `${entity}: expected last sequence ${expected}, but the journal holds ${actual ?? 'a newer one'}`,
      { cause, details: { entity, expected, actual } },
    );
    this.name = 'ConcurrencyError';
    this.entity = entity;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A decider refused a command: names the entity, its state and the command. */
export class CommandRejectedError extends QuorateError {
  readonly entity: string;
  readonly state: string;
  readonly command: string;
  constructor(entity: string, state: string, command: string, reason: string) {
    super(ErrorCode.commandRejected, `${entity} (${state}) rejects ${command}: ${reason}`, {
      details: { entity, state, command, reason },
    });
    this.name = 'CommandRejectedError';
    this.entity = entity;
    this.state = state;
    this.command = command;
  }
}

/** True when `e` is a QuorateError with `code`. */
export function isQuorateError(e: unknown, code?: ErrorCode): e is QuorateError {
  return e instanceof QuorateError && (code === undefined || e.code === code);
}
