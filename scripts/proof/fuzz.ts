// Hostile input: a property-based HTTP fuzzer. Requests are generated with fast-check from
// the server's own OpenAPI document (every operation, its path, query and body schemas), then
// corrupted: wrong types, huge strings, deep JSON, unicode edge cases, impossible and
// out-of-range dates, SQL and header injection attempts, other tenants' ids, guessed feed
// tokens. They are sent, one at a time, over real HTTP to the real server, and every answer
// is checked against three oracles:
//   - no response is a 5xx;
//   - a rejected request (4xx) changed no row (a trigger-maintained write counter, installed
//     in the harness's database only, is read before and after each request);
//   - no response, whatever its status, contains anything of the other organization's
//     (its ids, its case reference, its party labels).
import fc from 'fast-check';
import net from 'node:net';
import { call, type ProofEnv, type ServerHandle, type Tenant } from './env.js';
import { SUPPORTED_YEARS } from '../../src/engine/index.js';

type Schema = Record<string, unknown>;

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: Record<string, Schema>;
  body: Schema | undefined;
}

export interface Request {
  op: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The other organization's ids used in this request (for the cross-tenant oracle). */
  usesOtherTenantId: boolean;
}

export interface FuzzResult {
  seed: number;
  requests: number;
  operations: number;
  byStatus: Record<string, number>;
  serverErrors: { request: string; status: number }[];
  rejectedWithWrites: { request: string; status: number }[];
  crossTenantLeaks: { request: string; status: number }[];
  rawHeaderChecks: number;
  rawHeaderFailures: string[];
  guessedFeedTokens: number;
  guessedFeedTokenHits: number;
  limits: { rateLimited: boolean; bodyLimited: boolean; authThrottled: boolean };
  seconds: number;
}

const HOSTILE_STRINGS = [
  '\'; DROP TABLE "Case"; --',
  '" OR 1=1 --',
  '1\' UNION SELECT secretHash FROM "ApiKey" --',
  '$(touch /tmp/pwned)',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  'zero\u200bwidth',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Ω≈ç√∫˜µ≤≥÷',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '\r\nX-Injected: 1',
  ' ',
  '',
  'x'.repeat(10_000),
  'ñ'.repeat(70_000),
];
const HOSTILE_DATES = [
  '2025-02-30',
  '2023-02-29',
  '2025-13-01',
  '0000-00-00',
  '2025-00-10',
  '1999-12-31',
  '2099-01-01',
  '9999-12-31',
  '2025-1-1',
  '25-11-03',
  '2025-11-03T00:00:00Z',
  '2025/11/03',
];
const HOSTILE_NUMBERS = [-1, 0, 1e308, -1e308, 2 ** 53 + 1, 3.5, 31, 1000, -0];

function resolve(schema: unknown, components: Record<string, Schema>): Schema {
  let current = schema as Schema;
  for (let depth = 0; depth < 10 && typeof current?.$ref === 'string'; depth++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = components[name] ?? {};
  }
  return current ?? {};
}

