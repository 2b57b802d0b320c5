// `quorate container create|list|show|own|takeover|activate|deactivate|delete`: cluster containers (EVMS, seeds 000/001).
import { existsSync } from 'node:fs';
import { FlagType, usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { applyContainer, createContainer, deactivateContainer, deleteContainer, loadContainer, syncDisks, takeOver } from './storage-ops.ts';
import { rebuild } from '../journal/rebuild.ts';
import { containersOf } from '../actors/storage/views.ts';
import { disagreements, readDisk } from '../actors/storage/index.ts';

const FLAGS = {
  ...COMMON_FLAGS,
  type: { type: FlagType.string, value: '<private|shared|local>', help: 'create: the container type (default private)' },
  disks: { type: FlagType.list, value: '<paths>', help: 'create: member disks (block devices or files; the same path on every node)' },
  owner: { type: FlagType.string, value: '<node>', help: 'create: the owner node (private, local)' },
  name: { type: FlagType.string, value: '<text>', help: 'create: a display name' },
  'extent-size-kib': { type: FlagType.integer, value: '<n>', min: 1, help: 'create: extent size in KiB (default 4096)' },
  meta: { type: FlagType.list, value: '<k=v>', help: 'create: config meta, e.g. export=loop, auto-activate=false' },
  node: { type: FlagType.string, value: '<node>', help: 'activate/deactivate: the node' },
  json: { type: FlagType.boolean, help: 'list/show: JSON output' },
} as const;

const DETAILS = `subcommands:
  create <id> --disks d1,d2 [--type private|shared|local] [--owner n1] [--meta export=loop]
  list
  show <id>                 the journal's view and what every disk says (copies, checksums, agreement)
  own <id> <node>           change the owner of a private container (deactivate it first)
  takeover <id> <node>      force ownership to <node>: only once the owner is journaled fenced
  activate <id> --node n    activate (only on the owner of a private or local container)
  deactivate <id> --node n  refused while a resource that depends on it is active there (stop it first)
  delete <id>               delete it (no volumes, inactive) and wipe its metadata
example:
  quorate container create data --disks /dev/sdb,/dev/sdc --owner n1 --cluster prod`;

export const command = defineCommand({
  verb: 'container',
  summary: 'create, list, show, own, take over or delete cluster containers',
  flags: FLAGS,
  details: DETAILS,
  positionals: '<subcommand> [args]',
  async main(flags, words) {
    const [sub, id, arg] = words;
    const need = (what: string, v: string | undefined): string => {
      if (!v) throw usageError('container', `${sub} needs ${what} (see quorate container --help)`);
      return v;
    };
    if (!sub) throw usageError('container', 'a subcommand is required: create, list, show, own, takeover, activate, deactivate, delete');
    if (!['create', 'list', 'show', 'own', 'takeover', 'activate', 'deactivate', 'delete', 'sync'].includes(sub)) throw usageError('container', `unknown subcommand "${sub}" (${['create', 'list', 'show', 'own', 'takeover', 'activate', 'deactivate', 'delete', 'sync'].join(', ')})`);
    const target = resolveTarget('container', flags);
    const journal = await openJournal('container', target);
    const out = (s: string): void => void process.stdout.write(`${s}\n`);
    const facts = (fs: { type: string }[]) => out(`journaled ${fs.map((f) => f.type).join(', ')}`);
    try {
      switch (sub) {
        case 'create': {
          if (flags.disks.length === 0) throw usageError('container', 'create needs --disks <paths>');
          const meta = Object.fromEntries(flags.meta.map((kv) => {
            const i = kv.indexOf('=');
            if (i <= 0) throw usageError('container', `--meta expects key=value, got "${kv}"`);
            return [kv.slice(0, i), kv.slice(i + 1)];
          }));
          const type = flags.type ?? 'private';
          const r = await createContainer(journal, {
            id: need('<id>', id), type, disks: flags.disks, owner: type === 'shared' ? '' : need('--owner <node>', flags.owner),
            ...(flags.name ? { name: flags.name } : {}), ...(flags['extent-size-kib'] ? { extentSizeKib: flags['extent-size-kib'] } : {}), meta,
          });
          facts(r.facts);
          if (r.note) out(r.note);
          return Exit.ok;
        }
        case 'list': {
          const all = containersOf(await rebuild(journal));
          if (flags.json) {
            out(JSON.stringify(all.map((c) => ({ ...c.ctx, state: c.state }))));
            return Exit.ok;
          }
          out('ID\tTYPE\tSTATE\tOWNER\tEPOCH\tDISKS\tVOLUMES\tACTIVE ON\tI/O FENCED');
          for (const c of all) {
            out([c.id, c.ctx.type || '-', c.state, c.ctx.owner || '-', c.ctx.epoch, c.ctx.disks.length, c.ctx.volumes.length, c.ctx.activeOn.join(',') || '-', c.ctx.ioFenced.join(',') || '-'].join('\t'));
          }
          return Exit.ok;
        }
        case 'show': {
          const c = await loadContainer(journal, need('<id>', id));
          if (!c) throw usageError('container', `no container ${id} in cluster ${target.cluster}`);
          const disks = c.ctx.disks.map((d, i) => {
            if (!existsSync(d)) return { disk: d, here: false, problems: [], disagreements: [] };
            const r = readDisk(d);
            return { disk: d, here: true, epoch: r.metadata?.epoch, damagedCopies: r.damaged, problems: r.problems, disagreements: r.metadata ? disagreements(c.ctx, r.metadata, i) : ['no valid copy'] };
          });
          if (flags.json) {
            out(JSON.stringify({ ...c.ctx, state: c.state, diskReads: disks }));
            return bad(disks) ? Exit.problems : Exit.ok;
          }
          out(`container ${c.id} (${c.ctx.type || 'not created'}), ${c.state}, owner ${c.ctx.owner || '-'}, epoch ${c.ctx.epoch}, extent ${c.ctx.extentSizeKib} KiB`);
          out(`  active on: ${c.ctx.activeOn.join(', ') || '-'}; I/O fenced: ${c.ctx.ioFenced.join(', ') || '-'}`);
          for (const v of c.ctx.volumes) out(`  volume ${v.name}: ${v.sizeBytes} bytes in ${v.extents.map((e) => `disk ${e.disk} [${e.start}+${e.count}]`).join(', ')}`);
          for (const d of disks) {
            if (!d.here) {
              out(`  disk ${d.disk}: not present on this machine`);
              continue;
            }
            const ok = d.problems.length === 0 && d.disagreements.length === 0;
            out(`  disk ${d.disk}: epoch ${d.epoch ?? '-'}${ok ? ', both copies valid, agrees with the journal' : ''}`);
            for (const p of [...d.problems, ...d.disagreements]) out(`    ${p}`);
          }
          return bad(disks) ? Exit.problems : Exit.ok;
        }
        case 'own':
          facts(await applyContainer(journal, need('<id>', id), { type: 'ChangeOwner', owner: need('<node>', arg) }));
          // The new epoch goes to the disks at once where they are here (the new owner's daemon does it too).
          out(await syncDisks(journal, id!));
          return Exit.ok;
        case 'takeover':
          facts(await takeOver(journal, need('<id>', id), need('<node>', arg)));
          out(await syncDisks(journal, id!));
          return Exit.ok;
        case 'activate':
          facts(await applyContainer(journal, need('<id>', id), { type: 'Activate', node: need('--node <node>', flags.node) }));
          return Exit.ok;
        case 'deactivate':
          facts(await deactivateContainer(journal, need('<id>', id), need('--node <node>', flags.node)));
          return Exit.ok;
        case 'delete': {
          const r = await deleteContainer(journal, need('<id>', id));
          facts(r.facts);
          out(r.note);
          return Exit.ok;
        }
        case 'sync': {
          out((await syncDisks(journal, need('<id>', id))) || `container ${id} is not created`);
          return Exit.ok;
        }
        default:
          throw usageError('container', `unknown subcommand "${sub}" (create, list, show, own, takeover, activate, deactivate, delete)`);
      }
    } finally {
      await journal.close();
    }
  },
});

function bad(disks: readonly { here: boolean; problems: string[]; disagreements: string[] }[]): boolean {
  return disks.some((d) => d.here && (d.problems.length > 0 || d.disagreements.length > 0));
}
