// `quorate config show`: the current configuration as cluster.yaml, in the form `apply -f` accepts unchanged.
import { configOf } from '../actors/services/config-model.ts';
import { rebuild } from '../journal/rebuild.ts';
import { usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { writeConfig } from './config/write.ts';

export const command = defineCommand({
  verb: 'config',
  summary: 'config show: print the current configuration as YAML that apply accepts',
  flags: COMMON_FLAGS,
  positionals: 'show',
  details: 'Read from the journal (no DC needed). example: quorate config show --cluster prod > cluster.yaml',
  async main(flags, words) {
    if (words[0] !== 'show' || words.length > 1) throw usageError('config', `expected "show", got ${words.length ? `"${words.join(' ')}"` : 'nothing'}`);
    const journal = await openJournal('config', resolveTarget('config', flags));
    try {
      const state = await rebuild(journal);
      process.stdout.write(writeConfig(configOf(state)));
      return Exit.ok;
    } finally {
      await journal.close();
    }
  },
});
