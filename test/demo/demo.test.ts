// The demo, end to end, as a person runs it: `npm run demo` must tell the whole failover story and clean up.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { missingAgents } from '../failover/setup.ts';
import { waitFor } from '../harness/nats.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const missing = missingAgents();

function runDemo(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/demo.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => p.kill('SIGINT'), 120_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

if (missing) {
  test.skip(`demo: tells the failover story end to end (skipped: ${missing})`, () => {});
  console.log(`SKIPPED demo: ${missing}`);
} else {
  test('demo: tells the failover story end to end and stops everything it started', async () => {
    const { code, out } = await runDemo();
    assert.is(code, 0, out);
    for (const line of [/elected DC/, /group web running on (n\d)/, /journaled lost \d+ ms after the kill/, /fenced by device kill/, /group web running on n\d \d+ ms after the kill/, /NodeLost/, /FenceSucceeded/, /cluster demo at seq \d+/, /done: stopping daemons and NATS/]) {
      assert.match(out, line);
    }
    const first = /group web running on (n\d)\n/.exec(out)?.[1];
    const moved = /group web running on (n\d) \d+ ms after the kill/.exec(out)?.[1];
    assert.ok(first && moved && first !== moved, `the group moved (${first} -> ${moved})`);
    // Where the kernel allows loop devices the group sits on a private container, and its data survives.
    if (/creating a private cluster container/.test(out)) {
      assert.match(out, /container data taken over by n\d \d+ ms after the kill/);
      assert.match(out, /survived the failover: "start 1 at [^"]+", "start 2 at [^"]+"/);
    } else {
      assert.match(out, /no container with a real filesystem here \(.+\): web-fs is a stand-in Dummy/);
    }
    // Nothing it started is left running.
    await waitFor('every demo daemon to be gone', () => listDemoDaemons().length === 0, 10_000);
  });
}

function listDemoDaemons(): string[] {
  try {
    return execFileSync('pgrep', ['-f', 'cli/quorate.ts daemon --node n[0-9] --cluster demo'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

test.run();
