// The options decider: set or unset cluster options, each value checked against the option schema.
import type { SnapshotFrom } from 'xstate';
import type { Fact } from '../../proto/generated.ts';
import { ensureLegal, reject, sortedRecord } from '../legal.ts';
import { optionsMachine } from './options.machine.ts';
import { optionProblem } from './options-schema.ts';

/** Commands on cluster/options. */
export type OptionsCommand =
  | { type: 'SetOptions'; options: Record<string, string> }
  | { type: 'UnsetOptions'; names: string[] };

const ENTITY = 'cluster/options';

/**
 * Decides an options command. Pure. SetOptions journals ClusterOptionsDefined the first time and
 * ClusterOptionsChanged (a merge) after; every name must be known and every value valid, or the command is
 * refused naming the option and what was expected. Setting values that are all already in force is a
 * no-op ([]). UnsetOptions refuses names that are not set.
 */
export function decideOptions(command: OptionsCommand, snapshot: SnapshotFrom<typeof optionsMachine>, at: number): Fact[] {
  const c = snapshot.context;
  const no = (reason: string): never => reject(ENTITY, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(optionsMachine, snapshot, ENTITY, command.type, facts, at);
  switch (command.type) {
    case 'SetOptions': {
      const options = command.options;
      if (typeof options !== 'object' || options === null || Array.isArray(options) || Object.keys(options).length === 0) {
        no('options must be a non-empty object of option name -> value');
      }
      const problems = Object.keys(options).sort().map((k) => optionProblem(k, options[k] as string)).filter((p) => p !== '');
      if (problems.length > 0) no(problems.join('; '));
      const trimmed = sortedRecord(Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.trim()])));
      if (snapshot.matches('unset')) return legal([{ type: 'ClusterOptionsDefined', options: trimmed }]);
      if (Object.entries(trimmed).every(([k, v]) => c.options[k] === v)) return [];
      return legal([{ type: 'ClusterOptionsChanged', options: trimmed }]);
    }
    case 'UnsetOptions': {
      if (!Array.isArray(command.names) || command.names.length === 0) no('names must be a non-empty list of option names');
      const missing = command.names.filter((n) => !Object.hasOwn(c.options, n));
      if (missing.length > 0) no(`option${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
      return legal([{ type: 'ClusterOptionsRemoved', names: [...new Set(command.names)].sort() }]);
    }
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}
