// The fault proxy cuts a link as a partition cuts TCP: nothing passes while cut, nothing is lost or reordered, and
// a close behind the cut reaches the other end only when the link heals, after the bytes sent before it.
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startFaultProxy } from './proxy.ts';

async function sink(): Promise<{ port: number; received: () => string; ended: Promise<void>; close: () => void }> {
  let data = '';
  let onEnd: () => void = () => {};
  const ended = new Promise<void>((resolve) => (onEnd = resolve));
  const server = net.createServer((s) => {
    s.on('data', (b) => (data += b.toString()));
    s.on('end', () => onEnd());
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, received: () => data, ended, close: () => server.close() };
}

const until = async (what: string, cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('proxy: bytes sent across a cut are held and delivered in order on heal', async () => {
  const s = await sink();
  const proxy = await startFaultProxy(s.port);
  const c = net.connect(proxy.port, '127.0.0.1');
  await new Promise<void>((resolve) => c.once('connect', () => resolve()));
  c.write('before-');
  await until('the first bytes', () => s.received() === 'before-');
  proxy.cut();
  for (let i = 0; i < 100; i++) c.write(`${i},`);
  // A round trip through the proxy on a second, healthy pipe proves the proxy ran past the held bytes.
  await new Promise((r) => setImmediate(r));
  assert.is(s.received(), 'before-', 'nothing passes a cut link');
  proxy.heal();
  const expected = `before-${Array.from({ length: 100 }, (_, i) => `${i},`).join('')}`;
  await until('the held bytes', () => s.received().length >= expected.length);
  assert.is(s.received(), expected);
  c.destroy();
  await proxy.close();
  s.close();
});

test('proxy: a close behind a cut reaches the other end after heal, after the data sent before it', async () => {
  const s = await sink();
  const proxy = await startFaultProxy(s.port);
  const c = net.connect(proxy.port, '127.0.0.1');
  await new Promise<void>((resolve) => c.once('connect', () => resolve()));
  proxy.cut();
  let endedEarly = false;
  void s.ended.then(() => (endedEarly = true));
  c.end('last words');
  await new Promise<void>((resolve) => c.once('close', () => resolve()));
  assert.is(endedEarly, false, 'the FIN does not cross a cut link');
  proxy.heal();
  await s.ended;
  assert.is(s.received(), 'last words');
  await proxy.close();
  s.close();
});

test.run();
