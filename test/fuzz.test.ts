// Property: whatever arrives at /graphql (schema-shaped documents with random arguments and variables,
// mutated documents, malformed bodies and headers), the answer is well-formed GraphQL JSON, never a 5xx
// other than SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR, and never shows a stack, a file path or
// SQL. /health/live keeps answering throughout (its latency is reported, not asserted).
// FUZZ_SEED picks another run; FUZZ_RUNS changes the number of cases.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { prng } from '../src/db/seed.helpers';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_200);
const CONCURRENCY = 8;

jest.setTimeout(240_000);

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: R, p: number): boolean => r() < p;

// Value pools drawn once from fast-check's generators (which favour edge cases).
const pool = <T>(arb: fc.Arbitrary<T>, n: number, offset: number): T[] => fc.sample(arb, { seed: SEED + offset, numRuns: n });
const STRINGS = pool(
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '%', '_', '\\', "'; drop table customer; --", 'ACTIVE', 'rm-01', 'x'.repeat(3000)),
  ),
  500,
  1,
);
const NUMBERS = pool(fc.oneof(fc.integer(), fc.integer({ min: -5, max: 120 }), fc.double(), fc.constantFrom(0, -1, 1, 100, 101, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER)), 300, 2);
const JSONS = pool(fc.jsonValue({ maxDepth: 3 }), 300, 3);
const DATES = [...pool(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), 100, 4), 'notadate', '2020-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2026-13-01', ''];

