// Test helpers for the executors: real-agent availability (skip with a visible reason), temp dirs, process probes.
import { accessSync, constants, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { test as uvuTest } from 'uvu';

/** Why the real agents at `paths` cannot be used here, or undefined when all are installed. */
export function missingAgents(...paths: string[]): string | undefined {
  // QUORATE_TEST_HIDE_AGENTS=1 shows what a machine without the agents reports.
  if (process.env['QUORATE_TEST_HIDE_AGENTS']) return 'real agents hidden by QUORATE_TEST_HIDE_AGENTS';
  const missing = paths.filter((p) => {
    try {
      accessSync(p, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  return missing.length === 0 ? undefined : `real agents not installed (${missing.join(', ')}); run .ci/install-agents`;
}

/** Registers `title` as a test, or, when `missing` names a reason, as a skipped one with a visible SKIPPED line. */
export function testIf(test: typeof uvuTest, missing: string | undefined, title: string, fn: () => Promise<void> | void): void {
  if (missing === undefined) {
    test(title, fn);
    return;
  }
  console.log(`  SKIPPED '${title}': ${missing}`);
  test.skip(title, fn);
}

/** A fresh temp dir with `state/` (HA_RSCTMP) and `run/` (HA_VARRUN); `cleanup()` removes it. */
export function tempDirs(prefix: string): { root: string; state: string; run: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), `quorate-${prefix}-`));
  const state = join(root, 'state');
  const run = join(root, 'run');
  mkdirSync(state);
  mkdirSync(run);
  return { root, state, run, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Live (non-zombie) pids whose environment holds `needle` (e.g. `OCF_RESOURCE_INSTANCE=x`). */
export function pidsWithEnv(needle: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(needle)) out.push(Number(name));
    } catch { /* gone or not ours */ }
  }
  return out;
}

/** Polls `check` every 50 ms until it returns true or `deadlineMs` passes; returns the last answer. */
export async function waitFor(check: () => boolean | Promise<boolean>, deadlineMs = 10_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The installed real agents the tests use. */
export const OCF = '/usr/lib/ocf/resource.d';
export const HB_DUMMY = `${OCF}/heartbeat/Dummy`;
export const PCMK_DUMMY = `${OCF}/pacemaker/Dummy`;
export const ANYTHING = `${OCF}/heartbeat/anything`;
export const IPADDR2 = `${OCF}/heartbeat/IPaddr2`;
export const FENCE_DUMMY = '/usr/sbin/fence_dummy';
