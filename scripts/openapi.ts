// Writes docs/openapi.json from the route schemas: `npm run openapi`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { openApiDocument } from '../src/http/openapi.js';
import { PROJECT_ROOT } from '../src/paths.js';

const file = path.join(PROJECT_ROOT, 'docs', 'openapi.json');
await fs.mkdir(path.dirname(file), { recursive: true });
await fs.writeFile(file, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
console.log(`wrote ${path.relative(PROJECT_ROOT, file)}`);
