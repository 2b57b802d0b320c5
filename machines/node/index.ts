// machines/node: public surface — the node machine, its decider and context helpers.
import type { EntityModule } from '../kind.ts';
import { decideNode, type NodeCommand } from './node.decide.ts';
import { nodeMachine, type NodeMachine } from './node.machine.ts';

export { nodeMachine, type FenceIntent, type NodeMachine } from './node.machine.ts';
export { decideNode, membershipOf, type NodeCommand } from './node.decide.ts';
export { FENCE_HISTORY_LIMIT, type FenceRecord, type NodeContext, type PendingFence } from './node.context.ts';

/** The node kind: one entity per node name. */
export const nodeModule: EntityModule<NodeMachine, NodeCommand> = {
  kind: 'node',
  machine: nodeMachine,
  input: (id) => ({ id }),
  decide: decideNode,
};
