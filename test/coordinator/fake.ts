// In-process coordinator rig: a memory journal seeded through the deciders, a live actor host, a DaemonContext
// whose appends are fenced like the daemon's, and fake executors that answer requests as they are journaled.
import type { Fact } from '../../proto/generated.ts';
import { type EntityRef, entityKey, entityOf } from '../../machines/entity.ts';
import { initialSnapshot } from '../../machines/fold.ts';
import { isQuorateError } from '../../machines/errors.ts';
import { moduleFor } from '../../machines/registry.ts';
import { createMemoryJournal } from '../../journal/memory.ts';
import type { JournalRecord } from '../../journal/journal.ts';
import { createActorHost, type ActorHost } from '../../actors/host.ts';
import { createCoordinator, type Coordinator } from '../../actors/coordinator.ts';
import type { DaemonContext } from '../../actors/service.ts';
import { DEFAULT_TIMINGS } from '../../actors/timings.ts';

export interface Rig {
  readonly journal: ReturnType<typeof createMemoryJournal>;
  readonly host: ActorHost;
  readonly coordinator: Coordinator;
  /** Decides `command` on the entity against the live state and journals it (as the DC of term 1). */
  run(kind: EntityRef['kind'], id: string, command: { type: string } & Record<string, unknown>): Promise<void>;
  /** Every fact journaled so far. */
  facts(): Promise<JournalRecord[]>;
  /** Ticks the coordinator until `done()` holds; throws after `maxMs`. */
  tickUntil(what: string, done: () => boolean | Promise<boolean>, maxMs?: number): Promise<void>;
  /** Start requests of `resource@node` answered with this rc (default 0). */
  readonly failStart: Set<string>;
  /** Monitors on `resource@node` answered "not running". */
  readonly failMonitor: Set<string>;
  /** Fence requests are answered only while true. */
  fencing: boolean;
  stop(): Promise<void>;
}

const DC = 'n2';

