// The node daemon: joins the cluster through the journal, heartbeats, checks quorum, elects a DC, and — as DC —
// journals membership and fencing. One per node; SIGTERM leaves gracefully, SIGKILL is a crash.
//
// Lifecycle. start: connect the journal and the transport, rebuild and follow (the actor host), start the
// watchdog, then tick every heartbeat interval:
//   1. pet the watchdog, publish a heartbeat;
//   2. lease: confirm the journal's leader answers within the lease; with the heartbeat view this gives the
//      node's own quorum; without it for a whole lease the node self-fences (stops deciding, fences its I/O);
//   3. self-check: a node journaled lost/fenced in this incarnation was given up by the cluster: it drops its
//      local work and rejoins as a new incarnation, never acting on the stale state;
//   4. election: when there is no live DC, the preferred candidate (lowest name among live nodes, later ones
//      after a back-off) appends a DcElected claim expecting `cluster/dc`'s last sequence: the log admits one;
//   5. as DC: journal membership (actors/membership.ts) and fencing of lost nodes, each append expecting the
//      entity's last sequence and stamped with the DC's term, so a deposed DC's writes are refused.
// leave(): heartbeats say leaving, the DC resigns, NodeLeft is journaled, the watchdog is disarmed.
import { claimsOf, viewForbidsClaims } from './dc-quorum-guard.ts';
import { randomUUID } from 'node:crypto';
import type { Fact } from '../proto/generated.ts';
import { ClusterEntity, type EntityRef, entityKey, entityOf } from '../machines/entity.ts';
import { isQuorateError } from '../machines/errors.ts';
import type { Journal } from '../journal/journal.ts';
import { createClock, type Clock } from './clock.ts';
import { createActorHost, type ActorHost } from './host.ts';
import { planMembership } from './membership.ts';
import { createPeers } from './peers.ts';
import { createServiceRouter, type DaemonContext, type DaemonService } from './service.ts';
import { writeLocalStatus, type LocalStatus } from './local-status.ts';
import { timingsOf, type Timings } from './timings.ts';
import type { Transport } from './transport.ts';
import { dcOf, membershipOf, nodesOf, optionsOf } from './view.ts';
import { startWatchdog, type Watchdog } from './watchdog.ts';

/**
 * Checker self-test only (test/fault): QUORATE_UNSAFE=skip-fence-confirmation counts a lost node as fenced at once,
 * breaking fence-before-recover on purpose so the fault suite can prove its I2 checker bites. Never set it otherwise.
 */
const UNSAFE_SKIP_FENCE = process.env['QUORATE_UNSAFE'] === 'skip-fence-confirmation';

export interface DaemonOptions {
  readonly node: string;
  readonly journal: Journal;
  readonly transport: Transport;
  /** Where status.json is kept. */
  readonly stateDir: string;
  /** Nodes (and votes) the first DC defines, from the daemon's config file. */
  readonly nodes?: readonly { readonly name: string; readonly votes?: number }[];
  /** Cluster options the first DC defines when the journal has none. */
  readonly options?: Readonly<Record<string, string>>;
  /** Start the watchdog process (default true). */
  readonly watchdog?: boolean;
  readonly clock?: Clock;
  /**
   * The parts that act: executors, the coordinator, storage, admin. Intents no service declares are reported,
   * never silently run or dropped.
   */
  readonly services?: readonly DaemonService[];
  readonly log?: (line: string) => void;
}

export interface Daemon {
  readonly node: string;
  readonly host: ActorHost;
  incarnation(): string;
  status(): LocalStatus;
  readonly context: DaemonContext;
  /** Graceful leave: resign, journal NodeLeft, stop. */
  leave(reason?: string): Promise<void>;
  /** Stops without journaling anything (tests; a crash is SIGKILL). */
  stop(): Promise<void>;
}

