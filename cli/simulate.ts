// `quorate simulate`: the transition the DC would run, from the live (or a replayed) state with hypothetical
// facts applied — a node down, a resource failed, a node in standby, a configuration file — without running it.
import type { ScheduleInput, TransitionGraph } from '../machines/policy/index.ts';
import { formatActions, formatSummary, schedule, scheduleInputOf } from '../machines/policy/index.ts';
import { FlagType } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { loadSource, SOURCE_FLAGS } from './schedule-source.ts';
import { applyWhatIfToInput, describeWhatIf, type WhatIf } from './simulate-input.ts';

const FLAGS = {
  ...SOURCE_FLAGS,
  'node-down': { type: FlagType.list, value: '<node>', help: 'suppose the node is lost (not yet fenced); repeatable' },
  'resource-failed': { type: FlagType.list, value: '<resource@node>', help: 'suppose the resource failed its monitor there; repeatable' },
  standby: { type: FlagType.list, value: '<node>', help: 'suppose the node is put in standby; repeatable' },
  config: { type: FlagType.string, value: '<cluster.yaml>', help: 'suppose this configuration is applied (as `quorate apply` would)' },
  json: { type: FlagType.boolean, help: 'print the graph as JSON' },
} as const;

/** The graph as JSON output carries it. Pure. */
export function graphJson(source: string, hypotheses: string[], position: number, g: TransitionGraph): object {
  return { source, position, hypotheses, actions: g.actions, fences: g.fences, changes: g.changes, placements: g.placements, notes: g.notes };
}

export const command = defineCommand({
  verb: 'simulate',
  summary: 'the transition the DC would run, with hypothetical failures, standby or configuration; runs nothing',
  flags: FLAGS,
  details: `Examples:
  quorate simulate --node-down n1            what happens if n1 dies now
  quorate simulate --at -1h --standby n2     draining n2 as the cluster was an hour ago
  quorate simulate --resource-failed web@n1 --json
  quorate simulate --config cluster.yaml     the effect of a configuration change
  quorate simulate --input input.json        a scheduler input file (no cluster needed)
Nothing is journaled. Exit 2 on a bad flag or a hypothesis the cluster refuses, 3 on a bad --config file.`,
  async main(flags) {
    let config: WhatIf['config'];
    if (flags.config !== undefined) {
      // Loaded on demand, like the journal side below: `simulate --input` must start fast (issue 6, bench).
      const { loadConfig, printProblems } = await import('./config/load.ts');
      const read = loadConfig('simulate', flags.config);
      if (read.errors.length > 0) {
        printProblems(read.errors);
        return Exit.problems;
      }
      config = { doc: read.doc, file: flags.config };
    }
    const w: WhatIf = { nodeDown: flags['node-down'], resourceFailed: flags['resource-failed'], standby: flags.standby, ...(config ? { config } : {}) };
    const source = await loadSource('simulate', flags);
    let input: ScheduleInput;
    let position = 0;
    if (source.kind === 'input') {
      input = applyWhatIfToInput('simulate', source.input, w);
    } else {
      position = source.state.position;
      // Hypotheses happen "now" for the live state, at the replayed moment otherwise.
      const at = flags.at === undefined ? Math.max(Date.now(), source.state.at) : source.state.at;
      const { applyWhatIf } = await import('./simulate-what-if.ts');
      applyWhatIf('simulate', source.state, w, at);
      input = scheduleInputOf(source.state, at);
    }
    const graph = schedule(input);
    const hypotheses = describeWhatIf(w);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(graphJson(source.label, hypotheses, position, graph))}\n`);
      return Exit.ok;
    }
    const head = [`Simulated on ${source.label}${hypotheses.length ? `, supposing ${hypotheses.join('; ')}` : ''} (nothing was run)`];
    process.stdout.write(`${head.join('\n')}\n${formatSummary(graph)}${formatActions(graph.actions)}`);
    return Exit.ok;
  },
});

