// Retries a JetStream API request across a failover (timeouts, no responders, no leader yet), then fails with one
// clear `journal.unavailable` error naming the stream and the operation.
import { JetStreamApiError } from '@nats-io/jetstream';
import { ErrorCode, QuorateError, isQuorateError } from '../machines/errors.ts';

/** How long a read or lookup keeps retrying while the stream elects a new leader. */
export const FAILOVER_BUDGET_MS = 20_000;

/** True for errors a leader election or a reconnect produces: worth another try. */
export function isTransient(e: unknown): boolean {
  if (isQuorateError(e)) return false;
  if (e instanceof JetStreamApiError) return e.code === 10008 || e.status === 503 || e.status === 408;
  const name = (e as Error | undefined)?.name ?? '';
  const message = (e as Error | undefined)?.message ?? '';
  return /Timeout|NoResponders|JetStreamNotEnabled|Disconnect|Connection|Request/.test(name) || /timeout|no responders|disconnect|leader/i.test(message);
}

/** Runs `fn`, retrying transient failures for up to `budgetMs`; anything else, or running out, is `journal.unavailable`. */
export async function retryApi<T>(what: string, fn: () => Promise<T>, budgetMs = FAILOVER_BUDGET_MS): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (isQuorateError(e)) throw e;
      if (!isTransient(e) || Date.now() > deadline) {
        throw new QuorateError(ErrorCode.journalUnavailable, `${what} failed: ${(e as Error).message}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** attempt)));
    }
  }
}
