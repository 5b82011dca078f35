// Imports run one way (ARCHITECTURE.md, "Layers"), and the lint configuration enforces it:
// a wrong-way import in any layer fails `npm run lint`. This reads the rule as configured for
// each layer and checks it refuses the wrong way and allows the right one.
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

/** The messages no-restricted-imports gives for `code` placed at `file`. */
async function violations(file: string, code: string): Promise<string[]> {
  const config = (await eslint.calculateConfigForFile(file)) as {
    rules: Record<string, Linter.RuleEntry>;
  };
  const rule = config.rules['no-restricted-imports'];
  // The composition root may import anything.
  if (rule === undefined) return [];
  const messages = new Linter().verify(
    code,
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      rules: { 'no-restricted-imports': rule },
    },
    file,
  );
  return messages.map((m) => m.message);
}

const wrongWay: [file: string, code: string, why: RegExp][] = [
  [
    'src/db/x.ts',
    "import { audit } from '../services/audit.js';",
    /db layer may not import services/,
  ],
  ['src/db/x.ts', "import { FEED_SCOPES } from '../feeds/render.js';", /may not import services/],
  ['src/db/x.ts', "import { computeDeadlines } from '../engine/index.js';", /only 'courtTimeOf'/],
  [
    'src/db/x.ts',
    "import { SecretBox } from '../adapters/secret-box.js';",
    /may not import adapters/,
  ],
  ['src/http/routes/x.ts', "import { inTransaction } from '../../db/transaction.js';", /edges/],
  [
    'src/http/x.ts',
    "import type { Tx } from '../db/transaction.js';",
    /edges layer may not import db/,
  ],
  [
    'src/http/x.ts',
    "import { systemClock } from '../adapters/clock.js';",
    /except with `import type`/,
  ],
  ['src/workers/x.ts', "import { findReminder } from '../db/reminders.js';", /may not import db/],
  [
    'src/cli/commands/x.ts',
    "import { openDatabase } from '../../db/client.js';",
    /may not import db/,
  ],
  ['src/main.ts', "import { listen } from './db/listener.js';", /edges layer may not import db/],
  [
    'src/services/x.ts',
    "import { buildApp } from '../http/app.js';",
    /services layer may not import edges/,
  ],
  ['src/services/x.ts', "import { openRuntime } from '../runtime.js';", /may not import runtime/],
  ['src/services/x.ts', "import { openSecretBox } from '../adapters/secret-box.js';", /adapters/],
  ['src/reminders/x.ts', "import { ReminderLoop } from '../workers/reminder-loop.js';", /edges/],
  ['src/engine/law/x.ts', "import { createLogger } from '../../logger.js';", /engine layer/],
  ['src/engine/x.ts', "import type { Tx } from '../db/transaction.js';", /engine layer/],
  ['src/adapters/x.ts', "import { audit } from '../services/audit.js';", /adapters layer/],
  ['src/logger.ts', "import { openRuntime } from './runtime.js';", /support layer/],
];

const rightWay: [file: string, code: string][] = [
  ['src/db/x.ts', "import type { Family } from '../engine/index.js';"],
  ['src/db/x.ts', "import { courtTimeOf } from '../engine/index.js';"],
  ['src/db/x.ts', "import { PrismaClient } from '../generated/prisma/client.js';"],
  ['src/services/x.ts', "import { insertCase } from '../db/cases.js';"],
  ['src/services/x.ts', "import type { Clock } from '../adapters/clock.js';"],
  ['src/http/routes/x.ts', "import { createCase } from '../../services/cases.js';"],
  ['src/http/routes/x.ts', "import type { Runtime } from '../../runtime.js';"],
  ['src/http/routes/x.ts', "import { computeDeadlines } from '../../engine/index.js';"],
  ['src/workers/x.ts', "import type { Clock } from '../adapters/clock.js';"],
  ['src/engine/law/x.ts', "import { addCourtDays } from '../counting.js';"],
  ['src/runtime.ts', "import { openSecretBox } from './adapters/secret-box.js';"],
];

describe('one direction for imports', () => {
  it.each(wrongWay)('%s: %s is refused', async (file, code, why) => {
    const found = await violations(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(why);
  });

  it.each(rightWay)('%s: %s is allowed', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
