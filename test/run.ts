// The test command: runs every test/**/*.test.ts in its own process (a hung or crashed file cannot take the
// others down) and ends with the line `N passed, N failed, N skipped`. The fault suite's files run first, in two
// lanes side by side: `// test-lane: a` (the randomized tier, streamed) and `// test-lane: b` (scenarios, variants,
// self-test; each printed whole when it ends, so the two never interleave). Their invariants hold under any timing,
// so a busy host costs them nothing but time. Every other file then runs alone, one after another: those assert
// placements and timings a second cluster on the same two cores could upset. QUORATE_TEST_LANES=1 runs everything
// one file at a time.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const testDir = join(root, 'test');
const filters = process.argv.slice(2);
const fileTimeoutMs = Number(process.env['QUORATE_TEST_FILE_TIMEOUT_MS'] ?? 15 * 60_000);

/** A file may need longer than the default (the randomized fault tier): `// test-timeout: <minutes> min` in its head. */
function timeoutOf(file: string): number {
  const m = readFileSync(file, 'utf8').slice(0, 2_000).match(/^\/\/ test-timeout: (\d+) min$/m);
  return m ? Math.max(fileTimeoutMs, Number(m[1]) * 60_000) : fileTimeoutMs;
}

function find(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

interface Tally { passed: number; failed: number; skipped: number }

/** The lane a file asks for (`// test-lane: a|b` in its head), '' for none. */
function laneOf(file: string): string {
  return readFileSync(file, 'utf8').slice(0, 2_000).match(/^\/\/ test-lane: ([ab])$/m)?.[1] ?? '';
}

function runFile(file: string, stream: boolean): Promise<Tally & { output: string; code: number | null }> {
  const timeoutMs = timeoutOf(file);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (stream) process.stdout.write(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      output += `\n${relative(root, file)}: timed out after ${timeoutMs} ms\n`;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const num = (label: string) => Number(output.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped');
      if (Number.isNaN(total) || Number.isNaN(passed)) {
        resolve({ passed: 0, failed: 1, skipped: 0, output, code });
        return;
      }
      const failed = total - passed - (Number.isNaN(skipped) ? 0 : skipped);
      // uvu counts tests; a file that exits non-zero with all passing still failed (e.g. a leaked rejection).
      resolve({ passed, failed: failed > 0 ? failed : code === 0 ? 0 : 1, skipped: Number.isNaN(skipped) ? 0 : skipped, output, code });
    });
  });
}

const files = find(testDir).filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)));
const sum: Tally = { passed: 0, failed: 0, skipped: 0 };
const failedFiles: string[] = [];
const started = Date.now();
const twoLanes = Number(process.env['QUORATE_TEST_LANES'] ?? 2) > 1;

async function runLane(lane: readonly string[], stream: boolean): Promise<void> {
  for (const file of lane) {
    const rel = relative(root, file);
    if (stream) console.log(`\n=== ${rel}`);
    const t0 = Date.now();
    const r = await runFile(file, stream);
    sum.passed += r.passed;
    sum.failed += r.failed;
    sum.skipped += r.skipped;
    if (r.failed > 0) failedFiles.push(rel);
    const line = `--- ${rel}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${((Date.now() - t0) / 1000).toFixed(1)} s)`;
    if (stream) console.log(line);
    else process.stdout.write(`\n=== ${rel}\n${r.output}${r.output.endsWith('\n') ? '' : '\n'}${line}\n`);
  }
}

if (twoLanes) {
  const a = files.filter((f) => laneOf(f) === 'a');
  const b = files.filter((f) => laneOf(f) === 'b');
  console.log(`fault suite first, two lanes: ${a.length} file(s) streamed beside ${b.length} printed as each ends; then ${files.length - a.length - b.length} other file(s) one at a time`);
  await Promise.all([runLane(a, true), runLane(b, false)]);
  await runLane(files.filter((f) => !a.includes(f) && !b.includes(f)), true);
} else {
  await runLane(files, true);
}
console.log(`\n${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failedFiles.length) console.log(`failing files:\n  ${failedFiles.join('\n  ')}`);
console.log(`${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
process.exitCode = sum.failed > 0 || files.length === 0 ? 1 : 0;
