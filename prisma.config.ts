// Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not the schema).
// The service itself never goes through this file: it builds its own connection from the
// validated environment (src/config.ts). This is for `prisma migrate deploy|status` on a
// machine that has Prisma's schema engine.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/orderly' },
});
