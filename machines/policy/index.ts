// machines/policy: the pure scheduler's public surface.
export {
  NodeStatus, NoQuorumPolicy, OrderKind,
  type Meta, type ScheduleColocation, type ScheduleGroup, type ScheduleInput, type ScheduleLocation, type ScheduleNode,
  type ScheduleOptions, type ScheduleOrder, type ScheduleResource,
} from './input.ts';
export { schedule, why, type Placed, type TransitionGraph } from './schedule.ts';
export { ActionKind, actionId, type TransitionAction } from './graph.ts';
export { ChangeKind, type ResourceChange } from './changes.ts';
export { formatActions, formatSummary, type SummaryInput } from './summary.ts';
export { formatExplanation, type Explanation, type NodeExplanation } from './explain.ts';
export { Rule, type Contribution } from './scores.ts';
export { DOMAIN_STEP } from './location.ts';
export type { FenceDecision } from './fencing.ts';
export { containerHandovers, nodeStatus, scheduleInputOf } from './adapter.ts';
export type { Handover } from './handover.ts';
