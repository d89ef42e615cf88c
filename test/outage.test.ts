// When the database goes away: readiness says so, requests answer SERVICE_UNAVAILABLE (not a masked
// 500), and everything recovers when it comes back. The outage is a loopback proxy we cut.
import type { TestApp } from './support/app';
import { appBehindProxy, type CuttableProxy } from './support/proxy';
import { waitUntil } from './support/wait';
import { staffToken } from './support/tokens';

let t: TestApp;
let proxy: CuttableProxy;
let token: string;

beforeAll(async () => {
  ({ t, proxy } = await appBehindProxy());
  token = staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now());
  await t.sql.query(`insert into staff_user (id, created_at, updated_at, subject, name) values (gen_random_uuid(), now(), now(), 'rm-01', 'RM')`);
});
afterAll(async () => {
  await t?.close();
  await proxy?.close();
});

it('answers SERVICE_UNAVAILABLE and 503 while the database is gone, and recovers', async () => {
  const before = await t.gql('{ customers { totalCount } }', { token });
  expect(before.body.errors).toBeUndefined();

  await proxy.cut();
  const ready = await t.http.get('/health/ready');
  expect(ready.status).toBe(503);
  expect(Number(ready.headers['retry-after'])).toBeGreaterThan(0);
  await t.http.get('/health/live').expect(200);
  const during = await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ customers { totalCount } }' });
  expect(during.status).toBe(503);
  expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
  expect(during.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  expect(during.body.errors[0].message).toMatch(/database is unavailable/);

  await proxy.open();
  await waitUntil(async () => (await t.http.get('/health/ready')).status === 200, 'the database is reachable again');
  const after = await t.gql('{ customers { totalCount } }', { token });
  expect(after.body.errors).toBeUndefined();
});
