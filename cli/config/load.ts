// Loads cluster.yaml for apply and verify: read, check, and place the problems the DC reports back by path.
import { readFileSync } from 'node:fs';
import type { ConfigIssue } from '../../actors/services/config-model.ts';
import { usageError } from '../args.ts';
import { formatConfigError, type ConfigError } from './reader.ts';
import { readConfig, type ReadConfig } from './schema.ts';

/** Reads `-f <file>`; an unreadable file is a usage error naming it. */
export function loadConfig(verb: string, file: string | undefined): ReadConfig {
  if (!file) throw usageError(verb, '-f <file> is required (the cluster configuration, YAML)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(verb, `-f ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return readConfig(file, text);
}

/** Issues found against a state (paths only), placed in the file by the reader. Pure. */
export function placeIssues(read: ReadConfig, issues: readonly ConfigIssue[]): ConfigError[] {
  return issues.map((i) => ({ file: read.reader.file, ...read.reader.place(i.path), path: i.path, message: i.message }));
}

/** Prints problems, one line each, then how many and that nothing changed. */
export function printProblems(errors: readonly ConfigError[]): void {
  const lines = [...errors].sort((a, b) => a.line - b.line || a.col - b.col).map(formatConfigError);
  process.stderr.write(`${lines.join('\n')}\n${errors.length} problem${errors.length > 1 ? 's' : ''}; nothing was changed\n`);
}
