// Finds a nats-server fit for quorate (>= 2.11), or fetches Debian's current one into the project's .cache/.
// Run `tsx journal/nats-server.ts --ensure` to print the binary's path and version.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, copyFileSync, chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, QuorateError } from '../machines/errors.ts';

/** The oldest server quorate accepts: 2.9/2.10 do not serialize expected-sequence checks on replicated streams. */
export const MIN_NATS_VERSION = [2, 11, 0] as const;

/** A usable nats-server binary. */
export interface NatsServerBinary {
  readonly path: string;
  readonly version: string;
  /** Where it came from: the env variable, PATH, the project cache, or a fresh fetch. */
  readonly source: 'env' | 'path' | 'cache' | 'fetched';
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The project's git-ignored cache folder for fetched servers. */
export function natsCacheDir(root = projectRoot): string {
  return join(root, '.cache', 'nats');
}

/** Runs `<bin> --version` and returns e.g. `2.15.1`; undefined when it does not run or says nothing usable. */
export function natsServerVersion(bin: string): string | undefined {
  try {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return /v?(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** True when `version` (`2.11.0`) is at least MIN_NATS_VERSION. */
export function isFitVersion(version: string): boolean {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < MIN_NATS_VERSION.length; i++) {
    const a = parts[i] ?? 0;
    const b = MIN_NATS_VERSION[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The newest fit server already in the cache, if any. */
function fromCache(cacheDir: string): NatsServerBinary | undefined {
  if (!existsSync(cacheDir)) return undefined;
  const versions = readdirSync(cacheDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v) && isFitVersion(v)).sort(compareVersions).reverse();
  for (const v of versions) {
    const path = join(cacheDir, v, 'nats-server');
    if (existsSync(path) && natsServerVersion(path)) return { path, version: v, source: 'cache' };
  }
  return undefined;
}

/**
 * Finds a nats-server: `QUORATE_NATS_SERVER` if set (it must run and be >= 2.11), else `nats-server` on PATH if
 * it is >= 2.11, else one cached under `.cache/nats/`, else Debian's current package fetched from the `sid`
 * suite of the machine's own apt mirror. Errors are one QuorateError line (`nats.not-found`, `nats.fetch-failed`).
 */
export function findNatsServer(options: { root?: string; fetch?: boolean } = {}): NatsServerBinary {
  const fromEnv = process.env['QUORATE_NATS_SERVER'];
  if (fromEnv) {
    const path = resolve(fromEnv);
    const version = natsServerVersion(path);
    if (!version) throw new QuorateError(ErrorCode.natsNotFound, `QUORATE_NATS_SERVER=${fromEnv} does not run as a nats-server (--version failed)`);
    if (!isFitVersion(version)) {
      throw new QuorateError(ErrorCode.natsNotFound, `QUORATE_NATS_SERVER=${fromEnv} is nats-server ${version}; quorate needs ${MIN_NATS_VERSION.join('.')} or newer`);
    }
    return { path, version, source: 'env' };
  }
  const system = onPath('nats-server');
  const systemVersion = system ? natsServerVersion(system) : undefined;
  if (system && systemVersion && isFitVersion(systemVersion)) return { path: system, version: systemVersion, source: 'path' };
  const cacheDir = natsCacheDir(options.root);
  const cached = fromCache(cacheDir);
  if (cached) return cached;
  if (options.fetch === false) {
    throw new QuorateError(
      ErrorCode.natsNotFound,
      `no nats-server >= ${MIN_NATS_VERSION.join('.')}: set QUORATE_NATS_SERVER, or run \`npx tsx journal/nats-server.ts --ensure\`` +
        (systemVersion ? ` (PATH has ${systemVersion})` : ''),
    );
  }
  return fetchDebianNatsServer(cacheDir);
}

/** Reads the machine's Debian mirror URI from deb822 `.sources` files or `sources.list`; never a hard-coded host. */
export function debianMirror(): string {
  const candidates: string[] = [];
  const partsDir = '/etc/apt/sources.list.d';
  const files = existsSync(partsDir) ? readdirSync(partsDir).sort().map((f) => join(partsDir, f)) : [];
  for (const file of files.filter((f) => f.endsWith('.sources'))) {
    for (const stanza of readFileSync(file, 'utf8').split(/\n\s*\n/)) {
      const uris = /^URIs:\s*(.+)$/im.exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
      const suites = /^Suites:\s*(.+)$/im.exec(stanza)?.[1] ?? '';
      if (/^Types:.*\bdeb\b/im.test(stanza) && !/security/.test(suites)) candidates.push(...uris);
    }
  }
  for (const file of ['/etc/apt/sources.list', ...files.filter((f) => f.endsWith('.list'))]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
      if (m && !/security/.test(m[2]!)) candidates.push(m[1]!);
    }
  }
  const uri = candidates.find((u) => /^https?:\/\//.test(u) && !/security/.test(u));
  if (!uri) throw new QuorateError(ErrorCode.natsFetchFailed, 'no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/');
  return uri.replace(/\/+$/, '');
}

/** Fetches `nats-server` from the `sid` suite with a private apt state under `<cacheDir>/apt`; changes nothing system-wide. */
export function fetchDebianNatsServer(cacheDir = natsCacheDir()): NatsServerBinary {
  const mirror = debianMirror();
  const apt = join(cacheDir, 'apt');
  const work = join(cacheDir, 'download');
  rmSync(work, { recursive: true, force: true });
  for (const d of [join(apt, 'lists', 'partial'), join(apt, 'cache', 'archives', 'partial'), work]) mkdirSync(d, { recursive: true });
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  if (!existsSync(keyring)) throw new QuorateError(ErrorCode.natsFetchFailed, `cannot fetch nats-server: ${keyring} is missing (install debian-archive-keyring)`);
  const sourcesList = join(apt, 'sources.list');
  mkdirSync(apt, { recursive: true });
  execFileSync('sh', ['-c', 'cat > "$1"', 'sh', sourcesList], { input: `deb [signed-by=${keyring}] ${mirror} sid main\n` });
  const opts = [
    '-o', `Dir::Etc::sourcelist=${sourcesList}`,
    '-o', 'Dir::Etc::sourceparts=-',
    '-o', 'Dir::Etc::preferencesparts=-',
    '-o', `Dir::State::Lists=${join(apt, 'lists')}`,
    '-o', `Dir::Cache=${join(apt, 'cache')}`,
    '-o', 'APT::Get::List-Cleanup=0',
    '-o', 'APT::Sandbox::User=root',
    '-o', 'Acquire::Languages=none',
    '-q',
  ];
  const run = (args: string[], cwd?: string) => {
    try {
      execFileSync('apt-get', [...opts, ...args], { cwd, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (cause) {
      const err = cause as { stderr?: string; message: string };
      const why = (err.stderr ?? err.message).trim().split('\n').filter((l) => /^(E|W):/.test(l)).join('; ') || err.message.split('\n')[0];
      throw new QuorateError(ErrorCode.natsFetchFailed, `apt-get ${args[0]} of nats-server from ${mirror} sid failed: ${why}`, { cause });
    }
  };
  run(['update']);
  run(['download', 'nats-server'], work);
  const deb = readdirSync(work).find((f) => /^nats-server_.*\.deb$/.test(f));
  if (!deb) throw new QuorateError(ErrorCode.natsFetchFailed, `apt-get download nats-server left no .deb in ${work}`);
  const unpacked = join(work, 'x');
  try {
    execFileSync('dpkg-deb', ['-x', join(work, deb), unpacked], { stdio: 'pipe' });
  } catch (cause) {
    throw new QuorateError(ErrorCode.natsFetchFailed, `dpkg-deb -x ${deb} failed: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  const inner = join(unpacked, 'usr', 'sbin', 'nats-server');
  const version = existsSync(inner) ? natsServerVersion(inner) : undefined;
  if (!version) throw new QuorateError(ErrorCode.natsFetchFailed, `${deb} holds no runnable usr/sbin/nats-server`);
  if (!isFitVersion(version)) throw new QuorateError(ErrorCode.natsFetchFailed, `Debian sid has nats-server ${version}; quorate needs ${MIN_NATS_VERSION.join('.')} or newer`);
  const dir = join(cacheDir, version);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'nats-server');
  copyFileSync(inner, path);
  chmodSync(path, 0o755);
  rmSync(work, { recursive: true, force: true });
  return { path, version, source: 'fetched' };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--ensure')) {
    console.error('usage: tsx journal/nats-server.ts --ensure   (prints the nats-server path and version, fetching it if needed)');
    process.exit(2);
  }
  try {
    const bin = findNatsServer();
    console.log(`${bin.path} ${bin.version} (${bin.source})`);
  } catch (e) {
    console.error(e instanceof QuorateError ? `${e.code}: ${e.message}` : String(e));
    process.exit(1);
  }
}
