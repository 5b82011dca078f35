// One linter for the whole tree: typescript-eslint's type-aware rules catch the
// mistakes that matter here (floating promises, non-exhaustive switches).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---- One direction for imports (ARCHITECTURE.md, "Layers") --------------------------------
// Each layer of src/, and what it may import. Anything else is an error, so a wrong-way import
// fails `npm test`. `types` may be imported with `import type` only; `names` are single values
// allowed besides.
const LAYERS = {
  engine: { folders: ['engine'], may: ['engine'] },
  support: { files: ['config', 'logger', 'paths', 'startup-error', 'net'], may: ['support'] },
  adapters: { folders: ['adapters'], may: ['adapters', 'support'] },
  db: {
    folders: ['db'],
    may: ['db', 'generated', 'support'],
    // Rows become domain values here, instants in court time through the engine's one conversion.
    types: ['engine'],
    names: { engine: ['courtTimeOf'] },
  },
  services: {
    folders: ['services', 'feeds', 'reminders'],
    may: ['services', 'engine', 'db', 'support'],
    types: ['adapters'],
  },
  edges: {
    folders: ['http', 'cli', 'web', 'workers'],
    files: ['main', 'worker-process', 'process', 'cluster'],
    may: ['edges', 'services', 'engine', 'support', 'runtime'],
    types: ['adapters'],
  },
  runtime: { files: ['runtime', 'database-server'], may: ['*'] },
  generated: { folders: ['generated'], may: ['*'] },
};

const escape = (name) => name.replace(/\./g, '\\.');

/** The import specifiers, written from a file `depth` folders below src/, that reach `layer`. */
function reaching(layer, depth) {
  const up = depth === 0 ? '\\./' : `(\\.\\./){${depth}}`;
  const { folders = [], files = [] } = LAYERS[layer];
  const targets = [
    ...(folders.length > 0 ? [`(${folders.map(escape).join('|')})/`] : []),
    ...(files.length > 0 ? [`(${files.map(escape).join('|')})\\.js$`] : []),
  ];
  return `^${up}(${targets.join('|')})`;
}

/** The files of `layer` that sit `depth` folders below src/ (0: src/*.ts itself). */
function filesAt(layer, depth) {
  const { folders = [], files = [] } = LAYERS[layer];
  return depth === 0
    ? files.map((file) => `src/${file}.ts`)
    : folders.map((folder) => `src/${folder}/${'*/'.repeat(depth - 1)}*.ts`);
}

/** One no-restricted-imports block per depth, naming every layer `name` may not reach. */
function importRules(name) {
  const layer = LAYERS[name];
  if (layer.may.includes('*')) return [];
  return [0, 1, 2, 3, 4]
    .filter((depth) => filesAt(name, depth).length > 0)
    .map((depth) => ({
      files: filesAt(name, depth),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: Object.keys(LAYERS)
              .filter((target) => !layer.may.includes(target))
              .map((target) => ({
                regex: reaching(target, depth),
                ...(layer.types?.includes(target) && { allowTypeImports: true }),
                ...(layer.names?.[target] && { allowImportNames: layer.names[target] }),
                message: `The ${name} layer may not import ${target}${layer.types?.includes(target) ? ' except with `import type`' : ''}: imports run edges → services → engine and db (ARCHITECTURE.md, "Layers").`,
              })),
          },
        ],
      },
    }));
}

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'src/generated', 'coverage', '.data'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Fastify handlers and plugins are async by convention, awaiting or not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...Object.keys(LAYERS).flatMap(importRules),
  {
    // Vitest's asymmetric matchers (expect.any, expect.stringContaining…) are typed `any`.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    // The web app's own scripts run in the browser.
    files: ['src/web/assets/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
