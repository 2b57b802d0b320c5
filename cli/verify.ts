// `quorate verify -f cluster.yaml`: every problem of a configuration, checked without applying it.
import { emptyState } from '../machines/fold.ts';
import { planConfig } from '../actors/services/config-plan.ts';
import { FlagType } from './args.ts';
import { type Command, defineCommand, Exit } from './command.ts';
import { ADMIN_FLAGS } from './admin-client.ts';
import { applyThroughDc } from './apply.ts';
import { loadConfig, placeIssues, printProblems } from './config/load.ts';

const FLAGS = {
  ...ADMIN_FLAGS,
  file: { type: FlagType.string, value: '<cluster.yaml>', help: 'the configuration (also -f)' },
} as const;

const inner = defineCommand({
  verb: 'verify',
  summary: 'check cluster.yaml without applying it (against the live cluster when --cluster is given)',
  flags: FLAGS,
  details: `Without --cluster (or $QUORATE_CLUSTER) the file is checked on its own, as if the cluster were empty.
With it, the DC checks it against the live state and says what apply would change. Exit 3 on problems.`,
  async main(flags) {
    const read = loadConfig('verify', flags.file);
    if (read.errors.length > 0) {
      printProblems(read.errors);
      return Exit.problems;
    }
    if (flags.cluster !== undefined || process.env['QUORATE_CLUSTER']) return applyThroughDc('verify', flags, read, true);
    // No clock inside the plan: the time only stamps facts that are thrown away here.
    const plan = planConfig(read.doc, emptyState(), 0);
    if (plan.issues.length > 0) {
      printProblems(placeIssues(read, plan.issues));
      return Exit.problems;
    }
    process.stdout.write(flags.json
      ? `${JSON.stringify({ ok: true, changes: plan.changes, problems: [] })}\n`
      : `${read.reader.file}: valid (${plan.changes.length} definitions)\n`);
    return Exit.ok;
  },
});

/** `-f` is accepted for --file. */
export const command: Command = { ...inner, run: (argv) => inner.run(argv.map((a) => (a === '-f' ? '--file' : a))) };