/** A rig with nodes n1..n3 members, quorate, n2 DC of term 1, and `options` as cluster options. */
export async function startRig(options: Record<string, string> = {}): Promise<Rig> {
  const journal = createMemoryJournal('coord');
  await journal.append({ kind: 'cluster', id: 'dc' }, [{ fact: { type: 'DcElected', node: DC, previousTerm: 0, previousDc: '', viewId: 0, votes: 0, expectedVotes: 0, heard: [], twoNode: false } }], { origin: DC, term: 0 });
  const host = await createActorHost({ journal, node: DC, router: { route() {} }, dcRouter: { route() {} } });
  const appendAsDc = async (facts: readonly Fact[], commandId?: string): Promise<boolean> => {
    const groups = new Map<string, { ref: EntityRef; facts: Fact[] }>();
    for (const f of facts) {
      const ref = entityOf(f);
      const g = groups.get(entityKey(ref)) ?? { ref, facts: [] };
      g.facts.push(f);
      groups.set(entityKey(ref), g);
    }
    let last = 0;
    for (const [key, g] of groups) {
      try {
        const seqs = await journal.append(g.ref, g.facts.map((fact) => ({ fact })), {
          expectedLastSeq: host.state().entities.get(key)?.lastSeq ?? 0, origin: DC, term: 1, ...(commandId ? { commandId: `${commandId}/${key}` } : {}),
        });
        last = Math.max(last, ...seqs);
      } catch (e) {
        if (isQuorateError(e, 'journal.concurrency')) return false;
        throw e;
      }
    }
    if (last > 0) await host.waitFor(last, 5000);
    return true;
  };
  const logs: string[] = [];
  const ctx = {
    node: DC, journal, host, clock: { now: () => Date.now(), monotonic: () => performance.now() }, stateDir: '',
    say: (m: string) => logs.push(m), timings: () => DEFAULT_TIMINGS, incarnation: () => `${DC}-1`, quorate: () => true,
    isDc: () => true, term: () => 1, appendAsDc,
    appendAsNode: async (facts: readonly Fact[]) => {
      const seqs: number[] = [];
      for (const f of facts) seqs.push(...(await journal.append(entityOf(f), [{ fact: f }], { origin: 'executor', term: 1 })));
      return seqs;
    },
  } as unknown as DaemonContext;

  const run: Rig['run'] = async (kind, id, command) => {
    const entity = { kind, id } as EntityRef;
    const snapshot = host.state().entities.get(entityKey(entity))?.snapshot ?? initialSnapshot(entity);
    const facts = moduleFor(entity).decide(command as never, snapshot as never, Date.now());
    if (facts.length > 0 && !(await appendAsDc(facts))) throw new Error(`${kind}/${id} ${command.type}: refused`);
  };
  for (const n of ['n1', 'n2', 'n3']) {
    await run('node', n, { type: 'DefineNode' });
    await run('node', n, { type: 'JoinNode', incarnation: `${n}-1` });
  }
  await run('cluster', 'membership', { type: 'ChangeView', viewId: 1, members: ['n1', 'n2', 'n3'], votes: 3, expectedVotes: 3 });
  await run('cluster', 'membership', { type: 'GainQuorum' });
  if (Object.keys(options).length > 0) await run('cluster', 'options', { type: 'SetOptions', options });
  await run('fence-device', 'kill', { type: 'DefineFenceDevice', agent: 'builtin:kill', params: { dir: '/nonexistent' }, targets: ['n1', 'n2', 'n3'] });

  const rig = { failStart: new Set<string>(), failMonitor: new Set<string>(), fencing: true } as Rig & { fencing: boolean };
  // The fake executors: answer each request once, in journal order (a fence only while `fencing`).
  const answered = new Set<number>();
  const held: JournalRecord[] = [];
  const abort = new AbortController();
  const answer = async (r: JournalRecord): Promise<boolean> => {
    const f = r.fact;
    if (f.type === 'FenceRequested') {
      if (!rig.fencing) return false;
      await ctx.appendAsNode([{ type: 'FenceSucceeded', target: f.target, action: f.action, requestId: f.requestId, level: 1, devices: ['fake'], durationMs: 1 }]);
    } else if (f.type === 'ResourceOperationRequested') {
      const key = `${f.resource}@${f.node}`;
      const fail = (f.operation === 'start' && rig.failStart.has(key)) || (f.operation === 'monitor' && rig.failMonitor.has(key));
      const base = { resource: f.resource, node: f.node, operation: f.operation, opId: f.operation === 'monitor' ? `${f.resource}:monitor:1` : f.opId, durationMs: 1 };
      await ctx.appendAsNode([fail
        ? { type: 'ResourceOperationFailed', ...base, rc: f.operation === 'monitor' ? 7 : 1, reason: 'fake failure', timedOut: false, recovery: 'soft' }
        : { type: 'ResourceOperationSucceeded', ...base, rc: 0, output: '' }]);
    }
    return true;
  };
  const loop = (async () => {
    try {
      for await (const e of journal.follow({ fromSeq: 1, signal: abort.signal })) {
        if (e.kind !== 'fact' || answered.has(e.seq)) continue;
        answered.add(e.seq);
        if (!(await answer(e))) held.push(e);
      }
    } catch {
      // stopped
    }
  })();

  const coordinator = createCoordinator();
  await coordinator.start!(ctx);
  return Object.assign(rig, {
    journal, host, coordinator, run,
    async facts() {
      const out: JournalRecord[] = [];
      for await (const e of journal.read()) if (e.kind === 'fact') out.push(e);
      return out;
    },
    async tickUntil(what: string, done: () => boolean | Promise<boolean>, maxMs = 10_000) {
      const until = performance.now() + maxMs;
      for (;;) {
        for (const r of held.splice(0)) if (!(await answer(r))) held.push(r);
        await coordinator.dcTick!();
        if (await done()) return;
        if (performance.now() > until) throw new Error(`coordinator: ${what} not reached in ${maxMs} ms\n${logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 5)); // let the fake executors answer
      }
    },
    async stop() {
      abort.abort();
      await loop;
      await coordinator.stop!();
      await host.stop();
    },
  });
}

/** The group `svc` of ip, fs, app (Dummy, monitored) over the domain n1, n2, n3. */
export async function defineGroup(rig: Rig, id = 'svc', members = ['ip', 'fs', 'app'], domain = ['n1', 'n2', 'n3']): Promise<void> {
  for (const r of members) {
    await rig.run('resource', r, { type: 'DefineResource', config: { id: r, agent: 'ocf:heartbeat:Dummy', operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, onFail: '', role: '' }] } });
  }
  await rig.run('group', id, { type: 'DefineGroup', config: { id, members, failoverDomain: domain } });
}
