// `quorate cluster maintenance on|off`: cluster-wide maintenance mode (the maintenance-mode option), through the DC.
import { usageError } from './args.ts';
import { defineCommand } from './command.ts';
import { ADMIN_FLAGS, printReply, sendAdmin } from './admin-client.ts';

export const command = defineCommand({
  verb: 'cluster',
  summary: 'cluster maintenance on|off: leave every resource alone, or manage them again (through the DC)',
  flags: ADMIN_FLAGS,
  positionals: 'maintenance <on|off>',
  async main(flags, words) {
    const [what, onOff, extra] = words;
    if (what !== 'maintenance') throw usageError('cluster', `expected "maintenance on|off", got ${what ? `"${what}"` : 'nothing'}`);
    if ((onOff !== 'on' && onOff !== 'off') || extra !== undefined) throw usageError('cluster', `maintenance takes on or off, got "${[onOff, extra].filter(Boolean).join(' ')}"`);
    const reply = await sendAdmin('cluster', flags, 'cluster.maintenance', { on: onOff === 'on' ? 'true' : 'false' });
    return printReply(reply, flags.json);
  },
});
