// Partner tokens at the door: scopes, every way a token can be wrong, rotation's grace period,
// revocation across replicas, last-used tracking, and the secret nowhere at rest.
import jwt from 'jsonwebtoken';
import { crc32, checksumOf, hashToken } from '../src/modules/access/token';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let t: TestApp;
let customer: { id: string; externalRef: string };

beforeAll(async () => {
  t = await createTestApp({ env: { REDIS_URL } });
  customer = await createCustomer(t.sql, { firstName: 'Ada', lastName: 'Partner', email: 'ada.partner@mail.example' });
});
afterAll(async () => {
  await t?.close();
});

const admin = () => staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
const code = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;
const VIEWER = '{ viewer { kind subject name roles scopes } }';
const CUSTOMERS = '{ customers(first: 10) { edges { node { firstName email } } } }';

function expectUnauthenticated(res: { status: number; body: { data?: unknown; errors?: { extensions: { code: string } }[] } }) {
  expect(res.status).toBe(401);
  expect(code(res)).toBe('UNAUTHENTICATED');
  expect(res.body.data ?? null).toBeNull();
}

/** A token of the right shape with a valid checksum, for `publicId`, but a secret Keel never issued. */
function forged(publicId: string): string {
  const body = `keel_${publicId}_${'Z'.repeat(43)}`;
  return body + checksumOf(body);
}

describe('scopes', () => {
  it('viewer shows a partner\'s kind, public id and scopes', async () => {
    const p = await createPartnerToken(t, ['feedback:write', 'customers:read'], { name: 'Survey tool' });
    const res = await t.gql(VIEWER, { token: p.token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      viewer: { kind: 'partner', subject: p.publicId, name: 'Survey tool', roles: [], scopes: ['feedback:write', 'customers:read'] },
    });
  });

  it('a token with feedback:write only cannot read customers (FORBIDDEN)', async () => {
    const p = await createPartnerToken(t, ['feedback:write']);
    const res = await t.gql(CUSTOMERS, { token: p.token });
    expect(code(res)).toBe('FORBIDDEN');
    expect(res.body.errors[0].path).toEqual(['customers']);
    expect(res.body.data).toBeNull();
  });

  it('customers:read lists customers with personal data masked; customers:read_pii sees the email in full', async () => {
    const reader = await createPartnerToken(t, ['customers:read']);
    const masked = await t.gql(CUSTOMERS, { token: reader.token });
    expect(masked.body.errors).toBeUndefined();
    expect(masked.body.data.customers.edges).toEqual([{ node: { firstName: 'Ada', email: 'a***@***.example' } }]);

    const pii = await createPartnerToken(t, ['customers:read', 'customers:read_pii']);
    const full = await t.gql(CUSTOMERS, { token: pii.token });
    expect(full.body.errors).toBeUndefined();
    expect(full.body.data.customers.edges).toEqual([{ node: { firstName: 'Ada', email: 'ada.partner@mail.example' } }]);
    // The full read is audited with the partner as the actor.
    const audit = await t.sql.query(`select actor_kind, actor_id from audit_event where action = 'customer.pii_read' and customer_id = $1`, [customer.id]);
    expect(audit.rows).toContainEqual({ actor_kind: 'partner', actor_id: pii.publicId });
  });

  it('customers:read_pii alone does not open customers', async () => {
    const p = await createPartnerToken(t, ['customers:read_pii']);
    expect(code(await t.gql(CUSTOMERS, { token: p.token }))).toBe('FORBIDDEN');
  });
});

