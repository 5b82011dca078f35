#!/bin/sh
# Creates the role Orderly serves requests as (README "Database roles"). docker-compose.yml mounts
# this folder into the postgres image's /docker-entrypoint-initdb.d/, so it runs once, when the
# database volume is first created. It makes the role only: Orderly's migrator, connected as the
# tables' owner (DATABASE_MIGRATION_URL), grants it SELECT, INSERT, UPDATE and DELETE on them at
# every start. Safe to run again (it resets the role's attributes and password); for a volume
# made before this script existed:
#   docker compose exec db sh /docker-entrypoint-initdb.d/orderly-app-role.sh
set -eu
: "${ORDERLY_APP_PASSWORD:?set ORDERLY_APP_PASSWORD in the db service (the password in DATABASE_URL)}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  --set=app_role="${ORDERLY_APP_ROLE:-orderly_app}" --set=app_password="$ORDERLY_APP_PASSWORD" <<'SQL'
-- LOGIN and nothing else: no superuser, no databases, no roles, no replication, no RLS bypass.
SELECT format('CREATE ROLE %I', :'app_role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD %L',
              :'app_role', :'app_password') \gexec
-- Orderly needs no temporary tables.
SELECT format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SQL
