// Staff JWTs: every way a token can be wrong is refused.
import jwt from 'jsonwebtoken';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { rawToken, staffToken } from './support/tokens';

let t: TestApp;
const QUERY = '{ customers(first: 1) { edges { node { id } } } }';

beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-01');
});
afterAll(async () => {
  await t?.close();
});

const claims = (over: Record<string, unknown> = {}) => ({
  sub: 'admin-01',
  roles: ['ADMIN'],
  name: 'Admin',
  email: 'admin@bank.example',
  ...over,
});
const inAnHour = () => Math.floor(t.clock.now().getTime() / 1000) + 3600;

function expectUnauthenticated(res: { status: number; body: { data?: unknown; errors?: { extensions: { code: string } }[] } }) {
  expect(res.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  expect(res.body.data ?? null).toBeNull();
}

it('accepts a valid staff token', async () => {
  const res = await t.gql(QUERY, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()) });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.customers.edges).toEqual([]);
});

it('the viewer query tells who is calling', async () => {
  const token = staffToken(t.config, ['SUPPORT_AGENT', 'RETENTION_ANALYST'], 'support-07', t.clock.now());
  const res = await t.gql('{ viewer { kind subject roles scopes } }', { token });
  expect(res.body.data.viewer).toEqual({ kind: 'staff', subject: 'support-07', roles: ['SUPPORT_AGENT', 'RETENTION_ANALYST'], scopes: [] });
  const anon = await t.gql('{ viewer { kind } }');
  expect(anon.body.data).toEqual({ viewer: null });
});

describe('refused', () => {
  it('no token', async () => {
    const res = await t.gql(QUERY);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.body.data).toBeNull();
  });

  it('bad signature', async () => {
    const token = rawToken(t.config, claims(), { issuer: t.config.jwt.issuer, audience: t.config.jwt.audience, expiresIn: 600 }, 'another-secret-another-secret-another-secret');
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('alg: none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ ...claims(), iss: t.config.jwt.issuer, aud: t.config.jwt.audience, exp: inAnHour() }),
    ).toString('base64url');
    expectUnauthenticated(await t.gql(QUERY, { token: `${header}.${body}.` }));
  });

  it('a tampered payload', async () => {
    const token = staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now());
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.roles = ['ADMIN'];
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expectUnauthenticated(await t.gql(QUERY, { token: forged }));
  });

  it('expired', async () => {
    const past = Math.floor(t.clock.now().getTime() / 1000) - 7200;
    const token = rawToken(t.config, { ...claims(), iat: past, exp: past + 3600 }, { issuer: t.config.jwt.issuer, audience: t.config.jwt.audience });
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('no exp', async () => {
    const token = rawToken(t.config, claims(), { issuer: t.config.jwt.issuer, audience: t.config.jwt.audience });
    expect(jwt.decode(token)).not.toHaveProperty('exp');
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('wrong aud', async () => {
    const token = rawToken(t.config, { ...claims(), exp: inAnHour() }, { issuer: t.config.jwt.issuer, audience: 'someone-else' });
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('wrong iss', async () => {
    const token = rawToken(t.config, { ...claims(), exp: inAnHour() }, { issuer: 'https://evil.example', audience: t.config.jwt.audience });
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('another algorithm than the pinned one (HS512)', async () => {
    const token = jwt.sign({ ...claims(), exp: inAnHour() }, t.config.jwt.secret!, {
      algorithm: 'HS512',
      issuer: t.config.jwt.issuer,
      audience: t.config.jwt.audience,
    });
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('no known role', async () => {
    const token = rawToken(t.config, { ...claims({ roles: ['SUPERUSER'] }), exp: inAnHour() }, { issuer: t.config.jwt.issuer, audience: t.config.jwt.audience });
    expectUnauthenticated(await t.gql(QUERY, { token }));
  });

  it('a relationship manager token whose subject has no staff user', async () => {
    expectUnauthenticated(await t.gql(QUERY, { token: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-99', t.clock.now()) }));
    // ...while a known relationship manager gets in.
    const ok = await t.gql(QUERY, { token: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now()) });
    expect(ok.body.errors).toBeUndefined();
  });

  it('a header that is not a bearer token, and garbage', async () => {
    const basic = await t.http.post('/graphql').set('authorization', 'Basic YWRtaW46YWRtaW4=').send({ query: QUERY });
    expect(basic.status).toBe(401);
    expect(basic.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expectUnauthenticated(await t.gql(QUERY, { token: 'not-a-token' }));
  });

  it('refusals go to the security log, never the audit table', async () => {
    const before = await t.sql.query('select count(*)::int as n from audit_event');
    await t.gql(QUERY, { token: 'garbage.garbage.garbage' });
    const after = await t.sql.query('select count(*)::int as n from audit_event');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(t.logs.some((l) => l.includes('"security":true') && l.includes('authentication refused'))).toBe(true);
  });
});

it('an address that keeps presenting bad credentials is refused before verification, then let in again', async () => {
  const guarded = await createTestApp({ env: { RATE_LIMIT_FAILED_AUTH: '3' }, database: t.db, clock: t.clock });
  try {
    for (let i = 0; i < 3; i++) expectUnauthenticated(await guarded.gql(QUERY, { token: 'garbage' }));
    const slowed = await guarded.gql(QUERY, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()) });
    expect(slowed.status).toBe(429);
    expect(slowed.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Without credentials the public viewer field still answers.
    expect((await guarded.gql('{ viewer { kind } }')).body.data).toEqual({ viewer: null });
    t.clock.advance(60_000);
    const later = await guarded.gql(QUERY, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()) });
    expect(later.body.errors).toBeUndefined();
  } finally {
    await guarded.close();
  }
});

it('behind a trusted proxy, the forwarded address is the one that gets slowed down', async () => {
  const behind = await createTestApp({ env: { RATE_LIMIT_FAILED_AUTH: '2', TRUST_PROXY: 'loopback' }, database: t.db, clock: t.clock });
  try {
    const from = (ip: string, token: string) => behind.gql(QUERY, { token, headers: { 'x-forwarded-for': ip } });
    await from('203.0.113.7', 'garbage');
    await from('203.0.113.7', 'garbage');
    const good = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    expect((await from('203.0.113.7', good)).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another client behind the same proxy is not affected.
    expect((await from('198.51.100.4', good)).body.errors).toBeUndefined();
  } finally {
    await behind.close();
  }
});
