// Overload: answer at once with 503 and Retry-After instead of queueing without bound. Two
// signals, either of which sheds a request:
// - requests in flight in this process above MAX_IN_FLIGHT: each waits behind the others for
//   the CPU and the database pool, so past that number added requests only add latency (the
//   queue would grow until clients time out, and every answer would be late);
// - the event loop's mean delay above MAX_EVENT_LOOP_DELAY_MS (@fastify/under-pressure): the
//   process itself is starved, whatever the count says.
// /health and /ready are never shed: orchestrators must see a busy process as alive.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem.js';

export interface OverloadSettings {
  /** Requests handled at once by this process before more are refused (0: no limit). */
  maxInFlight: number;
  /** Mean event-loop delay, in ms, above which requests are refused (0: not checked). */
  maxEventLoopDelayMs: number;
}

/** Seconds a shed client is told to wait: overload here is momentary. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

const EXEMPT = new Set(['/health', '/ready']);
const exempt = (request: FastifyRequest) => EXEMPT.has(request.url.split('?')[0] ?? '');

/** Sets a 503's status and headers on `reply` and returns its body, for the caller to send. */
function overloaded(reply: FastifyReply, detail: string): Problem {
  reply
    .code(503)
    .type(PROBLEM_CONTENT_TYPE)
    .header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS));
  return {
    type: problemType('overloaded'),
    title: 'Service overloaded',
    status: 503,
    detail: `${detail} Nothing was done; retry after ${OVERLOAD_RETRY_AFTER_SECONDS} s.`,
  };
}

/** Registers both guards on the root instance (before any route). */
export async function installOverloadProtection(
  app: FastifyInstance,
  settings: OverloadSettings,
): Promise<{ inFlight(): number }> {
  let inFlight = 0;
  if (settings.maxInFlight > 0) {
    app.addHook('onRequest', (request, reply, done) => {
      if (exempt(request)) return done();
      if (inFlight >= settings.maxInFlight) {
        request.log.warn({ inFlight }, 'overloaded: request refused');
        // Answered here: `done` is not called, so nothing else runs for this request.
        void reply.send(overloaded(reply, `This server is handling ${inFlight} requests already.`));
        return;
      }
      inFlight += 1;
      // 'close' comes once per response, answered or abandoned by the client.
      reply.raw.once('close', () => {
        inFlight -= 1;
      });
      done();
    });
  }
  if (settings.maxEventLoopDelayMs > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: settings.maxEventLoopDelayMs,
      pressureHandler: (request, reply, type, value) => {
        if (exempt(request)) return; // nothing returned: the route answers
        request.log.warn({ type, value }, 'overloaded: request refused');
        // A body returned is sent by under-pressure, and the route does not run.
        return overloaded(reply, 'This server is too busy to answer in time.') as never;
      },
    });
  }
  return { inFlight: () => inFlight };
}
