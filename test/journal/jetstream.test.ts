// Runs the Journal contract suite against the JetStream journal on one real nats-server, plus JetStream specifics.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import { startNats, stopAllNats } from '../harness/nats.ts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isQuorateError } from '../../machines/errors.ts';
import { freePorts } from '../../journal/nats-cluster.ts';
import { contractSuite } from './contract.ts';

const nats = await startNats({ size: 1 });
const raw: NatsConnection = await connect({ servers: nats.urls });

const specific = suite('jetstream journal specifics');

specific('jetstream journal: unreachable servers are one journal.unavailable error naming the URLs', async () => {
  const [port] = await freePorts(1);
  const url = `nats://127.0.0.1:${port}`;
  const t0 = Date.now();
  try {
    await createJetStreamJournal({ servers: [url], cluster: 'nowhere', timeout: 2_000 });
    assert.unreachable('connected to nothing');
  } catch (e) {
    assert.ok(isQuorateError(e, 'journal.unavailable'), String(e));
    assert.match((e as Error).message, url);
    assert.not.match((e as Error).message, '\n');
  }
  assert.ok(Date.now() - t0 < 15_000, 'took too long to give up');
});

specific('jetstream journal: an existing stream with other settings is refused, naming them', async () => {
  const j = await createJetStreamJournal({ servers: nats.urls, cluster: 'verify', replicas: 1 });
  await j.close();
  try {
    await createJetStreamJournal({ servers: nats.urls, cluster: 'verify', replicas: 3 });
    assert.unreachable('opened with other replicas');
  } catch (e) {
    assert.ok(isQuorateError(e, 'config.invalid'), String(e));
    assert.match((e as Error).message, 'replicas is 1, not 3');
  }
});

specific.run();

contractSuite('jetstream journal', async (cluster) => {
  const journal = await createJetStreamJournal({ servers: nats.urls, cluster });
  return {
    journal,
    async publishRaw(subject, data) {
      return (await jetstream(raw).publish(subject, data)).seq;
    },
    close: () => journal.close(),
  };
}, {
  async after() {
    await raw.close();
    await stopAllNats();
  },
});
