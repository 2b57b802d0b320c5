// `npm run bench`: runs every bench, or only those named (`npm run bench -- journal`), one after the other.

/** Every bench: a module whose `run()` prints its figures. Add a bench: one file and one line here. */
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  detection: () => import('./detection.ts'),
  journal: () => import('./journal.ts'),
  rebuild: () => import('./rebuild.ts'),
  scheduler: () => import('./scheduler.ts'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !Object.hasOwn(BENCHES, w));
if (unknown.length > 0) {
  console.error(`bench: unknown bench ${unknown.map((u) => `"${u}"`).join(', ')}; benches: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const started = Date.now();
const failed: string[] = [];
for (const name of names) {
  console.log(`=== bench ${name}`);
  try {
    const bench = await BENCHES[name]!();
    await bench.run();
  } catch (e) {
    // One failing bench must not hide the figures of the others.
    failed.push(name);
    console.error(`bench ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
console.log(`\nbenches done in ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
