// fence-device/<id>: a fence device's configuration (agent, params, targets, host map, meta).
//
// Lifecycle: `absent` ──FenceDeviceDefined──▶ `defined` ──FenceDeviceChanged (full replacement)──▶ `defined`
// ──FenceDeviceRemoved──▶ `removed` ──FenceDeviceDefined──▶ `defined`. Configuration facts must name a
// non-empty agent. Targets are kept sorted; params, host map and meta keys in code-unit order.
import { assign, setup } from 'xstate';
import type { FenceDeviceConfig } from '../../proto/generated.ts';
import type { FactEvent } from '../kind.ts';
import { sortedRecord, sortedSet } from '../legal.ts';

/** The fence device's context. */
export interface FenceDeviceContext {
  readonly id: string;
  readonly agent: string;
  readonly params: Record<string, string>;
  /** Nodes it can fence, sorted. */
  readonly targets: string[];
  /** Node -> port or plug on the device. */
  readonly hostMap: Record<string, string>;
  readonly meta: Record<string, string>;
  readonly since: number;
}

/** The context for a configuration fact. Pure. */
export function deviceContext(id: string, config: FenceDeviceConfig | undefined, since: number): FenceDeviceContext {
  return {
    id, agent: config?.agent ?? '', params: sortedRecord(config?.params), targets: sortedSet(config?.targets ?? []),
    hostMap: sortedRecord(config?.hostMap), meta: sortedRecord(config?.meta), since,
  };
}

const hasAgent = ({ event }: { event: FactEvent }) =>
  (event.type === 'FenceDeviceDefined' || event.type === 'FenceDeviceChanged') && (event.fact.config?.agent ?? '') !== '';

/** The fence-device machine. Pure. */
export const fenceDeviceMachine = setup({
  types: { context: {} as FenceDeviceContext, events: {} as FactEvent, input: {} as { id: string } },
}).createMachine({
  id: 'fence-device',
  context: ({ input }) => deviceContext(input.id, undefined, 0),
  initial: 'absent',
  states: {
    absent: { on: { FenceDeviceDefined: { guard: hasAgent, target: 'defined', actions: assign(({ context, event }) => deviceContext(context.id, event.fact.config, event.at)) } } },
    defined: {
      on: {
        FenceDeviceChanged: { guard: hasAgent, actions: assign(({ context, event }) => deviceContext(context.id, event.fact.config, context.since)) },
        FenceDeviceRemoved: { target: 'removed', actions: assign({ since: ({ event }) => event.at }) },
      },
    },
    removed: { on: { FenceDeviceDefined: { guard: hasAgent, target: 'defined', actions: assign(({ context, event }) => deviceContext(context.id, event.fact.config, event.at)) } } },
  },
});

/** The fence-device machine's type. */
export type FenceDeviceMachine = typeof fenceDeviceMachine;
