// `quorate audit verify`: replays the whole stream, checks every checksum and every stored snapshot against a fresh fold.
import { defineCommand, Exit } from './command.ts';
import { FlagType, usageError } from './args.ts';
import { COMMON_FLAGS, openJournal, resolveTarget } from './connect.ts';
import { createLineWriter } from './output.ts';
import { foldTracked } from './state-view.ts';
import { type ClusterState, cloneState, emptyState, stateName } from '../machines/fold.ts';
import { canonicalJson } from '../machines/canonical.ts';
import { digestState } from '../machines/digest.ts';
import type { Journal } from '../journal/journal.ts';
import { decodeSnapshot, LATEST_SNAPSHOT } from '../journal/snapshot.ts';

/** One finding of the audit. */
export interface AuditFinding {
  readonly seq: number;
  readonly code: string;
  readonly message: string;
}
export interface AuditReport {
  readonly cluster: string;
  readonly checked: number;
  readonly lastSeq: number;
  readonly digest: string;
  readonly snapshots: ReadonlyArray<{ readonly name: string; readonly position: number; readonly ok: boolean }>;
  /** Every problem, in sequence order; the first is the first divergence. */
  readonly findings: readonly AuditFinding[];
}

const entityText = (s: ClusterState, key: string) => {
  const e = s.entities.get(key);
  return e ? canonicalJson({ value: e.snapshot.value, context: e.snapshot.context, lastSeq: e.lastSeq }) : '';
};

/** Compares a snapshot's state with the fold's at the same position; the divergence with the lowest sequence, if any. */
function firstDivergence(fold: ClusterState, snap: ClusterState): { seq: number; message: string } | undefined {
  let best: { seq: number; message: string } | undefined;
  for (const key of new Set([...fold.entities.keys(), ...snap.entities.keys()])) {
    if (entityText(fold, key) === entityText(snap, key)) continue;
    const f = fold.entities.get(key);
    const s = snap.entities.get(key);
    const seq = Math.min(f?.lastSeq ?? Infinity, s?.lastSeq ?? Infinity);
    const show = (e: typeof f) => (e ? `${stateName(e.snapshot.value)} (last seq ${e.lastSeq})` : 'absent');
    if (!best || seq < best.seq) best = { seq, message: `${key}: the fold has ${show(f)}, the snapshot has ${show(s)}` };
  }
  return best;
}

/** Replays everything and checks it: body checksums, facts with no transition, the stored snapshot's digest and contents. */
export async function auditVerify(journal: Journal, snapshotNames: readonly string[] = [LATEST_SNAPSHOT]): Promise<AuditReport> {
  const findings: AuditFinding[] = [];
  const snapshots: Array<{ name: string; position: number; ok: boolean }> = [];
  const pending = new Map<number, Array<{ name: string; state: ClusterState }>>();
  for (const name of snapshotNames) {
    const bytes = await journal.snapshots.get(name);
    if (!bytes) continue;
    try {
      const d = decodeSnapshot(bytes, `snapshot "${name}"`);
      if (d.digest !== d.actualDigest) {
        findings.push({ seq: d.state.position, code: 'snapshot.digest-mismatch', message: `snapshot "${name}" at ${d.state.position} claims digest ${d.digest} but its contents give ${d.actualDigest}` });
      }
      const list = pending.get(d.state.position) ?? [];
      list.push({ name, state: d.state });
      pending.set(d.state.position, list);
      snapshots.push({ name, position: d.state.position, ok: d.digest === d.actualDigest });
    } catch (e) {
      findings.push({ seq: 0, code: 'codec.malformed', message: (e as Error).message });
      snapshots.push({ name, position: -1, ok: false });
    }
  }
  const compare = (state: ClusterState) => {
    for (const p of pending.get(state.position) ?? []) {
      const div = firstDivergence(state, p.state);
      if (div) {
        findings.push({ seq: div.seq, code: 'snapshot.diverged', message: `snapshot "${p.name}" at ${p.state.position} differs from a fresh fold: ${div.message}` });
        const s = snapshots.find((x) => x.name === p.name);
        if (s) s.ok = false;
      }
    }
    pending.delete(state.position);
  };
  if (pending.has(0)) compare(emptyState(journal.cluster));
  const to = await journal.lastSeq();
  let checked = 0;
  const { state } = await foldTracked(journal, to, (s, entry) => {
    checked++;
    if (entry.kind === 'problem') findings.push({ seq: entry.seq, code: entry.code, message: `${entry.subject}: ${entry.message}` });
    if (pending.has(s.position)) compare(cloneState(s));
  });
  for (const [pos, list] of pending) {
    for (const p of list) findings.push({ seq: pos, code: 'snapshot.ahead', message: `snapshot "${p.name}" is at ${pos}, past the journal's last sequence ${to}` });
  }
  for (const i of state.inconsistencies) {
    findings.push({ seq: i.seq, code: 'fold.inconsistent', message: `${i.entity} (${i.state}) had no transition for ${i.type}${i.error ? `: ${i.error}` : ''}` });
  }
  findings.sort((a, b) => a.seq - b.seq);
  return { cluster: journal.cluster, checked, lastSeq: state.position, digest: digestState(state), snapshots, findings };
}

