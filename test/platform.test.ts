import { createTestApp, type TestApp } from './support/app';
import { staffToken } from './support/tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('health', () => {
  it('is live and ready when the database answers', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe('ok');
  });

  it('puts a request id on every response, keeping a well-formed incoming one', async () => {
    const own = await t.http.get('/health/live');
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http.get('/health/live').set('x-request-id', 'trace-abc.123');
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const hostile = await t.http.get('/health/live').set('x-request-id', 'bad id with spaces');
    // A fresh id of its own instead (a UUID: hex digits may spell "bad", so the check is the form).
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('tags no answer with an ETag (an answer depends on who asks and when; hashing it is work for nothing)', async () => {
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const post = await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ viewer { kind } }' });
    expect(post.status).toBe(200);
    const get = await t.http.get('/graphql').query({ query: '{ viewer { kind } }' }).set('authorization', `Bearer ${token}`).set('apollo-require-preflight', 'true');
    for (const res of [post, get, await t.http.get('/health/live')]) expect(res.headers.etag).toBeUndefined();
  });
});

describe('metrics', () => {
  it('counts operations by name and outcome at /metrics, without ids or tokens', async () => {
    const token = staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now());
    await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: 'query WhoAmI { viewer { kind } }' });
    await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: 'query Secretive { auditEvents { totalCount } }' });
    await t.http.post('/graphql').send({ query: 'query Chosen_By_A_Stranger { customers { totalCount } }' });
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/keel_graphql_operations_total\{type="query",name="WhoAmI",outcome="ok"\} 1/);
    expect(res.text).toMatch(/keel_graphql_operations_total\{type="query",name="Secretive",outcome="FORBIDDEN"\} 1/);
    // Names from unauthenticated callers get no label of their own.
    expect(res.text).not.toContain('Chosen_By_A_Stranger');
    expect(res.text).toMatch(/name="unauthenticated",outcome="UNAUTHENTICATED"\} 1/);
    expect(res.text).toContain('keel_graphql_operation_seconds_bucket');
    expect(res.text).toContain('keel_process_cpu_user_seconds_total');
  });

  it('bounds how many operation names get their own label', async () => {
    const token = staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now());
    for (let i = 0; i < 205; i++) await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: `query Name${i} { viewer { kind } }` });
    const res = await t.http.get('/metrics');
    const named = res.text.split('\n').filter((l) => l.startsWith('keel_graphql_operations_total{'));
    expect(named.length).toBeLessThanOrEqual(205);
    expect(res.text).toMatch(/name="other",outcome="ok"\} \d+/);
  });
});

it('a metrics token, when configured, guards /metrics', async () => {
  const guarded = await createTestApp({ env: { METRICS_TOKEN: 'scrape-0123456789' } });
  try {
    expect((await guarded.http.get('/metrics')).status).toBe(401);
    expect((await guarded.http.get('/metrics').set('authorization', 'Bearer wrong')).status).toBe(401);
    expect((await guarded.http.get('/metrics').set('authorization', 'Bearer scrape-0123456789')).status).toBe(200);
  } finally {
    await guarded.close();
  }
});

it('answers with security headers; the GraphiQL page has its own policy', async () => {
  const api = await t.http.post('/graphql').send({ query: '{ viewer { kind } }' });
  expect(api.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  });
  const page = await t.http.get('/graphql').set('accept', 'text/html');
  expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'/);
});
