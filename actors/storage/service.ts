// The storage service: acts on this node's container intents, keeps the I/O gate, and as DC takes over the
// private containers of fenced owners.
//
// Activation: a private or local container is activated only on its owner, under the current epoch, and only
// once every disk carries that epoch (a takeover writes it to every disk before any I/O). A shared container
// is activated on every node. Unless its config meta says `auto-activate: false`, the service journals the
// activation itself (decided and appended against the container's last sequence, so a stale view is refused).
// Its volumes are exported (loop devices, stable paths `<device-dir>/<container>/<volume>`) BEFORE the activation
// is journaled: ContainerActivated means "usable on this node", and the scheduler starts a resource that depends
// on the container (ResourceConfig.container) only where it is journaled active, so mount after activation.
// Handover (machines/policy/handover.ts): while one is planned away from this owner the container is not activated
// here; once no dependent runs here the gate is closed, the volumes unexported and ContainerDeactivated (reason
// handover) journaled; the DC then changes the owner.
// A shared container's activation on a node journaled fenced is ended by the DC (ContainerDeactivated, reason
// fenced); the node activates it again once it has rejoined.
// Quorum: losing it closes the gate at once (every write on the node is refused) and drops private containers
// from the gate; mounted filesystems on exported volumes are frozen. Regaining it re-opens only what the journal
// still says is active here under an epoch the disks agree with. A dead or paused daemon stops renewing the
// gate's lease, so the node's writes stop within one lease (dead time) even without a quorum callback.
import { claimsOf, viewForbidsClaims } from '../dc-quorum-guard.ts';
import { existsSync } from 'node:fs';
import type { Intent } from '../../machines/kind.ts';
import { decideContainer, type ContainerCommand } from '../../machines/container/index.ts';
import { containerHandovers } from '../../machines/policy/index.ts';
import { isQuorateError } from '../../machines/errors.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import { dcOf } from '../view.ts';
import { importContainer, metadataOf, readDisk, writeFromJournal } from './discover.ts';
import { createExports, type Exports } from './exports.ts';
import { createIoGate, type IoGate } from './gate.ts';
import { storageDcDuties } from './dc-duties.ts';
import { type ContainerView, containerOf, containersOf, isCreated } from './views.ts';

/** What the storage service needs from the daemon's command line. */
export interface StorageServiceOptions {
  readonly node: string;
  readonly stateDir: string;
  /** How often activation and the gate are reconciled with the journal; default the heartbeat interval. */
  readonly reconcileMs?: number;
}

const INTENTS = ['WriteEpoch', 'ActivateContainer', 'DeactivateContainer', 'FenceIo', 'ResumeIo'] as const;