interface Case {
  kind: 'document' | 'mutated' | 'malformed';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface Generator {
  schema: GraphQLSchema;
  ids: string[];
  tokens: (string | null)[];
}

function scalarValue(r: R, name: string, g: Generator): unknown {
  switch (name) {
    case 'Int':
    case 'Float':
      return pick(r, NUMBERS);
    case 'Boolean':
      return chance(r, 0.9) ? chance(r, 0.5) : pick(r, STRINGS);
    case 'ID':
      return chance(r, 0.6) ? pick(r, g.ids) : pick(r, STRINGS);
    case 'DateTimeISO':
      return pick(r, DATES);
    case 'JSON':
      return pick(r, JSONS);
    default:
      return chance(r, 0.2) ? pick(r, ['10.00', '-1', '1e400', '0.001', 'EUR']) : pick(r, STRINGS);
  }
}

function inputValue(r: R, type: GraphQLInputType, g: Generator, depth: number): unknown {
  if (chance(r, 0.03)) return pick(r, JSONS); // the wrong shape altogether
  if (isNonNullType(type)) return inputValue(r, type.ofType, g, depth);
  if (chance(r, 0.05)) return null;
  if (isListType(type)) {
    if (chance(r, 0.01)) return Array.from({ length: 2_001 }, () => inputValue(r, type.ofType, g, depth + 1));
    return Array.from({ length: Math.floor(r() * 4) }, () => inputValue(r, type.ofType, g, depth + 1));
  }
  if (isEnumType(type)) return chance(r, 0.9) ? pick(r, type.getValues()).name : pick(r, STRINGS);
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    if (depth > 3) return out;
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) ? chance(r, 0.95) : chance(r, 0.4)) out[f.name] = inputValue(r, f.type, g, depth + 1);
    }
    if (chance(r, 0.03)) out[pick(r, ['unknown', 'id', '__proto__', 'constructor'])] = pick(r, STRINGS);
    return out;
  }
  return scalarValue(r, (type as GraphQLNamedType).name, g);
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A GraphQL literal for a JSON value (enum names bare where the type is an enum). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const named = type ? getNamedType(type) : undefined;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return named && isEnumType(named) && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  const inner = type && (isNonNullType(type) ? type.ofType : type);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, inner && isListType(inner) ? inner.ofType : undefined)).join(', ')}]`;
  const fields = named && isInputObjectType(named) ? named.getFields() : {};
  return `{ ${Object.entries(value as Record<string, unknown>)
    .filter(([k]) => NAME.test(k))
    .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`)
    .join(', ')} }`;
}

interface Doc {
  variables: Record<string, unknown>;
  definitions: string[];
}

function argumentsOf(r: R, args: readonly GraphQLArgument[], g: Generator, doc: Doc): string {
  const parts: string[] = [];
  for (const a of args) {
    if (!(isNonNullType(a.type) ? chance(r, 0.95) : chance(r, 0.3))) continue;
    const value = inputValue(r, a.type, g, 0);
    if (chance(r, 0.4)) {
      const name = `v${Object.keys(doc.variables).length}_${a.name}`;
      // Mostly the argument's own type; sometimes a wrong one, sometimes left undefined.
      const declared = chance(r, 0.9) ? String(a.type) : pick(r, ['String', 'Int!', '[ID!]!', 'CustomerFilter', 'Nope']);
      doc.definitions.push(`$${name}: ${declared}`);
      if (chance(r, 0.95)) doc.variables[name] = value;
      parts.push(`${a.name}: $${name}`);
    } else {
      parts.push(`${a.name}: ${literal(value, a.type)}`);
    }
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

function selectionOf(r: R, type: GraphQLNamedType, g: Generator, doc: Doc, depth: number): string {
  if (isUnionType(type)) {
    const member = pick(r, type.getTypes());
    return `{ __typename ... on ${member.name} ${selectionOf(r, member, g, doc, depth)} }`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const chosen: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const f = pick(r, fields);
    const named = getNamedType(f.type);
    const alias = chance(r, 0.05) ? `a${i}: ` : '';
    const args = argumentsOf(r, f.args, g, doc);
    if (isCompositeType(named)) {
      if (depth >= 4) continue;
      chosen.push(`${alias}${f.name}${args} ${selectionOf(r, named, g, doc, depth + 1)}`);
    } else {
      chosen.push(`${alias}${f.name}${args}`);
    }
  }
  if (isInterfaceType(type) && chance(r, 0.3)) {
    const impl = pick(r, g.schema.getPossibleTypes(type));
    chosen.push(`... on ${impl.name} ${selectionOf(r, impl, g, doc, depth + 1)}`);
  }
  if (!chosen.length) chosen.push('__typename');
  return `{ ${chosen.join(' ')} }`;
}

function schemaDocument(r: R, g: Generator): { query: string; variables: Record<string, unknown>; operationName?: string } {
  const mutation = chance(r, 0.2);
  const root = mutation ? g.schema.getMutationType()! : g.schema.getQueryType()!;
  const doc: Doc = { variables: {}, definitions: [] };
  let selection = selectionOf(r, root, g, doc, 0);
  let fragment = '';
  if (chance(r, 0.15)) {
    fragment = ` fragment Root on ${root.name} ${selection}`;
    selection = '{ ...Root }';
  }
  const name = chance(r, 0.5) ? 'Op' : '';
  const head = `${mutation ? 'mutation' : 'query'} ${name}${doc.definitions.length ? `(${doc.definitions.join(', ')})` : ''}`;
  const operationName = chance(r, 0.1) ? pick(r, ['Op', 'Other', '']) : name || undefined;
  return { query: `${head} ${selection}${fragment}`, variables: doc.variables, operationName };
}

const INSERTS = ['{', '}', '(', ')', '[', ']', '...', '$', '"', '"""', '#', ':', '!', '@skip(if: true)', '@include(if: $x)', '\u0000', 'query', 'subscription', 'fragment F on Query { ...F }', '__schema { types { name } }', '\ud800', '\\u0000', ' '];

function mutate(r: R, text: string): string {
  let s = text;
  for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = Math.floor(r() * 5);
    if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
    else if (op === 1) s = s.slice(0, at) + pick(r, INSERTS) + s.slice(at);
    else if (op === 2) s = s.slice(0, at);
    else if (op === 3) s = s.slice(0, at) + s.slice(at, at + 20).repeat(2 + Math.floor(r() * 3)) + s.slice(at);
    else s = s.slice(0, at) + pick(r, STRINGS).slice(0, 8) + s.slice(at);
  }
  return s;
}

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json; charset=utf-16',
  'application/json; charset=latin1', 'text/plain', 'application/graphql', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/xml', 'application/graphql-response+json', '*/*', 'application/json;;;', 'json',
];
const printable = (s: string): string => s.replace(/[^\x20-\x7e]/g, '').slice(0, 500);

function authHeader(r: R, g: Generator): Record<string, string> {
  const token = pick(r, g.tokens);
  if (token === null) return {};
  if (chance(r, 0.15)) return { authorization: pick(r, ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${printable(pick(r, STRINGS))}`, `bearer ${token}`, `Bearer ${token}x`, `Bearer ${'a'.repeat(4000)}`]) };
  return { authorization: `Bearer ${token}` };
}

function malformed(r: R, g: Generator): Case {
  const headers: Record<string, string> = { ...authHeader(r, g) };
  if (chance(r, 0.2)) headers['x-request-id'] = printable(pick(r, STRINGS)) || 'x';
  if (chance(r, 0.2)) headers.accept = pick(r, ['application/json', 'application/graphql-response+json', 'multipart/mixed', '*/*', 'text/plain', 'application/xml']);
  if (chance(r, 0.1)) headers['apollo-require-preflight'] = 'true';
  const method = chance(r, 0.85) ? 'POST' : pick(r, ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
  if (method === 'GET') {
    const q = new URLSearchParams({ query: chance(r, 0.5) ? schemaDocument(r, g).query : printable(pick(r, STRINGS)) });
    if (chance(r, 0.3)) q.set('variables', chance(r, 0.5) ? JSON.stringify(pick(r, JSONS)) : printable(pick(r, STRINGS)));
    if (chance(r, 0.2)) q.set('operationName', printable(pick(r, STRINGS)));
    // A URL past Node's header limit (16 KiB) is refused by its HTTP parser before any application code
    // (431, no body): no server can answer it in GraphQL JSON, so such a document goes by POST instead.
    if (`/graphql?${q}`.length <= 8_000) return { kind: 'malformed', method, path: `/graphql?${q}`, headers };
  }
  headers['content-type'] = chance(r, 0.1) ? printable(pick(r, STRINGS)) : pick(r, CONTENT_TYPES);
  let body: Buffer;
  const shape = Math.floor(r() * 7);
  if (shape === 0) body = Buffer.from(fc.sample(fc.uint8Array({ maxLength: 200 }), { seed: Math.floor(r() * 2 ** 31), numRuns: 1 })[0]);
  else if (shape === 1) body = Buffer.from(JSON.stringify(pick(r, JSONS)));
  else if (shape === 2) body = Buffer.from(JSON.stringify({ query: pick(r, JSONS), variables: pick(r, JSONS), operationName: pick(r, JSONS), extensions: pick(r, JSONS) }));
  else if (shape === 3) body = Buffer.from(JSON.stringify({ query: schemaDocument(r, g).query }).slice(0, Math.floor(r() * 60)));
  else if (shape === 4) body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ query: '{ __typename }' }))]);
  else if (shape === 5) body = Buffer.from(JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: pick(r, [1, 2, 'x']), sha256Hash: printable(pick(r, STRINGS)) } } }));
  else body = Buffer.from(JSON.stringify([{ query: '{ __typename }' }, { query: schemaDocument(r, g).query }]));
  return { kind: 'malformed', method, path: '/graphql', headers, body };
}

