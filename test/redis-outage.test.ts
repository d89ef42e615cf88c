// A broken shared rate limiter must not take the API down, nor leave callers unlimited: with Redis
// unreachable, each replica keeps budgets of its own (logged), and authentication, permissions and
// cost limits still apply.
import { freePort } from '../src/db/embedded';
import { createTestApp, type TestApp } from './support/app';
import { staffToken } from './support/tokens';

let t: TestApp;
beforeAll(async () => {
  const closedPort = await freePort(); // nothing listens there
  t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${closedPort}`, MAX_QUERY_COST: '100', RATE_LIMIT_STAFF_POINTS: '5' } });
});
afterAll(async () => {
  await t?.close();
});

it('serves requests without Redis, and still refuses what it must', async () => {
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const ok = await t.gql('{ customers(first: 5) { totalCount } }', { token });
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.extensions.cost).toMatchObject({ requested: 2, budget: 5, remaining: 3 });
  expect(t.logs.some((l) => l.includes('rate limiter unavailable'))).toBe(true);
  expect((await t.gql('{ customers(first: 5) { totalCount } }', { token })).body.extensions.cost.remaining).toBe(1);
  expect((await t.gql('{ customers(first: 5) { totalCount } }', { token })).body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect((await t.gql('{ customers(first: 100) { edges { node { accounts { id } } } } }', { token })).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  expect((await t.gql('{ customers { totalCount } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
});