/** Values that satisfy (most of) a JSON schema: the starting point for mutations. */
function validValue(
  schema: unknown,
  components: Record<string, Schema>,
  ids: () => string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (depth > 6) return fc.constant(null);
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const branches = ((s.anyOf ?? s.oneOf) as unknown[]).map((b) =>
      validValue(b, components, ids, depth + 1),
    );
    return fc.oneof(...branches);
  }
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const type = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  if (type.includes('null') && type.length > 1) {
    const rest = { ...s, type: type.filter((t) => t !== 'null')[0] };
    return fc.option(validValue(rest, components, ids, depth), { nil: null, freq: 4 });
  }
  switch (type[0] ?? '') {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, propertySchema] of Object.entries(properties))
        record[name] = validValue(propertySchema, components, ids, depth + 1);
      if (Object.keys(record).length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        });
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    case 'array':
      return fc.array(validValue(s.items, components, ids, depth + 1), {
        maxLength: Math.min(Number(s.maxItems ?? 4), 4),
      });
    case 'integer':
      return fc.integer({ min: Number(s.minimum ?? -5), max: Number(s.maximum ?? 1000) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ids()), fc.uuid());
      if (s.format === 'date-time')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
      if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
        return fc
          .date({
            min: new Date(`${SUPPORTED_YEARS.from}-01-01T00:00:00Z`),
            max: new Date(`${SUPPORTED_YEARS.to}-12-31T00:00:00Z`),
            noInvalidDate: true,
          })
          .map((d) => d.toISOString().slice(0, 10));
      }
      if (pattern) {
        try {
          return fc
            .stringMatching(new RegExp(pattern))
            .filter(
              (v) => v.length <= Number(s.maxLength ?? 200) && v.length >= Number(s.minLength ?? 0),
            );
        } catch {
          // fall through
        }
      }
      return fc.string({
        minLength: Number(s.minLength ?? 0),
        maxLength: Math.min(Number(s.maxLength ?? 40), 40),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_DATES),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[[]]], { $ne: null }, { __proto__: { admin: true } }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A corrupted copy of `value`: a leaf replaced, a key dropped or added, or the whole thing swapped. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    paths.push(path);
    if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
  };
  walk(value, []);
  const set = (root: unknown, path: string[], leaf: unknown): unknown => {
    if (path.length === 0) return leaf;
    const copy: unknown = Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) };
    (copy as Record<string, unknown>)[path[0]!] = set(
      (root as Record<string, unknown>)[path[0]!],
      path.slice(1),
      leaf,
    );
    return copy;
  };
  const remove = (root: unknown, path: string[]): unknown => {
    if (path.length === 0 || !root || typeof root !== 'object') return root;
    const copy: unknown = Array.isArray(root) ? [...(root as unknown[])] : { ...root };
    if (path.length === 1) delete (copy as Record<string, unknown>)[path[0]!];
    else
      (copy as Record<string, unknown>)[path[0]!] = remove(
        (root as Record<string, unknown>)[path[0]!],
        path.slice(1),
      );
    return copy;
  };
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), hostileLeaf)
        .map(([p, leaf]) => set(value, p, leaf)),
    },
    { weight: 2, arbitrary: fc.constantFrom(...paths).map((p) => remove(value, p)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...paths),
          fc.constantFrom(
            'unknownField',
            '__proto__',
            'constructor',
            'id',
            'organizationId',
            'x'.repeat(300),
          ),
          hostileLeaf,
        )
        .map(([p, key, leaf]) => {
          const target = p.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], value);
          return target && typeof target === 'object' && !Array.isArray(target)
            ? set(value, p, { ...target, [key]: leaf })
            : set(value, p, { [key]: leaf });
        }),
    },
    { weight: 1, arbitrary: hostileLeaf },
  );
}

const rawBodies = fc.constantFrom(
  '{"family": "DV",',
  '{',
  '[1,2,',
  'null',
  '"just a string"',
  '{"a":1}{"b":2}',
  `{"events":${'['.repeat(2000)}${']'.repeat(2000)}}`,
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\u0000',
  '\ufeff{}',
  'NaN',
  '{"reference": "\\ud800"}',
);

export function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema: Schema }[];
        requestBody?: { content?: Record<string, { schema: Schema }> };
      }
    >
  >;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const query: Record<string, Schema> = {};
      for (const p of op.parameters ?? []) if (p.in === 'query') query[p.name] = p.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        query,
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

export interface FuzzWorld {
  /** The acting organization's key and some of its own ids (so many requests reach real code). */
  actor: { key: string; ids: () => string[] };
  /** The other organization's ids and strings, which must never appear in a response. */
  victim: { ids: string[]; secrets: string[] };
  /** Feed token prefix shape, for guesses. */
  feedPath: (token: string) => string;
}

/**
 * A generated value as request text, whatever it is: strings as they are, other primitives with
 * `String`, objects and arrays (with or without a prototype: `String` throws on those without one)
 * with `JSON.stringify`. Never throws, so a value the generator drew cannot crash the harness.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function'))
    return String(value);
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? ''
    );
  } catch {
    // A cycle or a throwing toJSON: still something to send.
    return Object.prototype.toString.call(value);
  }
}

/** A generated value as a JSON body (`null` for what JSON cannot hold); never throws. */
export function asJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return (value !== null && typeof value === 'object') || typeof value === 'bigint'
    ? asText(value)
    : (JSON.stringify(value) ?? 'null');
}