function makeCase(i: number, g: Generator): Case {
  const r = prng(SEED * 7919 + i);
  const roll = r();
  if (roll < 0.5 || roll >= 0.78) {
    if (roll >= 0.78) return malformed(r, g);
    const { query, variables, operationName } = schemaDocument(r, g);
    return { kind: 'document', method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', ...authHeader(r, g) }, body: Buffer.from(JSON.stringify({ query, variables, operationName })) };
  }
  const { query, variables } = schemaDocument(r, g);
  const mutatedVariables = chance(r, 0.3) ? pick(r, JSONS) : variables;
  return {
    kind: 'mutated',
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...authHeader(r, g) },
    body: Buffer.from(JSON.stringify({ query: mutate(r, query), variables: mutatedVariables })),
  };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function send(agent: http.Agent, port: number, c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: c.method, path: c.path, agent, headers: { ...c.headers, ...(c.body ? { 'content-length': String(c.body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(c.body);
  });
}

const LEAK = /\n\s+at |node_modules|\/work\/|\/home\/|\/src\/|\.ts:\d|\bselect\b[^"]*\bfrom\b|insert into|delete from|violates|syntax error at or near|invalid input syntax|relation "|column "|Knex|MikroORM|TypeError|ReferenceError|RangeError|call stack/i;

/** What is wrong with an answer, or null. */
function problemWith(a: Answer): string | null {
  if (a.status >= 500 && a.status !== 503) return `status ${a.status}`;
  if (a.status === 204 && a.text === '') return null; // OPTIONS
  if (!/^application\/(graphql-response\+)?json/.test(String(a.headers['content-type']))) return `content-type ${a.headers['content-type']}`;
  let body: { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(a.text);
  } catch {
    return 'not JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not an object';
  if (!('data' in body) && !Array.isArray(body.errors)) return 'neither data nor errors';
  for (const e of body.errors ?? []) {
    if (typeof e?.message !== 'string' || typeof e.extensions?.code !== 'string') return 'an error without message or code';
    if (e.extensions.code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
    if (a.status === 503 && e.extensions.code !== 'SERVICE_UNAVAILABLE') return `503 with ${e.extensions.code}`;
    if (LEAK.test(e.message)) return `leaks in message: ${e.message.slice(0, 200)}`;
  }
  if (a.status === 503 && !body.errors?.length) return '503 without an error';
  return null;
}

let t: TestApp;
let server: http.Server;
beforeAll(async () => {
  // Budgets and the lock-out after refused credentials would otherwise answer most cases with 429.
  t = await createTestApp({ env: { RATE_LIMIT_ANONYMOUS_POINTS: '1000000000', RATE_LIMIT_FAILED_AUTH: '1000000', RATE_LIMIT_PARTNER_POINTS: '1000000000' } });
  server = http.createServer(t.keel.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server?.closeAllConnections();
  await t?.close();
});

it(`answers ${RUNS} generated requests with well-formed GraphQL JSON and no internal errors`, async () => {
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
  const rm = await createStaff(t.sql, 'rm-01');
  for (let i = 0; i < 3; i++) await createCustomer(t.sql, { rmId: rm.id });
  await createCustomer(t.sql);
  const { rows } = await t.sql.query(`select id from customer order by external_ref limit 5`);
  const partner = await createPartnerToken(t, ['customers:read', 'customers:read_pii', 'feedback:write', 'ingest:write', 'offboarding:read', 'risk:read', 'loyalty:read']);
  const now = t.clock.now();
  const g: Generator = {
    schema,
    ids: [...rows.map((row: { id: string }) => toGlobalId('Customer', row.id)), toGlobalId('Customer', '00000000-0000-0000-0000-000000000000'), toGlobalId('Nope', 'x'), 'x', ''],
    tokens: [
      null,
      staffToken(t.config, 'ADMIN', 'admin-01', now),
      staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', now),
      staffToken(t.config, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01', now),
      staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-01', now),
      partner.token,
      'garbage',
    ],
  };
  const port = (server.address() as AddressInfo).port;
  console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} to replay), ${RUNS} cases`);

  // /health/live keeps being asked while the cases run.
  const latencies: number[] = [];
  const healthFailures: string[] = [];
  let running = true;
  const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const health = (async () => {
    while (running) {
      const started = process.hrtime.bigint();
      try {
        const a = await send(healthAgent, port, { kind: 'malformed', method: 'GET', path: '/health/live', headers: {} });
        if (a.status !== 200) healthFailures.push(`health ${a.status}`);
      } catch (err) {
        healthFailures.push(`health ${(err as Error).message}`);
      }
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const failures: { i: number; problem: string; kind: string; request: string; answer: string }[] = [];
  const counts: Record<string, number> = {};
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < RUNS) {
        const i = next++;
        const c = makeCase(i, g);
        counts[c.kind] = (counts[c.kind] ?? 0) + 1;
        let problem: string | null;
        let answer: Answer | null = null;
        try {
          answer = await send(agent, port, c);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          problem = problemWith(answer);
        } catch (err) {
          problem = `transport: ${(err as Error).message}`;
        }
        if (problem && failures.length < 20) {
          failures.push({ i, problem, kind: c.kind, request: `${c.method} ${c.path} ${JSON.stringify(c.headers)} ${c.body?.toString('utf8').slice(0, 600) ?? ''}`, answer: `${answer?.status} ${answer?.text.slice(0, 400)}` });
        } else if (problem) failures.push({ i, problem, kind: c.kind, request: '', answer: '' });
      }
    }),
  );
  running = false;
  await health;
  agent.destroy();
  healthAgent.destroy();

  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(1);
  console.log(
    `fuzz: ${RUNS} cases in ${((Date.now() - started) / 1000).toFixed(1)} s ${JSON.stringify(counts)}, statuses ${JSON.stringify(statuses)}; ` +
      `/health/live answered ${latencies.length} times, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms`,
  );
  if (failures.length) {
    const byProblem: Record<string, number> = {};
    for (const f of failures) byProblem[f.problem] = (byProblem[f.problem] ?? 0) + 1;
    console.log(`fuzz: ${failures.length} failures (seed ${SEED}) ${JSON.stringify(byProblem)}\n${JSON.stringify(failures.slice(0, 20), null, 2)}`);
  }
  expect(failures.length).toBe(0);
  expect(healthFailures).toEqual([]);
  expect(latencies.length).toBeGreaterThan(0);
});
