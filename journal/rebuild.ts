// rebuild(): the state at a sequence or a time, from the latest usable snapshot plus the tail of the log.
import { type ClusterState, currentTerm, emptyState, foldEntry } from '../machines/fold.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import type { Journal } from './journal.ts';
import { LATEST_SNAPSHOT, readSnapshot } from './snapshot.ts';

/** Where to rebuild to: a sequence, or a time (ms since epoch; the last fact stored at or before it). */
export type RebuildTarget = number | { readonly time: number };

export interface RebuildOptions {
  /** Default: the stream's last sequence when the rebuild starts. */
  readonly to?: RebuildTarget;
  /** Start from the stored snapshot when it is at or before `to` (default true). */
  readonly useSnapshot?: boolean;
  /** Snapshot name (default `latest`). */
  readonly snapshot?: string;
}

/** A rebuilt state, with how it was built. */
export interface Rebuilt extends ClusterState {
  /** Snapshots ignored and why: callers print these. */
  readonly warnings: string[];
  /** The position of the snapshot it started from; 0 = folded from the beginning. */
  readonly fromSnapshot: number;
  /** Facts (and problems) folded after the snapshot. */
  readonly folded: number;
}

/** Resolves a target to a sequence: a time through `journal.seqAt`, a sequence as given. */
export async function resolveTarget(journal: Journal, to: RebuildTarget | undefined): Promise<number> {
  if (to === undefined) return journal.lastSeq();
  if (typeof to === 'number') {
    if (!Number.isSafeInteger(to) || to < 0) {
      throw new QuorateError(ErrorCode.journalBadRange, `rebuild to ${to}: a sequence is a whole number >= 0`, { details: { to } });
    }
    return to;
  }
  if (!Number.isFinite(to.time)) {
    throw new QuorateError(ErrorCode.journalBadRange, `rebuild to time ${to.time}: not a time`, { details: { to: to.time } });
  }
  return journal.seqAt(to.time);
}

/**
 * Rebuilds the cluster state at `to`: the stored snapshot when it is at or
 * before `to` and its digest matches its contents, plus the tail folded with
 * the machines' pure transitions. A bad snapshot adds a warning and the fold
 * starts from the beginning.
 */
export async function rebuild(journal: Journal, options: RebuildOptions = {}): Promise<Rebuilt> {
  const to = await resolveTarget(journal, options.to);
  const warnings: string[] = [];
  let state: ClusterState = emptyState(journal.cluster);
  let fromSnapshot = 0;
  if (options.useSnapshot !== false) {
    const read = await readSnapshot(journal, options.snapshot ?? LATEST_SNAPSHOT);
    if (read && !read.ok) warnings.push(read.warning);
    else if (read?.ok && read.state.position <= to) {
      state = read.state;
      state.cluster = journal.cluster;
      fromSnapshot = state.position;
    }
  }
  let folded = 0;
  if (to > state.position) {
    for await (const entry of journal.read({ fromSeq: state.position + 1, toSeq: to })) {
      foldEntry(state, entry);
      folded++;
    }
  }
  return Object.assign(state, { warnings, fromSnapshot, folded });
}

/**
 * The DC term in force in the journal now (0 before the first DC): `cluster/dc`'s history folded. Writers of
 * DC-only facts outside the daemon (a CIB import) stamp it, or the fold refuses their facts as stale.
 */
export async function journalTerm(journal: Journal): Promise<number> {
  const state = emptyState(journal.cluster);
  for await (const entry of journal.read({ entity: { kind: 'cluster', id: 'dc' } })) foldEntry(state, entry);
  return currentTerm(state);
}
