// The watchdog process (the seeds' KernelKill): if the daemon stops petting it, it kills the node's process group.
// Usage (spawned by actors/watchdog.ts): watchdog-main.ts <timeout-ms> <pgid>. Pets arrive as bytes on stdin.
const timeoutMs = Number(process.argv[2]);
const pgid = Number(process.argv[3]);
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || !Number.isInteger(pgid) || pgid <= 1) {
  console.error(`watchdog: usage: watchdog-main.ts <timeout-ms> <pgid>; got ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}

let last = performance.now();
let disarmed = false;
process.stdin.on('data', (chunk: Buffer) => {
  if (chunk.includes(0x53 /* 'S' */)) disarmed = true; // graceful stop: the daemon is leaving on purpose
  last = performance.now();
});
process.stdin.on('end', () => {
  // The daemon closed the pipe: it exited (or crashed). A crash leaves nothing to kill; exit quietly.
  process.exit(0);
});

const tick = setInterval(() => {
  if (disarmed) return;
  const silent = performance.now() - last;
  if (silent > timeoutMs) {
    clearInterval(tick);
    console.error(`watchdog: daemon silent for ${Math.round(silent)} ms > ${timeoutMs} ms: killing process group ${pgid}`);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Not a group leader (e.g. started under a supervisor that owns the group): kill the daemon itself.
      try {
        process.kill(pgid, 'SIGKILL');
      } catch (e) {
        console.error(`watchdog: kill ${pgid} failed: ${(e as Error).message}`);
        process.exit(1);
      }
    }
  }
}, Math.max(10, Math.min(100, timeoutMs / 10)));
