// The bulk half of a finite read: an ordered consumer in callback mode feeding a bounded buffer, so replay pays one
// async hop per fact (the reader's) instead of two (the client's iterator, then ours); see bench/journal.
import { DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { matches } from './filter.ts';
import type { JournalEntry, ReadOptions } from './journal.ts';
import { DIRECT_READ_LIMIT, entryOfMsg, entryOfStored, filterSubject, nextMatching, PULL_EXPIRES_MS, type ReadContext } from './jetstream-read.ts';
import { retryApi } from './jetstream-retry.ts';

/** Tuning of finite reads; mutable only so that a test can make the buffer small. */
export const RANGE_TUNING = {
  /** Decoded entries buffered ahead of a slow reader before the consumer is stopped (and resumed where it was). */
  highWater: 16_384,
  /** How many times a stopped consumer was resumed (in this process), so that a test can see the path taken. */
  resumes: 0,
};

/**
 * Yields matching messages with sequence in [from, end] (`range` is asked once, on the first `next()`), in order.
 * Ends early when the consumer reports nothing pending: every matching message stored when it was delivered has
 * been seen, and later ones are past `end`. A reader that falls RANGE_TUNING.highWater entries behind stops the consumer; a
 * new one resumes at the next sequence.
 */
export async function* scan(
  ctx: ReadContext,
  opts: ReadOptions,
  range: () => Promise<readonly [from: number, end: number]>,
): AsyncGenerator<JournalEntry> {
  const [from, end] = await range();
  if (from > end) return;
  const filter = filterSubject(ctx.cluster, opts.entity);
  let first = await nextMatching(ctx, filter, from);
  if (!first || first.seq > end) return;
  // One entity's history is usually a handful of messages: fetch them one by one from the leader rather than
  // creating a consumer (a consumer per small read costs a round of API calls and, under load, a lost first
  // pull). Past DIRECT_READ_LIMIT messages the consumer takes over.
  if (opts.entity && 'id' in opts.entity) {
    for (let n = 0; first && first.seq <= end && n < DIRECT_READ_LIMIT; n++) {
      const e = entryOfStored(ctx.cluster, first);
      if (matches(ctx.cluster, e, opts)) yield e;
      if (first.seq === end) return;
      first = await nextMatching(ctx, filter, first.seq + 1);
    }
    if (!first || first.seq > end) return;
  }
  const start = first.seq;
  let queue: (JournalEntry | undefined)[] = [];
  let head = 0;
  let nextSeq = start;
  let finished = false;
  let paused = false;
  let failure: unknown;
  let wake: (() => void) | null = null;
  let messages: ConsumerMessages | null = null;
  let generation = 0;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const halt = () => {
    messages?.stop();
    messages = null;
  };
  const untrack = ctx.track(() => {
    finished = true;
    halt();
    notify();
  });

  const open = async (seq: number) => {
    const mine = ++generation;
    const consumer = await retryApi(`ordered consumer on ${ctx.stream}`, () => ctx.js.consumers.get(ctx.stream, {
      filter_subjects: [filter],
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: seq,
    }));
    const onMessage = (m: JsMsg) => {
      if (mine !== generation || finished || paused) return; // a stopped consumer's late delivery
      if (m.seq > end) {
        finished = true;
      } else {
        const e = entryOfMsg(ctx.cluster, m);
        if (matches(ctx.cluster, e, opts)) queue.push(e);
        nextSeq = m.seq + 1;
        if (m.seq === end || m.info.pending === 0) finished = true;
        else if (queue.length - head >= RANGE_TUNING.highWater) paused = true;
      }
      if (finished || paused) halt();
      notify();
    };
    const opened = await consumer.consume({ max_messages: 1024, expires: PULL_EXPIRES_MS, callback: onMessage });
    if (mine !== generation || finished || paused) {
      opened.stop();
      return;
    }
    messages = opened;
    void opened.closed().then((err) => {
      if (err && mine === generation && !finished && !paused) {
        failure = err;
        notify();
      }
    });
  };

  try {
    await open(start);
    for (;;) {
      while (head < queue.length) {
        const e = queue[head]!;
        queue[head++] = undefined; // let a long replay's entries go once yielded
        yield e;
      }
      queue = [];
      head = 0;
      if (failure !== undefined) throw failure;
      if (finished) return;
      if (paused) {
        paused = false;
        RANGE_TUNING.resumes++;
        await open(nextSeq);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    finished = true;
    untrack();
    halt();
  }
}
