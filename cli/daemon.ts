// `quorate daemon`: runs this node's daemon until SIGTERM (a graceful leave, exit 0); SIGKILL is a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FlagType, usageError } from './args.ts';
import { defineCommand, Exit } from './command.ts';
import { COMMON_FLAGS, resolveTarget } from './connect.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';

const FLAGS = {
  ...COMMON_FLAGS,
  node: { type: FlagType.string, value: '<name>', help: 'this node\'s name (default: $QUORATE_NODE)' },
  config: { type: FlagType.string, value: '<file>', help: 'daemon config (YAML or JSON): nodes, options, replicas, state-dir' },
  replicas: { type: FlagType.integer, value: '<1|3>', min: 1, help: 'journal replicas when the stream is created (default: 3 with 3+ servers, else 1)' },
  'state-dir': { type: FlagType.string, value: '<dir>', help: 'where status.json is kept (default: .quorate/<cluster>/<node>)' },
  'no-watchdog': { type: FlagType.boolean, help: 'do not start the watchdog process (tests of the daemon itself only)' },
} as const;

const DETAILS = `The config file may hold:
  nodes: [{ name: n1, votes: 1 }, ...]     defined by the first DC (quorum counts their votes)
  options: { dead-time: 1s, heartbeat-interval: 200ms, watchdog-timeout: 5s, fencing-mode: agent|watchdog, two-node: false }
  replicas: 3
  state-dir: /var/lib/quorate
Signals: SIGTERM or SIGINT leaves the cluster gracefully and exits 0.
example:
  quorate daemon --node n1 --cluster prod --nats nats://10.0.0.1:4222,nats://10.0.0.2:4222 --config /etc/quorate/daemon.yaml`;

interface DaemonConfig {
  nodes?: { name: string; votes?: number }[];
  options?: Record<string, string>;
  replicas?: number;
  'state-dir'?: string;
}

/** Reads and checks the daemon config; every error names the file and the bad key. */
export function readDaemonConfig(path: string): DaemonConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw usageError('daemon', `--config ${path}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new QuorateError(ErrorCode.configInvalid, `${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const bad = (what: string) => new QuorateError(ErrorCode.configInvalid, `${path}: ${what}`);
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw bad('expected a mapping at the top level');
  const cfg = doc as Record<string, unknown>;
  for (const k of Object.keys(cfg)) if (!['nodes', 'options', 'replicas', 'state-dir'].includes(k)) throw bad(`unknown key "${k}" (expected nodes, options, replicas, state-dir)`);
  const nodes = cfg['nodes'];
  if (nodes !== undefined) {
    if (!Array.isArray(nodes)) throw bad('nodes: expected a list of { name, votes }');
    nodes.forEach((n: unknown, i) => {
      const o = (typeof n === 'string' ? { name: n } : n) as { name?: unknown; votes?: unknown };
      if (typeof o?.name !== 'string' || o.name === '') throw bad(`nodes[${i}].name: expected a node name`);
      if (o.votes !== undefined && (!Number.isInteger(o.votes) || (o.votes as number) < 0)) throw bad(`nodes[${i}].votes: expected a whole number >= 0`);
      nodes[i] = o;
    });
  }
  const options = cfg['options'];
  if (options !== undefined) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw bad('options: expected a mapping of name: value');
    cfg['options'] = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)]));
  }
  const replicas = cfg['replicas'];
  if (replicas !== undefined && replicas !== 1 && replicas !== 3) throw bad(`replicas: expected 1 or 3, got ${String(replicas)}`);
  return cfg as DaemonConfig;
}

export const command = defineCommand({
  verb: 'daemon',
  summary: 'run this node\'s daemon (SIGTERM leaves gracefully)',
  flags: FLAGS,
  details: DETAILS,
  async main(flags) {
    const node = flags.node ?? process.env['QUORATE_NODE'];
    if (!node) throw usageError('daemon', '--node is required (or set QUORATE_NODE)');
    const target = resolveTarget('daemon', flags);
    const config = flags.config ? readDaemonConfig(flags.config) : {};
    const replicasFlag = flags.replicas;
    if (replicasFlag !== undefined && replicasFlag !== 1 && replicasFlag !== 3) throw usageError('daemon', `--replicas expects 1 or 3, got ${replicasFlag}`);
    const replicas = (replicasFlag ?? config.replicas ?? (target.servers.length >= 3 ? 3 : 1)) as 1 | 3;
    const stateDir = flags['state-dir'] ?? config['state-dir'] ?? join('.quorate', target.cluster, node);

    // The daemon creates the stream when the cluster is new (other verbs only open an existing one).
    const { createJetStreamJournal } = await import('../journal/jetstream.ts');
    const journal = await createJetStreamJournal({ servers: target.servers, cluster: target.cluster, replicas, name: `quorate daemon ${node}` });
    const { createTransport } = await import('../actors/transport.ts');
    const { startDaemon } = await import('../actors/daemon.ts');
    const { defaultServices } = await import('../actors/default-services.ts');
    const transport = await createTransport({ servers: target.servers, cluster: target.cluster, name: `quorate daemon ${node}` });
    const daemon = await startDaemon({
      node, journal, transport, stateDir,
      ...(config.nodes ? { nodes: config.nodes } : {}),
      ...(config.options ? { options: config.options } : {}),
      watchdog: !flags['no-watchdog'],
      services: defaultServices({ node, cluster: target.cluster, stateDir }),
    });
    return new Promise<number>((resolve) => {
      let leaving = false;
      const leave = (signal: string) => {
        if (leaving) return;
        leaving = true;
        void daemon
          .leave(`graceful (${signal})`)
          .then(() => Promise.all([transport.close(), journal.close()]))
          .then(() => resolve(Exit.ok), () => resolve(Exit.failed));
      };
      process.on('SIGTERM', () => leave('SIGTERM'));
      process.on('SIGINT', () => leave('SIGINT'));
    });
  },
});
