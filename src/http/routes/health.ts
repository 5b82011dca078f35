import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
// Liveness and readiness. /health answers while the process runs; /ready only when the
// database answers and every migration in prisma/migrations is applied.
import type { Runtime } from '../../runtime.js';
import { unappliedMigrations } from '../../services/health.js';
import { sendUnavailable } from '../problem.js';

export const healthRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    app.get('/health', async () => ({ status: 'ok' }));

    app.get('/ready', async (_request, reply) => {
      let pending: string[];
      try {
        pending = await unappliedMigrations(runtime.db, runtime.migrations);
      } catch {
        return sendUnavailable(reply, {
          slug: 'database-unavailable',
          title: 'Database unavailable',
          detail: 'The database does not answer.',
        });
      }
      if (pending.length > 0) {
        return sendUnavailable(reply, {
          slug: 'migrations-pending',
          title: 'Migrations pending',
          detail: `${pending.length} migration(s) not applied yet.`,
          pending,
        });
      }
      return { status: 'ready', database: 'up', migrations: runtime.migrations.length };
    });
  };
