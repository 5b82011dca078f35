// Request validation. Bodies are checked strictly: unknown fields and wrong types are
// errors (never silently dropped or coerced). Query strings and path parameters are text on
// the wire, so numbers and arrays there are coerced. Every failure names its field.
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
// Route schemas carry OpenAPI fields (tags, summary): @fastify/swagger's additions to FastifySchema.
import type {} from '@fastify/swagger';
import type { FieldProblem } from '../services/errors.js';

const common: Options = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: false,
  strict: false,
};
const bodyAjv = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv({ ...common, coerceTypes: 'array', useDefaults: true }));

/** Where an ajv error points, as a person would write it: `events[2].date`. */
function pathOf(error: ErrorObject): string {
  let path = '';
  for (const part of error.instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  }
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  if (child !== undefined) path = path ? `${path}.${child}` : child;
  return path;
}

function reasonOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'required';
    case 'additionalProperties':
      return 'unknown field';
    case 'type':
      return `expected ${String(params.type)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${String(params.allowedValue)}`;
    case 'format':
      return params.format === 'uuid' ? 'expected a UUID' : `expected a ${String(params.format)}`;
    case 'pattern': {
      const described = (error.parentSchema as { description?: string } | undefined)?.description;
      return described
        ? `expected ${described.charAt(0).toLowerCase()}${described.slice(1).replace(/\.$/, '')}`
        : 'not in the expected form';
    }
    default:
      return error.message ?? 'invalid';
  }
}

/** Ajv's errors as field problems, one per field, under `part` (`body`, `query`, `path`, `header`). */
export function fieldProblems(errors: readonly ErrorObject[], part: string): FieldProblem[] {
  const byField = new Map<string, FieldProblem>();
  for (const error of errors) {
    // anyOf/oneOf summaries repeat what their branches said.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const path = pathOf(error);
    const name = path ? `${part}.${path}` : part;
    if (!byField.has(name)) byField.set(name, { name, reason: reasonOf(error) });
  }
  return [...byField.values()];
}

const PART_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};
export const partName = (context: string): string => PART_NAMES[context] ?? context;

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a body would fail at the
 * database as a 500. Such input is refused up front, naming the field.
 */
export function findNulCharacter(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return here;
      const found = findNulCharacter(item, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function installValidation(app: FastifyInstance, shared: readonly object[]): void {
  app.addHook('preValidation', async (request) => {
    const inBody = findNulCharacter(request.body);
    const inQuery = findNulCharacter(request.query);
    if (inBody !== undefined || inQuery !== undefined) {
      const name = inBody !== undefined ? (inBody ? `body.${inBody}` : 'body') : `query.${inQuery}`;
      throw new FieldValidationError([{ name, reason: 'contains a NUL character (U+0000)' }]);
    }
  });
  for (const schema of shared) {
    const id = (schema as { $id?: string }).$id;
    for (const ajv of [bodyAjv, textAjv])
      if (id === undefined || !ajv.getSchema(id)) ajv.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema as object) : textAjv.compile(schema as object),
  );
}

/** For a route whose body the engine validates (its messages name fields as the CLI does). */
export type BodyCheck = (body: unknown) => { value: unknown } | { error: Error };

export function withBodyValidator<S extends FastifySchema>(schema: S, check: BodyCheck) {
  return {
    schema,
    validatorCompiler: ({
      httpPart,
      schema: partSchema,
    }: {
      httpPart?: string;
      schema: unknown;
    }) => (httpPart === 'body' ? check : textAjv.compile(partSchema as object)),
  };
}

/** A validation failure that already knows its fields. */
export class FieldValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.name}: ${p.reason}`).join('; '));
  }
}
