// `quorate node standby|online|maintenance <n> [on|off]`: a node's modes, set by the DC from any node.
import { usageError } from './args.ts';
import { defineCommand } from './command.ts';
import { ADMIN_FLAGS, printReply, sendAdmin } from './admin-client.ts';

export const command = defineCommand({
  verb: 'node',
  summary: 'put a node in standby, back online, or in or out of maintenance (through the DC)',
  flags: ADMIN_FLAGS,
  positionals: '<standby|online|maintenance> <node> [on|off]',
  details: 'standby moves its resources away; maintenance (on by default, off to end it) leaves them alone.\nexample: quorate node standby n2 --cluster prod',
  async main(flags, words) {
    const [action, node, onOff, extra] = words;
    if (action !== 'standby' && action !== 'online' && action !== 'maintenance') throw usageError('node', `expected standby, online or maintenance, got ${action ? `"${action}"` : 'none'}`);
    if (!node) throw usageError('node', `${action} needs a node name`);
    if (extra !== undefined || (onOff !== undefined && action !== 'maintenance')) throw usageError('node', `unexpected argument "${extra ?? onOff}"`);
    if (onOff !== undefined && onOff !== 'on' && onOff !== 'off') throw usageError('node', `maintenance takes on or off, got "${onOff}"`);
    const reply = await sendAdmin('node', flags, `node.${action}`, { node, ...(action === 'maintenance' ? { on: onOff === 'off' ? 'false' : 'true' } : {}) });
    return printReply(reply, flags.json);
  },
});
