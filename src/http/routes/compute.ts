import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
// POST /v1/compute: the engine, stateless. Stores nothing (so there is nothing for an
// Idempotency-Key to protect: the same body always gives the same answer).
import { computeDeadlines, parseComputeInput } from '../../engine/index.js';
import { ComputeBody, ComputeResult, problemResponses } from '../schemas.js';
import { FieldValidationError, withBodyValidator, type BodyCheck } from '../validation.js';

/** The engine's own parser validates the body: same fields, same wording as `orderly compute`. */
const computeBodyCheck: BodyCheck = (body) => {
  const parsed = parseComputeInput(body);
  if (parsed.ok) return { value: parsed.value };
  return {
    error: new FieldValidationError(
      parsed.errors.map((e) => ({
        name: e.field === '(input)' ? 'body' : `body.${e.field}`,
        reason: e.message,
      })),
    ),
  };
};

export const computeRoutes = (): FastifyPluginAsyncTypebox =>
  async function (app) {
    app.post(
      '/compute',
      withBodyValidator(
        {
          tags: ['compute'],
          summary: "Compute a case's deadlines without storing anything",
          description:
            'The same computation as `npm run orderly -- compute`: deadlines with rule, citation and explanation, and warnings.',
          body: ComputeBody,
          response: { 200: ComputeResult, ...problemResponses },
        },
        computeBodyCheck,
      ),
      async (request) => computeDeadlines(request.body),
    );
  };
