// updateApiClient: an admin renames a client or changes its own budget; the next request spends from it.
import { createTestApp, type TestApp } from './support/app';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

const UPDATE = 'mutation($input: UpdateApiClientInput!) { updateApiClient(input: $input) { apiClient { name rateLimitPoints } userErrors { field code } } }';
const QUERY = '{ customers(first: 10) { edges { node { id } } } }'; // costs 11

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PARTNER_POINTS: '1000' } });
});
afterAll(async () => {
  await t?.close();
});

it('an admin changes a client\'s budget and name; the change is audited and applies on the next request', async () => {
  const partner = await createPartnerToken(t, ['customers:read']);
  const admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  expect((await t.gql(QUERY, { token: partner.token })).body.extensions.cost.budget).toBe(1000);

  const res = await t.gql(UPDATE, { token: admin, variables: { input: { id: partner.id, name: 'Core feed', rateLimitPoints: 40 } } });
  expect(res.body.data.updateApiClient).toEqual({ apiClient: { name: 'Core feed', rateLimitPoints: 40 }, userErrors: [] });
  expect((await t.gql(QUERY, { token: partner.token })).body.extensions.cost).toMatchObject({ budget: 40 });
  const { rows } = await t.sql.query(`select changes from audit_event where action = 'api_client.updated' and entity_id = $1`, [partner.clientId]);
  expect(rows).toHaveLength(1);
  expect(rows[0].changes).toEqual(expect.arrayContaining([{ field: 'rateLimitPoints', old: null, new: 40 }]));

  const back = await t.gql(UPDATE, { token: admin, variables: { input: { id: partner.id, useDefaultRateLimit: true } } });
  expect(back.body.data.updateApiClient.apiClient.rateLimitPoints).toBeNull();
  const nothing = await t.gql(UPDATE, { token: admin, variables: { input: { id: partner.id } } });
  expect(nothing.body.data.updateApiClient.userErrors[0].code).toBe('INVALID');
  const both = await t.gql(UPDATE, { token: admin, variables: { input: { id: partner.id, rateLimitPoints: 5, useDefaultRateLimit: true } } });
  expect(both.body.data.updateApiClient.userErrors[0].field).toEqual(['input', 'useDefaultRateLimit']);
});

it('only an admin may change a client; a revoked client stays as it was', async () => {
  const partner = await createPartnerToken(t, ['customers:read']);
  for (const token of [staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-01', t.clock.now()), partner.token]) {
    const res = await t.gql(UPDATE, { token, variables: { input: { id: partner.id, rateLimitPoints: 1_000_000 } } });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  }
  const revoked = await createPartnerToken(t, ['customers:read'], { revoked: true });
  const res = await t.gql(UPDATE, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()), variables: { input: { id: revoked.id, name: 'x' } } });
  expect(res.body.data.updateApiClient.userErrors[0].code).toBe('CLIENT_REVOKED');
});
