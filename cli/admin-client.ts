// Sends one admin request to the DC over NATS request/reply and prints its answer; no DC answering is one line.
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { AdminReply } from '../proto/generated.ts';
import { FlagType } from './args.ts';
import { Exit } from './command.ts';
import { COMMON_FLAGS, resolveTarget } from './connect.ts';

/** Flags every admin verb takes. */
export const ADMIN_FLAGS = {
  ...COMMON_FLAGS,
  timeout: { type: FlagType.integer, value: '<ms>', min: 100, help: 'how long to wait for the DC (default 10000)' },
  json: { type: FlagType.boolean, help: 'print the DC\'s reply as one JSON object' },
} as const;

/** Sends `verb` with `args` (and a payload) to whichever node is DC; throws one clear error when none answers. */
export async function sendAdmin(
  cliVerb: string,
  flags: { nats?: string | undefined; cluster?: string | undefined; timeout?: number | undefined },
  verb: string,
  args: Record<string, string>,
  payload: Uint8Array = new Uint8Array(),
): Promise<AdminReply> {
  const target = resolveTarget(cliVerb, flags);
  const { createTransport } = await import('../actors/transport.ts');
  const transport = await createTransport({ servers: target.servers, cluster: target.cluster, name: `quorate ${cliVerb}` });
  try {
    let user = 'cli';
    try {
      user = `cli:${userInfo().username}`;
    } catch {
      /* no passwd entry: plain "cli" */
    }
    return await transport.requestAdmin({ requestId: randomUUID(), verb, args, user, payload, hops: 0 }, flags.timeout ?? 10_000);
  } finally {
    await transport.close();
  }
}

/** Prints a reply (its message, or with --json the whole reply) and returns the exit code: 0 done, 1 refused. */
export function printReply(reply: AdminReply, json: boolean): number {
  if (json) {
    const result = reply.resultJson ? (JSON.parse(reply.resultJson) as unknown) : null;
    process.stdout.write(`${JSON.stringify({ ok: reply.ok, code: reply.code, message: reply.message, result, position: reply.position, answeredBy: reply.answeredBy })}\n`);
  } else if (reply.ok) process.stdout.write(`${reply.message}\n`);
  else process.stderr.write(`refused by ${reply.answeredBy || 'the DC'}: ${reply.message}\n`);
  return reply.ok ? Exit.ok : Exit.failed;
}
