import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
// Liveness and readiness. /health answers while the process runs; /ready only when the
// database answers and every migration in prisma/migrations is applied.
import type { Runtime } from '../../runtime.js';
import { unappliedMigrations } from '../../services/health.js';
import { problemType, sendProblem } from '../problem.js';

export const healthRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    app.get('/health', async () => ({ status: 'ok' }));

    app.get('/ready', async (_request, reply) => {
      let pending: string[];
      try {
        pending = await unappliedMigrations(runtime.db, runtime.migrations);
      } catch {
        reply.header('retry-after', '5');
        return sendProblem(reply, {
          type: problemType('database-unavailable'),
          title: 'Database unavailable',
          status: 503,
          detail: 'The database does not answer.',
        });
      }
      if (pending.length > 0) {
        reply.header('retry-after', '5');
        return sendProblem(reply, {
          type: problemType('migrations-pending'),
          title: 'Migrations pending',
          status: 503,
          detail: `${pending.length} migration(s) not applied yet.`,
          pending,
        });
      }
      return { status: 'ready', database: 'up', migrations: runtime.migrations.length };
    });
  };