/** Starts the daemon for `options.node`. */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { node, journal, transport } = options;
  const clock = options.clock ?? createClock();
  const log = options.log ?? ((line: string) => console.log(line));
  const say = (msg: string) => log(`${new Date(clock.now()).toISOString()} ${node} ${msg}`);
  const peers = createPeers(clock);
  let incarnation = `${node}-${randomUUID().slice(0, 8)}`;
  let counter = 0;
  let leaving = false;
  let stopped = false;

  const services = options.services ?? [];
  let myTerm = 0;
  /** When this daemon first saw each node lost (monotonic ms): the watchdog wait's local lower bound. */
  const lostSeen = new Map<string, number>();
  const routing = createServiceRouter(services, () => myTerm !== 0, (m) => say(`warning: ${m}`));
  const host = await createActorHost({
    journal,
    node,
    router: routing.router,
    dcRouter: routing.dcRouter,
    snapshotEvery: 1000,
    onWarning: (m) => say(`warning: ${m}`),
  });
  let timings: Timings = timingsOf(optionsOf(host.state()));
  const watchdog: Watchdog | undefined = options.watchdog === false ? undefined : startWatchdog(timings.watchdogMs);

  // Quorum, as this node sees it.
  // A lease is confirmed only once this node has applied the journal up to the last sequence the journal's leader
  // reported when the check began: reachable is not enough, a node healed after a partition must not act on
  // the stale state it holds until it has read what the majority wrote meanwhile.
  let lastLeaseOk = Number.NEGATIVE_INFINITY;
  const pendingLeases: Array<{ t0: number; seq: number }> = [];
  // Admitted: the journal holds this node as a member in this incarnation (or it never joined: nothing of it can
  // be running). A restarted daemon's previous incarnation may have left applications behind; until the DC has
  // had it fenced and rejoined, the node runs nothing and its I/O stays blocked.
  let admitted = false;
  /** This node's heartbeat view at the last quorum check: what a DC claim declares. */
  let view = { votes: 0, expected: 0, heard: [] as string[] };
  let leaseInFlight = false;
  let quorate = false;
  let ioFenced = true;
  let seenAll = false;
  // The DC role (myTerm above).
  let electionSince: number | undefined;
  let dcBusy = false;
  let lastTick = clock.monotonic();
  let listenUntil = clock.monotonic() + timings.deadTimeMs / 2;

  const unsubscribe = transport.onHeartbeat((hb) => peers.heard(hb));
  // Auditors (`quorate audit live`, the fault suite's I7) compare this with a from-scratch replay to the same position.
  const stopServingState = transport.serveState(node, (withEntities) => ({
    node, incarnation, position: host.position, digest: host.digest(), at: clock.now(), entities: withEntities ? host.entityDigests() : [],
  }));

  const status = (): LocalStatus => {
    const dc = dcOf(host.state());
    return {
      node, incarnation, pid: process.pid, quorate, ioFenced, dc: dc.node, term: dc.term, isDc: myTerm !== 0 && dc.term === myTerm,
      position: host.position, leaving, updatedAt: new Date(clock.now()).toISOString(),
    };
  };
  let lastWritten = '';
  const publishStatus = () => {
    const s = status();
    const key = JSON.stringify({ ...s, updatedAt: '', position: 0 });
    if (key === lastWritten) return;
    lastWritten = key;
    writeLocalStatus(options.stateDir, s);
  };

  /** Appends facts grouped by entity, each group expecting its entity's last sequence; false on a refusal. */
  const appendAsDc = async (facts: readonly Fact[], commandId?: string): Promise<boolean> => {
    const state = host.state();
    // The term is read back from the journal just before writing: a DC paused or cut off past the dead time
    // may have been deposed while its state still names it. The fold refuses its late writes anyway
    // (machines/dc-term.ts); this keeps them out of the journal in all but a round trip's window.
    if (myTerm !== 0 && (await journal.lastSeq(ClusterEntity.dc)) !== myTerm) {
      say(`term ${myTerm} is no longer the last DC claim: not writing as DC`);
      return false;
    }
    const claims = claimsOf(facts);
    if (claims.length > 0) {
      // Catch up on the membership facts this DC may have journaled since deciding, then read the view again.
      const why = await viewForbidsClaims(journal, host, timings.deadTimeMs * 5);
      if (why !== undefined) {
        say(`not journaling ${claims.map((f) => f.type).join(', ')}: ${why}`);
        return false;
      }
    }
    let last = 0;
    for (const [key, g] of groupByEntity(facts)) {
      const expectedLastSeq = state.entities.get(key)?.lastSeq ?? 0;
      try {
        const seqs = await journal.append(g.ref, g.facts.map((fact) => ({ fact })), {
          expectedLastSeq, origin: node, term: myTerm, ...(commandId ? { commandId: `${commandId}/${key}` } : {}),
        });
        last = Math.max(last, ...seqs);
        for (const f of g.facts) say(`journaled ${f.type} ${describe(f)}`);
      } catch (e) {
        if (isQuorateError(e, 'journal.concurrency')) {
          say(`append to ${key} refused (stale view): recomputing`);
          return false;
        }
        throw e;
      }
    }
    if (last > 0) await host.waitFor(last, timings.deadTimeMs * 5);
    return true;
  };

  const appendAsNode = async (facts: readonly Fact[], commandId?: string): Promise<number[]> => {
    const seqs: number[] = [];
    for (const [key, g] of groupByEntity(facts)) {
      seqs.push(...(await journal.append(g.ref, g.facts.map((fact) => ({ fact })), {
        origin: node, term: dcOf(host.state()).term, ...(commandId ? { commandId: `${commandId}/${key}` } : {}),
      })));
    }
    return seqs;
  };

  const context: DaemonContext = {
    node, journal, host, transport, clock, peers, stateDir: options.stateDir, say,
    timings: () => timings,
    incarnation: () => incarnation,
    quorate: () => quorate && admitted,
    // A DC whose lease is not confirmed (it may not have read a newer term yet) is not the DC for its services.
    isDc: () => quorate && myTerm !== 0 && dcOf(host.state()).term === myTerm,
    term: () => myTerm,
    appendAsDc,
    appendAsNode,
  };
  for (const svc of services) await svc.start?.(context);
  routing.open();

  const leaseCheck = () => {
    if (leaseInFlight) return;
    leaseInFlight = true;
    const t0 = clock.monotonic();
    withTimeout(journal.lastSeq(), timings.deadTimeMs)
      .then((seq) => {
        pendingLeases.push({ t0, seq });
        confirmLeases();
      })
      .catch(() => {})
      .finally(() => (leaseInFlight = false));
  };

  const confirmLeases = () => {
    while (pendingLeases.length > 0 && host.position >= pendingLeases[0]!.seq) {
      lastLeaseOk = Math.max(lastLeaseOk, pendingLeases.shift()!.t0);
    }
    // A check whose sequence is never reached within a lease is stale: drop it, a newer one follows.
    while (pendingLeases.length > 1 && clock.monotonic() - pendingLeases[0]!.t0 > timings.deadTimeMs) pendingLeases.shift();
  };

  const checkQuorum = () => {
    confirmLeases();
    const state = host.state();
    // The configured votes: the journaled nodes; before the first DC defines any, the daemon's config (or itself).
    const journaled = nodesOf(state).filter((n) => n.membership !== 'removed' && n.membership !== 'unknown');
    const nodes = journaled.length > 0
      ? journaled.map((n) => ({ name: n.name, votes: n.votes }))
      : (options.nodes ?? [{ name: node }]).map((n) => ({ name: n.name, votes: n.votes ?? 1 }));
    const alive = new Set(peers.alive(timings.deadTimeMs));
    alive.add(node);
    const expected = nodes.reduce((s, n) => s + n.votes, 0);
    const votes = nodes.filter((n) => alive.has(n.name)).reduce((s, n) => s + n.votes, 0);
    if (!seenAll && nodes.every((n) => alive.has(n.name))) seenAll = true;
    view = { votes, expected, heard: [...alive].filter((n) => nodes.some((c) => c.name === n)).sort() };
    const leaseOk = clock.monotonic() - lastLeaseOk <= timings.deadTimeMs;
    const majority = timings.twoNode && expected === 2 ? seenAll && votes >= 1 : votes * 2 > expected;
    const now = leaseOk && majority;
    if (now !== quorate) {
      quorate = now;
      say(now ? `quorum: held (${votes}/${expected} votes, journal reachable)` : `quorum: lost (${votes}/${expected} votes, journal ${leaseOk ? 'reachable' : 'unreachable'})`);
    }
    const me = nodesOf(state).find((n) => n.name === node);
    const fresh = !me || me.membership === 'unknown' || me.membership === 'joining';
    const nowAdmitted = fresh || (me.incarnation === incarnation && (me.membership === 'member' || me.membership === 'suspect'));
    if (nowAdmitted !== admitted) {
      admitted = nowAdmitted;
      say(admitted ? `admitted as ${incarnation}` : `not admitted: journaled ${me?.membership ?? 'unknown'} as ${me?.incarnation || '(none)'}; waiting to be fenced and rejoined as ${incarnation}`);
    }
    // Without quorum (or admission) the node stops acting and blocks its I/O (seed 001): the EVMS "additional
    // layer of safety". It starts fenced, and is let through only once quorum is confirmed.
    const allowed = quorate && admitted;
    if (!allowed && !ioFenced) {
      ioFenced = true;
      say('self-fence: I/O on shared containers blocked, resources frozen until quorum returns');
      for (const svc of services) svc.onQuorum?.(false);
    } else if (allowed && ioFenced) {
      ioFenced = false;
      say('I/O allowed: quorum confirmed');
      for (const svc of services) svc.onQuorum?.(true);
    }
  };

  // The previous incarnation whose local work this one has stopped: said in every heartbeat, so the DC may
  // count that incarnation as fenced by the restart (actors/membership.ts). Set only once every service's
  // drop finished without an error; a failed drop is tried again, and until then only a fence can free the node.
  let retired = '';
  let dropping = '';
  const dropPrevious = (old: string) => {
    if (dropping === old || retired === old) return;
    dropping = old;
    void Promise.all(services.map((svc) => Promise.resolve(svc.onGivenUp?.()).then(() => true, (e: Error) => {
      say(`${svc.name}: dropping local work of ${old} failed: ${e.message}`);
      return false;
    }))).then((oks) => {
      if (dropping !== old) return;
      dropping = '';
      if (oks.every(Boolean)) {
        retired = old;
        say(`local work of ${old} stopped: reporting it retired`);
      }
    });
  };
  const selfCheck = () => {
    const me = nodesOf(host.state()).find((n) => n.name === node);
    if (!me) return;
    if (me.incarnation !== incarnation) {
      // A previous incarnation of this node is still journaled as present: whatever it left running must go
      // before the cluster recovers it elsewhere (the DC journals it lost, and counts it fenced once it is).
      if (me.incarnation !== '' && ['member', 'suspect', 'lost', 'fencing'].includes(me.membership) && dropping !== me.incarnation && retired !== me.incarnation) {
        say(`a previous incarnation ${me.incarnation} is journaled ${me.membership}: stopping what it may have left running`);
        dropPrevious(me.incarnation);
      }
      return;
    }
    if (me.membership === 'lost' || me.membership === 'fencing' || me.membership === 'fenced') {
      const old = incarnation;
      incarnation = `${node}-${randomUUID().slice(0, 8)}`;
      myTerm = 0;
      say(`journaled ${me.membership} as ${old}: dropping local work and rejoining as ${incarnation}`);
      dropPrevious(old);
    }
  };

  const election = async () => {
    const state = host.state();
    const dc = dcOf(state);
    if (myTerm !== 0 && dc.term !== myTerm) {
      say(`no longer DC: term ${dc.term} belongs to ${dc.node}`);
      myTerm = 0;
    }
    if (myTerm !== 0 || !quorate || leaving) return;
    const dcNode = nodesOf(state).find((n) => n.name === dc.node);
    const dcPeer = dc.node ? peers.get(dc.node) : undefined;
    const gone =
      dc.node === '' ||
      dc.node === node ||
      peers.silentFor(dc.node) > timings.deadTimeMs ||
      dcPeer?.leaving === true ||
      // The DC's node restarted and is not admitted (its term died with the old incarnation) while this node is: a
      // kill of two of three at the quorum point left the survivor waiting on a DC that could never act. (After a
      // whole-cluster restart nobody is admitted, so the non-admitted DC is left to rejoin everyone.)
      (admitted && dcPeer?.admitted === false) ||
      (dcNode !== undefined && ['lost', 'fencing', 'fenced', 'left', 'removed'].includes(dcNode.membership));
    if (!gone || clock.monotonic() < listenUntil) {
      electionSince = undefined;
      return;
    }
    electionSince ??= clock.monotonic();
    // A node the journal counts lost (or being fenced) never claims, whatever its incarnation: the cluster gave
    // it up, and only a DC that is not given up may re-admit it (once it is fenced, by an agent, the watchdog
    // wait or its own restart). Two lost nodes claiming in turn deposed each other for ever (seed 1004): each
    // saw the other's term held by a lost node and took it over.
    const givenUp = (n: string) => ['lost', 'fencing'].includes(nodesOf(state).find((x) => x.name === n)?.membership ?? '');
    if (givenUp(node)) {
      electionSince = undefined;
      return;
    }
    let candidates = peers.alive(timings.deadTimeMs).filter((n) => n !== dc.node || n === node).filter((n) => !peers.get(n)?.leaving && !givenUp(n));
    if (!candidates.includes(node)) candidates.push(node);
    // Admitted nodes first: one the journal gave up (lost, or a restarted incarnation not yet rejoined) claims
    // only when no admitted node is alive (a whole-cluster restart), else two given-up nodes depose each other.
    const isAdmitted = (n: string) => (n === node ? admitted : peers.get(n)?.admitted === true);
    if (candidates.some(isAdmitted)) candidates = candidates.filter(isAdmitted);
    if (!candidates.includes(node)) {
      electionSince = undefined;
      return;
    }
    candidates.sort();
    const rank = candidates.indexOf(node);
    if (clock.monotonic() - electionSince < rank * timings.deadTimeMs) return;
    try {
      const [seq] = await journal.append(
        { kind: 'cluster', id: 'dc' },
        [{ fact: {
          type: 'DcElected', node, previousTerm: dc.term, previousDc: dc.node, viewId: membershipOf(state).viewId,
          votes: view.votes, expectedVotes: view.expected, heard: view.heard, twoNode: timings.twoNode,
        } }],
        { expectedLastSeq: dc.lastSeq, origin: node, term: dc.term },
      );
      await host.waitFor(seq!, timings.deadTimeMs * 5);
      if (dcOf(host.state()).term === seq) {
        myTerm = seq!;
        electionSince = undefined;
        say(`elected DC, term ${seq}`);
      }
    } catch (e) {
      if (!isQuorateError(e, 'journal.concurrency')) throw e;
      say('DC claim refused: another node claimed first');
    }
  };

  const dcDuties = async () => {
    const state = host.state();
    if (dcOf(state).term !== myTerm || !quorate) { lostSeen.clear(); return; } // a later term starts its own waits
    const nodes = nodesOf(state);
    const bootstrap: Fact[] = [];
    if (nodes.length === 0) {
      for (const n of options.nodes ?? []) bootstrap.push({ type: 'NodeDefined', config: { node: n.name, votes: n.votes ?? 1, attributes: {} } });
    }
    if (!state.entities.has('cluster/options') && options.options && Object.keys(options.options).length > 0) {
      bootstrap.push({ type: 'ClusterOptionsDefined', options: { ...options.options } });
    }
    if (bootstrap.length > 0) {
      await appendAsDc(bootstrap);
      return;
    }
    const view = membershipOf(state);
    const heard = peers.all().map((p) => ({ node: p.node, incarnation: p.incarnation, silentMs: peers.silentFor(p.node), leaving: p.leaving, retired: p.retired }));
    const facts = planMembership({
      nodes, heard, suspectMs: timings.deadTimeMs / 2, deadTimeMs: timings.deadTimeMs,
      viewId: view.viewId, members: view.members, quorate: view.quorate, twoNode: timings.twoNode, seenAll,
    });
    // Fence before recover: with watchdog-only fencing a lost node counts as fenced once twice the watchdog
    // timeout has passed since it was lost (it self-fenced within its lease, or its watchdog killed it).
    // The wait is also measured on this daemon's monotonic clock from when it first saw the loss: a wall-clock
    // jump (or another DC's skewed stamp on NodeLost) must not shorten it.
    for (const n of nodes) if (n.membership !== 'lost') lostSeen.delete(n.name); else if (!lostSeen.has(n.name)) lostSeen.set(n.name, clock.monotonic());
    for (const n of nodes) {
      const wait = 2 * timings.watchdogMs + timings.heartbeatMs;
      const seen = lostSeen.get(n.name);
      const waited = UNSAFE_SKIP_FENCE || (n.lostAt !== null && clock.now() - n.lostAt >= wait && seen !== undefined && clock.monotonic() - seen >= wait);
      if (n.membership === 'lost' && timings.fencingMode === 'watchdog' && waited) {
        facts.push({ type: 'NodeFenced', node: n.name, method: 'watchdog', requestId: '', device: '' });
      }
    }
    if (facts.length > 0 && !(await appendAsDc(facts))) return;
    // A DC whose own node the journal does not hold in this incarnation (a restarted node that won the election
    // of a cold or quorum-point restart) only sees to membership until it has rejoined: it plans, starts and
    // claims nothing while the journal counts it lost (I3), nor before it is admitted at all. Likewise while its
    // journaled view holds no quorum (heard nodes not yet re-admitted): claims come only from a quorate view, and
    // the nodes it waits for are re-admitted by membership alone (a restart, the watchdog wait, a rejoin).
    const journaledView = membershipOf(host.state());
    if (!admitted || (journaledView.viewId > 0 && !journaledView.quorate)) return;
    for (const svc of services) {
      if (!svc.dcTick || !context.isDc() || !quorate) continue;
      await svc.dcTick().catch((e: Error) => say(`${svc.name}: ${e.message}`));
    }
  };

  const tick = () => {
    if (stopped) return;
    const now = clock.monotonic();
    // A stalled event loop (SIGSTOP, swap) makes every silence look long: listen again before deciding.
    if (now - lastTick > timings.deadTimeMs / 2) listenUntil = now + timings.deadTimeMs;
    lastTick = now;
    watchdog?.pet();
    timings = timingsOf(optionsOf(host.state()));
    transport.publishHeartbeat({
      node, incarnation, counter: ++counter, sentAt: clock.now(), position: host.position,
      dcTerm: dcOf(host.state()).term, quorate, leaving, admitted, retired,
    });
    leaseCheck();
    selfCheck();
    checkQuorum();
    publishStatus();
    if (dcBusy || now < listenUntil) return;
    dcBusy = true;
    election()
      .then(() => (myTerm !== 0 ? dcDuties() : undefined))
      .catch((e: Error) => say(`DC work failed: ${e.message}`))
      .finally(() => (dcBusy = false));
  };
  const timer = setInterval(tick, timings.heartbeatMs);
  tick();
  say(`started as ${incarnation} at position ${host.position} (heartbeat ${timings.heartbeatMs} ms, dead time ${timings.deadTimeMs} ms)`);

  const shutdown = async () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    stopServingState();
    for (const svc of services) await svc.stop?.().catch((e: Error) => say(`${svc.name}: stop: ${e.message}`));
    await host.stop();
    await watchdog?.stop();
  };

  return {
    node,
    host,
    incarnation: () => incarnation,
    status,
    context,
    async leave(reason = 'graceful') {
      if (stopped) return;
      leaving = true;
      transport.publishHeartbeat({ node, incarnation, counter: ++counter, sentAt: clock.now(), position: host.position, dcTerm: 0, quorate, leaving, admitted, retired });
      while (dcBusy) await new Promise((r) => setTimeout(r, 20));
      for (const svc of services) await svc.onLeave?.().catch((e: Error) => say(`${svc.name}: leave: ${e.message}`));
      try {
        // Catch up first: the leave is appended against the entities' current sequences.
        await host.waitFor(await journal.lastSeq(), timings.deadTimeMs * 5);
        const state = host.state();
        const dc = dcOf(state);
        if (myTerm !== 0 && dc.term === myTerm) {
          await journal.append({ kind: 'cluster', id: 'dc' }, [{ fact: { type: 'DcResigned', node, reason } }], {
            expectedLastSeq: dc.lastSeq, origin: node, term: myTerm,
          });
        }
        // NodeLeft is this node's own word; the fold accepts it only from a member, so no sequence is expected.
        await journal.append({ kind: 'node', id: node }, [{ fact: { type: 'NodeLeft', node, reason } }], { origin: node, term: dc.term });
        say(`left the cluster (${reason})`);
      } catch (e) {
        say(`leave could not be journaled: ${(e as Error).message}`);
      }
      await shutdown();
    },
    stop: shutdown,
  };
}

function groupByEntity(facts: readonly Fact[]): Map<string, { ref: EntityRef; facts: Fact[] }> {
  const groups = new Map<string, { ref: EntityRef; facts: Fact[] }>();
  for (const f of facts) {
    const ref = entityOf(f);
    const key = entityKey(ref);
    const g = groups.get(key) ?? { ref, facts: [] };
    g.facts.push(f);
    groups.set(key, g);
  }
  return groups;
}

function describe(f: Fact): string {
  const o = f as unknown as Record<string, unknown>;
  return String(o['node'] ?? o['target'] ?? (o['members'] ? `[${(o['members'] as string[]).join(',')}]` : ''));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e) => (clearTimeout(t), reject(e)));
  });
}
