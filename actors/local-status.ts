// The daemon's local status file: what this node believes right now, readable even when it cannot reach the cluster.
import { mkdirSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** This node's own view: written to `<stateDir>/status.json` on every change. */
export interface LocalStatus {
  readonly node: string;
  readonly incarnation: string;
  readonly pid: number;
  readonly quorate: boolean;
  readonly ioFenced: boolean;
  readonly dc: string;
  readonly term: number;
  readonly isDc: boolean;
  readonly position: number;
  readonly leaving: boolean;
  readonly updatedAt: string;
}

/** Writes atomically (rename), so a reader never sees half a file. */
export function writeLocalStatus(stateDir: string, status: LocalStatus): void {
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, 'status.json');
  writeFileSync(`${path}.tmp`, `${JSON.stringify(status)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Reads it back; undefined when absent or unreadable. */
export function readLocalStatus(stateDir: string): LocalStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, 'status.json'), 'utf8')) as LocalStatus;
  } catch {
    return undefined;
  }
}
