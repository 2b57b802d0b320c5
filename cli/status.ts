// `quorate status`: nodes, DC and quorum, resources and groups with where and since when, failures, fencing,
// containers; `--watch` follows the journal and redraws; `--json` prints the stable shape of status-view.ts.
import { type ClusterState, foldEntry, stateName } from '../machines/fold.ts';
import { FlagType } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { foldTracked } from './state-view.ts';
import { renderStatus, statusOf } from './status-view.ts';

const FLAGS = {
  ...COMMON_FLAGS,
  json: { type: FlagType.boolean, help: 'one JSON object (with --watch: one per change); field names are stable' },
  watch: { type: FlagType.boolean, help: 'follow the journal and redraw on every change until Ctrl-C' },
  utc: { type: FlagType.boolean, help: 'times in UTC' },
} as const;

/** Redraws at most this often while facts stream in. */
const REDRAW_MS = 250;

export const command = defineCommand({
  verb: 'status',
  summary: 'the cluster now: nodes, DC and quorum, resources and where they run, failures, fencing, containers',
  flags: FLAGS,
  details: 'Read from the journal: works from any machine that reaches NATS. example: quorate status --watch --cluster prod',
  async main(flags) {
    const journal = await openJournal('status', resolveTarget('status', flags));
    try {
      const { state, since } = await foldTracked(journal, await journal.lastSeq());
      const show = (s: ClusterState) => {
        const v = statusOf(s, since);
        if (flags.json) process.stdout.write(`${JSON.stringify(v)}\n`);
        else process.stdout.write(`${flags.watch ? '\x1b[H\x1b[2J' : ''}${renderStatus(v, flags.utc).join('\n')}\n`);
      };
      show(state);
      if (!flags.watch) return Exit.ok;
      const abort = new AbortController();
      const end = () => abort.abort();
      process.once('SIGINT', end);
      process.once('SIGTERM', end);
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        for await (const entry of journal.follow({ fromSeq: state.position + 1, signal: abort.signal })) {
          const key = entry.kind === 'fact' ? `${entry.entity.kind}/${entry.entity.id}` : '';
          const before = key ? state.entities.get(key) : undefined;
          foldEntry(state, entry);
          const after = key ? state.entities.get(key) : undefined;
          if (after && (!before || stateName(before.snapshot.value) !== stateName(after.snapshot.value))) since.set(key, after.at);
          timer ??= setTimeout(() => {
            timer = undefined;
            show(state);
          }, REDRAW_MS);
        }
      } catch (e) {
        if (!abort.signal.aborted) throw e;
      }
      if (timer) clearTimeout(timer);
      return Exit.ok;
    } finally {
      await journal.close();
    }
  },
});
