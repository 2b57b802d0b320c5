// A TCP fault proxy for one link (client->server or server->server): pass, delay with jitter, blackhole, reset; per direction.
import net from 'node:net';

/** What the proxy does to bytes going one way. */
export type LinkMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'delay'; readonly ms: number; readonly jitterMs?: number }
  | { readonly kind: 'blackhole' };

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  /** Sets the mode for bytes towards the target (`up`) and back to the client (`down`). */
  set(up: LinkMode, down?: LinkMode): void;
  /**
   * Cuts the link both ways as a real partition does to TCP: connections stay open, nothing gets through, and
   * what was sent meanwhile is held (TCP retransmits it) and delivered in order when the link heals — unless an
   * endpoint gave up on the connection first. Bytes never vanish from the middle of a live connection: no
   * network does that to TCP, and NATS's protocol (route interest, for one) rightly assumes it cannot happen.
   */
  cut(): void;
  /** Restores pass-through both ways. */
  heal(): void;
  /** Resets (RSTs) every open connection; new ones are accepted. */
  reset(): void;
  close(): Promise<void>;
}

interface Pipe {
  client: net.Socket;
  server: net.Socket;
}

/** Listens on a free loopback port and forwards to `targetPort`. `random` drives jitter (seeded by tests). */
export async function startFaultProxy(targetPort: number, random: () => number = Math.random): Promise<FaultProxy> {
  let up: LinkMode = { kind: 'pass' };
  let down: LinkMode = { kind: 'pass' };
  const pipes = new Set<Pipe>();

  /** Called when the modes change: held bytes go on (in order) once their direction passes again. */
  const releases = new Set<() => void>();

  const forward = (from: net.Socket, to: net.Socket, mode: () => LinkMode): (() => void) => {
    // Delays keep order: each chunk leaves no earlier than the one before it.
    let lastDue = 0;
    const held: Buffer[] = [];
    const send = (chunk: Buffer) => {
      const m = mode();
      if (m.kind === 'pass' && lastDue <= Date.now()) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      const wait = m.kind === 'delay' ? m.ms + (m.jitterMs ?? 0) * random() : 0;
      const due = Math.max(Date.now() + wait, lastDue);
      lastDue = due;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due - Date.now());
    };
    from.on('data', (chunk: Buffer) => {
      if (mode().kind === 'blackhole' || held.length > 0) {
        // Stop reading: the sender's buffers fill and it blocks, as behind a dead link.
        held.push(chunk);
        from.pause();
        return;
      }
      send(chunk);
    });
    return () => {
      if (mode().kind === 'blackhole') return;
      while (held.length > 0) send(held.shift()!);
      from.resume();
    };
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pipe: Pipe = { client, server: upstream };
    pipes.add(pipe);
    let release = () => {};
    let closing = false;
    const destroy = () => {
      pipes.delete(pipe);
      releases.delete(release);
      client.destroy();
      upstream.destroy();
    };
    // An endpoint that closes behind a cut link: its peer learns of it only when the link heals (after the bytes
    // it had sent before), as a FIN would reach it.
    const close = () => {
      if (closing) return;
      closing = true;
      if (up.kind !== 'blackhole' && down.kind !== 'blackhole') destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    const releaseUp = forward(client, upstream, () => up);
    const releaseDown = forward(upstream, client, () => down);
    release = () => {
      releaseUp();
      releaseDown();
      if (closing && up.kind !== 'blackhole' && down.kind !== 'blackhole') {
        // What was held is written by now: end (not destroy) so it is delivered before the FIN.
        client.end();
        upstream.end();
        setTimeout(destroy, 1_000).unref();
      }
    };
    releases.add(release);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    set(u, d = u) {
      up = u;
      down = d;
      for (const r of [...releases]) r();
    },
    cut() {
      up = { kind: 'blackhole' };
      down = { kind: 'blackhole' };
    },
    heal() {
      up = { kind: 'pass' };
      down = { kind: 'pass' };
      for (const r of [...releases]) r();
    },
    reset() {
      for (const p of pipes) {
        p.client.resetAndDestroy();
        p.server.resetAndDestroy();
      }
      pipes.clear();
      releases.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pipes) {
          p.client.destroy();
          p.server.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
