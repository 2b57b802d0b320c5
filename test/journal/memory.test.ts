// Runs the Journal contract suite against the in-memory journal.
import { createMemoryJournal } from '../../journal/index.ts';
import { contractSuite } from './contract.ts';

contractSuite('memory journal', async (cluster) => {
  const journal = createMemoryJournal(cluster);
  return {
    journal,
    async publishRaw(subject, data) {
      return journal.appendRaw(subject, data);
    },
    close: () => journal.close(),
  };
});
