// The load test's baselines, run as their own process beside Orderly in the same run:
//   GET /hello                      Fastify hello world
//   GET /raw/deadlines?case=&org=   a case's deadlines and their history by one prepared
//                                   query over a plain `pg` pool (what Orderly's read costs
//                                   without Prisma, validation, auth or anything else)
// Started by load.ts: `node --import tsx scripts/proof/baselines.ts <port>` with DATABASE_URL.
import Fastify from 'fastify';
import pg from 'pg';

const port = Number(process.argv[2]);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => undefined);
const app = Fastify({ logger: false });

app.get('/hello', async () => ({ hello: 'world' }));
app.get('/raw/deadlines', async (request) => {
  const { case: caseId, org } = request.query as { case: string; org: string };
  const { rows } = await pool.query({
    name: 'raw_deadlines',
    text: `SELECT d.*, coalesce(json_agg(c ORDER BY c.revision) FILTER (WHERE c.id IS NOT NULL), '[]') AS history
           FROM "Case" k JOIN "Deadline" d ON d."caseId" = k.id
           LEFT JOIN "DeadlineChange" c ON c."deadlineId" = d.id
           WHERE k.id = $1 AND k."organizationId" = $2
           GROUP BY d.id ORDER BY d.date, d.at, d.key`,
    values: [caseId, org],
  });
  return { deadlines: rows };
});

await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
