// The DC's admin service: while this node is the quorate DC it answers `quorate.<cluster>.cmd` and journals the result.
import type { AdminReply, AdminRequest } from '../../proto/generated.ts';
import { ErrorCode, isQuorateError } from '../../machines/errors.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import { decideAdmin } from './admin-verbs.ts';

/** How often the service checks whether it should (still) serve: a new DC answers within this, an old one stops. */
const SYNC_MS = 100;
/** Decide-and-append attempts when the state moved under the DC (a refused expected sequence). */
const ATTEMPTS = 3;

/**
 * The admin service. Only the DC subscribes (queue group `quorate-dc`), so a request sent from any node reaches
 * the one node that decides. Each request is decided against the DC's folded state; refusals (no quorum, unknown
 * resource, a decider's rejection, a mandatory constraint) are replies with `ok: false`, a code and the reason.
 */
export function createAdminService(): DaemonService {
  let ctx: DaemonContext | undefined;
  let unserve: (() => void) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  // One request at a time: two verbs decided on the same state would race on the same entities.
  let queue: Promise<unknown> = Promise.resolve();

  const reply = (req: AdminRequest, r: Partial<AdminReply>): AdminReply => ({
    requestId: req.requestId, ok: false, code: '', message: '', resultJson: '', position: ctx?.host.position ?? 0, answeredBy: ctx?.node ?? '', ...r,
  });

  const handle = async (req: AdminRequest): Promise<AdminReply> => {
    const c = ctx!;
    if (!c.isDc()) return reply(req, { code: ErrorCode.adminNotDc, message: `${c.node} is no longer the DC; retry` });
    if (!c.quorate()) return reply(req, { code: ErrorCode.adminNoQuorum, message: `no quorum: the DC ${c.node} cannot change the cluster` });
    for (let attempt = 1; ; attempt++) {
      try {
        const out = decideAdmin({ requestId: req.requestId, verb: req.verb, args: req.args, payload: req.payload }, c.host.state(), c.clock.now());
        if (out.facts.length > 0 && !(await c.appendAsDc(out.facts, `admin/${req.requestId}/${attempt}`))) {
          if (attempt < ATTEMPTS) continue;
          return reply(req, { code: ErrorCode.adminConflict, message: 'the cluster changed while this was applied; run it again' });
        }
        c.say(`admin ${req.verb} ${JSON.stringify(req.args)} by ${req.user || '?'}: ${out.message}`);
        return reply(req, { ok: true, message: out.message, resultJson: out.result === undefined ? '' : JSON.stringify(out.result), position: c.host.position });
      } catch (e) {
        if (!isQuorateError(e)) throw e;
        return reply(req, { code: e.code, message: e.message, resultJson: Object.keys(e.info).length ? JSON.stringify(e.info) : '' });
      }
    }
  };

  const sync = () => {
    const c = ctx;
    if (!c) return;
    const want = c.isDc() && c.quorate() && c.transport.connected();
    if (want && !unserve) {
      unserve = c.transport.serveAdmin((req) => {
        const next = queue.then(() => handle(req));
        queue = next.catch(() => {});
        return next;
      });
      c.say('admin: answering admin requests as DC');
    } else if (!want && unserve) {
      unserve();
      unserve = undefined;
      c.say('admin: no longer answering admin requests');
    }
  };

  return {
    name: 'admin',
    start(context) {
      ctx = context;
      timer = setInterval(sync, SYNC_MS);
    },
    onGivenUp() {
      unserve?.();
      unserve = undefined;
    },
    async stop() {
      if (timer) clearInterval(timer);
      unserve?.();
      unserve = undefined;
      ctx = undefined;
    },
  };
}
