// Fail counts (transient fail-count-<rsc>#<op>_<interval>) to ResourceOperationFailed facts the history lacks.
//
// Translation. quorate counts failures by folding ResourceOperationFailed facts; Pacemaker keeps a counter
// beside a history that holds only each operation's last result. So for a fail count N on a node, the import
// emits N - (failures already in the history for that key) more failures with reason FAILCOUNT_REASON, and
// for INFINITY one failure with recovery "hard" (banned from that node) unless the history already has one.
import type { ImportSink } from './model.ts';
import type { ResourceIds } from './resources.ts';
import { operationName, type OpRecord } from './status-ops.ts';
import type { XmlElement } from './xml.ts';

/** The reason of a failure the import adds to reach Pacemaker's fail count. */
export const FAILCOUNT_REASON = 'pacemaker fail-count';
/** The reason of the failure that stands for a fail count of INFINITY. */
export const FAILCOUNT_INFINITY_REASON = 'pacemaker fail-count INFINITY';
/** Most failures added for one fail count; a larger count is listed and capped (a ban needs INFINITY). */
export const FAILCOUNT_CAP = 100;

/** The opId of an added failure: `pcmk/<node>/fail-count/<rsc>/<key>/<n>`. Pure. */
export function failCountOpId(node: string, rsc: string, key: string, n: number): string {
  return `pcmk/${node}/fail-count/${rsc}/${key}/${n}`;
}

/** Transient attributes that are Pacemaker's bookkeeping. */
function informational(name: string): boolean {
  return name.startsWith('last-failure-') || name.startsWith('#') || ['probe_complete', 'shutdown', 'terminate', 'standby'].includes(name);
}

const KEYED = /^fail-count-(.+?)#(.+)_(\d+)$/;

/** Adds the failures a node's fail counts need beyond `history`; lists other transient attributes. Pure apart from `sink`. */
export function importFailCounts(
  sink: ImportSink, el: XmlElement, node: string, attrs: Readonly<Record<string, string>>, history: readonly OpRecord[], ids: ResourceIds,
): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (!name.startsWith('fail-count-')) {
      if (!informational(name)) sink.untranslated.push({ kind: 'unsupported', element: 'transient attribute', id: `${node}:${name}`, line: el.line, reason: `node attribute ${name}="${value}" is not translated` });
      else if (name !== 'standby' && !name.startsWith('last-failure-')) {
        sink.untranslated.push({ kind: 'informational', element: 'transient attribute', id: `${node}:${name}`, line: el.line, reason: 'Pacemaker bookkeeping' });
      }
      continue;
    }
    const m = KEYED.exec(name);
    const rsc = m ? m[1]! : name.slice('fail-count-'.length);
    const id = `${node}:${name}`;
    if (!ids.operations.has(rsc)) {
      sink.untranslated.push({ kind: 'unsupported', element: 'transient attribute', id, line: el.line, reason: `fail count of ${rsc}, which is not a translated resource` });
      continue;
    }
    const infinite = /^\+?INFINITY$/i.test(value.trim());
    const count = infinite ? Infinity : Number(value);
    if (!infinite && !(Number.isInteger(count) && count >= 0)) {
      sink.untranslated.push({ kind: 'unsupported', element: 'transient attribute', id, line: el.line, reason: `fail count "${value}" is not a number` });
      continue;
    }
    // A legacy fail-count-<rsc> counts every failure of the resource, and adds them as failed monitors.
    const key = m ? `${m[2]}_${m[3]}` : undefined;
    const mine = history.filter((h) => h.resource === rsc && h.failed && (key === undefined || h.key === key));
    const opKey = key ?? mine.at(-1)?.key ?? 'monitor_0';
    const [op, interval] = [opKey.slice(0, opKey.lastIndexOf('_')), Number(opKey.slice(opKey.lastIndexOf('_') + 1))];
    const lastFailure = attrs[name.replace('fail-count-', 'last-failure-')];
    const at = lastFailure !== undefined && /^\d+$/.test(lastFailure) ? Number(lastFailure) * 1000 : undefined;
    const add = (n: number, reason: string, recovery: string) => sink.fact({
      type: 'ResourceOperationFailed', resource: rsc, node, operation: operationName(op, interval), opId: failCountOpId(node, rsc, opKey, n),
      rc: 1, reason, durationMs: 0, timedOut: false, recovery,
    }, el, at);
    if (infinite) {
      if (!mine.some((h) => h.recovery === 'hard' || h.recovery === 'fatal')) add(1, FAILCOUNT_INFINITY_REASON, 'hard');
      continue;
    }
    const extra = count - mine.length;
    if (extra > FAILCOUNT_CAP) {
      sink.untranslated.push({ kind: 'unsupported', element: 'transient attribute', id, line: el.line, reason: `fail count ${count} capped at ${FAILCOUNT_CAP + mine.length} failures` });
    }
    for (let n = 1; n <= Math.min(extra, FAILCOUNT_CAP); n++) add(n, FAILCOUNT_REASON, 'soft');
  }
}
