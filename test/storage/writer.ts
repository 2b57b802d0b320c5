// A tiny application for the storage tests: writes numbered records through the block API, logging every attempt.
//
// usage: writer.ts --disk <member disk> --container <id> --volume <name> --state-dir <node state dir> --tag <TAG>
//          --log <file> [--epoch <n>] [--gate off] [--count <n>] [--interval-ms <n>]
// Its epoch is the one its node's gate activated the container under (or --epoch). Record i is "<TAG>-<i>"
// padded to 64 bytes at volume offset (i mod 1024) * 64. Each attempt is one JSON line appended synchronously
// to --log (it survives SIGKILL): { i, tag, offset, record, ok, reason, at }.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gateRefusal, openVolume, readDisk, readGate } from '../../actors/storage/index.ts';

const { values: a } = parseArgs({
  options: {
    disk: { type: 'string' }, container: { type: 'string' }, volume: { type: 'string' }, 'state-dir': { type: 'string' },
    tag: { type: 'string' }, log: { type: 'string' }, epoch: { type: 'string' }, gate: { type: 'string' },
    count: { type: 'string' }, 'interval-ms': { type: 'string' },
  },
});
const need = (k: keyof typeof a) => a[k] ?? (console.error(`writer: --${k} is required`), process.exit(2));
const stateDir = need('state-dir') as string;
const container = need('container') as string;
const log = need('log') as string;
const tag = need('tag') as string;
const count = Number(a.count ?? 1e9);
const interval = Number(a['interval-ms'] ?? 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let epoch = a.epoch !== undefined ? Number(a.epoch) : 0;
while (epoch === 0) {
  epoch = readGate(stateDir)?.containers[container]?.epoch ?? 0;
  if (epoch === 0) await sleep(50);
}
// The volume table on disk follows the journal within a heartbeat or two: wait for the volume to appear.
let md = readDisk(need('disk') as string).metadata;
for (let n = 0; !md?.volumes.some((v) => v.name === a.volume) && n < 200; n++) {
  await sleep(50);
  md = readDisk(need('disk') as string).metadata;
}
if (!md) {
  console.error('writer: no metadata on the disk');
  process.exit(2);
}
const gate = a.gate === 'off' ? () => '' : (c: string, e: number) => gateRefusal(readGate(stateDir), c, e, Date.now());
const vol = openVolume(md, need('volume') as string, epoch, gate);
appendFileSync(log, `${JSON.stringify({ start: true, tag, epoch, pid: process.pid })}\n`);
for (let i = 0; i < count; i++) {
  const record = `${tag}-${i}`.padEnd(64, '.');
  const offset = (i % 1024) * 64;
  let ok = true;
  let reason = '';
  try {
    vol.write(offset, Buffer.from(record));
  } catch (e) {
    ok = false;
    reason = (e as Error).message;
  }
  appendFileSync(log, `${JSON.stringify({ i, tag, offset, record, ok, reason, at: Date.now() })}\n`);
  await sleep(interval);
}
vol.close();
