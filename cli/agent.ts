// quorate agent list | info <agent>: the agents installed on this machine and what one takes and does.
import { agentInfo, type AgentMetadata, listAgents } from '../actors/executors/index.ts';
import { usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';

const flags = {
  json: { type: 'boolean', help: 'print JSON instead of text' },
  'ocf-root': { type: 'string', value: '<dir>', help: 'OCF_ROOT to search (default: $OCF_ROOT or /usr/lib/ocf)' },
} as const;

/** `quorate agent`: `list` the installed agents, or `info <agent>` for parameters, defaults and action timeouts. */
export const command = defineCommand({
  verb: 'agent',
  summary: 'list installed resource and fence agents, or show one agent\'s parameters and actions',
  flags,
  positionals: 'list | info <agent>',
  details: 'examples:\n  quorate agent list\n  quorate agent info ocf:heartbeat:IPaddr2\n  quorate agent info fence_dummy --json',
  async main(f, words) {
    const options = f['ocf-root'] === undefined ? {} : { ocfRoot: f['ocf-root'] };
    const [sub, name, ...rest] = words;
    if (rest.length > 0) throw usageError('agent', `unexpected argument "${rest[0]}"`);
    if (sub === 'list' && name === undefined) {
      const agents = listAgents(options);
      if (f.json) process.stdout.write(`${JSON.stringify(agents, null, 2)}\n`);
      else process.stdout.write(formatList(agents));
      return Exit.ok;
    }
    if (sub === 'info' && name !== undefined) {
      const md = await agentInfo(name, options);
      process.stdout.write(f.json ? `${JSON.stringify({ agent: name, ...md }, null, 2)}\n` : formatInfo(name, md));
      return Exit.ok;
    }
    throw usageError('agent', sub === 'info' ? 'info needs an agent name, e.g. ocf:heartbeat:Dummy' : 'expected "list" or "info <agent>" (see quorate agent --help)');
  },
});

/** The same command under the name the brief asked for: `run(argv)` resolves to the exit code. */
export const run = (argv: readonly string[]): Promise<number> => command.run(argv);

function formatList(agents: ReturnType<typeof listAgents>): string {
  const lines: string[] = [];
  for (const [title, source] of [['built-in', 'builtin'], ['OCF resource agents', 'ocf'], ['fence agents', 'fence-agents']] as const) {
    const group = agents.filter((a) => a.source === source);
    lines.push(`${title} (${group.length}):`);
    if (group.length === 0) lines.push('  (none found)');
    for (const a of group) lines.push(`  ${a.name}${a.name === 'builtin:kill' ? '  (fence; FOR TESTS AND THE DEMO ONLY)' : a.name === 'process' ? '  (supervise one command)' : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** "20s", "2min", "500ms" for a duration in ms. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function formatInfo(name: string, md: AgentMetadata): string {
  const out: string[] = [`${name} — ${md.shortdesc || '(no description)'}${md.ocfVersion ? `  [OCF ${md.ocfVersion}]` : ''}`];
  if (md.longdesc && md.longdesc !== md.shortdesc) out.push('', ...md.longdesc.split('\n').map((l) => `  ${l}`));
  out.push('', `parameters (${md.parameters.length}):`);
  const width = Math.max(0, ...md.parameters.map((p) => p.name.length));
  for (const p of md.parameters) {
    const tags = [p.type || 'string', p.required ? 'required' : '', p.unique ? 'unique' : '', p.uniqueGroup ? `unique-group ${p.uniqueGroup}` : '', p.reloadable ? 'reloadable' : '', p.deprecated ? 'deprecated' : ''].filter(Boolean);
    const dflt = p.default !== undefined && p.default !== '' ? `  default ${JSON.stringify(p.default)}` : '';
    const opts = p.options.length ? `  one of ${p.options.join('|')}` : '';
    out.push(`  ${p.name.padEnd(width)}  ${tags.join(', ')}${dflt}${opts}`);
    if (p.shortdesc) out.push(`  ${''.padEnd(width)}    ${p.shortdesc}`);
  }
  out.push('', `actions (${md.actions.length}):`);
  const aw = Math.max(0, ...md.actions.map((a) => a.name.length));
  for (const a of md.actions) {
    const parts = [a.timeoutMs !== undefined ? `timeout ${formatDuration(a.timeoutMs)}` : '', a.intervalMs ? `interval ${formatDuration(a.intervalMs)}` : '', a.role ? `role ${a.role}` : '', a.depth ? `depth ${a.depth}` : ''].filter(Boolean);
    out.push(`  ${a.name.padEnd(aw)}  ${parts.join('  ')}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}
