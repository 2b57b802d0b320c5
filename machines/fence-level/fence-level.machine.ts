// fence-level/<target>: the fencing topology of one node — levels 1..9, each a list of devices.
//
// Lifecycle: `empty` ──FenceLevelDefined──▶ `configured`; FenceLevelDefined replaces the level at its index;
// FenceLevelRemoved drops an existing level, back to `empty` when it was the last. A level is tried in index
// order and succeeds only when every one of its devices succeeds (Pacemaker's fencing topology).
import { assign, setup } from 'xstate';
import type { FactEvent, FactEventOf } from '../kind.ts';

/** The lowest and highest level index. */
export const LEVEL_MIN = 1;
export const LEVEL_MAX = 9;

/** One fencing level. */
export interface FenceLevel {
  readonly index: number;
  readonly devices: string[];
}

/** The fencing topology of `target`: levels sorted by index. */
export interface FenceLevelContext {
  readonly target: string;
  readonly levels: FenceLevel[];
  readonly since: number;
}

/** True for a level index quorate accepts. Pure. */
export function validIndex(index: number): boolean {
  return Number.isInteger(index) && index >= LEVEL_MIN && index <= LEVEL_MAX;
}

const validLevel = ({ event }: { event: FactEvent }) => {
  const config = (event as FactEventOf<'FenceLevelDefined'>).fact.config;
  return config !== undefined && validIndex(config.index) && config.devices.length > 0 && config.devices.every((d) => d !== '');
};
function withLevel(context: FenceLevelContext, event: FactEvent): FenceLevelContext {
  const config = (event as FactEventOf<'FenceLevelDefined'>).fact.config;
  const level = { index: config?.index ?? 0, devices: [...(config?.devices ?? [])] };
  return { ...context, levels: [...context.levels.filter((l) => l.index !== level.index), level].sort((a, b) => a.index - b.index) };
}
const hasLevel = ({ context, event }: { context: FenceLevelContext; event: FactEventOf<'FenceLevelRemoved'> }) =>
  context.levels.some((l) => l.index === event.fact.index);

/** The fence-level machine. Pure. */
export const fenceLevelMachine = setup({
  types: { context: {} as FenceLevelContext, events: {} as FactEvent, input: {} as { id: string } },
  actions: { setLevel: assign(({ context, event }) => withLevel(context, event)), moved: assign({ since: ({ event }) => event.at }) },
  guards: { validLevel },
}).createMachine({
  id: 'fence-level',
  context: ({ input }) => ({ target: input.id, levels: [], since: 0 }),
  initial: 'empty',
  states: {
    empty: { on: { FenceLevelDefined: { guard: 'validLevel', target: 'configured', actions: ['setLevel', 'moved'] } } },
    configured: {
      on: {
        FenceLevelDefined: { guard: 'validLevel', actions: 'setLevel' },
        FenceLevelRemoved: [
          {
            guard: ({ context, event }) => hasLevel({ context, event }) && context.levels.length === 1,
            target: 'empty',
            actions: [assign({ levels: [] }), 'moved'],
          },
          {
            guard: hasLevel,
            actions: assign(({ context, event }) => ({ ...context, levels: context.levels.filter((l) => l.index !== event.fact.index) })),
          },
        ],
      },
    },
  },
});

/** The fence-level machine's type. */
export type FenceLevelMachine = typeof fenceLevelMachine;
