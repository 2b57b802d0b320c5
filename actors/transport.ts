// Plain-NATS transport for heartbeats and admin requests: with journal/, the only importer of the NATS client.
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { decodeMessage, encodeMessage } from '../journal/codec.ts';
import { commandSubject, heartbeatSubject, stateSubject } from '../journal/subjects.ts';
import { ErrorCode, QuorateError } from '../machines/errors.ts';
import type { AdminReply, AdminRequest, Heartbeat, NodeStateReply } from '../proto/generated.ts';

/** Heartbeats out and in, admin requests served and sent. */
export interface Transport {
  publishHeartbeat(hb: Heartbeat): void;
  /** Calls `handler` for every heartbeat of the cluster (its own included); returns an unsubscribe. */
  onHeartbeat(handler: (hb: Heartbeat) => void): () => void;
  /** Answers admin requests on `quorate.<cluster>.cmd` (only the DC serves); returns a stop. */
  serveAdmin(handler: (req: AdminRequest) => Promise<AdminReply>): () => void;
  /** Sends an admin request to whoever serves (the DC). */
  requestAdmin(req: AdminRequest, timeoutMs: number): Promise<AdminReply>;
  /** Answers `quorate.<cluster>.state.<node>` with this node's live position and digest; returns a stop. */
  serveState(node: string, answer: (withEntities: boolean) => NodeStateReply): () => void;
  /** Asks one node for its live position and digest (and each entity's, with `entities`); undefined when it does not
   * answer within `timeoutMs`. */
  requestState(node: string, timeoutMs: number, entities?: boolean): Promise<NodeStateReply | undefined>;
  /** True while the connection is up. */
  connected(): boolean;
  close(): Promise<void>;
}

export interface TransportOptions {
  readonly servers: readonly string[];
  readonly cluster: string;
  readonly name: string;
}

/** Connects a transport; unreachable servers are one `journal.unavailable` error naming them. */
export async function createTransport(options: TransportOptions): Promise<Transport> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: [...options.servers],
      name: options.name,
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
      reconnectJitter: 100,
      pingInterval: 2000,
      maxPingOut: 2,
    });
  } catch (cause) {
    throw new QuorateError(ErrorCode.journalUnavailable, `cannot reach NATS at ${options.servers.join(', ')}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let up = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') up = false;
      if (s.type === 'reconnect') up = true;
    }
  })();
  const subs = new Set<Subscription>();
  const track = (sub: Subscription) => {
    subs.add(sub);
    return () => {
      subs.delete(sub);
      sub.unsubscribe();
    };
  };
  return {
    publishHeartbeat(hb) {
      if (nc.isClosed()) return;
      nc.publish(heartbeatSubject(options.cluster, hb.node), encodeMessage('Heartbeat', hb));
    },
    onHeartbeat(handler) {
      const sub = nc.subscribe(`quorate.${options.cluster}.hb.*`, {
        callback: (err, msg) => {
          if (err) return;
          try {
            handler(decodeMessage<Heartbeat>('Heartbeat', msg.data));
          } catch {
            // A foreign or garbled heartbeat is not a peer; ignoring it loses nothing (not journaled).
          }
        },
      });
      return track(sub);
    },
    serveAdmin(handler) {
      const sub = nc.subscribe(commandSubject(options.cluster), {
        queue: 'quorate-dc',
        callback: (err, msg) => {
          if (err) return;
          let req: AdminRequest;
          try {
            req = decodeMessage<AdminRequest>('AdminRequest', msg.data);
          } catch (e) {
            msg.respond(encodeMessage('AdminReply', { ok: false, code: ErrorCode.codecMalformed, message: (e as Error).message }));
            return;
          }
          handler(req).then(
            (reply) => msg.respond(encodeMessage('AdminReply', reply)),
            (e: unknown) =>
              msg.respond(
                encodeMessage('AdminReply', {
                  requestId: req.requestId,
                  ok: false,
                  code: e instanceof QuorateError ? e.code : 'internal',
                  message: e instanceof Error ? e.message : String(e),
                }),
              ),
          );
        },
      });
      return track(sub);
    },
    serveState(node, answer) {
      const sub = nc.subscribe(stateSubject(options.cluster, node), {
        callback: (err, msg) => {
          if (!err) msg.respond(encodeMessage('NodeStateReply', answer(new TextDecoder().decode(msg.data) === 'entities')));
        },
      });
      return track(sub);
    },
    async requestState(node, timeoutMs, entities = false) {
      try {
        const body = entities ? new TextEncoder().encode('entities') : new Uint8Array();
        const msg = await nc.request(stateSubject(options.cluster, node), body, { timeout: timeoutMs });
        return decodeMessage<NodeStateReply>('NodeStateReply', msg.data);
      } catch {
        return undefined; // down, cut off, or not a node of this cluster: the caller reports who did not answer
      }
    },
    async requestAdmin(req, timeoutMs) {
      try {
        const msg = await nc.request(commandSubject(options.cluster), encodeMessage('AdminRequest', req), { timeout: timeoutMs });
        return decodeMessage<AdminReply>('AdminReply', msg.data);
      } catch (cause) {
        throw new QuorateError(
          ErrorCode.journalUnavailable,
          `no DC answered "${req.verb}" within ${timeoutMs} ms: the cluster may have no quorum or be electing a DC`,
          { cause },
        );
      }
    },
    connected: () => up && !nc.isClosed(),
    async close() {
      for (const s of subs) s.unsubscribe();
      subs.clear();
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    },
  };
}
