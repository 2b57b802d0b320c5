// `quorate volume create|list|resize|delete`: volumes carved from a container's free extents (first fit).
import { usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { applyContainer, growVolume, parseSize, syncDisks } from './storage-ops.ts';
import { rebuild } from '../journal/rebuild.ts';
import { containersOf } from '../actors/storage/views.ts';

const DETAILS = `subcommands:
  create <container> <volume> <size>    e.g. 64M, 1G (refused with the free space when it does not fit)
  list [<container>]
  resize <container> <volume> <size>    grow only, in place (the extents after the volume must be free)
  delete <container> <volume>
The journal is written first; the container's on-disk volume table follows where its disks are present.
example:
  quorate volume create data web 1G --cluster prod`;

export const command = defineCommand({
  verb: 'volume',
  summary: 'create, list, grow or delete volumes of a container',
  flags: COMMON_FLAGS,
  details: DETAILS,
  positionals: '<subcommand> [args]',
  async main(flags, words) {
    const [sub, container, volume, size] = words;
    const need = (what: string, v: string | undefined): string => {
      if (!v) throw usageError('volume', `${sub} needs ${what} (see quorate volume --help)`);
      return v;
    };
    const SUBS = ['create', 'list', 'resize', 'delete'];
    if (!sub) throw usageError('volume', `a subcommand is required: ${SUBS.join(', ')}`);
    if (!SUBS.includes(sub)) throw usageError('volume', `unknown subcommand "${sub}" (${SUBS.join(', ')})`);
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
        case 'resize': {
          const c = need('<container>', container);
          const bytes = parseSize(need('<size>', size), 'volume resize <size>');
          await growVolume(journal, c, need('<volume>', volume), bytes);
          out(`journaled VolumeResized ${c}/${volume} (${bytes} bytes)`);
          const note = await syncDisks(journal, c);
          if (note) out(note);
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
          throw usageError('volume', `unknown subcommand "${sub}" (${SUBS.join(', ')})`);
      }
    } finally {
      await journal.close();
    }
  },
});
