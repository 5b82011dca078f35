// An in-process API on its own database, with helpers to make organizations and keys.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inTransaction } from '../../src/db/transaction.js';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { createOrganization } from '../../src/services/organizations.js';
import type { Clock } from '../../src/adapters/clock.js';
import type { Resolver } from '../../src/adapters/webhook.js';
import { createDatabase, type TestDatabase } from './database.js';
import { openTestRuntime } from './runtime.js';

export interface TestApi {
  app: FastifyInstance;
  runtime: Runtime;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startTestApi(
  options: { env?: Record<string, string>; clock?: Clock; resolve?: Resolver } = {},
): Promise<TestApi> {
  const database = await createDatabase({ migrated: true });
  const runtime = await openTestRuntime(
    database.url,
    {
      migrate: false,
      ...(options.clock && { clock: options.clock }),
      ...(options.resolve && { resolve: options.resolve }),
    },
    {
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_FAILURES_PER_MINUTE: '100000',
      // Webhook receivers in tests listen on this machine (the operator's allow-list).
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ...options.env,
    },
  );
  const app = await buildApp(runtime);
  await app.ready();
  return {
    app,
    runtime,
    database,
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}

export interface Tenant {
  organizationId: string;
  adminKey: string;
  /** Sends a request with the tenant's admin key unless `key` says otherwise. */
  request(options: InjectOptions & { key?: string | null }): Promise<LightMyRequestResponse>;
}

export async function createTenant(api: TestApi, name = 'Test Clinic'): Promise<Tenant> {
  const { organization, key } = await inTransaction(api.runtime.db, (tx) =>
    createOrganization(tx, { name, now: new Date() }),
  );
  return {
    organizationId: organization.id,
    adminKey: key,
    request: ({ key: asKey, headers, ...rest }) =>
      api.app.inject({
        ...rest,
        headers: { ...(asKey !== null && { authorization: `Bearer ${asKey ?? key}` }), ...headers },
      }),
  };
}
