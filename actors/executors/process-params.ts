// Parameters and meta-data of the built-in `process` agent: command, args, cwd, env, piddir, logfile.
import { join } from 'node:path';
import type { AgentOptions, AgentRequest } from './agent.ts';

/** The `process` agent's parameters, checked. */
export interface ProcessParams {
  readonly command: string;
  readonly args: string[];
  readonly cwd: string | undefined;
  readonly env: Record<string, string>;
  readonly piddir: string;
  readonly pidfile: string;
  readonly logfile: string;
  /** How long a start waits to see the command still alive (param `settle`, ms, default 300). */
  readonly settleMs: number;
}

/**
 * Reads the request's params: `command` (required), `args` (a JSON array, or words split
 * on spaces), `cwd`, `env` (a JSON object, or `K=V` words), `piddir` (default HA_VARRUN
 * of the options, else /run/quorate), `logfile` (default /dev/null), `settle` (ms).
 * Returns a reason string naming the resource and parameter when one is bad.
 */
export function processParams(request: AgentRequest, options: AgentOptions): ProcessParams | string {
  const at = `process resource "${request.resource}"`;
  const { command, args = '', cwd, env = '', piddir, logfile, settle = '300' } = request.params;
  if (!command) return `${at}: parameter "command" is required`;
  let argv: string[];
  try {
    argv = args.trim().startsWith('[') ? JSON.parse(args) : args.split(/\s+/).filter(Boolean);
    if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) return `${at}: parameter "args" must be a JSON array of strings`;
  } catch (e) {
    return `${at}: parameter "args" is not valid JSON: ${(e as Error).message}`;
  }
  let vars: Record<string, string> = {};
  if (env.trim().startsWith('{')) {
    try {
      vars = JSON.parse(env);
    } catch (e) {
      return `${at}: parameter "env" is not valid JSON: ${(e as Error).message}`;
    }
    if (typeof vars !== 'object' || vars === null || Object.values(vars).some((v) => typeof v !== 'string')) return `${at}: parameter "env" must be a JSON object of strings`;
  } else {
    for (const word of env.split(/\s+/).filter(Boolean)) {
      const eq = word.indexOf('=');
      if (eq <= 0) return `${at}: parameter "env": "${word}" is not K=V`;
      vars[word.slice(0, eq)] = word.slice(eq + 1);
    }
  }
  const settleMs = Number(settle);
  if (!Number.isSafeInteger(settleMs) || settleMs < 0) return `${at}: parameter "settle" must be a whole number of ms, got "${settle}"`;
  const dir = piddir ?? options.runDir ?? '/run/quorate';
  if (!/^[\w.@:-]+$/.test(request.resource)) return `${at}: the resource name cannot name a pid file`;
  return { command, args: argv, cwd, env: vars, piddir: dir, pidfile: join(dir, `process-${request.resource}.pid`), logfile: logfile ?? '/dev/null', settleMs };
}

/** The `process` agent's meta-data, in OCF 1.1 form, so `quorate agent info process` reads like any agent. */
export const PROCESS_METADATA = `<?xml version="1.0"?>
<resource-agent name="process" version="1.0">
<version>1.1</version>
<shortdesc lang="en">Supervise one command (quorate built-in)</shortdesc>
<longdesc lang="en">Starts one command detached in its own process group, monitors it by pid and start time, and stops the whole group (SIGTERM, then SIGKILL after 2/3 of the stop timeout).</longdesc>
<parameters>
<parameter name="command" required="1"><shortdesc lang="en">Program to run</shortdesc><longdesc lang="en">Absolute path, or a name looked up on PATH.</longdesc><content type="string"/></parameter>
<parameter name="args"><shortdesc lang="en">Arguments</shortdesc><longdesc lang="en">A JSON array of strings, or words separated by spaces.</longdesc><content type="string" default=""/></parameter>
<parameter name="cwd"><shortdesc lang="en">Working directory</shortdesc><longdesc lang="en">Must exist.</longdesc><content type="string"/></parameter>
<parameter name="env"><shortdesc lang="en">Extra environment</shortdesc><longdesc lang="en">A JSON object of strings, or K=V words.</longdesc><content type="string" default=""/></parameter>
<parameter name="piddir"><shortdesc lang="en">Pid file directory</shortdesc><longdesc lang="en">Where process-&lt;resource&gt;.pid is kept.</longdesc><content type="string" default="/run/quorate"/></parameter>
<parameter name="logfile"><shortdesc lang="en">Output file</shortdesc><longdesc lang="en">stdout and stderr are appended here.</longdesc><content type="string" default="/dev/null"/></parameter>
<parameter name="settle"><shortdesc lang="en">Start settle time (ms)</shortdesc><longdesc lang="en">A start fails when the command is gone this long after it was spawned.</longdesc><content type="integer" default="300"/></parameter>
</parameters>
<actions>
<action name="start" timeout="20s"/>
<action name="stop" timeout="20s"/>
<action name="monitor" timeout="20s" interval="10s"/>
<action name="meta-data" timeout="5s"/>
<action name="validate-all" timeout="5s"/>
</actions>
</resource-agent>
`;
