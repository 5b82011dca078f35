// `npm run worker`: the worker process — the reminder loop (src/workers/reminder-loop.ts) and
// the recompute loop (src/workers/recompute-loop.ts: background recomputations) and the
// retention purge (src/workers/retention-loop.ts) on their own, beside an API started with
// WORKER=off (or beside `npm start`: several loops are safe). With no DATABASE_URL it uses the
// embedded PostgreSQL an `npm start` in the same DATA_DIR runs, or starts its own. SIGINT/SIGTERM
// finish the deliveries, the recompute batch and the purge batch in flight, record
// them, and stop.
import { runProcess } from './process.js';
import { createRecomputeLoop } from './workers/recompute-loop.js';
import { createReminderLoop } from './workers/reminder-loop.js';
import { createRetentionLoop } from './workers/retention-loop.js';

await runProcess({
  name: 'orderly worker',
  draining: 'finishing deliveries in flight',
  openOptions: { attachToRunningEmbedded: true },
  async prepare(runtime) {
    const loop = await createReminderLoop(runtime);
    const recompute = createRecomputeLoop(runtime);
    const retention = createRetentionLoop(runtime);
    return {
      run: async () => {
        loop.start();
        recompute.start();
        retention.start();
      },
      stop: async () => {
        await Promise.all([loop.stop(), recompute.stop(), retention.stop()]);
      },
    };
  },
});
