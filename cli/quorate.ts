#!/bin/sh
":" //; d="$(dirname "$(realpath "$0")")"; case "$1" in daemon) exec node --import "$d/../node_modules/tsx/dist/loader.mjs" "$(realpath "$0")" "$@";; esac; exec node "$d/launch.mjs" "$@"
// The `quorate` command: looks the verb up in the table (verbs.ts), runs it, and turns any error into one line.
// Started as a program, the shell line above runs the cached bundle (launch.mjs) for every verb but `daemon`,
// which runs from sources through tsx (it re-executes itself with node's flags, e.g. for the watchdog).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isQuorateError } from '../machines/errors.ts';
import { Exit } from './command.ts';
import { VERBS } from './verbs.ts';

/** `quorate help`: the verbs and the common flags. */
export function generalHelp(): string {
  const names = Object.keys(VERBS);
  const width = Math.max(4, ...names.map((n) => n.length));
  const lines = ['usage: quorate <command> [flags]', '', 'commands:'];
  for (const [name, entry] of Object.entries(VERBS)) lines.push(`  ${name.padEnd(width)}  ${entry.summary}`);
  lines.push(`  ${'help'.padEnd(width)}  this text; \`quorate help <command>\` or \`quorate <command> --help\` for one command`);
  lines.push(
    '',
    'common flags:',
    '  --nats <urls>   NATS servers, comma-separated (default: $QUORATE_NATS or nats://127.0.0.1:4222)',
    '  --cluster <id>  cluster name (default: $QUORATE_CLUSTER)',
    '',
    'exit codes: 0 ok, 1 failed (e.g. NATS unreachable), 2 bad command or flag, 3 problems found (--verify)',
  );
  return `${lines.join('\n')}\n`;
}

/** Runs one command line; resolves to the exit code and never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === undefined) {
      process.stderr.write(generalHelp());
      return Exit.usage;
    }
    if (verb === 'help' || verb === '--help' || verb === '-h') {
      const topic = rest[0];
      if (topic === undefined) {
        process.stdout.write(generalHelp());
        return Exit.ok;
      }
      return await runVerb(topic, ['--help']);
    }
    return await runVerb(verb, rest);
  } catch (e) {
    return report(verb ?? '', e);
  }
}

async function runVerb(verb: string, argv: readonly string[]): Promise<number> {
  const entry = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!entry) {
    const known = [...Object.keys(VERBS), 'help'].join(', ');
    process.stderr.write(`quorate: unknown command "${verb}"; commands: ${known} (see quorate help)\n`);
    return Exit.usage;
  }
  const { command } = await entry.load();
  return command.run(argv);
}

/** Prints an error as one line: usage errors exit 2, everything else 1. A stack only with QUORATE_DEBUG=1. */
function report(verb: string, e: unknown): number {
  const prefix = `quorate ${verb}: `;
  const message = e instanceof Error ? e.message : String(e);
  const line = message.startsWith('quorate ') ? message : `${prefix}${message}`;
  process.stderr.write(`${line.split('\n')[0]}\n`);
  if (process.env['QUORATE_DEBUG'] === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return isQuorateError(e, 'cli.usage') ? Exit.usage : Exit.failed;
}

function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** Runs the command line as a program: wires stdout and rejections, then exits with the verb's code. */
export async function runCli(argv: readonly string[]): Promise<never> {
  // `quorate log | head` closes our stdout early: that is a normal end, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? Exit.ok : Exit.failed));
  process.on('unhandledRejection', (e) => process.exit(report(argv[0] ?? '', e)));
  const code = await main(argv);
  // Exit now: a verb has closed what it opened, and a client's lingering timer must not keep the shell waiting.
  process.exit(code);
}

if (isEntry()) await runCli(process.argv.slice(2));
