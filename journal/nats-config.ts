// nats-server configuration as quorate writes it: JetStream with fsync on every write, and optional clustering.

/** One server's configuration. */
export interface NatsServerConfig {
  /** Unique `server_name` (required for JetStream clusters). */
  readonly name: string;
  readonly host?: string;
  readonly clientPort: number;
  /** Monitoring port for `/healthz` and `/jsz`; omit to disable. */
  readonly httpPort?: number;
  readonly storeDir: string;
  /** Largest message the server accepts, bytes (nats-server's default is 1 MiB). */
  readonly maxPayload?: number;
  readonly cluster?: {
    readonly name: string;
    readonly port: number;
    /** Every member's cluster port (this server's own is skipped). */
    readonly routes: readonly number[];
    /**
     * Route URLs to use instead of `routes` (e.g. through fault proxies). Route pooling and gossiped implicit
     * routes are then switched off, so every server-to-server byte goes through these URLs.
     */
    readonly routeUrls?: readonly string[];
  };
}

const quote = (s: string) => JSON.stringify(s);

/**
 * Renders a nats-server config. JetStream always uses `sync_interval: always`: Jepsen's NATS analysis lost
 * acknowledged writes with the default lazy fsync, and the journal is the cluster's only truth.
 */
export function renderNatsConfig(c: NatsServerConfig): string {
  const host = c.host ?? '127.0.0.1';
  const lines = [
    `server_name: ${quote(c.name)}`,
    `listen: ${quote(`${host}:${c.clientPort}`)}`,
  ];
  if (c.httpPort !== undefined) lines.push(`http: ${quote(`${host}:${c.httpPort}`)}`);
  if (c.maxPayload !== undefined) lines.push(`max_payload: ${c.maxPayload}`);
  lines.push('jetstream {', `  store_dir: ${quote(c.storeDir)}`, '  sync_interval: always', '}');
  if (c.cluster) {
    const given = c.cluster.routeUrls;
    const urls = given ?? c.cluster.routes.filter((p) => p !== c.cluster!.port).map((p) => `nats-route://${host}:${p}`);
    const routes = urls.map((u) => `    ${quote(u)}`);
    lines.push(
      'cluster {',
      `  name: ${quote(c.cluster.name)}`,
      `  listen: ${quote(`${host}:${c.cluster.port}`)}`,
      ...(given ? ['  pool_size: -1', '  no_advertise: true'] : []),
      '  routes: [',
      ...routes,
      '  ]',
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}
