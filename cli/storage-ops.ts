// The container and volume operations behind `quorate container` and `quorate volume`: decide against the
// rebuilt state, append with the entity's last sequence (a stale view is refused by the log), then bring the
// on-disk metadata in line with the journal where this machine sees the disks.
import { existsSync } from 'node:fs';
import type { Fact } from '../proto/generated.ts';
import { createActor } from 'xstate';
import { containerMachine, decideContainer, type ContainerCommand, DEFAULT_EXTENT_SIZE_KIB } from '../machines/container/index.ts';
import { CommandRejectedError, ErrorCode, isQuorateError, QuorateError } from '../machines/errors.ts';
import type { Journal } from '../journal/journal.ts';
import { rebuild, type Rebuilt } from '../journal/rebuild.ts';
import { checkDiskFree, diskBytes, usableExtents, wipeCopies, writeFromJournal } from '../actors/storage/index.ts';
import { containerOf, isCreated, type ContainerView } from '../actors/storage/views.ts';
import { nodesOf } from '../actors/view.ts';
import { currentTerm } from '../machines/fold.ts';

const ORIGIN = 'cli:storage';

/** Per journal: the last sequence this process appended to each container. */
const appended = new WeakMap<Journal, Map<string, number>>();

/**
 * The state as the journal holds it now, including everything this process appended: a read served by a
 * lagging replica right after an append is retried, never taken for the truth.
 */
export async function loadState(journal: Journal): Promise<Rebuilt> {
  const mine = appended.get(journal) ?? new Map<string, number>();
  for (let attempt = 0; ; attempt++) {
    const state = await rebuild(journal);
    const behind = [...mine].some(([key, seq]) => (state.entities.get(key)?.lastSeq ?? 0) < seq);
    if (!behind || attempt >= 50) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The container `id` as the journal holds it now. */
export async function loadContainer(journal: Journal, id: string): Promise<ContainerView | undefined> {
  return containerOf(await loadState(journal), id);
}

/**
 * Decides `command` on container `id` and appends the facts expecting its last sequence; returns them. When the
 * log refuses the append (a daemon journaled an activation meanwhile), the command is decided again on the new
 * state: it may now be rejected, with the reason, but it is never applied to a state it was not decided on.
 */
export async function applyContainer(journal: Journal, id: string, command: ContainerCommand): Promise<Fact[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(journal, id, command);
    } catch (e) {
      if (!isQuorateError(e, ErrorCode.journalConcurrency) || attempt >= 10) throw e;
    }
  }
}

async function applyOnce(journal: Journal, id: string, command: ContainerCommand): Promise<Fact[]> {
  const state = await loadState(journal);
  const c = containerOf(state, id);
  const snapshot = c?.snapshot ?? initialContainer(id);
  const facts = decideContainer(command, snapshot, Date.now());
  const seqs = await journal.append({ kind: 'container', id }, facts.map((fact) => ({ fact })), {
    // Configuration facts count only under the DC term in force (machines/dc-term.ts).
    expectedLastSeq: c?.lastSeq ?? 0, origin: ORIGIN, term: currentTerm(state),
  });
  if (!appended.has(journal)) appended.set(journal, new Map());
  appended.get(journal)!.set(`container/${id}`, Math.max(...seqs));
  return facts;
}

function initialContainer(id: string) {
  return createActor(containerMachine, { input: { id } }).getSnapshot();
}

/** Writes the journal's metadata of `id` to its disks, when they are present here; says what it did. */
export async function syncDisks(journal: Journal, id: string): Promise<string> {
  const c = await loadContainer(journal, id);
  if (!c || !isCreated(c)) return '';
  const missing = c.ctx.disks.filter((d) => !existsSync(d));
  if (missing.length > 0) return `disks ${missing.join(', ')} are not present here: the owner's daemon writes the metadata`;
  writeFromJournal(c.ctx);
  return `metadata (epoch ${c.ctx.epoch}) written to ${c.ctx.disks.length} disk(s)`;
}

/** What `container create` takes. */
export interface CreateSpec {
  readonly id: string;
  readonly type: string;
  readonly disks: readonly string[];
  readonly owner: string;
  readonly name?: string;
  readonly extentSizeKib?: number;
  readonly meta?: Readonly<Record<string, string>>;
}

/**
 * Defines and creates a container: every disk must exist, carry no container yet and hold at least one extent.
 * Errors name the disk (`storage.bad-disk`, `storage.disk-in-use`, or a rejected command for too little space).
 */
