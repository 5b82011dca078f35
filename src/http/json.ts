// The JSON body parser: Fastify's own rules (empty body, __proto__/constructor poisoning
// are errors) plus a nesting limit. No request of this API nests deeper than a few levels;
// a body nested thousands deep is an attack on the parser and validators, refused as a 400
// before it is parsed.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { invalidInput } from '../services/errors.js';

export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays/objects in JSON text (brackets inside strings ignored). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

type Level = { keys: Set<string>; key: string | null } | { index: number };

/**
 * The path (`body.events[1].date`) of the first key that appears twice in one object of valid
 * JSON text, or null. JSON.parse keeps the last of the two silently, so a client (or a proxy
 * that reads the first) and Orderly could disagree about what was asked: refused instead.
 */
export function duplicateKeyPath(text: string): string | null {
  const stack: Level[] = [];
  const path = () =>
    'body' +
    stack
      .map((level) =>
        'index' in level
          ? `[${level.index}]`
          : level.key === null
            ? ''
            : /^[A-Za-z_$][\w$]*$/.test(level.key)
              ? `.${level.key}`
              : `[${JSON.stringify(level.key)}]`,
      )
      .join('');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = stack.at(-1);
      if (top && 'keys' in top && top.key === null) {
        // A string where a key is expected (objects alternate key, value): this is a key.
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) {
          top.key = key;
          return path();
        }
        top.keys.add(key);
        top.key = key;
      }
    } else if (c === '{') stack.push({ keys: new Set(), key: null });
    else if (c === '[') stack.push({ index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1);
      if (top && 'index' in top) top.index++;
      else if (top) top.key = null;
    }
  }
  return null;
}

class JsonBodyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0)
      return done(
        new JsonBodyError('FST_ERR_CTP_EMPTY_JSON_BODY', 'The body is empty; send a JSON object.'),
      );
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      return done(
        new JsonBodyError(
          'FST_ERR_CTP_INVALID_JSON_BODY',
          `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`,
        ),
      );
    }
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, {
        protoAction: 'error',
        constructorAction: 'error',
      });
    } catch {
      return done(
        new JsonBodyError(
          'FST_ERR_CTP_INVALID_JSON_BODY',
          'The body is not valid JSON (or uses __proto__/constructor keys).',
        ),
      );
    }
    const duplicate = duplicateKeyPath(text);
    if (duplicate !== null)
      return done(
        invalidInput([{ name: duplicate, reason: 'the same key appears twice; send it once' }]),
      );
    done(null, parsed);
  });
}
