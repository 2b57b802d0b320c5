// Snapshots on JetStream: KV bucket `quorate_<cluster>_snap`; one larger than the server's max payload goes to the
// object store `quorate_<cluster>_snapobj` and the KV entry points to it.
import type { NatsConnection } from '@nats-io/transport-node';
import type { JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { StorageType } from '@nats-io/jetstream';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import type { SnapshotStore } from './journal.ts';
import { snapshotBucket, snapshotObjectStore } from './subjects.ts';

/** The first byte of a KV value: the snapshot itself follows, or the name of the object holding it. */
const INLINE = 0x00;
const POINTER = 0x01;
/** Room left in a message for headers and the tag byte. */
const HEADROOM = 4096;
const NAME_RE = /^[-_=.A-Za-z0-9]{1,200}$/;

function checkName(name: string): string {
  if (!NAME_RE.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw new QuorateError(ErrorCode.journalBadEntity, `bad snapshot name "${name}": use 1-200 of A-Z a-z 0-9 - _ = . (no leading, trailing or double dot)`, {
      details: { name },
    });
  }
  return name;
}

/** A SnapshotStore on the cluster's KV bucket and object store; both are created on first use. */
export function createJetStreamSnapshots(nc: NatsConnection, js: JetStreamClient, cluster: string, replicas: 1 | 3): SnapshotStore {
  let kv: Promise<KV> | undefined;
  let obj: Promise<ObjectStore> | undefined;
  const bucket = () => (kv ??= new Kvm(js).create(snapshotBucket(cluster), { replicas, history: 1, storage: StorageType.File }).catch((e) => {
    kv = undefined;
    throw unavailable(snapshotBucket(cluster), e);
  }));
  const objects = () => (obj ??= new Objm(js).create(snapshotObjectStore(cluster), { replicas, storage: StorageType.File }).catch((e) => {
    obj = undefined;
    throw unavailable(snapshotObjectStore(cluster), e);
  }));
  const limit = () => Math.max(1024, (nc.info?.max_payload ?? 1024 * 1024) - HEADROOM);

  return {
    async put(name, bytes) {
      checkName(name);
      const store = await bucket();
      const previous = await store.get(name);
      if (bytes.length <= limit()) {
        const value = new Uint8Array(bytes.length + 1);
        value[0] = INLINE;
        value.set(bytes, 1);
        await store.put(name, value);
        if (previous?.value[0] === POINTER) await (await objects()).delete(name);
        return;
      }
      await (await objects()).putBlob({ name }, bytes);
      await store.put(name, Uint8Array.of(POINTER, ...new TextEncoder().encode(name)));
    },
    async get(name) {
      checkName(name);
      const entry = await (await bucket()).get(name);
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return undefined;
      if (entry.value[0] === INLINE) return new Uint8Array(entry.value.subarray(1));
      if (entry.value[0] === POINTER) {
        const target = new TextDecoder().decode(entry.value.slice(1));
        const blob = await (await objects()).getBlob(target);
        if (!blob) throw new QuorateError(ErrorCode.journalUnavailable, `snapshot ${name} points to object ${target}, which is missing from ${snapshotObjectStore(cluster)}`);
        return new Uint8Array(blob);
      }
      throw new QuorateError(ErrorCode.codecMalformed, `snapshot ${name} in ${snapshotBucket(cluster)} has unknown tag ${entry.value[0]}`);
    },
    async delete(name) {
      checkName(name);
      const store = await bucket();
      const previous = await store.get(name);
      if (!previous || previous.operation !== 'PUT') return;
      await store.delete(name);
      if (previous.value[0] === POINTER) await (await objects()).delete(name);
    },
  };
}

function unavailable(what: string, cause: unknown): QuorateError {
  return new QuorateError(ErrorCode.journalUnavailable, `cannot open ${what}: ${(cause as Error).message}`, { cause });
}
