// Every answer of /graphql is GraphQL JSON with a code, whatever arrives and whatever NODE_ENV says:
// never express's HTML page, a stack, a path or a library's message.
import { createTestApp, type TestApp } from './support/app';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://keel@127.0.0.1:5432/keel',
  PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  WEBHOOK_SECRET_KEYS: `w1:${Buffer.alloc(32, 9).toString('base64')}`,
};

function expectCleanError(res: { status: number; headers: Record<string, string>; text: string; body: unknown }, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.body as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0].extensions.code).toBe(code);
  expect(typeof body.errors[0].message).toBe('string');
  expect(res.text).not.toMatch(/<html|<pre|\bat \w|node_modules|\/work\/|\/src\/|Error:|Unexpected token|stack/i);
}

describe.each([
  ['development', { NODE_ENV: 'development' }],
  ['production', PRODUCTION],
])('in %s', (_mode, env) => {
  let t: TestApp;
  let previous: string | undefined;
  beforeAll(async () => {
    // express reads NODE_ENV from the process when it renders errors.
    previous = process.env.NODE_ENV;
    process.env.NODE_ENV = env.NODE_ENV;
    t = await createTestApp({ env });
    expect(t.config.nodeEnv).toBe(env.NODE_ENV);
  });
  afterAll(async () => {
    process.env.NODE_ENV = previous;
    await t?.close();
  });

  it('invalid JSON is BAD_REQUEST', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').send('{"query": "{ __typename }"');
    expectCleanError(res, 400, 'BAD_REQUEST');
  });

  it('JSON that is not an object is BAD_REQUEST', async () => {
    for (const body of ['"text"', '42', 'null', 'true']) {
      expectCleanError(await t.http.post('/graphql').set('content-type', 'application/json').send(body), 400, 'BAD_REQUEST');
    }
  });

  it('a charset other than UTF-8 is UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json; charset=utf-16').send(Buffer.from('{"query":"{ __typename }"}', 'utf16le'));
    expectCleanError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown content encoding is UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').set('content-encoding', 'zstd-x').send('{"query":"{ __typename }"}');
    expectCleanError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over 4 MB is PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').send(JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(4_300_000) } }));
    expectCleanError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])('a %s body is UNSUPPORTED_MEDIA_TYPE', async (type) => {
    const res = await t.http.post('/graphql').set('content-type', type).send('query={ __typename }');
    expectCleanError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body without a query, or a batch, is BAD_REQUEST', async () => {
    expectCleanError(await t.http.post('/graphql').send({}), 400, 'BAD_REQUEST');
    expectCleanError(await t.http.post('/graphql').send([{ query: '{ __typename }' }]), 400, 'BAD_REQUEST');
    expectCleanError(await t.http.post('/graphql').send({ query: 42 }), 400, 'BAD_REQUEST');
  });

  it('other methods answer JSON', async () => {
    const res = await t.http.put('/graphql').send({ query: '{ __typename }' });
    expect(res.status).toBe(405);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('an unknown route answers JSON', async () => {
    const res = await t.http.get('/nothing-here');
    expectCleanError(res, 404, 'NOT_FOUND');
  });

  it('a good request still works, and GET still serves queries', async () => {
    expect((await t.gql('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    const get = await t.http.get('/graphql').query({ query: '{ __typename }' }).set('apollo-require-preflight', 'true');
    expect(get.body.data).toEqual({ __typename: 'Query' });
  });
});