/** The text of a report. */
export function renderAudit(r: AuditReport): string[] {
  const lines = [`cluster ${r.cluster}: replayed ${r.checked} messages to seq ${r.lastSeq}, state digest ${r.digest}`];
  for (const s of r.snapshots) lines.push(`snapshot "${s.name}" at ${s.position}: ${s.ok ? 'matches a fresh fold' : 'BAD'}`);
  if (r.snapshots.length === 0) lines.push('no stored snapshot');
  if (r.findings.length === 0) lines.push('audit: all good');
  else {
    const first = r.findings[0]!;
    lines.push(`audit: ${r.findings.length} problem${r.findings.length === 1 ? '' : 's'}; first divergence at seq ${first.seq}: ${first.message}`);
    for (const f of r.findings) lines.push(`  seq ${String(f.seq).padStart(7)}  ${f.code}  ${f.message}`);
  }
  return lines;
}

/** The `audit` verb (`audit verify`, `audit live`). */
export const command = defineCommand({
  verb: 'audit',
  summary: 'audit verify: replay the stream, check every checksum and stored snapshot; audit live: every node\'s live state against a replay (exit 3 on any problem)',
  positionals: 'verify|live',
  flags: {
    ...COMMON_FLAGS,
    json: { type: FlagType.boolean, help: 'print the report as JSON' },
    timeout: { type: FlagType.integer, value: '<ms>', min: 100, help: 'audit live: how long to wait for each node (default 3000)' },
  },
  details: 'examples:\n  quorate audit verify --cluster demo\n  quorate audit live --cluster demo   # each node\'s live digest = a from-scratch replay to its position',
  async main(flags, positionals) {
    const what = positionals[0];
    if (positionals.length !== 1 || (what !== 'verify' && what !== 'live')) throw usageError('audit', `expected "audit verify" or "audit live", got "${positionals.join(' ')}"`);
    const target = resolveTarget('audit', flags);
    const journal = await openJournal('audit', target);
    const out = createLineWriter();
    try {
      if (what === 'live') {
        const [{ createTransport }, { auditLive, renderLive }, { rebuild }, { nodesOf }] = await Promise.all([
          import('../actors/transport.ts'), import('./audit-live.ts'), import('../journal/rebuild.ts'), import('../actors/view.ts'),
        ]);
        const nodes = nodesOf(await rebuild(journal)).map((n) => n.name);
        const transport = await createTransport({ servers: target.servers, cluster: target.cluster, name: 'quorate audit live' });
        try {
          const a = await auditLive(journal, nodes, (n) => transport.requestState(n, flags.timeout ?? 3_000, true));
          for (const l of flags.json ? [JSON.stringify(a, null, 2)] : renderLive(a)) await out.line(l);
          return a.probes.every((p) => p.live === p.replay) && a.probes.length > 0 ? Exit.ok : Exit.problems;
        } finally {
          await transport.close();
        }
      }
      const r = await auditVerify(journal);
      for (const l of flags.json ? [JSON.stringify(r, null, 2)] : renderAudit(r)) await out.line(l);
      return r.findings.length === 0 ? Exit.ok : Exit.problems;
    } finally {
      await out.flush();
      await journal.close();
    }
  },
});
