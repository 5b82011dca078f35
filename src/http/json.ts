// The JSON body parser: Fastify's own rules (empty body, __proto__/constructor poisoning
// are errors) plus a nesting limit. No request of this API nests deeper than a few levels;
// a body nested thousands deep is an attack on the parser and validators, refused as a 400
// before it is parsed.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

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
    try {
      done(
        null,
        secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }),
      );
    } catch {
      done(
        new JsonBodyError(
          'FST_ERR_CTP_INVALID_JSON_BODY',
          'The body is not valid JSON (or uses __proto__/constructor keys).',
        ),
      );
    }
  });
}
