// Runs the Journal contract suite against the JetStream journal on one real nats-server, plus JetStream specifics.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createJetStreamJournal } from '../../journal/jetstream.ts';
import { startNats, stopAllNats } from '../harness/nats.ts';
import { contractSuite } from './contract.ts';

const nats = await startNats({ size: 1 });
const raw: NatsConnection = await connect({ servers: nats.urls });

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
