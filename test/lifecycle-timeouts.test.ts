// Time limits: a request's statement that runs past DB_STATEMENT_TIMEOUT_MS is cancelled, its transaction
// rolled back, and the caller told TIMEOUT; jobs have a pool and a statement timeout of their own.
import { ConfigError } from '../src/config';
import { initJobOrm, initRequestOrm } from '../src/db/orm';
import { toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { createTestApp, testConfig, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { DB_STATEMENT_TIMEOUT_MS: '300' } });
  await createStaff(t.sql, 'admin-01');
});
afterAll(async () => {
  await t?.close();
});

const UPDATE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region version } userErrors { code } } }';

it('a mutation whose statement waits past the statement timeout answers TIMEOUT and writes nothing', async () => {
  const { id } = await createCustomer(t.sql);
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const input = { id: toGlobalId('Customer', id), version: 1, region: 'Late' };

  // A slow transaction elsewhere holds the row the mutation must update, longer than the mutation may wait.
  const holder = await t.sql.connect();
  try {
    await holder.query('begin');
    await holder.query('select 1 from customer where id = $1 for update', [id]);
    const slow = holder.query('select pg_sleep(2)');
    const res = await t.gql(UPDATE, { token, variables: { input }, headers: { 'x-request-id': 'slow-update-1' } });
    await slow;
    await holder.query('commit');

    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('TIMEOUT');
    expect(res.body.errors[0].message).toMatch(/took too long/);
    expect(JSON.stringify(res.body)).not.toMatch(/statement|cancel|pg_|sql/i);
  } finally {
    holder.release();
  }

  // Nothing of it was stored: not the change, not its audit event.
  const { rows } = await t.sql.query('select region, version from customer where id = $1', [id]);
  expect(rows[0]).toEqual({ region: null, version: 1 });
  const audit = await t.sql.query(`select count(*)::int as n from audit_event where request_id = 'slow-update-1'`);
  expect(audit.rows[0].n).toBe(0);
  expect(t.logs.join('')).not.toMatch(/"level":"error"/);

  // Without the slow transaction the same write goes through.
  const again = await t.gql(UPDATE, { token, variables: { input } });
  expect(again.body.data.updateCustomer).toEqual({ customer: { region: 'Late', version: 2 }, userErrors: [] });
});

it('a request past its deadline starts no further statement: its transaction rolls back and it answers TIMEOUT', async () => {
  // Statements may each run long; the request as a whole may not.
  const d = await createTestApp({ env: { REQUEST_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '15000' } });
  try {
    await createStaff(d.sql, 'admin-01');
    const { id } = await createCustomer(d.sql);
    const token = staffToken(d.config, 'ADMIN', 'admin-01', d.clock.now());
    const input = { id: toGlobalId('Customer', id), version: 1, region: 'Late' };
    const holder = await d.sql.connect();
    let res;
    try {
      await holder.query('begin');
      await holder.query('lock table customer in access exclusive mode');
      // The mutation's first read waits for the lock past its deadline, then gets it: its write is refused.
      const released = holder.query('select pg_sleep(1.5)').then(() => holder.query('commit'));
      res = await d.gql(UPDATE, { token, variables: { input }, headers: { 'x-request-id': 'late-update-1' } });
      await released;
    } finally {
      holder.release();
    }
    expect(res.body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    const { rows } = await d.sql.query('select region, version from customer where id = $1', [id]);
    expect(rows[0]).toEqual({ region: null, version: 1 });
    const audit = await d.sql.query(`select count(*)::int as n from audit_event where request_id = 'late-update-1'`);
    expect(audit.rows[0].n).toBe(0);

    // A request within its deadline is untouched, and the pool is healthy after the rollback.
    const again = await d.gql(UPDATE, { token, variables: { input } });
    expect(again.body.data.updateCustomer).toEqual({ customer: { region: 'Late', version: 2 }, userErrors: [] });
    expect(d.logs.join('')).not.toMatch(/"level":"error"/);
  } finally {
    await d.close();
  }
});

it('requests and jobs get the statement timeouts and pool size the configuration asks for', async () => {
  const config = testConfig({ DB_STATEMENT_TIMEOUT_MS: '1500', JOB_STATEMENT_TIMEOUT_MS: '120000', DB_POOL_MAX: '7' });
  const requests = await initRequestOrm(t.db.runtimeUrl, defaultModules, config);
  const jobs = await initJobOrm(t.db.runtimeUrl, defaultModules, config);
  try {
    expect((await requests.em.getConnection().execute('show statement_timeout'))[0].statement_timeout).toBe('1500ms');
    expect((await jobs.em.getConnection().execute('show statement_timeout'))[0].statement_timeout).toBe('2min');
    expect(requests.config.get('pool')?.max).toBe(7);
    expect(jobs.config.get('pool')?.max).toBe(2);
  } finally {
    await requests.close(true);
    await jobs.close(true);
  }
  expect(() => testConfig({ DB_POOL_MAX: '0' })).toThrow(ConfigError);
  expect(() => testConfig({ REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/REQUEST_TIMEOUT_MS must be a whole number/);
});
