// `quorate resource move|ban|clear|cleanup|restart|locate|enable|disable <r> [node]`: answered by the DC from any node.
import { usageError } from './args.ts';
import { defineCommand } from './command.ts';
import { ADMIN_FLAGS, printReply, sendAdmin } from './admin-client.ts';

const ACTIONS: Record<string, string> = {
  move: 'prefer <node> (cli-prefer-<r>, INFINITY); without a node, ban it from where it runs',
  ban: 'keep it off <node> (cli-ban-<r>-on-<node>, -INFINITY); default: where it runs',
  clear: 'remove the move and ban constraints (on <node> only, when given)',
  cleanup: 'reset its fail counts (on <node>) and re-probe it',
  restart: 'stop it where it runs; the scheduler starts it again',
  locate: 'print where it runs',
  enable: 'target-role Started',
  disable: 'target-role Stopped',
};

export const command = defineCommand({
  verb: 'resource',
  summary: 'move, ban, clear, clean up, restart, locate, enable or disable a resource or group (through the DC)',
  flags: ADMIN_FLAGS,
  positionals: '<action> <resource> [node]',
  details: `actions:\n${Object.entries(ACTIONS).map(([k, v]) => `  ${k.padEnd(8)} ${v}`).join('\n')}\nexample: quorate resource move web n2 --cluster prod`,
  async main(flags, words) {
    const [action, resource, node, extra] = words;
    if (!action || !Object.hasOwn(ACTIONS, action)) throw usageError('resource', `expected an action (${Object.keys(ACTIONS).join(', ')}), got ${action ? `"${action}"` : 'none'}`);
    if (!resource) throw usageError('resource', `${action} needs a resource id`);
    if (extra !== undefined || (node !== undefined && ['restart', 'locate', 'enable', 'disable'].includes(action))) throw usageError('resource', `unexpected argument "${extra ?? node}"`);
    const reply = await sendAdmin('resource', flags, `resource.${action}`, { resource, ...(node ? { node } : {}) });
    return printReply(reply, flags.json);
  },
});
