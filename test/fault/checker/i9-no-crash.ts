// I9, no crash, unhandled rejection or unexpected error line: scans the daemons' logs, and every process exit must
// be one the harness caused (a kill, a stop, an operator's fence) or a watchdog's kill of a node paused past its timeout.
import type { Checker, Violation } from '../history.ts';

const BAD = /unhandled|uncaught|TypeError|ReferenceError|RangeError|SyntaxError|Assertion|FATAL|panic|ERR_INTERNAL|heap out of memory/i;

/** Pure. */
export const checkNoCrash: Checker = (h) => {
  const out: Violation[] = [];
  for (const [node, lines] of Object.entries(h.logs ?? {})) {
    for (const line of lines) if (BAD.test(line)) out.push({ invariant: 'I9', message: `${node} logged: ${line.slice(0, 300)}` });
  }
  for (const x of h.exits ?? []) {
    const caused = h.timeline.some((e) =>
      e.targets.includes(x.node) && (e.kind === 'kill' || e.kind === 'stop' || e.kind === 'wipe' || e.kind === 'fence' ||
        (e.kind === 'pause' && x.signal === 'SIGKILL' && e.at <= x.at && (e.end ?? Infinity) + 1_000 >= x.at)) &&
      e.at <= x.at + 1_000);
    if (!caused) out.push({ invariant: 'I9', at: x.at, message: `${x.node} exited (code ${x.code}, signal ${x.signal}) with no fault to explain it` });
  }
  return out;
};