export async function createContainer(journal: Journal, spec: CreateSpec): Promise<{ facts: Fact[]; note: string }> {
  const ext = spec.extentSizeKib || DEFAULT_EXTENT_SIZE_KIB;
  const diskExtents = spec.disks.map((d) => {
    if (!existsSync(d)) throw new QuorateError(ErrorCode.storageBadDisk, `disk ${d} does not exist`, { details: { disk: d } });
    checkDiskFree(d, spec.id);
    const n = usableExtents(diskBytes(d), ext);
    if (n <= 0) throw new QuorateError(ErrorCode.storageBadDisk, `disk ${d} is too small: ${diskBytes(d)} bytes hold no ${ext} KiB extent after quorate's 1 MiB metadata area`, { details: { disk: d } });
    return n;
  });
  const config = { id: spec.id, name: spec.name ?? spec.id, type: spec.type, disks: [...spec.disks], owner: spec.owner, extentSizeKib: ext, meta: { ...(spec.meta ?? {}) } };
  const c = await loadContainer(journal, spec.id);
  const facts: Fact[] = [];
  const defined = c && c.state !== 'undefined' && c.state !== 'removed';
  facts.push(...(await applyContainer(journal, spec.id, defined ? { type: 'ChangeContainer', config } : { type: 'DefineContainer', config })));
  facts.push(...(await applyContainer(journal, spec.id, { type: 'CreateContainer', diskExtents })));
  return { facts, note: await syncDisks(journal, spec.id) };
}

/** Takes `id` over for `node`: refused unless the owner is journaled fenced (fence before recover). */
export async function takeOver(journal: Journal, id: string, node: string): Promise<Fact[]> {
  const state = await loadState(journal);
  const c = containerOf(state, id);
  const owner = c ? nodesOf(state).find((n) => n.name === c.ctx.owner) : undefined;
  const fenced = owner?.membership === 'fenced';
  return applyContainer(journal, id, { type: 'TakeOver', node, ownerFenced: fenced, fenceRequestId: fenced ? `node/${owner!.name}@${owner!.lastSeq}` : '' });
}

/** Deletes container `id` (no volumes, not active), wipes its metadata where the disks are here, forgets it. */
export async function deleteContainer(journal: Journal, id: string): Promise<{ facts: Fact[]; note: string }> {
  const c = await loadContainer(journal, id);
  const facts = await applyContainer(journal, id, { type: 'DeleteContainer' });
  facts.push(...(await applyContainer(journal, id, { type: 'RemoveContainer' })));
  const disks = c?.ctx.disks ?? [];
  const here = disks.filter((d) => existsSync(d));
  for (const d of here) wipeCopies(d);
  return { facts, note: here.length === disks.length ? `metadata wiped on ${here.length} disk(s)` : `disks ${disks.filter((d) => !here.includes(d)).join(', ')} are not here: wipe them where they are` };
}

/** "64M", "1G", "512K", "4096" -> bytes; a bad size is a usage error naming it. */
export function parseSize(text: string, where: string): number {
  const m = /^(\d+)\s*([KMGT]?)(i?B)?$/i.exec(text.trim());
  if (!m) throw new QuorateError(ErrorCode.cliUsage, `${where}: "${text}" is not a size (like 64M, 1G, 4096)`);
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2]!.toUpperCase() as ''];
  return Number(m[1]) * unit;
}

/**
 * Grows volume `volume` of container `id` to `sizeBytes`, in place: the extents right after its last one must be
 * free (a filesystem on it stays contiguous, so a loop export can cover it). Shrinking is refused: it would cut
 * off the end of a filesystem on the volume.
 */
export async function growVolume(journal: Journal, id: string, volume: string, sizeBytes: number): Promise<Fact[]> {
  const c = await loadContainer(journal, id);
  const v = c?.ctx.volumes.find((x) => x.name === volume);
  if (c && v && sizeBytes < v.sizeBytes) {
    throw new CommandRejectedError(`container/${id}`, c.state, 'ResizeVolume', `shrinking volume ${volume} from ${v.sizeBytes} to ${sizeBytes} bytes is refused (it would cut off the end of a filesystem on it)`);
  }
  return applyContainer(journal, id, { type: 'ResizeVolume', volume, sizeBytes });
}

/**
 * Deactivates container `id` on `node`, refused while a resource that depends on it (ResourceConfig.container) is
 * active or being started or stopped there: deactivating first would pull the volumes from under a mounted
 * filesystem, and the scheduler would stop the group only afterwards (the wrong order). Stop the group first.
 */
export async function deactivateContainer(journal: Journal, id: string, node: string): Promise<Fact[]> {
  const state = await loadState(journal);
  const users: string[] = [];
  for (const e of state.entities.values()) {
    if (e.kind !== 'resource') continue;
    const r = e.snapshot.context as { config?: { container?: string } | null; activeOn?: string[]; pendingOp?: { node: string } | null };
    if (r.config?.container === id && (r.activeOn?.includes(node) || r.pendingOp?.node === node)) users.push(e.id);
  }
  if (users.length > 0) {
    const c = containerOf(state, id);
    throw new CommandRejectedError(`container/${id}`, c?.state ?? 'undefined', 'Deactivate', `${users.sort().join(', ')} ${users.length === 1 ? 'depends' : 'depend'} on ${id} and ${users.length === 1 ? 'is' : 'are'} active on ${node}: stop ${users.length === 1 ? 'it' : 'them'} first`);
  }
  return applyContainer(journal, id, { type: 'Deactivate', node, reason: 'admin' });
}
