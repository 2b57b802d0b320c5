// Fast start for the `quorate` command: runs a pre-built esbuild bundle of the CLI from .cache/cli/, rebuilt
// when any source it was built from changed; plain JavaScript because it runs before any TypeScript loader.
// Why: tsx compiling ~150 files and node resolving every package cost 0.5-1 s per command (issue 6 item 7).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, '.cache', 'cli');
const manifestFile = join(cacheDir, 'current.json');
/** Besides the sources: a changed lock file means changed dependencies, which the bundle contains. */
const EXTRA_INPUTS = ['package-lock.json', 'package.json', 'cli/launch.mjs'];
/** Bump when the build options change, so an old bundle is not taken for a fresh one. */
const FORMAT = 1;

/** The manifest of the current bundle if every input is older than its build, else null. */
function freshBundle() {
  let m;
  try {
    m = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return null;
  }
  if (m.format !== FORMAT || m.root !== root || m.node !== process.version) return null;
  try {
    for (const file of [...m.inputs, ...EXTRA_INPUTS]) if (statSync(join(root, file)).mtimeMs > m.builtAt) return null;
    statSync(join(cacheDir, m.dir, 'quorate.js'));
  } catch {
    return null; // an input was deleted or the bundle is gone: rebuild
  }
  return m;
}

/** Builds the bundle into a new folder and points the manifest at it (rename: concurrent builds never mix). */
async function build() {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild');
  const builtAt = Date.now();
  const dir = `b-${process.pid}-${builtAt}`;
  const out = join(cacheDir, dir);
  // A bundled file keeps its own import.meta.url (files locate the project root and sibling files by it).
  const keepMetaUrl = {
    name: 'keep-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
  const result = await esbuild.build({
    stdin: { contents: "import { runCli } from './cli/quorate.ts';\nawait runCli(process.argv.slice(2));\n", resolveDir: root, sourcefile: 'quorate-entry.ts', loader: 'ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    outdir: out,
    entryNames: 'quorate',
    metafile: true,
    logLevel: 'silent',
    sourcemap: 'linked',
    // CommonJS packages bundled into ESM still call require() (protobufjs probes for Buffer with it).
    banner: { js: "import { createRequire as __quorateRequire } from 'node:module'; const require = __quorateRequire(import.meta.url);" },
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules') && f !== 'quorate-entry.ts').map((f) => relative(root, join(root, f)));
  const manifest = { format: FORMAT, root, node: process.version, builtAt, dir, inputs };
  const tmp = join(cacheDir, `current.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, manifestFile);
  sweep(dir);
  return manifest;
}

/** Removes bundles older than ten minutes other than the current one (a running command may still load chunks). */
function sweep(current) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('b-') || name === current) continue;
    const at = Number(name.split('-')[2]);
    if (Date.now() - at > 10 * 60_000) rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
}

/** Without a bundle (QUORATE_NO_BUNDLE=1, or esbuild failed): the sources through tsx, in this process. */
async function runFromSources() {
  await import(pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href);
  const { runCli } = await import(pathToFileURL(join(root, 'cli', 'quorate.ts')).href);
  await runCli(process.argv.slice(2));
}

if (process.env['QUORATE_NO_BUNDLE'] === '1') {
  await runFromSources();
} else {
  let m = freshBundle();
  if (!m) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      m = await build();
    } catch (e) {
      if (process.env['QUORATE_DEBUG'] === '1') process.stderr.write(`quorate: no bundle (${e instanceof Error ? e.message : e}); running from sources\n`);
    }
  }
  if (m) await import(pathToFileURL(join(cacheDir, m.dir, 'quorate.js')).href);
  else await runFromSources();
}
