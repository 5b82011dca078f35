// POST /v1/imports: a clinic's system loads cases with their events from CSV (docs/IMPORT.md),
// the same import as `orderly import`. GET /v1/export: the organization's cases in that format.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { DomainError } from '../../services/errors.js';
import { describeProblem, exportCases, importCases } from '../../services/imports.js';
import { actorOf } from '../auth.js';
import { contextOf } from '../respond.js';
import { ImportReport, problemResponses } from '../schemas.js';

const tags = ['imports'];

/** 10,000 cases of 5 events each are about 4 MB. */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

export const importRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/imports',
      {
        config: { scope: 'write' },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Import cases and their events from CSV',
          description:
            'The body is a CSV file (Content-Type: text/csv) in either layout of docs/IMPORT.md. Every row is checked first; if any is bad, the answer is a 400 naming each bad line and column, and nothing is written. A case already stored (same reference) is not created again, and only the events it lacks are recorded, so sending the same file twice creates nothing twice. With dryRun=true nothing is written and the report says what would be.',
          consumes: ['text/csv'],
          querystring: Type.Object(
            {
              dryRun: Type.Boolean({
                default: false,
                description: 'Check every row and report, writing nothing.',
              }),
            },
            { additionalProperties: false },
          ),
          body: Type.String({ description: 'The CSV file.' }),
          response: {
            200: Type.Ref(ImportReport),
            ...problemResponses,
            409: Type.Ref('Problem'),
            413: Type.Ref('Problem'),
            415: Type.Ref('Problem'),
          },
        },
      },
      async (request) => {
        const report = await importCases(runtime.db, contextOf(runtime, request), request.body, {
          dryRun: request.query.dryRun,
        });
        if (report.problems.length > 0) {
          throw new DomainError(
            'INVALID_INPUT',
            `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in the file; nothing was imported`,
            report.problems.map((p) => ({
              name: `line ${p.line}: ${p.column}`,
              reason: p.reason,
              line: p.line,
              column: p.column,
              text: describeProblem(p),
            })),
          );
        }
        return report;
      },
    );

    app.get(
      '/export',
      {
        schema: {
          tags,
          summary: "The organization's cases and their events, as CSV",
          description:
            'In the event-rows layout of docs/IMPORT.md, which POST /v1/imports reads back: importing it into an organization and exporting again gives the same text.',
          produces: ['text/csv'],
          response: {
            200: Type.String({ description: 'text/csv' }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const chunks: string[] = [];
        await exportCases(runtime.db, actorOf(request).organizationId, (chunk) => {
          chunks.push(chunk);
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="orderly-cases.csv"')
          .send(chunks.join(''));
      },
    );
  };