describe('refused tokens', () => {
  it('the checksum is the CRC-32 of the rest of the token (the standard check value holds)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(checksumOf('keel_')).toHaveLength(6);
  });

  it('a wrong secret, a malformed token, a bad checksum, an unknown client and an expired client: UNAUTHENTICATED', async () => {
    const good = await createPartnerToken(t, ['customers:read']);
    const soon = await createPartnerToken(t, ['customers:read'], { expiresAt: new Date(t.clock.now().getTime() + 60_000) });
    expect((await t.gql(VIEWER, { token: soon.token })).body.data.viewer.kind).toBe('partner');

    const lastChar = good.token.at(-1) === 'a' ? 'b' : 'a';
    const cases: [string, string][] = [
      ['wrong secret', forged(good.publicId)],
      ['malformed: too short', good.token.slice(0, -1)],
      ['malformed: bad characters', `${good.token.slice(0, -2)}-!`],
      ['malformed: only the prefix', 'keel_'],
      ['bad checksum', good.token.slice(0, -1) + lastChar],
      ['mistyped secret', good.token.slice(0, 30) + (good.token[30] === 'a' ? 'b' : 'a') + good.token.slice(31)],
      ['unknown client', forged('0000000000000000')],
    ];
    for (const [label, token] of cases) {
      const res = await t.gql(VIEWER, { token });
      expect({ label, status: res.status, code: code(res) }).toEqual({ label, status: 401, code: 'UNAUTHENTICATED' });
    }

    t.clock.advance(60_000);
    expectUnauthenticated(await t.gql(VIEWER, { token: soon.token }));
    // ...while an unexpired token with the same scopes keeps working.
    expect((await t.gql(VIEWER, { token: good.token })).body.data.viewer.kind).toBe('partner');
  });

  it('a bad checksum or a malformed token costs no SQL statement; a good token costs one', async () => {
    const good = await createPartnerToken(t, ['customers:read']);
    await t.gql(VIEWER, { token: good.token }); // marks it used, so the next request only looks it up
    const badChecksum = good.token.slice(0, -1) + (good.token.at(-1) === 'a' ? 'b' : 'a');
    for (const token of [badChecksum, `${good.token}x`, good.token.replace('keel_', 'keel_x')]) {
      const { result, statements } = await countStatements(() => t.gql(VIEWER, { token }));
      expectUnauthenticated(result);
      expect(statements).toEqual([]);
    }
    const { result, statements } = await countStatements(() => t.gql(VIEWER, { token: good.token }));
    expect(result.body.data.viewer.kind).toBe('partner');
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "api_client" where "public_id" = \$1/);
  });

  it('a staff JWT is never accepted as a partner token, nor a partner token as a staff JWT', async () => {
    const staff = admin();
    const partner = await createPartnerToken(t, ['customers:read']);
    const [, secret] = partner.token.split(/_(?=[^_]+$)/);
    const attempts: [string, string][] = [
      ['keel_ + staff JWT', `keel_${staff}`],
      ['keel_<public id>_ + staff JWT', `keel_${partner.publicId}_${staff}`],
      ['partner token without its prefix', partner.token.slice('keel_'.length)],
      ['partner secret alone', secret],
      // A JWT claiming ADMIN, signed with the partner token as the key.
      ['JWT signed with the partner token', jwt.sign(
        { sub: partner.publicId, roles: ['ADMIN'], exp: Math.floor(t.clock.now().getTime() / 1000) + 600 },
        partner.token,
        { algorithm: 'HS256', issuer: t.config.jwt.issuer, audience: t.config.jwt.audience },
      )],
      // The partner token dressed as a JWT.
      ['partner token in JWT shape', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${partner.token}.x`],
    ];
    for (const [label, token] of attempts) {
      const res = await t.gql(VIEWER, { token });
      expect({ label, status: res.status, code: code(res) }).toEqual({ label, status: 401, code: 'UNAUTHENTICATED' });
    }
    // Both work where they belong.
    expect((await t.gql(VIEWER, { token: staff })).body.data.viewer.kind).toBe('staff');
    expect((await t.gql(VIEWER, { token: partner.token })).body.data.viewer.kind).toBe('partner');
  });

  it('refusals go to the security log with the reason, never to the audit table', async () => {
    const p = await createPartnerToken(t, ['customers:read'], { revoked: true });
    const before = Number((await t.sql.query('select count(*) from audit_event')).rows[0].count);
    const logged = t.logs.length;
    expectUnauthenticated(await t.gql(VIEWER, { token: p.token }));
    expectUnauthenticated(await t.gql(VIEWER, { token: forged(p.publicId) }));
    expect(Number((await t.sql.query('select count(*) from audit_event')).rows[0].count)).toBe(before);
    const security = t.logs.slice(logged).filter((l) => l.includes('"security":true')).map((l) => JSON.parse(l));
    expect(security.map((l) => [l.credential, l.reason])).toEqual([
      ['partner', `partner client ${p.publicId} is revoked`],
      ['partner', `wrong secret for partner client ${p.publicId}`],
    ]);
  });
});

describe('last used', () => {
  it('is written on first use and then at most once a minute', async () => {
    const p = await createPartnerToken(t, ['risk:read']);
    const lastUsed = async () => (await t.sql.query('select last_used_at from api_client where id = $1', [p.clientId])).rows[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    const first = t.clock.now();
    const initial = await countStatements(() => t.gql(VIEWER, { token: p.token }));
    expect(initial.statements).toHaveLength(2); // look-up, then the last-used write
    expect(await lastUsed()).toEqual(first);

    t.clock.advance(59_000);
    const within = await countStatements(() => t.gql(VIEWER, { token: p.token }));
    expect(within.statements).toHaveLength(1);
    expect(await lastUsed()).toEqual(first);

    t.clock.advance(1_000);
    await t.gql(VIEWER, { token: p.token });
    expect(await lastUsed()).toEqual(t.clock.now());
  });
});

describe('rotation', () => {
  it('the old token keeps working through the grace period and stops after it; the new one works throughout', async () => {
    const p = await createPartnerToken(t, ['customers:read'], { via: 'api' });
    const rotated = await t.gql(
      'mutation($input: RotateApiClientTokenInput!) { rotateApiClientToken(input: $input) { token userErrors { code } } }',
      { token: admin(), variables: { input: { id: p.id } } },
    );
    const fresh: string = rotated.body.data.rotateApiClientToken.token;
    expect(fresh).toBeTruthy();
    const grace = t.config.apiTokens.rotationGraceSeconds * 1000;

    expect((await t.gql(CUSTOMERS, { token: p.token })).body.errors).toBeUndefined();
    expect((await t.gql(CUSTOMERS, { token: fresh })).body.errors).toBeUndefined();
    t.clock.advance(grace - 1000);
    expect((await t.gql(CUSTOMERS, { token: p.token })).body.errors).toBeUndefined();
    t.clock.advance(1000);
    expectUnauthenticated(await t.gql(CUSTOMERS, { token: p.token }));
    expect((await t.gql(CUSTOMERS, { token: fresh })).body.errors).toBeUndefined();
  });

  it('a second rotation ends the first old token\'s grace at once', async () => {
    const p = await createPartnerToken(t, ['customers:read']);
    const rotate = async () =>
      (await t.gql('mutation($input: RotateApiClientTokenInput!) { rotateApiClientToken(input: $input) { token } }', {
        token: admin(),
        variables: { input: { id: p.id } },
      })).body.data.rotateApiClientToken.token as string;
    const second = await rotate();
    const third = await rotate();
    expectUnauthenticated(await t.gql(VIEWER, { token: p.token }));
    expect((await t.gql(VIEWER, { token: second })).body.data.viewer.kind).toBe('partner');
    expect((await t.gql(VIEWER, { token: third })).body.data.viewer.kind).toBe('partner');
  });
});

describe('revocation', () => {
  it('takes effect on the next request, on this instance and on a second one sharing the database and Redis', async () => {
    const other = await createTestApp({ database: t.db, clock: t.clock, env: { REDIS_URL } });
    try {
      const p = await createPartnerToken(t, ['customers:read'], { via: 'api' });
      // Both instances accept it (and the second has looked it up before the revocation).
      expect((await t.gql(CUSTOMERS, { token: p.token })).body.errors).toBeUndefined();
      expect((await other.gql(CUSTOMERS, { token: p.token })).body.errors).toBeUndefined();

      const res = await t.gql('mutation($input: RevokeApiClientInput!) { revokeApiClient(input: $input) { apiClient { status } userErrors { code } } }', {
        token: admin(),
        variables: { input: { id: p.id } },
      });
      expect(res.body.data.revokeApiClient).toEqual({ apiClient: { status: 'REVOKED' }, userErrors: [] });

      expectUnauthenticated(await other.gql(CUSTOMERS, { token: p.token }));
      expectUnauthenticated(await t.gql(CUSTOMERS, { token: p.token }));
    } finally {
      await other.close();
    }
  });
});

describe('the secret at rest', () => {
  it('appears in no table of the database and in no log line', async () => {
    const p = await createPartnerToken(t, ['customers:read', 'customers:read_pii'], { via: 'api' });
    const rotated = (await t.gql('mutation($input: RotateApiClientTokenInput!) { rotateApiClientToken(input: $input) { token } }', {
      token: admin(),
      variables: { input: { id: p.id } },
    })).body.data.rotateApiClientToken.token as string;
    // Use them, well and badly, so that every path that could log or store them has run.
    for (const token of [p.token, rotated, `${rotated.slice(0, -1)}0`, `${rotated}0`]) {
      await t.gql(CUSTOMERS, { token });
      await t.http.get(`/graphql?query=${encodeURIComponent(VIEWER)}`).set('authorization', `Bearer ${token}`);
    }
    await t.gql('mutation($input: RevokeApiClientInput!) { revokeApiClient(input: $input) { userErrors { code } } }', {
      token: admin(),
      variables: { input: { id: p.id } },
    });
    await t.gql(CUSTOMERS, { token: rotated });

    const tables = (await t.sql.query(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )).rows.map((r) => r.table_name as string);
    expect(tables).toEqual(expect.arrayContaining(['api_client', 'audit_event', 'customer']));
    let dump = '';
    for (const table of tables) {
      for (const row of (await t.sql.query(`select x::text as row from "${table}" x`)).rows) dump += `${row.row}\n`;
    }
    // The stored hash is there (so the dump did reach the row)...
    expect(dump).toContain(hashToken(rotated).toString('hex'));
    const logs = t.logs.join('');
    expect(logs).toContain(p.publicId);
    for (const token of [p.token, rotated]) {
      const secret = token.split('_')[2];
      // ...but neither the token nor its secret, in any encoding a careless column would use.
      for (const needle of [token, secret, Buffer.from(secret).toString('hex'), Buffer.from(token).toString('base64')]) {
        expect(dump.includes(needle)).toBe(false);
        expect(logs.includes(needle)).toBe(false);
      }
      expect(dump.includes(secret.slice(0, 20))).toBe(false);
      expect(logs.includes(secret.slice(0, 20))).toBe(false);
    }
  });
});
