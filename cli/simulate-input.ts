// The input-file half of `quorate simulate`'s hypotheses: applied to a ScheduleInput without a cluster state,
// kept apart from simulate-what-if.ts so `simulate --input` loads no machines, journal or NATS client.
import type { ConfigDoc } from '../actors/services/config-model.ts';
import type { ScheduleInput, ScheduleNode, ScheduleResource } from '../machines/policy/index.ts';
import { usageError } from './args.ts';

/** The hypotheses of one simulation, as given on the command line. */
export interface WhatIf {
  readonly nodeDown: readonly string[];
  /** `resource@node`: its monitor fails there. */
  readonly resourceFailed: readonly string[];
  readonly standby: readonly string[];
  /** A configuration document (`--config`), and the file it came from. */
  readonly config?: { readonly doc: ConfigDoc; readonly file: string };
}

/** `r@n` split; a malformed one is a usage error naming the flag. Pure. */
export function splitAt(verb: string, flag: string, text: string): { resource: string; node: string } {
  const i = text.lastIndexOf('@');
  if (i <= 0 || i === text.length - 1) throw usageError(verb, `--${flag} expects <resource>@<node>, got "${text}"`);
  return { resource: text.slice(0, i), node: text.slice(i + 1) };
}

/** One line per hypothesis, for the header. Pure. */
export function describeWhatIf(w: WhatIf): string[] {
  return [
    ...w.nodeDown.map((n) => `node ${n} down (lost, not fenced)`),
    ...w.resourceFailed.map((r) => `${r.replace('@', ' failed its monitor on ')}`),
    ...w.standby.map((n) => `node ${n} in standby`),
    ...(w.config ? [`configuration from ${w.config.file}`] : []),
  ];
}

/** The same hypotheses on a scheduler input file (no configuration: that needs a state). Pure. */
export function applyWhatIfToInput(verb: string, input: ScheduleInput, w: WhatIf): ScheduleInput {
  if (w.config) throw usageError(verb, '--config needs a cluster state; it cannot be combined with --input');
  const names = new Set(input.nodes.map((n) => n.name));
  const known = (flag: string, n: string) => {
    if (!names.has(n)) throw usageError(verb, `--${flag} ${n}: no node "${n}" in the input`);
  };
  w.nodeDown.forEach((n) => known('node-down', n));
  w.standby.forEach((n) => known('standby', n));
  const nodes: ScheduleNode[] = input.nodes.map((n) =>
    w.nodeDown.includes(n.name) ? { ...n, status: 'lost-unfenced' } : w.standby.includes(n.name) ? { ...n, status: 'standby' } : n);
  const failed = w.resourceFailed.map((t) => splitAt(verb, 'resource-failed', t));
  const byId = new Map(input.resources.map((r) => [r.id, r]));
  for (const f of failed) {
    const r = byId.get(f.resource);
    if (!r) throw usageError(verb, `--resource-failed ${f.resource}@${f.node}: no resource "${f.resource}" in the input`);
    if (!(r.running ?? []).includes(f.node)) throw usageError(verb, `--resource-failed ${f.resource}@${f.node}: it does not run on ${f.node}`);
  }
  const resources: ScheduleResource[] = input.resources.map((r) => {
    const mine = failed.filter((f) => f.resource === r.id).map((f) => f.node);
    if (mine.length === 0) return r;
    const failCounts = { ...(r.failCounts ?? {}) };
    for (const n of mine) failCounts[n] = { count: (failCounts[n]?.count ?? 0) + 1, lastFailedAt: input.at };
    return { ...r, failed: [...new Set([...(r.failed ?? []), ...mine])].sort(), failCounts };
  });
  return { ...input, nodes, resources };
}
