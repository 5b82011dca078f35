// Runs `prisma generate` without letting the CLI fetch its native schema engine.
// `generate` does not need that engine (the Prisma 7 client is Rust-free), but the CLI
// tries to download it unless told where it is, and these machines cannot reach
// binaries.prisma.sh. A machine that has the engine keeps its own setting.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath; // any existing file: generate never runs it
}
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