export function requestsFor(
  ops: Operation[],
  components: Record<string, Schema>,
  world: FuzzWorld,
): fc.Arbitrary<Request> {
  // Which id goes in a path: one of the actor's own (so requests reach real code), one of
  // the other organization's, a random UUID, or garbage. Picks are by generated index, so a
  // seed reproduces the run.
  const idCandidate: fc.Arbitrary<{
    kind: 'OWN' | 'VICTIM' | 'LITERAL';
    pick: number;
    literal: string;
  }> = fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'OWN' as const, pick, literal: '' })) },
    {
      weight: 3,
      arbitrary: fc.nat().map((pick) => ({ kind: 'VICTIM' as const, pick, literal: '' })),
    },
    {
      weight: 2,
      arbitrary: fc.uuid().map((literal) => ({ kind: 'LITERAL' as const, pick: 0, literal })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '1',
          '00000000-0000-0000-0000-000000000000',
          "1' OR '1'='1",
          '..%2F..%2Fetc',
          'x'.repeat(500),
          '%00',
          'null',
        )
        .map((literal) => ({ kind: 'LITERAL' as const, pick: 0, literal })),
    },
  );
  const perOperation = ops.map((op) => {
    const query = fc.record(
      Object.fromEntries(
        Object.entries(op.query).map(([name, schema]) => [
          name,
          fc.oneof(validValue(schema, components, world.actor.ids), hostileLeaf),
        ]),
      ),
      { requiredKeys: [] },
    );
    const body = op.body
      ? fc.oneof(
          {
            weight: 3,
            arbitrary: validValue(op.body, components, world.actor.ids).map(asJson),
          },
          {
            weight: 6,
            arbitrary: validValue(op.body, components, world.actor.ids).chain(mutate).map(asJson),
          },
          { weight: 1, arbitrary: rawBodies },
        )
      : fc.option(fc.oneof(rawBodies, fc.jsonValue({ maxDepth: 2 }).map(asJson)), { freq: 8 });
    const headers = fc.record(
      {
        authorization: fc.oneof(
          { weight: 20, arbitrary: fc.constant(`Bearer ${world.actor.key}`) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              '',
              'Bearer',
              'Basic YWRtaW46YWRtaW4=',
              `Bearer ${world.actor.key}x`,
              `Bearer ork_0000000000_${'A'.repeat(43)}`,
              'Bearer ' + 'a'.repeat(5000),
            ),
          },
        ),
        'idempotency-key': fc.oneof(
          fc.uuid(),
          fc.constantFrom('same-key-1', 'same-key-2', 'with space', 'ü', 'x'.repeat(300)),
        ),
        'if-match': fc.oneof(
          fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"999999999999"', 'garbage'),
        ),
        'content-type': fc.oneof(
          { weight: 12, arbitrary: fc.constant('application/json') },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              'text/plain',
              'application/xml',
              'application/json; charset=latin1',
              'multipart/form-data',
            ),
          },
        ),
      },
      { requiredKeys: ['authorization'] },
    );
    return fc
      .record({
        ids: fc.array(idCandidate, {
          minLength: op.pathParams.length,
          maxLength: op.pathParams.length,
        }),
        query,
        body,
        headers,
      })
      .map(({ ids, query: q, body: b, headers: h }) => {
        let usesOtherTenantId = false;
        let index = 0;
        const own = world.actor.ids();
        const url = op.path.replace(/\{(\w+)\}/g, () => {
          const choice = ids[index++]!;
          if (choice.kind === 'OWN') return own[choice.pick % Math.max(own.length, 1)] ?? 'none';
          if (choice.kind === 'VICTIM') {
            usesOtherTenantId = true;
            return world.victim.ids[choice.pick % world.victim.ids.length]!;
          }
          return encodeURIComponent(choice.literal);
        });
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
          if (Array.isArray(v)) for (const item of v) search.append(k, asText(item));
          else if (v !== undefined) search.append(k, asText(v));
        }
        const qs = search.toString();
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(h))
          if (typeof v === 'string' && v !== '') headers[k] = v;
        if (!b) delete headers['content-type'];
        return {
          op: `${op.method} ${op.path}`,
          method: op.method,
          url: `${url}${qs ? `?${qs}` : ''}`,
          headers,
          body: b ?? undefined,
          usesOtherTenantId,
        };
      });
  });
  return fc.oneof(...perOperation);
}

