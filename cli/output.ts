// Buffered line output for verbs that print many lines: batches writes, honours back-pressure, flushes when idle.
import type { Writable } from 'node:stream';

/** Writes lines to a stream in batches; `flush()` before exiting. */
export interface LineWriter {
  /** Queues one line (without its newline); resolves at once unless the stream asks us to wait. */
  line(text: string): Promise<void>;
  /** Writes out everything queued. */
  flush(): Promise<void>;
}

const BATCH = 64 * 1024;

/**
 * A LineWriter over `stream`. Lines queued in one burst go out together; a line
 * queued before the process goes idle (e.g. `--follow` waiting for the next
 * fact) is written within one turn of the event loop, so a reader sees it.
 */
export function createLineWriter(stream: Writable = process.stdout): LineWriter {
  let buf = '';
  let scheduled = false;
  const write = async () => {
    scheduled = false;
    if (buf === '') return;
    const chunk = buf;
    buf = '';
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  return {
    async line(text) {
      buf += `${text}\n`;
      if (buf.length >= BATCH) return write();
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void write());
      }
    },
    flush: write,
  };
}
