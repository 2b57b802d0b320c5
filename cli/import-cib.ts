// `quorate import-cib <cib.xml>`: a Pacemaker CIB to quorate facts; prints them, writes them (--out) or journals them (--apply).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { FlagType, usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { applyImport, importCib, reportJson, reportLines } from './cib/index.ts';

const FLAGS = {
  ...COMMON_FLAGS,
  json: { type: FlagType.boolean, help: 'print the structured report (counts, facts with entity and source, untranslated) as JSON' },
  out: { type: FlagType.string, value: '<file.json>', help: 'also write the structured report to this file' },
  apply: { type: FlagType.boolean, help: 'append the facts to the cluster journal (--nats, --cluster); the cluster must be empty' },
  strict: { type: FlagType.boolean, help: 'exit 3 when anything unsupported was left untranslated' },
} as const;

const DETAILS = `Translates nodes (attributes, standby), primitives (agent class:provider:type, params, meta, operations),
groups, fence devices (pcmk_host_list / pcmk_host_map) and fencing levels, location / colocation / order
constraints, cluster options (crm_config, rsc_defaults, op_defaults timeout), and the status section (node
states, operation history by call-id, fail counts). Clones, bundles, resource sets, rules, templates, tags,
ACLs, alerts and unknown elements are listed by element and id, never dropped silently.
exit codes: 0 ok, 1 failed (unreadable file, bad CIB, journal error), 2 bad usage, 3 untranslated parts with --strict
examples:
  quorate import-cib cib.xml
  quorate import-cib cib.xml --json --out facts.json
  quorate import-cib cib.xml --apply --cluster demo --nats nats://127.0.0.1:4222`;

/** The `import-cib` verb. */
export const command = defineCommand({
  verb: 'import-cib',
  summary: 'translate a Pacemaker CIB (XML) into quorate facts; print, --out or --apply them',
  flags: FLAGS,
  details: DETAILS,
  positionals: '<cib.xml>',
  async main(flags, positionals) {
    const [file, extra] = positionals;
    if (file === undefined) throw usageError('import-cib', 'needs the CIB file: quorate import-cib <cib.xml>');
    if (extra !== undefined) throw usageError('import-cib', `unexpected argument "${extra}": one CIB file at a time`);
    const target = flags.apply ? resolveTarget('import-cib', flags) : undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`quorate import-cib: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    const result = importCib(text, file);
    const json = reportJson(result);
    if (flags.out !== undefined) writeFileSync(flags.out, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : `${reportLines(result).join('\n')}\n`);
    if (target !== undefined) {
      const journal = await openJournal('import-cib', target);
      try {
        const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
        const applied = await applyImport(journal, result.facts, { commandId: `import-cib/${digest}`, origin: 'cli:import-cib' });
        process.stderr.write(`appended ${applied.appended} facts to ${applied.entities} entities of cluster "${target.cluster}" (last sequence ${applied.lastSeq})\n`);
      } finally {
        await journal.close();
      }
    }
    return flags.strict && result.untranslated.some((u) => u.kind === 'unsupported') ? Exit.problems : Exit.ok;
  },
});
