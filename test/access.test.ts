// API clients as a bank admin manages them: issuing, listing, rotating and revoking, who may do
// it, the audit trail, and that no token or secret is ever kept or logged.
import pg from 'pg';
import type { Role } from '../src/auth/roles';
import { KNOWN_SCOPES as SCOPES } from '../src/modules/access/public';
import { toGlobalId } from '../src/graphql/relay';
import { TOKEN_PATTERN } from '../src/modules/access/token';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const staff = (role: Role, sub?: string) => staffToken(t.config, role, sub, t.clock.now());
const admin = () => staff('ADMIN', 'admin-01');
const code = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;

const CLIENT_FIELDS = 'id publicId name scopes status createdBy createdAt expiresAt lastUsedAt rotatedAt previousTokenExpiresAt revokedAt revokedBy';
const CREATE = `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { token apiClient { ${CLIENT_FIELDS} } userErrors { field code message } } }`;
const ROTATE = `mutation($input: RotateApiClientTokenInput!) { rotateApiClientToken(input: $input) { token apiClient { ${CLIENT_FIELDS} } userErrors { field code message } } }`;
const REVOKE = `mutation($input: RevokeApiClientInput!) { revokeApiClient(input: $input) { apiClient { ${CLIENT_FIELDS} } userErrors { field code message } } }`;
const LIST = `query($first: Int, $after: String, $filter: ApiClientFilter) { apiClients(first: $first, after: $after, filter: $filter) {
  totalCount edges { cursor node { ${CLIENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

async function create(input: Record<string, unknown>, token = admin()) {
  return t.gql(CREATE, { token, variables: { input } });
}

const apiClientEvents = async () =>
  (await t.sql.query(`select action, actor_kind, actor_id, entity_id, changes from audit_event where entity_type = 'ApiClient' order by occurred_at, action`)).rows;
const auditCount = async () => Number((await t.sql.query('select count(*) from audit_event')).rows[0].count);
const clientCount = async () => Number((await t.sql.query('select count(*) from api_client')).rows[0].count);

describe('issuing a token', () => {
  it('createApiClient returns the token once, in the keel_<public id>_<secret> format; the list never shows it', async () => {
    const res = await create({ name: 'Survey tool', scopes: ['feedback:write', 'customers:read'] });
    expect(res.body.errors).toBeUndefined();
    const { token, apiClient, userErrors } = res.body.data.createApiClient;
    expect(userErrors).toEqual([]);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token.startsWith(`keel_${apiClient.publicId}_`)).toBe(true);
    // 43 random base62 characters are at least 256 bits; 6 more carry the checksum.
    expect(token.split('_')[2]).toHaveLength(49);
    expect(43 * Math.log2(62)).toBeGreaterThanOrEqual(256);
    expect(apiClient).toMatchObject({
      name: 'Survey tool',
      scopes: ['customers:read', 'feedback:write'],
      status: 'ACTIVE',
      createdBy: 'admin-01',
      createdAt: t.clock.now().toISOString(),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });

    const list = await t.gql(LIST, { token: admin() });
    expect(list.body.errors).toBeUndefined();
    const listed = list.body.data.apiClients.edges.map((e: { node: { id: string } }) => e.node);
    expect(listed).toContainEqual(apiClient);
    expect(JSON.stringify(list.body)).not.toContain(token.split('_')[2]);
    // ...and no field of the type could show it.
    const fields = await t.gql('{ __type(name: "ApiClient") { fields { name } } }', { token: admin() });
    expect(fields.body.data.__type.fields.map((f: { name: string }) => f.name).filter((n: string) => /token|secret|hash/i.test(n))).toEqual([
      'previousTokenExpiresAt',
    ]);

    // Two tokens are never alike.
    const again = await create({ name: 'Survey tool', scopes: ['feedback:write'] });
    expect(again.body.data.createApiClient.token).not.toBe(token);
    expect(again.body.data.createApiClient.apiClient.publicId).not.toBe(apiClient.publicId);
  });

  it('the issued token works at once with exactly its scopes, and the list shows when it was last used', async () => {
    const res = await create({ name: 'Reader', scopes: ['customers:read'] });
    const { token, apiClient } = res.body.data.createApiClient;
    const viewer = await t.gql('{ viewer { kind subject name roles scopes } }', { token });
    expect(viewer.body.data.viewer).toEqual({ kind: 'partner', subject: apiClient.publicId, name: 'Reader', roles: [], scopes: ['customers:read'] });
    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on ApiClient { lastUsedAt } } }', { token: admin(), variables: { id: apiClient.id } });
    expect(node.body.data.node.lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it.each([
    ['an unknown scope', { name: 'x', scopes: ['customers:read', 'customers:write'] }, ['input', 'scopes', '1'], 'UNKNOWN_SCOPE'],
    ['no scope at all', { name: 'x', scopes: [] }, ['input', 'scopes'], 'INVALID'],
    ['an empty name', { name: '', scopes: ['customers:read'] }, ['input', 'name'], 'INVALID'],
    ['a blank name', { name: '   ', scopes: ['customers:read'] }, ['input', 'name'], 'INVALID'],
    ['a name too long', { name: 'n'.repeat(101), scopes: ['customers:read'] }, ['input', 'name'], 'INVALID'],
    ['expiresAt in the past', { name: 'x', scopes: ['customers:read'], expiresAt: '2020-01-01T00:00:00Z' }, ['input', 'expiresAt'], 'EXPIRES_AT_IN_PAST'],
  ])('%s is a userError, and nothing is created or audited', async (_label, input, field, errorCode) => {
    const [clients, events] = [await clientCount(), await auditCount()];
    const res = await create(input);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createApiClient.token).toBeNull();
    expect(res.body.data.createApiClient.apiClient).toBeNull();
    expect(res.body.data.createApiClient.userErrors).toContainEqual(expect.objectContaining({ field, code: errorCode }));
    expect(await clientCount()).toBe(clients);
    expect(await auditCount()).toBe(events);
  });

  it('expiresAt is kept and shown; "now" is the request clock', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const res = await create({ name: 'Short-lived', scopes: ['risk:read'], expiresAt });
    expect(res.body.data.createApiClient.apiClient).toMatchObject({ expiresAt, status: 'ACTIVE' });
    const exactlyNow = await create({ name: 'x', scopes: ['risk:read'], expiresAt: t.clock.now().toISOString() });
    expect(exactlyNow.body.data.createApiClient.userErrors[0].code).toBe('EXPIRES_AT_IN_PAST');
  });
});

describe('who may manage API clients', () => {
  const operations = (id: string) => [
    ['apiClients', LIST, {}],
    ['createApiClient', CREATE, { input: { name: 'x', scopes: ['customers:read'] } }],
    ['rotateApiClientToken', ROTATE, { input: { id } }],
    ['revokeApiClient', REVOKE, { input: { id } }],
  ] as const;

  it.each(['COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'] as Role[])(
    'a %s gets FORBIDDEN on every API client operation, and changes nothing',
    async (role) => {
      await t.sql.query(`insert into staff_user (id, created_at, updated_at, subject, name) values (gen_random_uuid(), now(), now(), 'rm-01', 'RM') on conflict do nothing`);
      const target = await createPartnerToken(t, ['customers:read']);
      const [clients, events] = [await clientCount(), await auditCount()];
      for (const [field, query, variables] of operations(target.id)) {
        const res = await t.gql(query, { token: staff(role, role === 'RELATIONSHIP_MANAGER' ? 'rm-01' : undefined), variables });
        expect({ field, code: code(res), data: res.body.data }).toEqual({ field, code: 'FORBIDDEN', data: null });
      }
      expect(await clientCount()).toBe(clients);
      expect(await auditCount()).toBe(events);
      // The target still works: nothing was rotated or revoked.
      expect((await t.gql('{ viewer { kind } }', { token: target.token })).body.data.viewer.kind).toBe('partner');
    },
  );

  it('a partner holding every scope gets FORBIDDEN on every API client operation, and cannot fetch one by node(id:)', async () => {
    const partner = await createPartnerToken(t, [...SCOPES]);
    const target = await createPartnerToken(t, ['customers:read']);
    for (const [field, query, variables] of operations(target.id)) {
      const res = await t.gql(query, { token: partner.token, variables });
      expect({ field, code: code(res), data: res.body.data }).toEqual({ field, code: 'FORBIDDEN', data: null });
    }
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { token: partner.token, variables: { id: target.id } });
    expect(code(node)).toBe('NOT_FOUND');
    // Its own client is no more visible to it than any other.
    const own = await t.gql('query($id: ID!) { node(id: $id) { id } }', { token: partner.token, variables: { id: partner.id } });
    expect(code(own)).toBe('NOT_FOUND');
  });

  it('an ADMIN may do all of it', async () => {
    const target = await createPartnerToken(t, ['customers:read']);
    for (const [field, query, variables] of operations(target.id)) {
      const res = await t.gql(query, { token: admin(), variables });
      expect({ field, errors: res.body.errors }).toEqual({ field, errors: undefined });
      expect(res.body.data[field]).toBeTruthy();
    }
  });
});

describe('rotating and revoking', () => {
  it('rotation keeps the public id and issues a new token; the answer says until when the old one works', async () => {
    const { id, publicId, token } = await createPartnerToken(t, ['loyalty:read'], { via: 'api' });
    const res = await t.gql(ROTATE, { token: admin(), variables: { input: { id } } });
    expect(res.body.errors).toBeUndefined();
    const payload = res.body.data.rotateApiClientToken;
    expect(payload.userErrors).toEqual([]);
    expect(payload.token).toMatch(TOKEN_PATTERN);
    expect(payload.token).not.toBe(token);
    expect(payload.apiClient).toMatchObject({
      publicId,
      rotatedAt: t.clock.now().toISOString(),
      previousTokenExpiresAt: new Date(t.clock.now().getTime() + t.config.apiTokens.rotationGraceSeconds * 1000).toISOString(),
      status: 'ACTIVE',
    });
    expect(t.config.apiTokens.rotationGraceSeconds).toBe(24 * 3600);
  });

  it('a revoked client cannot be revoked again or rotated; an unknown or foreign id is NOT_FOUND', async () => {
    const { id } = await createPartnerToken(t, ['loyalty:read']);
    const first = await t.gql(REVOKE, { token: admin(), variables: { input: { id } } });
    expect(first.body.data.revokeApiClient.apiClient).toMatchObject({ status: 'REVOKED', revokedBy: 'admin-01', revokedAt: t.clock.now().toISOString() });
    const events = await auditCount();
    const again = await t.gql(REVOKE, { token: admin(), variables: { input: { id } } });
    expect(again.body.data.revokeApiClient).toEqual({ apiClient: null, userErrors: [expect.objectContaining({ field: ['input', 'id'], code: 'ALREADY_REVOKED' })] });
    const rotate = await t.gql(ROTATE, { token: admin(), variables: { input: { id } } });
    expect(rotate.body.data.rotateApiClientToken).toMatchObject({ token: null, apiClient: null, userErrors: [expect.objectContaining({ code: 'CLIENT_REVOKED' })] });
    expect(await auditCount()).toBe(events);

    const customer = await createCustomer(t.sql);
    for (const other of [toGlobalId('ApiClient', '00000000-0000-4000-8000-000000000000'), toGlobalId('Customer', customer.id), 'garbage']) {
      const res = await t.gql(REVOKE, { token: admin(), variables: { input: { id: other } } });
      expect(code(res)).toBe('NOT_FOUND');
    }
  });

  it('an expired client cannot be rotated (it stays expired)', async () => {
    const { id } = await createPartnerToken(t, ['loyalty:read'], { expiresAt: new Date(t.clock.now().getTime() - 1000) });
    const res = await t.gql(ROTATE, { token: admin(), variables: { input: { id } } });
    expect(res.body.data.rotateApiClientToken.userErrors[0].code).toBe('CLIENT_EXPIRED');
  });
});

describe('the audit trail', () => {
  it('create, rotate and revoke each leave one audit event by the admin, without the token; refused authentications leave none', async () => {
    await t.sql.query(`insert into staff_user (id, created_at, updated_at, subject, name) values (gen_random_uuid(), now(), now(), 'admin-07', 'Admin 7') on conflict do nothing`);
    const token = staff('ADMIN', 'admin-07');
    const before = await auditCount();
    const created = (await create({ name: 'Audited', scopes: ['risk:read'] }, token)).body.data.createApiClient;
    expect(await auditCount()).toBe(before + 1);
    const rotated = (await t.gql(ROTATE, { token, variables: { input: { id: created.apiClient.id } } })).body.data.rotateApiClientToken;
    expect(await auditCount()).toBe(before + 2);
    await t.gql(REVOKE, { token, variables: { input: { id: created.apiClient.id } } });
    expect(await auditCount()).toBe(before + 3);

    const key = Buffer.from(created.apiClient.id, 'base64url').toString().split(':')[1];
    const mine = (await apiClientEvents()).filter((e) => e.entity_id === key);
    expect(mine.map((e) => [e.action, e.actor_kind, e.actor_id])).toEqual([
      ['api_client.created', 'staff', 'admin-07'],
      ['api_client.revoked', 'staff', 'admin-07'],
      ['api_client.token_rotated', 'staff', 'admin-07'],
    ]);
    expect(mine.find((e) => e.action === 'api_client.created').changes).toEqual(
      expect.arrayContaining([{ field: 'name', old: null, new: 'Audited' }, { field: 'scopes', old: null, new: ['risk:read'] }]),
    );
    expect(mine.find((e) => e.action === 'api_client.token_rotated').changes).toContainEqual({ field: 'token' });
    expect(JSON.stringify(mine)).not.toContain(created.token.split('_')[2]);
    expect(JSON.stringify(mine)).not.toContain(rotated.token.split('_')[2]);

    // The revoked token, the rotated-out one, a wrong one and garbage: refused, never audited.
    const afterWrites = await auditCount();
    for (const bad of [created.token, rotated.token, `${rotated.token.slice(0, -1)}x`, 'keel_garbage']) {
      expect(code(await t.gql('{ viewer { kind } }', { token: bad }))).toBe('UNAUTHENTICATED');
    }
    expect(await auditCount()).toBe(afterWrites);
    expect(t.logs.some((l) => l.includes('"security":true') && l.includes('"credential":"partner"'))).toBe(true);
  });
});

describe('listing', () => {
  let l: TestApp;
  beforeAll(async () => {
    l = await createTestApp();
  });
  afterAll(async () => {
    await l?.close();
  });

  it('pages newest first with keyset cursors, counts, and filters by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createPartnerToken(l, ['risk:read'], { name: `client ${i}` })).id);
      l.clock.advance(1000);
    }
    const revoked = await createPartnerToken(l, ['risk:read'], { name: 'revoked', revoked: true });
    l.clock.advance(1000);
    const expired = await createPartnerToken(l, ['risk:read'], { name: 'expired', expiresAt: new Date(l.clock.now().getTime() + 500) });
    l.clock.advance(1000);
    const token = staffToken(l.config, 'ADMIN', 'admin-01', l.clock.now());

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: { body: { errors?: unknown; data: { apiClients: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } } =
        await l.gql(LIST, { token, variables: { first: 3, after } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.apiClients.totalCount).toBe(7);
      seen.push(...res.body.data.apiClients.edges.map((e) => e.node.id));
      if (!res.body.data.apiClients.pageInfo.hasNextPage) break;
      after = res.body.data.apiClients.pageInfo.endCursor;
    }
    expect(seen).toEqual([expired.id, revoked.id, ...[...ids].reverse()]);

    const byStatus = async (status: string[]) =>
      (await l.gql(LIST, { token, variables: { filter: { status_in: status } } })).body.data.apiClients.edges.map((e: { node: { id: string; status: string } }) => [e.node.id, e.node.status]);
    expect(await byStatus(['REVOKED'])).toEqual([[revoked.id, 'REVOKED']]);
    expect(await byStatus(['EXPIRED'])).toEqual([[expired.id, 'EXPIRED']]);
    expect((await byStatus(['ACTIVE'])).map(([id]: string[]) => id)).toEqual([...ids].reverse());
    expect(await byStatus(['EXPIRED', 'REVOKED'])).toHaveLength(2);

    const bad = await l.gql(LIST, { token, variables: { after: Buffer.from('["not a date","x"]').toString('base64url') } });
    expect(code(bad)).toBe('BAD_USER_INPUT');
  });
});

describe('privileges of the runtime role', () => {
  it('cannot delete a client nor rewrite its scopes, public id or creator; can revoke, rotate and mark it used', async () => {
    const { clientId } = await createPartnerToken(t, ['risk:read']);
    const runtime = new pg.Client({ connectionString: t.db.runtimeUrl });
    await runtime.connect();
    try {
      for (const statement of [
        'delete from api_client where id = $1',
        `update api_client set scopes = '{customers:read_pii}' where id = $1`,
        `update api_client set public_id = 'AAAAAAAAAAAAAAAA' where id = $1`,
        `update api_client set created_by = 'someone' where id = $1`,
        `update api_client set expires_at = null where id = $1`,
      ]) {
        await expect(runtime.query(statement, [clientId])).rejects.toThrow(/permission denied/);
      }
      await expect(runtime.query('update api_client set last_used_at = now(), revoked_at = now(), revoked_by = $2 where id = $1', [clientId, 'x'])).resolves.toBeTruthy();
    } finally {
      await runtime.end();
    }
  });
});
