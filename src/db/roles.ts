// Least privilege in the database (issue 11). Two roles: the owner, which owns the schema's
// tables and runs the migrations (the embedded PostgreSQL's superuser, or DATABASE_MIGRATION_URL's
// user), and the serving role, which every request, worker and LISTEN connection uses
// (DATABASE_URL's user, or `orderly_app` on the embedded PostgreSQL). The serving role may read
// and write rows and nothing else: no DDL, no TRUNCATE, no writes to `_prisma_migrations`, no
// roles. The migrator grants exactly that after migrating, from nothing each time, so a right
// given by hand or by an older release does not linger, and a new table is covered by default
// privileges until the next start grants it again.
import type pg from 'pg';
import { StartupError } from '../startup-error.js';

/** The serving role the embedded PostgreSQL's superuser creates (password in DATA_DIR). */
export const EMBEDDED_SERVING_ROLE = 'orderly_app';

/** What the serving role is granted on the schema's tables (and nothing on `_prisma_migrations` but SELECT, for /ready). */
export const SERVING_TABLE_RIGHTS = 'SELECT, INSERT, UPDATE, DELETE';

/** The attributes of a role that serves requests: it logs in and can do nothing to the cluster. */
const SERVING_ROLE_ATTRIBUTES =
  'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';

/**
 * Creates the serving role, or brings an existing one back to a serving role's attributes and
 * `password` (the embedded PostgreSQL at each start, as its superuser; the tests' server).
 */
export async function ensureServingRole(
  client: pg.ClientBase,
  role: { name: string; password: string },
): Promise<void> {
  const name = client.escapeIdentifier(role.name);
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  // A DDL statement takes no parameters; the password is ours (base64url), quoted all the same.
  await client.query(
    `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${name} WITH ${SERVING_ROLE_ATTRIBUTES} PASSWORD ${client.escapeLiteral(role.password)}`,
  );
}

export interface GrantLog {
  warn(message: string): void;
}

/**
 * Grants `role` the serving rights on every table and sequence of the current schema, in one
 * transaction (a process serving meanwhile never sees a moment without them), and the same by
 * default on what this role creates later. Nothing when `role` is the connected role itself
 * (migrating and serving as one role: README "Database roles").
 */
export async function grantServingRole(
  client: pg.ClientBase,
  role: string,
  log: GrantLog,
): Promise<void> {
  const { rows } = await client.query<{ me: string; schema: string; exists: boolean }>(
    `SELECT current_user AS me, current_schema() AS schema,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists`,
    [role],
  );
  const { me, schema, exists } = rows[0]!;
  if (role === me) return;
  if (!exists) {
    throw new StartupError(
      `the serving role ${role} (DATABASE_URL's user) does not exist in the database`,
      'create it (LOGIN, no other attribute; docker/postgres-init/orderly-app-role.sh does) or correct DATABASE_URL; see README "Database roles"',
    );
  }
  const r = client.escapeIdentifier(role);
  const s = client.escapeIdentifier(schema);
  await client.query('BEGIN');
  try {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${r}`);
    await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
    await client.query(`GRANT ${SERVING_TABLE_RIGHTS} ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
    // The migrations' bookkeeping: read by /ready (pending migrations), written only by the owner.
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${r}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT ${SERVING_TABLE_RIGHTS} ON TABLES TO ${r}`,
    );
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  // PostgreSQL before 15 lets PUBLIC create tables in `public`: take that back where we may.
  if (await canCreateIn(client, role, schema)) {
    await client.query(`REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC`).catch(() => undefined);
    if (await canCreateIn(client, role, schema))
      log.warn(
        `the serving role ${role} can create tables in schema ${schema}: revoke CREATE on it (from PUBLIC too) as the schema's owner; see README "Database roles"`,
      );
  }
}

async function canCreateIn(client: pg.ClientBase, role: string, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ can: boolean }>(
    `SELECT has_schema_privilege($1, $2, 'CREATE') AS can`,
    [role, schema],
  );
  return rows[0]!.can;
}

/**
 * Why the connected role has more rights than serving needs — a superuser, or the owner (or a
 * member of the owner) of the schema's tables — in one line; undefined when it has not.
 */
export async function excessRightsOf(client: pg.ClientBase | pg.Pool): Promise<string | undefined> {
  const { rows } = await client.query<{ me: string; superuser: boolean; owns: boolean }>(
    `SELECT current_user AS me, r.rolsuper AS superuser,
            EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                      AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns
     FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.superuser) return `${row.me} is a superuser`;
  if (row.owns) return `${row.me} owns the tables`;
  return undefined;
}