/** Creates the storage service. */
export function createStorageService(options: StorageServiceOptions): DaemonService {
  const { node } = options;
  let ctx!: DaemonContext;
  let gate!: IoGate;
  let exports!: Exports;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let busy = false;
  const reported = new Set<string>();
  const once = (key: string, msg: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    ctx.say(`storage: ${msg}`);
  };
  const queue = (what: string, fn: () => Promise<void> | void) => {
    chain = chain.then(fn).catch((e: Error) => ctx.say(`storage: ${what}: ${e.message}`));
  };
  const lease = () => ctx.timings().deadTimeMs;

  const disksHere = (c: ContainerView) => c.ctx.disks.every((d) => existsSync(d));
  /** The epochs the disks carry (undefined: a disk without valid metadata or of another container). */
  const diskEpochs = (c: ContainerView) => c.ctx.disks.map((d) => {
    const md = readDisk(d).metadata;
    return md && md.container === c.id ? md.epoch : undefined;
  });

  const append = async (c: ContainerView, command: ContainerCommand, why: string): Promise<boolean> => {
    try {
      const facts = decideContainer(command, c.snapshot, ctx.clock.now());
      if (claimsOf(facts).length > 0) {
        const forbids = await viewForbidsClaims(ctx.journal, ctx.host, lease() * 5);
        if (forbids !== undefined) {
          once(`${c.id}/${c.lastSeq}/${command.type}/quorum`, `${command.type} ${c.id} not journaled: ${forbids}`);
          return false;
        }
      }
      await ctx.journal.append({ kind: 'container', id: c.id }, facts.map((fact) => ({ fact })), {
        expectedLastSeq: c.lastSeq, origin: node, term: dcOf(ctx.host.state()).term,
      });
      ctx.say(`storage: journaled ${facts.map((f) => f.type).join(', ')} of ${c.id} (${why})`);
      return true;
    } catch (e) {
      // A refusal means the view was stale or the command is no longer legal: the next round sees the new state.
      if (isQuorateError(e, 'journal.concurrency') || isQuorateError(e, 'command.rejected')) once(`${c.id}/${c.lastSeq}/${command.type}`, `${command.type} ${c.id}: ${(e as Error).message}`);
      else throw e;
      return false;
    }
  };

  /** The owner keeps the disks in line with the journal (volume table edits); a newer disk epoch is left alone. */
  const follow = (c: ContainerView) => {
    const differs = c.ctx.disks.some((d, i) => {
      const md = readDisk(d).metadata;
      return !md || (md.epoch <= c.ctx.epoch && JSON.stringify(md) !== JSON.stringify(metadataOf(c.ctx, i)));
    });
    if (!differs) return;
    writeFromJournal(c.ctx);
    ctx.say(`storage: ${c.id} metadata on disk brought in line with the journal (epoch ${c.ctx.epoch})`);
  };

  /** Opens the gate for a container the journal says is active here, when every disk carries its epoch. */
  const open = (c: ContainerView): boolean => {
    const epochs = diskEpochs(c);
    if (epochs.some((e) => e !== c.ctx.epoch)) {
      once(`open/${c.id}/${c.ctx.epoch}`, `${c.id} not opened: disks carry epochs [${epochs.join(', ')}], the journal says ${c.ctx.epoch}`);
      return false;
    }
    const g = gate.state().containers[c.id];
    if (!g || g.epoch !== c.ctx.epoch) {
      gate.activate(c.id, c.ctx.epoch);
      ctx.say(`storage: ${c.id} active here under epoch ${c.ctx.epoch}`);
    }
    const fenced = c.ctx.ioFenced.includes(node);
    if (gate.state().containers[c.id]?.fenced !== fenced) gate.setFenced(c.id, fenced);
    exports.ensure(c, fenced);
    return true;
  };

  const close = (id: string, why: string, unexport = true) => {
    if (gate.state().containers[id]) {
      gate.deactivate(id);
      ctx.say(`storage: ${id} closed here (${why})`);
    }
    if (unexport) exports.remove(id);
  };

  /** One round: the gate and the activations follow the journal. */
  const reconcile = async () => {
    const state = ctx.host.state();
    const all = containersOf(state);
    for (const id of Object.keys(gate.state().containers)) {
      const c = all.find((x) => x.id === id);
      if (!c || !c.ctx.activeOn.includes(node)) close(id, 'no longer active here in the journal');
    }
    if (!ctx.quorate()) return;
    const handovers = all.some((c) => c.ctx.type === 'private' && c.ctx.owner === node) ? containerHandovers(state) : [];
    for (const c of all) {
      if (!isCreated(c)) continue;
      const mine = c.ctx.type === 'shared' || c.ctx.owner === node;
      if (!mine) continue;
      // A planned handover away from here: never activate; once no dependent runs here, close and journal the
      // deactivation (the proof the DC waits for before it changes the owner).
      const handover = handovers.find((h) => h.container === c.id && h.from === node);
      const here = c.ctx.activeOn.includes(node);
      if (handover && !(here && handover.holding)) {
        if (here) {
          close(c.id, `handover to ${handover.to}`);
          await append(c, { type: 'Deactivate', node, reason: 'handover' }, `handover to ${handover.to}`);
        }
        continue;
      }
      if (!disksHere(c)) {
        once(`disks/${c.id}`, `${c.id}: disks ${c.ctx.disks.filter((d) => !existsSync(d)).join(', ')} are not present on this node`);
        continue;
      }
      if (c.ctx.activeOn.includes(node)) {
        if (c.ctx.type !== 'shared') follow(c);
        open(c);
        continue;
      }
      if (c.ctx.config?.meta['auto-activate'] === 'false' || c.ctx.ioFenced.includes(node)) continue;
      if (c.ctx.type !== 'shared' && c.ctx.activeOn.length > 0) continue;
      const epochs = diskEpochs(c);
      if (c.ctx.type !== 'shared' && epochs.some((e) => e === undefined || e < c.ctx.epoch)) {
        // The owner writes its epoch to every disk before any I/O (a missed WriteEpoch is made up here).
        writeFromJournal(c.ctx);
        ctx.say(`storage: wrote epoch ${c.ctx.epoch} of ${c.id} to ${c.ctx.disks.length} disk(s)`);
      } else if (epochs.some((e) => e !== c.ctx.epoch)) {
        once(`act/${c.id}/${c.ctx.epoch}`, `${c.id} not activated: disks carry epochs [${epochs.join(', ')}], the journal says ${c.ctx.epoch}`);
        continue;
      }
      // Volumes first: a dependent resource may be started here as soon as the activation is journaled.
      const unusable = exports.ensure(c, false);
      if (unusable) {
        once(`export/${c.id}/${c.ctx.epoch}`, `${c.id} not activated: its volumes are not usable here: ${unusable}`);
        continue;
      }
      if (!(await append(c, { type: 'Activate', node }, c.ctx.type === 'shared' ? 'shared container' : 'owner'))) exports.remove(c.id);
    }
  };
  const kick = () => {
    if (busy) return;
    busy = true;
    queue('reconcile', reconcile);
    chain = chain.finally(() => (busy = false));
  };

  const onIntent = (intent: Intent) => {
    const id = String(intent['container'] ?? '');
    switch (intent.type) {
      case 'WriteEpoch':
        queue(`write epoch of ${id}`, () => {
          const c = containerOf(ctx.host.state(), id);
          if (!c || !isCreated(c) || c.ctx.epoch !== intent['epoch'] || !disksHere(c)) return;
          writeFromJournal(c.ctx);
          ctx.say(`storage: wrote epoch ${c.ctx.epoch} of ${id} (owner ${c.ctx.owner || 'shared'}) to ${c.ctx.disks.length} disk(s)`);
        });
        break;
      case 'DeactivateContainer':
        queue(`deactivate ${id}`, () => close(id, String(intent['reason'] ?? 'deactivated')));
        break;
      case 'FenceIo':
        queue(`fence I/O of ${id}`, () => {
          gate.setFenced(id, true);
          exports.freeze(id);
          ctx.say(`storage: I/O to ${id} fenced here (${String(intent['reason'] ?? '')})`);
        });
        break;
      case 'ResumeIo':
        queue(`resume I/O of ${id}`, () => {
          gate.setFenced(id, false);
          exports.thaw(id);
          ctx.say(`storage: I/O to ${id} resumed here`);
        });
        break;
      default:
        break;
    }
    kick();
  };

  return {
    name: 'storage',
    intents: INTENTS,
    dcIntents: ['WriteEpoch'],
    start(c) {
      ctx = c;
      gate = createIoGate(options.stateDir, node, () => ctx.clock.now());
      exports = createExports(options.stateDir, (m) => ctx.say(`storage: ${m}`));
      // Import: every created container whose disks are here is read and checked against the journal.
      for (const v of containersOf(ctx.host.state())) {
        if (!isCreated(v) || !disksHere(v)) continue;
        const r = importContainer(v.ctx, { repair: true });
        for (const p of r.problems) ctx.say(`storage: import ${v.id}: ${p}`);
        for (const p of r.repaired) ctx.say(`storage: import ${v.id}: repaired ${p} from the agreeing copy`);
        ctx.say(`storage: imported ${v.id}: ${r.agrees ? 'disks agree with the journal' : 'DISAGREES with the journal (not activated until resolved)'}`);
      }
      timer = setInterval(() => {
        if (ctx.quorate()) gate.renew(lease());
        kick();
      }, options.reconcileMs ?? ctx.timings().heartbeatMs);
    },
    onIntent,
    onDcIntent: onIntent,
    async dcTick() {
      // The DC keeps shared containers' disks in line with the journal (one writer of their metadata).
      for (const c of containersOf(ctx.host.state())) if (isCreated(c) && c.ctx.type === 'shared' && disksHere(c)) follow(c);
      await storageDcDuties(ctx, once);
    },
    onQuorum(quorate) {
      gate.setQuorate(quorate, lease());
      if (quorate) {
        for (const c of containersOf(ctx.host.state())) exports.thaw(c.id);
        kick();
        return;
      }
      // Within the lease: shared containers are blocked (the closed gate), private ones dropped from the gate.
      for (const c of containersOf(ctx.host.state())) {
        exports.freeze(c.id);
        // Frozen, not unexported: a filesystem mounted on it must not be torn down under the application.
        if (c.ctx.type !== 'shared') close(c.id, 'quorum lost', false);
      }
    },
    onGivenUp() {
      gate.dropAll();
      exports.removeAll();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await chain;
    },
  };
}
