// `quorate apply -f cluster.yaml`: the difference from the current configuration, journaled by the DC, all or nothing.
import type { ConfigChange, ConfigIssue } from '../actors/services/config-model.ts';
import { FlagType } from './args.ts';
import { type Command, defineCommand, Exit } from './command.ts';
import { ADMIN_FLAGS, sendAdmin } from './admin-client.ts';
import { loadConfig, placeIssues, printProblems } from './config/load.ts';
import type { ReadConfig } from './config/schema.ts';

const FLAGS = {
  ...ADMIN_FLAGS,
  file: { type: FlagType.string, value: '<cluster.yaml>', help: 'the configuration (also -f)' },
  'dry-run': { type: FlagType.boolean, help: 'ask the DC what would change, change nothing' },
} as const;

/** Sends a read document to the DC (applied, or a dry run) and prints the changes or the placed problems. */
export async function applyThroughDc(verb: string, flags: { nats?: string | undefined; cluster?: string | undefined; timeout?: number | undefined; json: boolean }, read: ReadConfig, dryRun: boolean): Promise<number> {
  const payload = new TextEncoder().encode(JSON.stringify(read.doc));
  const reply = await sendAdmin(verb, flags, 'config.apply', dryRun ? { dryRun: 'true' } : {}, payload);
  const result = reply.resultJson ? (JSON.parse(reply.resultJson) as { changes?: ConfigChange[]; issues?: ConfigIssue[] }) : {};
  if (flags.json) {
    const problems = result.issues ? placeIssues(read, result.issues) : [];
    process.stdout.write(`${JSON.stringify({ ok: reply.ok, code: reply.code, message: reply.message, changes: result.changes ?? [], problems, position: reply.position })}\n`);
    return reply.ok ? Exit.ok : result.issues ? Exit.problems : Exit.failed;
  }
  if (!reply.ok) {
    if (result.issues) {
      printProblems(placeIssues(read, result.issues));
      return Exit.problems;
    }
    process.stderr.write(`refused by ${reply.answeredBy || 'the DC'}: ${reply.message}\n`);
    return Exit.failed;
  }
  const lines = (result.changes ?? []).map((c) => `  ${c.action.padEnd(6)} ${c.entity}`);
  process.stdout.write(`${read.reader.file}: ${reply.message}${lines.length ? ':' : ''}\n${lines.map((l) => `${l}\n`).join('')}`);
  return Exit.ok;
}

const inner = defineCommand({
  verb: 'apply',
  summary: 'make the cluster configuration what cluster.yaml says, through the DC (all or nothing)',
  flags: FLAGS,
  details: `A section the file leaves out is left as it is; a section it has (even empty) replaces that kind.
Every problem is printed as file:line:col: path: what was expected; then nothing is changed (exit 3).
example: quorate apply -f cluster.yaml --cluster prod`,
  async main(flags) {
    const read = loadConfig('apply', flags.file);
    if (read.errors.length > 0) {
      printProblems(read.errors);
      return Exit.problems;
    }
    return applyThroughDc('apply', flags, read, flags['dry-run']);
  },
});

/** `-f` is accepted for --file (kubectl's and pcs's habit). */
export const command: Command = { ...inner, run: (argv) => inner.run(argv.map((a) => (a === '-f' ? '--file' : a))) };
