// The shape of a quorate verb: declared flags, automatic `--help`, and a main that returns the exit code.
import { type FlagSpecs, type Flags, helpText, parseArgs, usageError } from './args.ts';

/** Exit codes every verb uses. */
export const Exit = {
  ok: 0,
  /** The command ran and failed: NATS unreachable, a journal error. */
  failed: 1,
  /** Bad verb, flag or value: nothing was done. */
  usage: 2,
  /** `--verify` and similar checks found problems. */
  problems: 3,
} as const;
export type Exit = (typeof Exit)[keyof typeof Exit];

/** What a verb's file exports: `run(argv)` resolves to the exit code; a thrown QuorateError is printed as one line. */
export interface Command {
  readonly verb: string;
  readonly summary: string;
  run(argv: readonly string[]): Promise<number>;
}

/** How a verb is declared. */
export interface CommandSpec<S extends FlagSpecs> {
  readonly verb: string;
  /** One line, shown by `quorate help`. */
  readonly summary: string;
  readonly flags: S;
  /** Extra paragraphs for `--help` (examples, exit codes). */
  readonly details?: string;
  /** Positional words accepted, for `--help`; none when absent. */
  readonly positionals?: string;
  main(flags: Flags<S>, positionals: string[]): Promise<number>;
}

/** Builds a Command from its spec: parses flags, answers `--help`, refuses stray words. */
export function defineCommand<S extends FlagSpecs>(spec: CommandSpec<S>): Command {
  return {
    verb: spec.verb,
    summary: spec.summary,
    async run(argv) {
      const parsed = parseArgs(spec.verb, argv, spec.flags);
      if (parsed.help) {
        process.stdout.write(helpText(spec.verb, spec.summary, spec.flags, spec.details));
        return Exit.ok;
      }
      if (!spec.positionals && parsed.positionals.length > 0) {
        throw usageError(spec.verb, `unexpected argument "${parsed.positionals[0]}" (see quorate ${spec.verb} --help)`);
      }
      return spec.main(parsed.flags, parsed.positionals);
    },
  };
}
