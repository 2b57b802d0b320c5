// The coordinator against a memory journal and fake executors: plans, ordering, fence before recover, abort and
// recompute, watchdog fencing, and plans recomputed offline from their position.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { digestState } from '../../machines/digest.ts';
import { rebuild } from '../../journal/rebuild.ts';
import { planOf, transitionCommandId } from '../../actors/coordinator.ts';
import type { JournalRecord } from '../../journal/journal.ts';
import { defineGroup, startRig, type Rig } from './fake.ts';

const types = (facts: JournalRecord[], ...t: string[]) => facts.filter((r) => t.includes(r.fact.type));
const resourceState = (rig: Rig, r: string) => {
  const e = rig.host.state().entities.get(`resource/${r}`)!;
  return `${e.snapshot.value as string}@${(e.snapshot.context as { activeOn: string[] }).activeOn.join(',')}`;
};
const idle = (rig: Rig) => rig.coordinator.phase() === 'idle';
const startsOf = (facts: JournalRecord[]) =>
  facts.filter((r) => r.fact.type === 'ResourceOperationRequested' && r.fact.operation === 'start').map((r) => `${(r.fact as { resource: string }).resource}@${(r.fact as { node: string }).node}`);

async function withRig(options: Record<string, string>, body: (rig: Rig) => Promise<void>) {
  const rig = await startRig(options);
  try {
    await body(rig);
  } finally {
    await rig.stop();
  }
}

test('coordinator: places a group in member order on the first domain node and completes the transition', () =>
  withRig({}, async (rig) => {
    await defineGroup(rig);
    await rig.tickUntil('group running', () => ['ip', 'fs', 'app'].every((r) => resourceState(rig, r) === 'running@n1') && idle(rig));
    const facts = await rig.facts();
    assert.equal(startsOf(facts), ['ip@n1', 'fs@n1', 'app@n1']);
    const planned = types(facts, 'TransitionPlanned')[0]!.fact as { transitionId: string; actions: { id: string }[] };
    assert.match(planned.transitionId, /^t1-\d+$/);
    assert.ok(planned.actions.some((a) => a.id === 'monitor:app@n1'), 'monitors are part of the plan');
    const done = types(facts, 'TransitionActionCompleted').filter((r) => (r.fact as { transitionId: string }).transitionId === planned.transitionId);
    assert.is(done.length, planned.actions.length);
    assert.is(types(facts, 'TransitionCompleted').length, 1);
    // Each start is requested only after the one before it succeeded.
    const seqOf = (type: string, r: string) => facts.find((x) => x.fact.type === type && (x.fact as { resource?: string; operation?: string }).resource === r && (x.fact as { operation?: string }).operation === 'start')!.seq;
    assert.ok(seqOf('ResourceOperationSucceeded', 'ip') < seqOf('ResourceOperationRequested', 'fs'));
    assert.ok(seqOf('ResourceOperationSucceeded', 'fs') < seqOf('ResourceOperationRequested', 'app'));
    // Nothing new: the next ticks journal nothing.
    const before = rig.host.position;
    for (let i = 0; i < 5; i++) await rig.coordinator.dcTick!();
    assert.is(rig.host.position, before);
  }));

test('coordinator: a lost node is fenced before its group starts on the next domain node', () =>
  withRig({}, async (rig) => {
    await defineGroup(rig);
    await rig.tickUntil('group running', () => resourceState(rig, 'app') === 'running@n1' && idle(rig));
    rig.fencing = false;
    const from = rig.host.position;
    await rig.run('node', 'n1', { type: 'LoseNode', viewId: 2, reason: 'silent' });
    await rig.tickUntil('fence requested', async () => types(await rig.facts(), 'FenceRequested').length > 0);
    // While the fence is unanswered nothing starts elsewhere.
    for (let i = 0; i < 5; i++) await rig.coordinator.dcTick!();
    assert.equal(startsOf((await rig.facts()).filter((r) => r.seq > from)), []);
    rig.fencing = true;
    await rig.tickUntil('moved to n2', () => ['ip', 'fs', 'app'].every((r) => resourceState(rig, r) === 'running@n2') && idle(rig));
    const facts = (await rig.facts()).filter((r) => r.seq > from);
    const fenced = types(facts, 'FenceSucceeded')[0]!.seq;
    assert.equal(startsOf(facts), ['ip@n2', 'fs@n2', 'app@n2']);
    for (const s of facts.filter((r) => r.fact.type === 'ResourceOperationRequested' && r.fact.operation === 'start')) assert.ok(s.seq > fenced, 'start after the fence');
    const fence = types(facts, 'FenceRequested')[0]!.fact as { executor: string; action: string };
    assert.is(fence.executor, 'n2');
    assert.is(fence.action, 'reboot');
  }));

