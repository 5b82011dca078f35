// `npm run worker`: the worker process — the reminder loop (src/workers/reminder-loop.ts) and
// the recompute loop (src/workers/recompute-loop.ts: background recomputations) on their own,
// beside an API started with WORKER=off (or beside `npm start`: several loops are safe). With no
// DATABASE_URL it uses the embedded PostgreSQL an `npm start` in the same DATA_DIR runs, or
// starts its own. SIGINT/SIGTERM finish the deliveries and the recompute batch in flight, record
// them, and stop.
import { runProcess } from './process.js';
import { createRecomputeLoop } from './workers/recompute-loop.js';
import { createReminderLoop } from './workers/reminder-loop.js';

await runProcess({
  name: 'orderly worker',
  draining: 'finishing deliveries in flight',
  openOptions: { attachToRunningEmbedded: true },
  async prepare(runtime) {
    const loop = await createReminderLoop(runtime);
    const recompute = createRecomputeLoop(runtime);
    return {
      run: async () => {
        loop.start();
        recompute.start();
      },
      stop: async () => {
        await Promise.all([loop.stop(), recompute.stop()]);
      },
    };
  },
});
