// machines/cluster: public surface — the cluster singletons dc, membership, options and transition.
import type { EntityModule } from '../kind.ts';
import { decideDc, type DcCommand } from './dc.decide.ts';
import { dcMachine, type DcMachine } from './dc.machine.ts';
import { decideMembership, type MembershipCommand } from './membership.decide.ts';
import { membershipMachine, type MembershipMachine } from './membership.machine.ts';
import { decideOptions, type OptionsCommand } from './options.decide.ts';
import { optionsMachine, type OptionsMachine } from './options.machine.ts';
import { decideTransition, type TransitionCommand } from './transition.decide.ts';
import { transitionMachine, type TransitionMachine } from './transition.machine.ts';

export { dcMachine, type DcContext, type DcMachine } from './dc.machine.ts';
export { decideDc, type DcCommand } from './dc.decide.ts';
export { membershipMachine, type MembershipContext, type MembershipMachine } from './membership.machine.ts';
export { decideMembership, type MembershipCommand } from './membership.decide.ts';
export { hasQuorum } from './quorum.ts';
export { optionsMachine, type OptionsContext, type OptionsMachine } from './options.machine.ts';
export { decideOptions, type OptionsCommand } from './options.decide.ts';
export { clusterOptions, optionProblem, OPTION_NAMES, OPTION_SCHEMA, type ClusterOptions, type OptionName } from './options-schema.ts';
export { parseDurationMs } from './duration.ts';
export { transitionMachine, plannedActions, type PlannedAction, type TransitionContext, type TransitionCounters, type TransitionMachine } from './transition.machine.ts';
export { decideTransition, type TransitionCommand } from './transition.decide.ts';

/** cluster/dc: the designated coordinator and its term. */
export const dcModule: EntityModule<DcMachine, DcCommand> = { kind: 'cluster', machine: dcMachine, input: (id) => ({ id }), decide: decideDc };

/** cluster/membership: the view and quorum. */
export const membershipModule: EntityModule<MembershipMachine, MembershipCommand> = {
  kind: 'cluster', machine: membershipMachine, input: (id) => ({ id }), decide: decideMembership,
};

/** cluster/options: the cluster-wide options. */
export const optionsModule: EntityModule<OptionsMachine, OptionsCommand> = {
  kind: 'cluster', machine: optionsMachine, input: (id) => ({ id }), decide: decideOptions,
};

/** cluster/transition: the coordinator's current plan. */
export const transitionModule: EntityModule<TransitionMachine, TransitionCommand> = {
  kind: 'cluster', machine: transitionMachine, input: (id) => ({ id }), decide: decideTransition,
};
