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
  /** Cuts the link both ways (blackhole: bytes vanish, connections stay open as on a real partition). */
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

  const forward = (from: net.Socket, to: net.Socket, mode: () => LinkMode) => {
    // Delays keep order: each chunk leaves no earlier than the one before it.
    let lastDue = 0;
    from.on('data', (chunk) => {
      const m = mode();
      if (m.kind === 'blackhole') return;
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
    });
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pipe: Pipe = { client, server: upstream };
    pipes.add(pipe);
    const close = () => {
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    forward(client, upstream, () => up);
    forward(upstream, client, () => down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    set(u, d = u) {
      up = u;
      down = d;
    },
    cut() {
      up = { kind: 'blackhole' };
      down = { kind: 'blackhole' };
    },
    heal() {
      up = { kind: 'pass' };
      down = { kind: 'pass' };
    },
    reset() {
      for (const p of pipes) {
        p.client.resetAndDestroy();
        p.server.resetAndDestroy();
      }
      pipes.clear();
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
