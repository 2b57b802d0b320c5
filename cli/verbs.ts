// The table of quorate verbs. Add a verb: one file under cli/ exporting `command` (see command.ts) and one line here.
import type { Command } from './command.ts';

/** One verb: its one-line summary for `quorate help`, and its file, loaded only when the verb runs. */
export interface VerbEntry {
  readonly summary: string;
  load(): Promise<{ readonly command: Command }>;
}

/** Every verb, in the order `quorate help` lists them. */
export const VERBS: Readonly<Record<string, VerbEntry>> = {
  log: { summary: 'print, filter, follow or verify the journal', load: () => import('./log.ts') },
  daemon: { summary: 'run this node\'s daemon (SIGTERM leaves gracefully)', load: () => import('./daemon.ts') },
  replay: { summary: 'the cluster as it was at a moment (--at), or what changed between two (--diff)', load: () => import('./replay.ts') },
  history: { summary: "one entity's timeline with the time spent in each state", load: () => import('./history.ts') },
  audit: { summary: 'audit verify: replay the stream, check every checksum and stored snapshot; audit live: each node against a replay', load: () => import('./audit.ts') },
  agent: { summary: 'list installed agents, or show one agent\'s parameters and actions', load: () => import('./agent.ts') },
  'import-cib': { summary: 'translate a Pacemaker CIB (XML) into quorate facts; print, --out or --apply them', load: () => import('./import-cib.ts') },
  container: { summary: 'create, list, show, own, take over or delete cluster containers', load: () => import('./container.ts') },
  volume: { summary: 'create, list or delete volumes of a container', load: () => import('./volume.ts') },
  status: { summary: 'the cluster now: nodes, DC and quorum, resources and where they run, failures, fencing, containers', load: () => import('./status.ts') },
  apply: { summary: 'make the configuration what cluster.yaml says, through the DC (all or nothing)', load: () => import('./apply.ts') },
  verify: { summary: 'check cluster.yaml without applying it', load: () => import('./verify.ts') },
  config: { summary: 'config show: the current configuration as YAML that apply accepts', load: () => import('./config.ts') },
  resource: { summary: 'resource move|ban|clear|cleanup|restart|locate|enable|disable <r> [node], through the DC', load: () => import('./resource.ts') },
  node: { summary: 'node standby|online|maintenance|fence <n> [on|off|reboot], through the DC', load: () => import('./node.ts') },
  fence: { summary: 'fence history [--node n]: every fencing request, who ran it, level, devices, outcome', load: () => import('./fence.ts') },
  simulate: { summary: 'the transition the DC would run, with hypothetical node loss, failure, standby or config; runs nothing', load: () => import('./simulate.ts') },
  why: { summary: "why a resource runs where it does: every node's score and the rules behind it", load: () => import('./why.ts') },
  cluster: { summary: 'cluster maintenance on|off, through the DC', load: () => import('./cluster.ts') },
};
