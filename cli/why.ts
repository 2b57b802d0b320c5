// `quorate why <resource>`: for every node the score and each rule behind it, and why the chosen node won.
import { formatExplanation, scheduleInputOf, why } from '../machines/policy/index.ts';
import { FlagType, usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { loadSource, SOURCE_FLAGS } from './schedule-source.ts';

const FLAGS = {
  ...SOURCE_FLAGS,
  json: { type: FlagType.boolean, help: 'print the explanation as JSON' },
} as const;

export const command = defineCommand({
  verb: 'why',
  summary: 'where a resource runs (or would run) and why: every node\'s score and the rules behind it',
  flags: FLAGS,
  positionals: '<resource>',
  details: `Example: quorate why web   (or --at <seq|time> for a past moment, --input <file.json> for a scheduler input)`,
  async main(flags, positionals) {
    const [resource, extra] = positionals;
    if (!resource) throw usageError('why', 'name a resource: quorate why <resource>');
    if (extra !== undefined) throw usageError('why', `one resource at a time, got also "${extra}"`);
    const source = await loadSource('why', flags);
    const input = source.kind === 'input' ? source.input : scheduleInputOf(source.state);
    if (!input.resources.some((r) => r.id === resource)) {
      const known = input.resources.map((r) => r.id).sort();
      throw usageError('why', `no resource "${resource}" in ${source.label}${known.length ? ` (resources: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''})` : ''}`);
    }
    const e = why(input, resource);
    process.stdout.write(flags.json ? `${JSON.stringify({ source: source.label, ...e })}\n` : `${formatExplanation(e)}\n`);
    return Exit.ok;
  },
});
