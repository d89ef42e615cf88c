// Searching customers: by name, exact reference, and email or phone only for viewers who may see them.
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
const Q = 'query($s: String) { customers(first: 50, filter: { search: $s }) { edges { node { externalRef } } } }';
const refs = async (token: string, s: string) =>
  (await t.gql(Q, { token, variables: { s } })).body.data.customers.edges.map((e: { node: { externalRef: string } }) => e.node.externalRef).sort();

beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-01');
  await createCustomer(t.sql, { externalRef: 'S-1', firstName: 'Greta', lastName: 'Lindqvist', email: 'greta@fjord.example', phone: '+46 70 123 4567' });
  await createCustomer(t.sql, { externalRef: 'NEW-0001', firstName: 'Hans', lastName: 'Berg', email: 'hans@mail.example', phone: '+49 30 900 0001' });
});
afterAll(async () => {
  await t?.close();
});

it('finds by part of the name and by exact reference, for every reader', async () => {
  const support = staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now());
  expect(await refs(support, 'lindq')).toEqual(['S-1']);
  expect(await refs(support, 'greta lind')).toEqual(['S-1']);
  expect(await refs(support, 'NEW-0001')).toEqual(['NEW-0001']);
  expect(await refs(support, '100%')).toEqual([]); // wildcards are literal
});

it('matches email and phone only for viewers who may see them in full', async () => {
  const admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const support = staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now());
  expect(await refs(admin, 'fjord')).toEqual(['S-1']);
  expect(await refs(support, 'fjord')).toEqual([]);
  expect(await refs(admin, '070 123 45')).toEqual([]); // digits must appear in order: 070… is not 4670…
  expect(await refs(admin, '70 123 4567')).toEqual(['S-1']);
  expect(await refs(support, '70 123 4567')).toEqual([]);
});

it('a reference with digits is not taken for a phone number', async () => {
  const admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  // "NEW-0001" shares the digits 0001 with Hans's phone; only the reference may match it.
  await createCustomer(t.sql, { externalRef: 'OTHER', phone: '+44 20 0001 0001' });
  expect(await refs(admin, 'NEW-0001')).toEqual(['NEW-0001']);
});

it('name, email and phone searches can use trigram indexes instead of scanning the table', async () => {
  const client = await t.sql.connect();
  try {
    await client.query('begin');
    // A bank-sized table (rolled back afterwards), so that the planner's choice means something.
    await client.query(`insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, email, phone, joined_at)
      select gen_random_uuid(), now(), now(), 'BULK-' || i, 'First' || i, 'Last' || (i % 997), 'p' || i || '@mail.example',
        '+44 20 ' || lpad(i::text, 8, '0'), now()
      from generate_series(1, 20000) i`);
    await client.query('analyze customer');
    await client.query('set local enable_seqscan = off');
    for (const [sql, index] of [
      [`select id from customer c where (c.first_name || ' ' || c.last_name) ilike '%lindq%'`, 'customer_name_trgm_idx'],
      [`select id from customer c where c.email ilike '%fjord%'`, 'customer_email_trgm_idx'],
      [`select id from customer c where regexp_replace(c.phone, '\\D', '', 'g') like '%701234567%'`, 'customer_phone_digits_trgm_idx'],
    ]) {
      const plan = (await client.query(`explain ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain(index);
    }
  } finally {
    await client.query('rollback');
    client.release();
  }
});

it('every ordering of a list, and of a relationship manager\'s book, pages along an index without sorting', async () => {
  const client = await t.sql.connect();
  try {
    await client.query('begin');
    await client.query(`insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, rm_id, total_deposits_minor)
      select gen_random_uuid(), now(), now(), 'ORD-' || i, 'F' || i, 'L' || (i % 997), now() - (i || ' minutes')::interval,
        (select id from staff_user where subject = 'rm-01'), i * 13 % 100000
      from generate_series(1, 20000) i`);
    await client.query('analyze customer');
    const rm = (await client.query(`select id from staff_user where subject = 'rm-01'`)).rows[0].id;
    for (const [order, book] of [
      ['last_name, first_name, id', false], ['joined_at, id', false], ['total_deposits_minor desc, id desc', false],
      ['last_name, first_name, id', true], ['joined_at, id', true], ['total_deposits_minor desc, id desc', true],
    ] as const) {
      const where = book ? `where rm_id = '${rm}'` : '';
      const plan = (await client.query(`explain select id from customer ${where} order by ${order} limit 51`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect({ order, book, sorts: /Sort/.test(plan) }).toEqual({ order, book, sorts: false });
    }
  } finally {
    await client.query('rollback');
    client.release();
  }
});
