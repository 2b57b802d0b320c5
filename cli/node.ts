// `quorate node standby|online|maintenance <n> [on|off]`: a node's modes, set by the DC from any node; `node fence <n> [off|reboot]`.
import { usageError } from './args.ts';
import { defineCommand } from './command.ts';
import { ADMIN_FLAGS, printReply, sendAdmin } from './admin-client.ts';

export const command = defineCommand({
  verb: 'node',
  summary: 'put a node in standby, back online, or in or out of maintenance (through the DC)',
  flags: ADMIN_FLAGS,
  positionals: '<standby|online|maintenance|fence> <node> [on|off|reboot]',
  details: 'standby moves its resources away; maintenance (on by default, off to end it) leaves them alone.\nfence powers a node off (or reboots it, the default) through its fence devices, even a healthy member.\nexample: quorate node standby n2 --cluster prod',
  async main(flags, words) {
    const [action, node, onOff, extra] = words;
    if (action === 'fence') return fence(flags, node, onOff, extra);
    if (action !== 'standby' && action !== 'online' && action !== 'maintenance') throw usageError('node', `expected standby, online, maintenance or fence, got ${action ? `"${action}"` : 'none'}`);
    if (!node) throw usageError('node', `${action} needs a node name`);
    if (extra !== undefined || (onOff !== undefined && action !== 'maintenance')) throw usageError('node', `unexpected argument "${extra ?? onOff}"`);
    if (onOff !== undefined && onOff !== 'on' && onOff !== 'off') throw usageError('node', `maintenance takes on or off, got "${onOff}"`);
    const reply = await sendAdmin('node', flags, `node.${action}`, { node, ...(action === 'maintenance' ? { on: onOff === 'off' ? 'false' : 'true' } : {}) });
    return printReply(reply, flags.json);
  },
});

/** `node fence <node> [off|reboot]`: the DC journals a forced FenceRequested; the fence history shows its outcome. */
async function fence(flags: Parameters<typeof sendAdmin>[1] & { json: boolean }, node: string | undefined, action: string | undefined, extra: string | undefined): Promise<number> {
  if (!node) throw usageError('node', 'fence needs a node name');
  if (extra !== undefined) throw usageError('node', `unexpected argument "${extra}"`);
  if (action !== undefined && action !== 'off' && action !== 'reboot') throw usageError('node', `fence takes off or reboot, got "${action}"`);
  const { userInfo } = await import('node:os');
  let user = 'cli';
  try {
    user = `cli:${userInfo().username}`;
  } catch { /* no passwd entry */ }
  return printReply(await sendAdmin('node', flags, 'node.fence', { node, action: action ?? 'reboot', user }), flags.json);
}
