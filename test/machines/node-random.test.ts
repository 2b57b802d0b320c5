// Random command sequences against the node decider: it only ever returns legal facts or a rejection, and a
// replay of the facts it journaled rebuilds the same node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { Fact } from '../../proto/generated.ts';
import { CommandRejectedError } from '../../machines/errors.ts';
import { nodeModule, type NodeCommand } from '../../machines/node/index.ts';
import { apply, given } from './given.ts';

const N = nodeModule;
const command: fc.Arbitrary<NodeCommand> = fc.oneof(
  fc.record({ type: fc.constant('DefineNode' as const), votes: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constant('ChangeNode' as const), votes: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ type: 'RemoveNode' as const }),
  fc.record({ type: fc.constant('JoinNode' as const), incarnation: fc.constantFrom('i1', 'i2', 'i3') }),
  fc.constant({ type: 'SuspectNode' as const, lastHeardAt: 1, silentMs: 500 }),
  fc.constant({ type: 'LoseNode' as const, viewId: 1 }),
  fc.record({ type: fc.constant('RequestFence' as const), commandId: fc.constantFrom('a', 'b', 'c', 'd'), action: fc.constantFrom('off', 'reboot', 'on'), force: fc.boolean() }),
  fc.record({ type: fc.constant('RecordFenceSuccess' as const), requestId: fc.constantFrom('a/0', 'b/0', 'c/0', 'd/0') }),
  fc.record({ type: fc.constant('RecordFenceFailure' as const), requestId: fc.constantFrom('a/0', 'b/0', 'c/0', 'd/0'), final: fc.boolean() }),
  fc.record({ type: fc.constant('MarkFenced' as const), method: fc.constantFrom('manual', 'watchdog') }),
  fc.constant({ type: 'LeaveNode' as const }),
  fc.constant({ type: 'SetStandby' as const }),
  fc.constant({ type: 'SetOnline' as const }),
  fc.record({ type: fc.constant('SetMaintenance' as const), on: fc.boolean() }),
);

test('node: random commands yield only legal facts or rejections, and the facts replay to the same node', () => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
      let g = given(N, 'n1', []);
      const journaled: Fact[] = [];
      for (const c of commands) {
        let facts: Fact[];
        try {
          facts = N.decide(c, g.snapshot, g.at + 1000);
        } catch (e) {
          if (e instanceof CommandRejectedError) continue;
          throw e;
        }
        for (const f of facts) {
          g = apply(N, g, f);
          journaled.push(f);
        }
      }
      const replayed = given(N, 'n1', journaled);
      assert.equal(replayed.snapshot.value, g.snapshot.value);
      assert.equal(replayed.snapshot.context, g.snapshot.context);
      assert.equal(JSON.parse(JSON.stringify(g.snapshot.context)), g.snapshot.context);
    }),
    { seed: 20_241_122, numRuns: 300 },
  );
});

test('node: in any random history a lost node reaches member again only through fenced', () => {
  const reached = new Set<string>();
  fc.assert(
    fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
      let g = given(N, 'n1', []);
      let lostUnfenced = false;
      for (const c of commands) {
        let facts: Fact[];
        try { facts = N.decide(c, g.snapshot, g.at + 1000); } catch (e) { if (e instanceof CommandRejectedError) continue; throw e; }
        for (const f of facts) g = apply(N, g, f);
        const v = g.snapshot.value;
        const m = typeof v === 'string' ? v : v.defined.membership;
        reached.add(m);
        if (m === 'lost') lostUnfenced = true;
        if (m === 'fenced') lostUnfenced = false;
        assert.ok(!(lostUnfenced && m === 'member'), 'a lost node became a member without being fenced');
      }
    }),
    { seed: 7, numRuns: 300 },
  );
  // The property is not vacuous: the random histories visit every membership state.
  assert.equal([...reached].sort(), ['fenced', 'fencing', 'joining', 'left', 'lost', 'member', 'removed', 'suspect']);
});

test.run();
