// `quorate volume create|list|delete`: volumes carved from a container's free extents (first fit).
import { usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { applyContainer, parseSize, syncDisks } from './storage-ops.ts';
import { rebuild } from '../journal/rebuild.ts';
import { containersOf } from '../actors/storage/views.ts';

const DETAILS = `subcommands:
  create <container> <volume> <size>    e.g. 64M, 1G (refused with the free space when it does not fit)
  list [<container>]
  delete <container> <volume>
The journal is written first; the container's on-disk volume table follows where its disks are present.
example:
  quorate volume create data web 1G --cluster prod`;

export const command = defineCommand({
  verb: 'volume',
  summary: 'create, list or delete volumes of a container',
  flags: COMMON_FLAGS,
  details: DETAILS,
  positionals: '<subcommand> [args]',
  async main(flags, words) {
    const [sub, container, volume, size] = words;
    const need = (what: string, v: string | undefined): string => {
      if (!v) throw usageError('volume', `${sub} needs ${what} (see quorate volume --help)`);
      return v;
    };
    if (!sub) throw usageError('volume', 'a subcommand is required: create, list, delete');
    if (!['create', 'list', 'delete'].includes(sub)) throw usageError('volume', `unknown subcommand "${sub}" (${['create', 'list', 'delete'].join(', ')})`);
    const target = resolveTarget('volume', flags);
    const journal = await openJournal('volume', target);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    try {
      switch (sub) {
        case 'create': {
          const c = need('<container>', container);
          const bytes = parseSize(need('<size>', size), 'volume create <size>');
          await applyContainer(journal, c, { type: 'CreateVolume', volume: need('<volume>', volume), sizeBytes: bytes });
          out(`journaled VolumeCreated ${c}/${volume} (${bytes} bytes)`);
          const note = await syncDisks(journal, c);
          if (note) out(note);
          return Exit.ok;
        }
        case 'list': {
          out('CONTAINER\tVOLUME\tBYTES\tEXTENTS');
          for (const c of containersOf(await rebuild(journal))) {
            if (container && c.id !== container) continue;
            for (const v of c.ctx.volumes) out([c.id, v.name, v.sizeBytes, v.extents.map((e) => `${e.disk}:${e.start}+${e.count}`).join(',')].join('\t'));
          }
          return Exit.ok;
        }
        case 'delete': {
          const c = need('<container>', container);
          await applyContainer(journal, c, { type: 'DeleteVolume', volume: need('<volume>', volume) });
          out(`journaled VolumeDeleted ${c}/${volume}`);
          const note = await syncDisks(journal, c);
          if (note) out(note);
          return Exit.ok;
        }
        default:
          throw usageError('volume', `unknown subcommand "${sub}" (create, list, delete)`);
      }
    } finally {
      await journal.close();
    }
  },
});
