// Test harness for real NATS: starts servers on free loopback ports, and always stops them, also when a test
// fails or the process exits. Tests get only the URLs of servers this harness started.
import { killAllNatsServersSync, type NatsCluster, startNatsCluster, type StartNatsOptions } from '../../journal/nats-cluster.ts';

const started = new Set<NatsCluster>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: SIGKILL whatever is still running.
  process.once('exit', () => killAllNatsServersSync());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNatsServersSync();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Starts one server or a 3-server JetStream cluster for a test; stop it with `stopNats` or let the process exit. */
export async function startNats(options: StartNatsOptions = {}): Promise<NatsCluster> {
  hookExit();
  const cluster = await startNatsCluster(options);
  started.add(cluster);
  return cluster;
}

/** Stops a cluster this harness started (idempotent). */
export async function stopNats(cluster: NatsCluster | undefined): Promise<void> {
  if (!cluster) return;
  started.delete(cluster);
  await cluster.stop();
}

/** Stops every cluster this harness started; use in uvu's `after` hook. */
export async function stopAllNats(): Promise<void> {
  const all = [...started];
  started.clear();
  await Promise.all(all.map((c) => c.stop()));
}

/**
 * Runs `body` with a fresh server (or cluster) and stops it afterwards, whether `body` passes or throws.
 */
export async function withNats<T>(options: StartNatsOptions, body: (cluster: NatsCluster) => Promise<T>): Promise<T> {
  const cluster = await startNats(options);
  try {
    return await body(cluster);
  } finally {
    await stopNats(cluster);
  }
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
