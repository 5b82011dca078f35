// Writes docs/LAW.md, the law book, from the rule table: `npm run law`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { renderLawBook } from '../src/engine/law/book.js';
import { PROJECT_ROOT } from '../src/paths.js';

const file = path.join(PROJECT_ROOT, 'docs', 'LAW.md');
await fs.mkdir(path.dirname(file), { recursive: true });
await fs.writeFile(file, renderLawBook());
console.log(`wrote ${path.relative(PROJECT_ROOT, file)}`);