test('coordinator: a failed start aborts the transition and the recomputed plan moves the group', () =>
  withRig({ 'migration-threshold': '1' }, async (rig) => {
    rig.failStart.add('fs@n1');
    await defineGroup(rig);
    await rig.tickUntil('group on n2', () => ['ip', 'fs', 'app'].every((r) => resourceState(rig, r) === 'running@n2') && idle(rig), 20_000);
    const facts = await rig.facts();
    const aborted = types(facts, 'TransitionAborted');
    assert.ok(aborted.length >= 1);
    assert.match((aborted[0]!.fact as { reason: string }).reason, /start:fs@n1 failed/);
    const failedAction = types(facts, 'TransitionActionCompleted').find((r) => !(r.fact as { ok: boolean }).ok)!;
    assert.is((failedAction.fact as { actionId: string }).actionId, 'start:fs@n1');
    // No action of the aborted plan was requested after the abort.
    const t = (aborted[0]!.fact as { transitionId: string }).transitionId;
    for (const r of facts) if (r.fact.type === 'ResourceOperationRequested' && r.fact.transitionId === t) assert.ok(r.seq < aborted[0]!.seq);
  }));

test('coordinator: new input that changes the wanted graph aborts the plan (standby while placing)', () =>
  withRig({}, async (rig) => {
    rig.fencing = false;
    await defineGroup(rig);
    await rig.run('node', 'n3', { type: 'LoseNode', viewId: 2, reason: 'silent' });
    await rig.tickUntil('fence of n3 pending', async () => types(await rig.facts(), 'FenceRequested').length > 0);
    await rig.run('node', 'n1', { type: 'SetStandby', reason: 'drain' });
    await rig.tickUntil('aborted', async () => types(await rig.facts(), 'TransitionAborted').length > 0);
    const reason = (types(await rig.facts(), 'TransitionAborted')[0]!.fact as { reason: string }).reason;
    assert.match(reason, /new input/);
    rig.fencing = true;
    await rig.tickUntil('group on n2', () => resourceState(rig, 'app') === 'running@n2' && idle(rig));
  }));

test('coordinator: in watchdog mode it requests no fence and waits for NodeFenced', () =>
  withRig({ 'fencing-mode': 'watchdog' }, async (rig) => {
    await defineGroup(rig);
    await rig.tickUntil('group running', () => resourceState(rig, 'app') === 'running@n1' && idle(rig));
    const from = rig.host.position;
    await rig.run('node', 'n1', { type: 'LoseNode', viewId: 2, reason: 'silent' });
    for (let i = 0; i < 10; i++) await rig.coordinator.dcTick!();
    let facts = (await rig.facts()).filter((r) => r.seq > from);
    assert.equal(types(facts, 'FenceRequested'), []);
    assert.equal(types(facts, 'TransitionPlanned'), [], 'no plan before the watchdog fence is journaled');
    assert.equal(startsOf(facts), []);
    await rig.run('node', 'n1', { type: 'MarkFenced', method: 'watchdog' });
    await rig.tickUntil('moved to n2', () => resourceState(rig, 'app') === 'running@n2' && idle(rig));
    facts = (await rig.facts()).filter((r) => r.seq > from);
    assert.equal(types(facts, 'FenceRequested'), []);
    assert.equal(startsOf(facts), ['ip@n2', 'fs@n2', 'app@n2']);
  }));

test('coordinator: every plan is recomputed offline from its position with the same digest and actions', () =>
  withRig({ 'migration-threshold': '1' }, async (rig) => {
    rig.failStart.add('fs@n1');
    await defineGroup(rig);
    await rig.tickUntil('group on n2', () => resourceState(rig, 'app') === 'running@n2' && idle(rig), 20_000);
    await rig.run('node', 'n2', { type: 'LoseNode', viewId: 2, reason: 'silent' }).catch(() => undefined);
    const plans = types(await rig.facts(), 'TransitionPlanned');
    assert.ok(plans.length >= 2);
    for (const p of plans) {
      const f = p.fact as { position: number; stateDigest: string; actions: unknown[]; transitionId: string };
      const state = await rebuild(rig.journal, { to: f.position, useSnapshot: false });
      assert.is(digestState(state), f.stateDigest, `${f.transitionId}: digest`);
      assert.equal(planOf(state, 1).fact.actions, f.actions, `${f.transitionId}: actions`);
    }
    // A tampered position does not reproduce the digest.
    const first = plans[0]!.fact as { position: number; stateDigest: string };
    assert.is.not(digestState(await rebuild(rig.journal, { to: first.position - 1, useSnapshot: false })), first.stateDigest);
  }));

test('coordinator: a new DC aborting an earlier DC\'s transition id writes it under a de-duplication id of its own term', () => {
  const abort = { type: 'AbortTransition', transitionId: 't134-182', reason: 'took over', position: 190 } as const;
  // JetStream drops a message id it saw in the last two minutes: the old DC's abort (refused by the fold as
  // stale, or never folded) must not swallow the new DC's.
  assert.is.not(transitionCommandId(abort, 134), transitionCommandId(abort, 201));
  assert.is(transitionCommandId(abort, 201), transitionCommandId(abort, 201)); // retries within a term still de-duplicate
  assert.ok(transitionCommandId({ type: 'CompleteAction', transitionId: 't201-300', actionId: 'a1', ok: true, rc: 0, reason: '' }, 201).includes('/a1'));
});

test.run();
