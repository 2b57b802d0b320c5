// builtin:kill — FOR LOCAL TEST CLUSTERS AND THE DEMO ONLY: "fences" a node by killing its process group.
//
// !!! This is not fencing for real machines. It can only stop node processes that run on THIS host and
// !!! registered themselves. A production cluster must use a real fence device (IPMI, PDU, SBD, ...).
//
// Registry interface: the device parameter `dir` names a directory holding one file per node,
// `<node>.pgid`, whose content is the node daemon's process group id (decimal). The daemon (or the test
// harness) writes it when a node starts (`registerNodeGroup`). `off`/`reboot` SIGKILL that group and wait
// until no live process of it is left; `status` is on while one is; `list` names the registered nodes.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FenceRunRequest, FenceRunResult } from './fence.ts';
import { groupAlive, killGroup } from './process-group.ts';

/** The agent name of the built-in kill fence. */
export const BUILTIN_KILL = 'builtin:kill';

const NODE_NAME = /^[\w.@-]+$/;

/** Records that node `node`'s processes form group `pgid`, in registry `dir` (for the builtin:kill fence). */
export function registerNodeGroup(dir: string, node: string, pgid: number): void {
  if (!NODE_NAME.test(node)) throw new RangeError(`builtin:kill registry: node name "${node}" cannot name a file`);
  if (!Number.isSafeInteger(pgid) || pgid <= 1) throw new RangeError(`builtin:kill registry: pgid of "${node}" must be > 1, got ${pgid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${node}.pgid`), `${pgid}\n`);
}

/** The registered pgid of `node`, or a reason it has none. */
function pgidOf(dir: string, node: string): number | string {
  if (!NODE_NAME.test(node)) return `node name "${node}" cannot name a file`;
  let text: string;
  try {
    text = readFileSync(join(dir, `${node}.pgid`), 'utf8');
  } catch {
    return `no process group registered for "${node}" (${join(dir, `${node}.pgid`)} missing)`;
  }
  const pgid = Number(text.trim());
  return Number.isSafeInteger(pgid) && pgid > 1 ? pgid : `${join(dir, `${node}.pgid`)} holds "${text.trim()}", not a pgid`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one builtin:kill action (see the file header). Never rejects. */
export async function runBuiltinKill(req: FenceRunRequest): Promise<FenceRunResult> {
  const t0 = performance.now();
  const dir = req.device.params['dir'];
  const target = req.target ?? '';
  const result = (rc: number, reason = '', extra: Partial<FenceRunResult> = {}): FenceRunResult => ({
    device: req.device.id, action: req.action, target, rc, ok: rc === 0, timedOut: false, reason, stdout: '',
    durationMs: Math.round(performance.now() - t0), ...extra,
  });
  if (!dir) return result(1, `fence device "${req.device.id}" (builtin:kill): parameter "dir" is required`);
  switch (req.action) {
    case 'metadata':
      return result(0, '', { stdout: BUILTIN_KILL_METADATA });
    case 'monitor':
      try { readdirSync(dir); return result(0); } catch { return result(1, `registry directory ${dir} is not readable`); }
    case 'list':
      try {
        return result(0, '', { stdout: readdirSync(dir).filter((f) => f.endsWith('.pgid')).map((f) => `${f.slice(0, -5)},\n`).sort().join('') });
      } catch {
        return result(1, `registry directory ${dir} is not readable`);
      }
    default:
  }
  const pgid = pgidOf(dir, target);
  if (typeof pgid === 'string') return result(1, pgid);
  if (req.action === 'status') return groupAlive(pgid) ? result(0, '', { power: 'on' }) : result(2, '', { ok: true, power: 'off' });
  if (req.action === 'on') return groupAlive(pgid) ? result(0) : result(1, 'builtin:kill cannot power a node on: restart its daemon');
  killGroup(pgid, 'SIGKILL');
  while (groupAlive(pgid)) {
    if (performance.now() - t0 > req.timeoutMs) return result(1, `process group ${pgid} of "${target}" still alive after ${req.timeoutMs} ms`, { timedOut: true });
    await sleep(20);
  }
  return result(0);
}

/** builtin:kill's meta-data, in the fence-agents dialect. */
export const BUILTIN_KILL_METADATA = `<?xml version="1.0" ?>
<resource-agent name="builtin:kill" shortdesc="Kill a local node's process group (FOR TESTS AND THE DEMO ONLY)">
<longdesc>FOR LOCAL TEST CLUSTERS AND THE DEMO ONLY: not fencing for real machines. Kills the process group recorded in &lt;dir&gt;/&lt;node&gt;.pgid with SIGKILL and waits until none of its processes is alive.</longdesc>
<parameters>
<parameter name="dir" required="1"><content type="string"/><shortdesc lang="en">Registry directory of &lt;node&gt;.pgid files</shortdesc></parameter>
</parameters>
<actions>
<action name="off"/><action name="reboot"/><action name="on"/><action name="status"/><action name="list"/><action name="monitor"/><action name="metadata"/>
</actions>
</resource-agent>
`;