/**
 * Row-level triggers counting every insert, update and delete. Bookkeeping is excluded: when a
 * key or feed was last used, and the failed-credential counters (AuthFailure), which a rejected
 * request is meant to write (#11: throttling shared across processes through PostgreSQL).
 */
export async function installWriteCounter(env: ProofEnv): Promise<void> {
  const client = env.admin;
  await client.query(`CREATE TABLE IF NOT EXISTS proof_write_counter (n bigint NOT NULL)`);
  await client.query(
    `INSERT INTO proof_write_counter SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM proof_write_counter)`,
  );
  await client.query(`CREATE OR REPLACE FUNCTION proof_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE proof_write_counter SET n = n + 1; RETURN NULL; END $$`);
  const columns = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname NOT IN ('_prisma_migrations', 'proof_write_counter', 'AuthFailure')`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns.rows)
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  for (const [table, cols] of byTable) {
    const written = cols
      .filter((c) => c !== 'lastUsedAt' && c !== 'lastFetchedAt')
      .map((c) => `"${c}"`)
      .join(', ');
    await client.query(`DROP TRIGGER IF EXISTS proof_write_ins ON "${table}"`);
    await client.query(`DROP TRIGGER IF EXISTS proof_write_upd ON "${table}"`);
    await client.query(
      `CREATE TRIGGER proof_write_ins AFTER INSERT OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION proof_count_write()`,
    );
    await client.query(
      `CREATE TRIGGER proof_write_upd AFTER UPDATE OF ${written} ON "${table}" FOR EACH ROW EXECUTE FUNCTION proof_count_write()`,
    );
  }
}

export async function writeCount(env: ProofEnv): Promise<number> {
  return Number(
    (await env.admin.query<{ n: string }>('SELECT n FROM proof_write_counter')).rows[0]!.n,
  );
}

/** Sends raw bytes (for what fetch refuses to send) and returns the status line's code. */
function rawRequest(server: ServerHandle, text: string): Promise<{ status: number; head: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let data = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('close', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0),
        head: data.split('\r\n\r\n')[0] ?? '',
      }),
    );
    socket.on('error', () => undefined);
    socket.end(text, 'latin1');
  });
}

export async function fuzz(
  env: ProofEnv,
  server: ServerHandle,
  world: FuzzWorld,
  options: { runs: number; seed: number },
): Promise<Omit<FuzzResult, 'limits'>> {
  const started = Date.now();
  const doc = (await call(server.baseUrl, undefined, 'GET', '/docs/json')).json<{
    paths: Parameters<typeof operationsOf>[0]['paths'];
    components: { schemas: Record<string, Schema> };
  }>();
  const ops = operationsOf(doc);
  const samples = fc.sample(requestsFor(ops, doc.components.schemas, world), {
    numRuns: options.runs,
    seed: options.seed,
  });
  const result: Omit<FuzzResult, 'limits'> = {
    seed: options.seed,
    requests: 0,
    operations: ops.length,
    byStatus: {},
    serverErrors: [],
    rejectedWithWrites: [],
    crossTenantLeaks: [],
    rawHeaderChecks: 0,
    rawHeaderFailures: [],
    guessedFeedTokens: 0,
    guessedFeedTokenHits: 0,
    seconds: 0,
  };
  const describe = (r: Request) =>
    `${r.method} ${r.url.slice(0, 160)} ${r.body ? r.body.slice(0, 160) : ''}`;
  // A leak is the other organization's data in a response when the request did not carry it
  // (echoing a request's own garbage back is not learning anything).
  const leaks = (text: string, sent: string) =>
    world.victim.secrets.some((secret) => text.includes(secret) && !sent.includes(secret));

  for (const request of samples) {
    const before = await writeCount(env);
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${server.baseUrl}${request.url}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined && request.method !== 'GET' && { body: request.body }),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      // A request fetch itself refuses to send (e.g. an invalid header value) is not the server's answer.
      if (error instanceof TypeError) continue;
      throw error;
    }
    result.requests += 1;
    const bucket = `${Math.floor(status / 100)}xx`;
    result.byStatus[bucket] = (result.byStatus[bucket] ?? 0) + 1;
    result.byStatus[String(status)] = (result.byStatus[String(status)] ?? 0) + 1;
    if (status >= 500) result.serverErrors.push({ request: describe(request), status });
    if (status >= 400 && (await writeCount(env)) !== before)
      result.rejectedWithWrites.push({ request: describe(request), status });
    if (
      leaks(text, `${request.url} ${request.body ?? ''} ${JSON.stringify(request.headers)}`) ||
      (request.usesOtherTenantId &&
        status < 300 &&
        request.method === 'GET' &&
        /\/v1\/[^/]+\/[0-9a-f-]{36}/.test(request.url))
    ) {
      result.crossTenantLeaks.push({ request: describe(request), status });
    }
  }

  // Header injection and malformed framing, sent raw (fetch would refuse them).
  const key = world.actor.key;
  const raws = [
    `GET /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nX-Forwarded-For: 1.1.1.1\r\nIdempotency-Key: a\r\n\tX-Injected: 1\r\n\r\n`,
    `POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 500\r\n\r\n{"a":`,
    `POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
    `GET /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
    `GET /v1/cases/%0d%0aSet-Cookie:%20x=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`,
    `GET /feeds/%0d%0aSet-Cookie:%20x=1.ics HTTP/1.1\r\nHost: x\r\n\r\n`,
    `PATCH /v1/cases/${world.victim.ids[0]} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nIf-Match: "1"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    `GET /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\xff\xfe\r\n\r\n`,
    `GET /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nIf-Match: "1"\r\nIdempotency-Key: ${'\u00e9'.repeat(10)}\r\n\r\n`,
  ];
  for (const raw of raws) {
    const before = await writeCount(env);
    const { status, head } = await rawRequest(server, raw);
    result.rawHeaderChecks += 1;
    if (status >= 500 || (status === 0 && server.alive() === false))
      result.rawHeaderFailures.push(`${raw.slice(0, 60)}… → ${status}`);
    if (/\r\n(set-cookie|x-injected):/i.test(head))
      result.rawHeaderFailures.push(`${raw.slice(0, 60)}… echoed an injected header`);
    if (status >= 400 && (await writeCount(env)) !== before)
      result.rawHeaderFailures.push(`${raw.slice(0, 60)}… wrote while rejected`);
  }

  // Guessed feed tokens: well-formed, random, never a hit.
  const guesses = fc.sample(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
    numRuns: 300,
    seed: options.seed + 1,
  });
  for (const bytes of guesses) {
    const token = Buffer.from(bytes).toString('base64url');
    const response = await fetch(`${server.baseUrl}${world.feedPath(token)}`);
    await response.arrayBuffer();
    result.guessedFeedTokens += 1;
    if (response.status < 400) result.guessedFeedTokenHits += 1;
    if (response.status >= 500)
      result.serverErrors.push({ request: `GET feed guess`, status: response.status });
  }
  if (!server.alive())
    result.serverErrors.push({ request: 'the server process died during fuzzing', status: 0 });
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Rate limits, the failed-auth throttle and the body limit, on a server started with small limits. */
export async function checkLimits(env: ProofEnv, tenant: Tenant): Promise<FuzzResult['limits']> {
  const server = await env.startServer('limits', {
    RATE_LIMIT_PER_MINUTE: '40',
    AUTH_FAILURES_PER_MINUTE: '10',
    WORKER: 'off',
  });
  try {
    let rateLimited = false;
    for (let i = 0; i < 60 && !rateLimited; i++) {
      const r = await call(server.baseUrl, tenant.key, 'GET', '/v1/organization');
      rateLimited = r.status === 429 && Number(r.headers.get('retry-after')) > 0;
    }
    const big = await call(
      server.baseUrl,
      tenant.key,
      'POST',
      '/v1/compute',
      JSON.stringify({ family: 'DV', court: 'CA', events: [], pad: 'x'.repeat(300_000) }),
    );
    let authThrottled = false;
    for (let i = 0; i < 20 && !authThrottled; i++) {
      authThrottled =
        (await call(server.baseUrl, `ork_0000000000_${'B'.repeat(43)}`, 'GET', '/v1/cases'))
          .status === 429;
    }
    return { rateLimited, bodyLimited: big.status === 413, authThrottled };
  } finally {
    await server.stop();
  }
}
