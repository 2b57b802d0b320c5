// The I/O gate: which containers this node may write, under which epoch, while its quorum lease lasts.
//
// The daemon's storage service keeps the gate in `<stateDir>/io-gate.json` (written atomically), so that any
// process on the node that writes through the block API — the daemon itself, an application, a test writer —
// checks the same gate. The lease makes a dead or paused daemon safe: it renews `validUntil` only while it
// confirms quorum, so when it stops renewing, every write on the node is refused within one lease (seed 001:
// the node fences its own I/O when it cannot renew quorum).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One container as the gate knows it on this node. */
export interface GateEntry {
  /** The epoch the container was activated under on this node. */
  readonly epoch: number;
  /** I/O fenced (journaled ContainerIoFenced, or quorum lost). */
  readonly fenced: boolean;
}

/** The gate file's content. */
export interface GateState {
  readonly node: string;
  readonly quorate: boolean;
  /** ms since epoch until which the quorum lease holds; 0 when it does not. */
  readonly validUntil: number;
  readonly containers: Readonly<Record<string, GateEntry>>;
}

/** The gate file of a node's state directory. */
export function gatePath(stateDir: string): string {
  return join(stateDir, 'io-gate.json');
}

/** Reads the gate; undefined when there is none (no daemon has run storage here). */
export function readGate(stateDir: string): GateState | undefined {
  try {
    return JSON.parse(readFileSync(gatePath(stateDir), 'utf8')) as GateState;
  } catch {
    return undefined;
  }
}

/** Why a write of `container` under `epoch` must be refused at `now` ('' when it may go ahead). Pure. */
export function gateRefusal(gate: GateState | undefined, container: string, epoch: number, now: number): string {
  if (!gate) return 'no I/O gate on this node (is the quorate daemon running?)';
  if (!gate.quorate) return `node ${gate.node} has no quorum`;
  if (now > gate.validUntil) return `the quorum lease of node ${gate.node} expired ${now - gate.validUntil} ms ago`;
  const e = gate.containers[container];
  if (!e) return `container ${container} is not active on node ${gate.node}`;
  if (e.fenced) return `I/O of node ${gate.node} to container ${container} is fenced`;
  if (e.epoch !== epoch) return `epoch ${epoch} is stale: ${container} is active on ${gate.node} under epoch ${e.epoch}`;
  return '';
}

/** The daemon side of the gate: every change is written through at once. */
export interface IoGate {
  state(): GateState;
  setQuorate(quorate: boolean, leaseMs: number): void;
  /** Extends the lease by `leaseMs` from now; only while quorate. */
  renew(leaseMs: number): void;
  activate(container: string, epoch: number): void;
  deactivate(container: string): void;
  setFenced(container: string, fenced: boolean): void;
  /** Forgets every container (the node was given up). */
  dropAll(): void;
}

/** Creates the gate of `node`, starting closed: no quorum, no containers. */
export function createIoGate(stateDir: string, node: string, now: () => number): IoGate {
  let s: GateState = { node, quorate: false, validUntil: 0, containers: {} };
  const write = () => {
    mkdirSync(stateDir, { recursive: true });
    const path = gatePath(stateDir);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(s)}\n`);
    renameSync(`${path}.tmp`, path);
  };
  const set = (next: Partial<GateState>) => {
    s = { ...s, ...next };
    write();
  };
  write();
  return {
    state: () => s,
    setQuorate: (quorate, leaseMs) => set({ quorate, validUntil: quorate ? now() + leaseMs : 0 }),
    renew: (leaseMs) => {
      if (s.quorate) set({ validUntil: now() + leaseMs });
    },
    activate: (container, epoch) => set({ containers: { ...s.containers, [container]: { epoch, fenced: false } } }),
    deactivate: (container) => {
      const { [container]: _gone, ...rest } = s.containers;
      set({ containers: rest });
    },
    setFenced: (container, fenced) => {
      const e = s.containers[container];
      if (e) set({ containers: { ...s.containers, [container]: { ...e, fenced } } });
    },
    dropAll: () => set({ containers: {} }),
  };
}
