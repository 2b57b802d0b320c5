// NATS provisioning: finding a fit server, the config quorate writes, and a harness that always stops what it started.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isQuorateError } from '../../machines/errors.ts';
import { debianMirror, findNatsServer, isFitVersion } from '../../journal/nats-server.ts';
import { renderNatsConfig } from '../../journal/nats-config.ts';
import { withNats } from '../harness/nats.ts';

const alive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};

test('nats: versions below 2.11 are unfit', () => {
  assert.ok(isFitVersion('2.11.0'));
  assert.ok(isFitVersion('2.15.1'));
  assert.ok(isFitVersion('3.0.0'));
  assert.not.ok(isFitVersion('2.10.29'));
  assert.not.ok(isFitVersion('2.9.10'));
});

test('nats: a QUORATE_NATS_SERVER that does not run is one nats.not-found error naming it', () => {
  const saved = process.env['QUORATE_NATS_SERVER'];
  process.env['QUORATE_NATS_SERVER'] = '/nonexistent/nats-server';
  try {
    findNatsServer();
    assert.unreachable();
  } catch (e) {
    assert.ok(isQuorateError(e, 'nats.not-found'), String(e));
    assert.match((e as Error).message, '/nonexistent/nats-server');
  } finally {
    if (saved === undefined) delete process.env['QUORATE_NATS_SERVER'];
    else process.env['QUORATE_NATS_SERVER'] = saved;
  }
});

test('nats: the server found is fit, and the mirror comes from the machine', () => {
  const bin = findNatsServer();
  assert.ok(isFitVersion(bin.version), bin.version);
  assert.match(debianMirror(), /^https?:\/\//);
});

test('nats: configs fsync always and a cluster routes to its peers', () => {
  const conf = renderNatsConfig({
    name: 'n2', clientPort: 4222, httpPort: 8222, storeDir: '/tmp/s',
    cluster: { name: 'q', port: 6002, routes: [6001, 6002, 6003] },
  });
  assert.match(conf, 'sync_interval: always');
  assert.match(conf, 'server_name: "n2"');
  assert.match(conf, 'nats-route://127.0.0.1:6001');
  assert.match(conf, 'nats-route://127.0.0.1:6003');
  assert.not.match(conf, 'nats-route://127.0.0.1:6002');
});

test('nats: the harness stops its servers when the test body throws', async () => {
  let pid = 0;
  try {
    await withNats({ size: 1 }, async (c) => {
      pid = c.servers[0]!.pid!;
      assert.ok(alive(pid));
      throw new Error('boom');
    });
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'boom');
  }
  assert.ok(pid > 0);
  assert.not.ok(alive(pid), `nats-server ${pid} still running`);
});

test.run();
