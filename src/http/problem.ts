// RFC 9457 problem details: every error the API returns has this shape and the
// `application/problem+json` media type.
import type { FastifyReply } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface InvalidParam {
  /** Where the problem is: `body.events[2].date`, `query.cursor`, `header.if-match`. */
  name: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Each field at fault (RFC 9457 §3.2 extension member, as in its own example). */
  errors?: InvalidParam[];
  [extension: string]: unknown;
}

/** Problem types are documented under this base (see README "Errors"). */
export const problemType = (slug: string): string => `https://orderly.dev/problems/${slug}`;

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
