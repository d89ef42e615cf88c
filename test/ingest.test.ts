// Ingestion from core banking: all-or-nothing batches of up to 1,000 items, stale items reported and
// not applied, re-sent batches that change nothing, audit events in the same transaction, derived
// customer columns recomputed with set-based SQL, and who may ingest.
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, validate, type OperationDefinitionNode } from 'graphql';
import { buildKeelSchema } from '../src/graphql/schema';
import { toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { INGEST_LOCK } from '../src/modules/customers/ingest.service';
import { decryptNationalId } from '../src/modules/customers/national-id.crypto';
import { createTestApp, type TestApp } from './support/app';
import { waitUntil } from './support/wait';
import { createStaff } from './support/factories';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

// The example operations for front-end teams are the ones these tests run.
const OPERATIONS = parse(fs.readFileSync(path.join(__dirname, '../schema/operations/ingest.graphql'), 'utf8'));
function op(name: string): string {
  const def = OPERATIONS.definitions.find((d) => (d as OperationDefinitionNode).name?.value === name);
  if (!def) throw new Error(`no operation ${name} in schema/operations/ingest.graphql`);
  const text = print(def);
  const fragments = OPERATIONS.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION && text.includes(`...${d.name.value}`));
  return [text, ...fragments.map(print)].join('\n');
}
const MUTATION: Record<string, string> = {
  upsertCustomers: op('UpsertCustomers'),
  upsertAccounts: op('UpsertAccounts'),
  recordActivitySnapshots: op('RecordActivitySnapshots'),
  upsertFxRates: op('UpsertFxRates'),
};

const T1 = '2026-01-10T08:00:00.000Z';
const T2 = '2026-01-12T08:00:00.000Z';
const T0 = '2026-01-05T08:00:00.000Z';

let t: TestApp;
let admin: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = Record<string, any>;

async function send(mutation: string, items: Item[], token = admin) {
  const res = await t.gql(MUTATION[mutation], { token, variables: { input: { items } } });
  expect(res.body.errors).toBeUndefined();
  return res.body.data[mutation] as {
    applied: number;
    unchanged: number;
    stale: { index: number; key: string; storedAsOf: string }[];
    userErrors: { field: string[]; code: string; message: string }[];
  };
}

const customerItem = (ref: string, over: Item = {}): Item => ({
  externalRef: ref,
  firstName: 'Ada',
  lastName: `Feed ${ref}`,
  email: `${ref.toLowerCase()}@mail.example`,
  phone: '+44 7700 900123',
  dateOfBirth: '1980-04-02',
  nationalId: `NI-${ref}`,
  address: '1 Quay Road',
  region: 'North',
  preferredChannel: 'EMAIL',
  marketingConsent: true,
  relationshipManagerSubject: 'rm-01',
  asOf: T1,
  ...over,
});

const accountItem = (ref: string, customerRef: string, over: Item = {}): Item => ({
  externalRef: ref,
  customerExternalRef: customerRef,
  type: 'CURRENT',
  status: 'OPEN',
  balance: { amount: '100.00', currency: 'EUR' },
  openedAt: '2021-03-01',
  asOf: T1,
  ...over,
});

const count = async (table: string, where = 'true', params: unknown[] = []) =>
  Number((await t.sql.query(`select count(*) from ${table} where ${where}`, params)).rows[0].count);
const auditCount = () => count('audit_event', "action <> 'customer.pii_read'");
const tableRows = async (table: string) => (await t.sql.query(`select * from ${table} order by id`)).rows;

beforeAll(async () => {
  t = await createTestApp();
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  await createStaff(t.sql, 'rm-01');
  await createStaff(t.sql, 'rm-02');
});
afterAll(async () => {
  await t?.close();
});

describe('upsertCustomers', () => {
  it('creates customers with one audit event each, personal data named only, the national id encrypted', async () => {
    const before = await auditCount();
    const out = await send('upsertCustomers', [customerItem('UC-1'), customerItem('UC-2', { relationshipManagerSubject: null })]);
    expect(out).toEqual({ applied: 2, unchanged: 0, stale: [], userErrors: [] });

    const { rows } = await t.sql.query(
      `select c.*, s.subject from customer c left join staff_user s on s.id = c.rm_id where external_ref in ('UC-1', 'UC-2') order by external_ref`,
    );
    expect(rows.map((r) => [r.external_ref, r.subject, r.version, r.profile_as_of.toISOString()])).toEqual([
      ['UC-1', 'rm-01', 1, T1],
      ['UC-2', null, 1, T1],
    ]);
    expect(rows[0].national_id_enc).not.toContain('NI-UC-1');
    expect(decryptNationalId(t.config.pii, rows[0].national_id_enc, rows[0].id)).toBe('NI-UC-1');
    expect(rows[0].marketing_consent_at.toISOString()).toBe(T1);

    expect(await auditCount()).toBe(before + 2);
    const events = (await t.sql.query(`select * from audit_event where action = 'customer.created' and customer_id = $1`, [rows[0].id])).rows;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_kind: 'staff', actor_id: 'admin-01', entity_type: 'Customer', entity_id: rows[0].id });
    expect(events[0].changes).toEqual(expect.arrayContaining([{ field: 'email' }, { field: 'nationalId' }, { field: 'region', old: null, new: 'North' }]));
    const text = JSON.stringify(events[0].changes);
    for (const secret of ['uc-1@mail.example', 'NI-UC-1', '1980-04-02', 'Quay Road']) expect(text).not.toContain(secret);
  });

  it('a re-sent batch changes nothing: no row, version or audit event moves', async () => {
    const items = [customerItem('RS-1'), customerItem('RS-2')];
    await send('upsertCustomers', items);
    const rows = await tableRows('customer');
    const audits = await auditCount();
    const again = await send('upsertCustomers', items);
    expect(again).toEqual({ applied: 0, unchanged: 2, stale: [], userErrors: [] });
    expect(await tableRows('customer')).toEqual(rows);
    expect(await auditCount()).toBe(audits);
  });

  it('a newer profile bumps the version, so a staff edit from an older read is a CONFLICT', async () => {
    await send('upsertCustomers', [customerItem('VB-1')]);
    const { id } = (await t.sql.query(`select id from customer where external_ref = 'VB-1'`)).rows[0];
    const gid = toGlobalId('Customer', id);
    const read = await t.gql('query($id: ID!) { customer(id: $id) { version } }', { token: admin, variables: { id: gid } });
    const version = read.body.data.customer.version;

    const out = await send('upsertCustomers', [customerItem('VB-1', { region: 'South', nationalId: 'NI-NEW', asOf: T2 })]);
    expect(out.applied).toBe(1);
    const row = (await t.sql.query(`select * from customer where id = $1`, [id])).rows[0];
    expect(row).toMatchObject({ region: 'South', version: version + 1 });
    expect(decryptNationalId(t.config.pii, row.national_id_enc, id)).toBe('NI-NEW');
    const change = (await t.sql.query(`select changes from audit_event where action = 'customer.updated' and customer_id = $1`, [id])).rows;
    expect(change).toHaveLength(1);
    expect(change[0].changes).toEqual([{ field: 'nationalId' }, { field: 'region', old: 'North', new: 'South' }]);

    const stale = await t.gql(
      'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } userErrors { code } } }',
      { token: admin, variables: { input: { id: gid, version, region: 'West' } } },
    );
    expect(stale.body.errors[0].extensions.code).toBe('CONFLICT');
    expect((await t.sql.query(`select region from customer where id = $1`, [id])).rows[0].region).toBe('South');
  });

  it('a newer identical profile moves asOf forward without a change; a field left out keeps its value, null clears it', async () => {
    await send('upsertCustomers', [customerItem('KP-1')]);
    const audits = await auditCount();
    const same = await send('upsertCustomers', [customerItem('KP-1', { asOf: T2 })]);
    expect(same).toEqual({ applied: 0, unchanged: 1, stale: [], userErrors: [] });
    expect(await auditCount()).toBe(audits);
    const row = (await t.sql.query(`select * from customer where external_ref = 'KP-1'`)).rows[0];
    expect(row).toMatchObject({ version: 1 });
    expect(row.profile_as_of.toISOString()).toBe(T2);

    const { email: _e, phone: _p, ...partial } = customerItem('KP-1', { asOf: '2026-01-13T08:00:00.000Z', phone: null });
    await send('upsertCustomers', [{ ...partial, phone: null }]);
    const after = (await t.sql.query(`select email, phone, version from customer where external_ref = 'KP-1'`)).rows[0];
    expect(after).toEqual({ email: 'kp-1@mail.example', phone: null, version: 2 });
  });

  it('reports an older item as stale and does not apply it, while the rest of the batch is applied', async () => {
    await send('upsertCustomers', [customerItem('ST-1', { asOf: T2 })]);
    const row = (await t.sql.query(`select * from customer where external_ref = 'ST-1'`)).rows[0];
    const out = await send('upsertCustomers', [customerItem('ST-2'), customerItem('ST-1', { region: 'Late', asOf: T1 })]);
    expect(out).toEqual({ applied: 1, unchanged: 0, stale: [{ index: 1, key: 'ST-1', storedAsOf: T2 }], userErrors: [] });
    expect((await t.sql.query(`select * from customer where external_ref = 'ST-1'`)).rows[0]).toEqual(row);
    expect(await count('customer', `external_ref = 'ST-2'`)).toBe(1);
    // The same asOf with other content is not newer either.
    const same = await send('upsertCustomers', [customerItem('ST-1', { region: 'Same time', asOf: T2 })]);
    expect(same.stale).toEqual([{ index: 0, key: 'ST-1', storedAsOf: T2 }]);
  });

  const batch = (prefix: string) => Array.from({ length: 1000 }, (_, i) => customerItem(`${prefix}-${String(i).padStart(4, '0')}`));

  it('a 1,000-item batch with one invalid item writes nothing and names the item', async () => {
    const items = batch('BI');
    items[637] = { ...items[637], email: 'not-an-email' };
    const customers = await count('customer');
    const audits = await auditCount();
    const out = await send('upsertCustomers', items);
    expect(out.applied).toBe(0);
    expect(out.userErrors).toEqual([{ field: ['input', 'items', '637', 'email'], code: 'INVALID', message: 'email must be an email address' }]);
    expect(await count('customer')).toBe(customers);
    expect(await auditCount()).toBe(audits);
  });

  it('a 1,000-item batch with an item the database refuses writes nothing and names the item', async () => {
    // A rule that only the database knows: validation lets the item through.
    await t.sql.query(`alter table customer add constraint test_no_blocked_names check (last_name <> 'Blocked')`);
    try {
      const items = batch('DB');
      items[421] = { ...items[421], lastName: 'Blocked' };
      const customers = await count('customer');
      const audits = await auditCount();
      const { result, statements } = await countStatements(() => send('upsertCustomers', items));
      expect(result.applied).toBe(0);
      expect(result.userErrors).toEqual([
        {
          field: ['input', 'items', '421'],
          code: 'REJECTED_BY_DATABASE',
          message: 'The database refused this item: a constraint (test_no_blocked_names)',
        },
      ]);
      expect(await count('customer')).toBe(customers);
      expect(await auditCount()).toBe(audits);
      // Found by bisection, not by 1,000 single-item attempts.
      expect(statements.filter((s) => /^insert into customer/.test(s)).length).toBeLessThanOrEqual(25);
    } finally {
      await t.sql.query('alter table customer drop constraint test_no_blocked_names');
    }
  });

  it('a valid 1,000-item batch is one transaction of a few statements, whatever its size', async () => {
    const small = await countStatements(() => send('upsertCustomers', batch('SZ').slice(0, 10)));
    const started = Date.now();
    const big = await countStatements(() => send('upsertCustomers', batch('BG')));
    const ms = Date.now() - started;
    expect(small.result.applied).toBe(10);
    expect(big.result.applied).toBe(1000);
    expect(big.statements.length).toBe(small.statements.length);
    expect(big.statements.length).toBeLessThanOrEqual(10);
    expect(await count('audit_event', `action = 'customer.created' and entity_id in (select id from customer where external_ref like 'BG-%')`)).toBe(1000);
    process.stdout.write(`1,000-item upsertCustomers: ${ms} ms, ${big.statements.length} statements\n`);
  });

  it('overlapping batches for the same keys end with the newest data, whichever runs last', async () => {
    const refs = Array.from({ length: 200 }, (_, i) => `OV-${i}`);
    await send('upsertCustomers', refs.map((ref) => customerItem(ref, { asOf: T0 })));
    // Hold the ingestion lock so that both requests are in flight before either runs.
    const holder = await t.sql.connect();
    let results;
    try {
      await holder.query('select pg_advisory_lock($1)', [INGEST_LOCK]);
      const newer = send('upsertCustomers', refs.map((ref) => customerItem(ref, { region: 'Newer', asOf: T2 })));
      const older = send('upsertCustomers', refs.map((ref) => customerItem(ref, { region: 'Older', asOf: T1 })));
      await waitUntil(
        async () => (await holder.query(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`)).rows[0].n === 2,
        'both batches wait on the ingestion lock',
      );
      expect((await holder.query(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`)).rows[0].n).toBe(2);
      await holder.query('select pg_advisory_unlock($1)', [INGEST_LOCK]);
      results = await Promise.all([newer, older]);
    } finally {
      holder.release();
    }
    const regions = (await t.sql.query(`select distinct region from customer where external_ref like 'OV-%'`)).rows;
    expect(regions).toEqual([{ region: 'Newer' }]);
    expect(results[0].applied).toBe(200);
    // The older batch either ran first and was overwritten, or ran second and was all stale.
    expect([0, 200]).toContain(results[1].stale.length);
    expect(results[1].applied + results[1].stale.length).toBe(200);
  });

  it('refuses duplicate keys, unknown managers, future times and over-long batches, writing nothing', async () => {
    const customers = await count('customer');
    const dup = await send('upsertCustomers', [customerItem('DK-1'), customerItem('DK-2'), customerItem('DK-1')]);
    expect(dup.userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '2', 'externalRef'], code: 'DUPLICATE_KEY' })]);
    const rm = await send('upsertCustomers', [customerItem('DK-3'), customerItem('DK-4', { relationshipManagerSubject: 'rm-99' })]);
    expect(rm.userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '1', 'relationshipManagerSubject'], code: 'UNKNOWN_RELATIONSHIP_MANAGER' })]);
    const future = await send('upsertCustomers', [customerItem('DK-5', { asOf: '2027-01-01T00:00:00.000Z', dateOfBirth: '2030-01-01' })]);
    expect(future.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.items.0.asOf', 'IN_THE_FUTURE'],
      ['input.items.0.dateOfBirth', 'IN_THE_FUTURE'],
    ]);
    const badDate = await send('upsertCustomers', [customerItem('DK-6', { dateOfBirth: '1990-02-30' })]);
    expect(badDate.userErrors.map((e) => e.field.join('.'))).toEqual(['input.items.0.dateOfBirth']);
    const tooMany = await send('upsertCustomers', Array.from({ length: 1001 }, (_, i) => customerItem(`TM-${i}`)));
    expect(tooMany.userErrors).toEqual([expect.objectContaining({ field: ['input', 'items'], code: 'TOO_MANY_ITEMS' })]);
    expect(await count('customer')).toBe(customers);
  });
});

describe('upsertFxRates and upsertAccounts', () => {
  const totals = async (ref: string) =>
    (await t.sql.query(
      `select total_deposits_minor::int as deposits, total_debt_minor::int as debt, open_product_count as open from customer where external_ref = $1`,
      [ref],
    )).rows[0];

  // Each test on a database of its own with the same rates and customers: a rate or an account that
  // one test changes is never another's starting point, whatever the order.
  let shared: TestApp;
  beforeEach(async () => {
    shared = t;
    t = await createTestApp();
    await createStaff(t.sql, 'rm-01');
    await send('upsertFxRates', [
      { currency: 'USD', rate: '0.92', asOf: T1 },
      { currency: 'GBP', rate: '1.17', asOf: T1 },
      { currency: 'JPY', rate: '0.0062', asOf: T1 },
    ]);
    await send('upsertCustomers', [customerItem('AC-1'), customerItem('AC-2')]);
  });
  afterEach(async () => {
    await t.close();
    t = shared;
  });

  const AC1_ACCOUNTS = [
    accountItem('A-CUR', 'AC-1', { balance: { amount: '1000.00', currency: 'EUR' } }),
    accountItem('A-SAV', 'AC-1', { type: 'SAVINGS', balance: { amount: '500.00', currency: 'USD' } }),
    accountItem('A-JPY', 'AC-1', { type: 'WEALTH', balance: { amount: '10000', currency: 'JPY' } }),
    accountItem('A-CC', 'AC-1', { type: 'CREDIT_CARD', balance: null, outstanding: { amount: '250.50', currency: 'EUR' } }),
    accountItem('A-MTG', 'AC-1', { type: 'MORTGAGE', balance: { amount: '0', currency: 'GBP' }, outstanding: { amount: '1000', currency: 'GBP' } }),
    accountItem('A-OLD', 'AC-1', { type: 'SAVINGS', status: 'CLOSED', closedAt: '2025-01-01', balance: { amount: '999.00', currency: 'EUR' } }),
  ];

  it('computes deposits and debt in the reporting currency, and open products, from the accounts', async () => {
    const out = await send('upsertAccounts', AC1_ACCOUNTS);
    expect(out).toEqual({ applied: 6, unchanged: 0, stale: [], userErrors: [] });
    // 1000 + 500 × 0.92 + 10000 × 0.0062; 250.50 + 1000 × 1.17; the closed account counts for nothing
    expect(await totals('AC-1')).toEqual({ deposits: 152200, debt: 142050, open: 5 });
    const res = await t.gql(op('CustomerBehaviour'), {
      token: admin,
      variables: { id: toGlobalId('Customer', (await t.sql.query(`select id from customer where external_ref = 'AC-1'`)).rows[0].id) },
    });
    expect(res.body.data.customer).toMatchObject({
      totalDeposits: { amount: '1522.00', currency: 'EUR' },
      totalDebt: { amount: '1420.50', currency: 'EUR' },
      openProductCount: 5,
    });
    expect(res.body.data.customer.accounts).toContainEqual(
      expect.objectContaining({ externalRef: 'A-CC', balance: { amount: '0.00', currency: 'EUR' }, outstanding: { amount: '250.50', currency: 'EUR' } }),
    );
    const audit = (await t.sql.query(`select changes from audit_event where action = 'account.created' and entity_type = 'Account'`)).rows;
    expect(audit).toHaveLength(6);
    expect(audit.map((a) => a.changes)).toContainEqual(expect.arrayContaining([{ field: 'outstanding', old: null, new: '250.50' }]));
  });

  it('a rate change recomputes every customer\'s totals in one statement; a re-sent rate changes nothing', async () => {
    await send('upsertAccounts', AC1_ACCOUNTS);
    await send('upsertAccounts', [accountItem('B-SAV', 'AC-2', { type: 'SAVINGS', balance: { amount: '100.00', currency: 'USD' } })]);
    expect(await totals('AC-2')).toEqual({ deposits: 9200, debt: 0, open: 1 });
    const { result, statements } = await countStatements(() => send('upsertFxRates', [{ currency: 'USD', rate: '0.95', asOf: T2 }]));
    expect(result.applied).toBe(1);
    expect(statements.filter((s) => /update customer/i.test(s))).toHaveLength(1);
    expect(await totals('AC-2')).toEqual({ deposits: 9500, debt: 0, open: 1 });
    expect(await totals('AC-1')).toEqual({ deposits: 153700, debt: 142050, open: 5 });

    const rows = await tableRows('customer');
    const again = await send('upsertFxRates', [{ currency: 'USD', rate: '0.950', asOf: T2 }]);
    expect(again).toEqual({ applied: 0, unchanged: 1, stale: [], userErrors: [] });
    expect(await tableRows('customer')).toEqual(rows);
    const late = await send('upsertFxRates', [{ currency: 'USD', rate: '0.5', asOf: T1 }]);
    expect(late.stale).toEqual([{ index: 0, key: 'USD', storedAsOf: T2 }]);
    expect(await totals('AC-2')).toEqual({ deposits: 9500, debt: 0, open: 1 });
  });

  it('moving an account to another customer recomputes both; a stale account is reported and not applied', async () => {
    await send('upsertAccounts', [accountItem('MV-1', 'AC-2', { balance: { amount: '10.00', currency: 'EUR' } })]);
    const before = [await totals('AC-1'), await totals('AC-2')];
    await send('upsertAccounts', [accountItem('MV-1', 'AC-1', { balance: { amount: '10.00', currency: 'EUR' }, asOf: T2 })]);
    expect(await totals('AC-1')).toEqual({ ...before[0], deposits: before[0].deposits + 1000, open: before[0].open + 1 });
    expect(await totals('AC-2')).toEqual({ ...before[1], deposits: before[1].deposits - 1000, open: before[1].open - 1 });
    const stale = await send('upsertAccounts', [accountItem('MV-1', 'AC-2', { asOf: T1 })]);
    expect(stale.stale).toEqual([{ index: 0, key: 'MV-1', storedAsOf: T2 }]);
    expect((await t.sql.query(`select c.external_ref from account a join customer c on c.id = a.customer_id where a.external_ref = 'MV-1'`)).rows[0].external_ref).toBe('AC-1');
  });

  it('refuses what an account cannot be, naming the item and field, and writes nothing', async () => {
    const accounts = await count('account');
    const out = await send('upsertAccounts', [
      accountItem('BAD-0', 'AC-1'),
      accountItem('BAD-1', 'NO-SUCH-CUSTOMER'),
      accountItem('BAD-2', 'AC-1', { balance: { amount: '5.00', currency: 'CHF' } }),
      accountItem('BAD-3', 'AC-1', { type: 'PERSONAL_LOAN' }),
      accountItem('BAD-4', 'AC-1', { status: 'CLOSED' }),
      accountItem('BAD-5', 'AC-1', { balance: { amount: '5.001', currency: 'EUR' } }),
      accountItem('BAD-6', 'AC-1', { type: 'MORTGAGE', balance: { amount: '5.00', currency: 'EUR' }, outstanding: { amount: '5.00', currency: 'EUR' } }),
      accountItem('BAD-7', 'AC-1', { status: 'CLOSED', openedAt: '2024-05-01', closedAt: '2024-04-01' }),
    ]);
    expect(out.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.items.3.outstanding', 'INVALID'],
      ['input.items.4.closedAt', 'INVALID_DATES'],
      ['input.items.5.balance.amount', 'INVALID_AMOUNT'],
      ['input.items.6.balance', 'WRONG_AMOUNT_KIND'],
      ['input.items.7.closedAt', 'INVALID_DATES'],
    ]);
    // Once the items are well-formed, the references are checked.
    const refs = await send('upsertAccounts', [accountItem('BAD-0', 'AC-1'), accountItem('BAD-1', 'NO-SUCH-CUSTOMER'), accountItem('BAD-2', 'AC-1', { balance: { amount: '5.00', currency: 'CHF' } })]);
    expect(refs.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.items.1.customerExternalRef', 'UNKNOWN_CUSTOMER'],
      ['input.items.2.balance.currency', 'UNKNOWN_CURRENCY'],
    ]);
    expect(await count('account')).toBe(accounts);
  });

  it('refuses a rate other than 1 for the reporting currency; fxRates lists the rates for readers of customers', async () => {
    await send('upsertFxRates', [{ currency: 'USD', rate: '0.95', asOf: T2 }]);
    const out = await send('upsertFxRates', [{ currency: 'EUR', rate: '1.1', asOf: T2 }]);
    expect(out.userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '0', 'rate'], code: 'REPORTING_CURRENCY_RATE' })]);
    const res = await t.gql(op('FxRates'), { token: staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now()) });
    expect(res.body.data.fxRates.map((r: Item) => [r.currency, r.quoteCurrency, r.rate, r.asOf])).toEqual([
      ['GBP', 'EUR', '1.17', T1],
      ['JPY', 'EUR', '0.0062', T1],
      ['USD', 'EUR', '0.95', T2],
    ]);
  });
});

describe('who may ingest', () => {
  const items: Record<string, Item[]> = {
    upsertCustomers: [customerItem('PERM-1')],
    upsertAccounts: [accountItem('PERM-A', 'PERM-1')],
    recordActivitySnapshots: [
      {
        customerExternalRef: 'PERM-1', month: '2025-12', transactionCount: 3, transactionVolume: { amount: '30.00', currency: 'EUR' },
        averageBalance: { amount: '100.00', currency: 'EUR' }, digitalLogins: 2, salaryCredited: false, asOf: T1,
      },
    ],
    upsertFxRates: [{ currency: 'CHF', rate: '1.05', asOf: T1 }],
  };
  const refusedRoles = ['SUPPORT_AGENT', 'RELATIONSHIP_MANAGER', 'COMPLIANCE_OFFICER', 'RETENTION_ANALYST'] as const;

  it.each(Object.keys(MUTATION))('%s: refused to other staff roles, partners without ingest:write and the anonymous, with nothing written', async (mutation) => {
    await send('upsertCustomers', items.upsertCustomers);
    const audits = await auditCount();
    const partner = await createPartnerToken(t, ['customers:read', 'customers:read_pii']);
    const tokens = [...refusedRoles.map((r) => staffToken(t.config, r, r === 'RELATIONSHIP_MANAGER' ? 'rm-01' : undefined, t.clock.now())), partner.token];
    for (const token of tokens) {
      const res = await t.gql(MUTATION[mutation], { token, variables: { input: { items: items[mutation] } } });
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.gql(MUTATION[mutation], { variables: { input: { items: items[mutation] } } });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await auditCount()).toBe(audits);
  });

  it.each(Object.keys(MUTATION))('%s: allowed to a partner with ingest:write, audited as the partner', async (mutation) => {
    await send('upsertCustomers', items.upsertCustomers);
    const partner = await createPartnerToken(t, ['ingest:write']);
    // A partner feed leaves relationship managers to an ADMIN.
    const later = items[mutation].map(({ relationshipManagerSubject: _rm, ...i }: Record<string, unknown>) => ({ ...i, asOf: '2026-01-14T00:00:00.000Z' }));
    const out = await send(mutation, later, partner.token);
    expect(out.userErrors).toEqual([]);
    expect(out.applied + out.unchanged).toBe(1);
    const mine = await count('audit_event', 'actor_kind = $1 and actor_id = $2', ['partner', partner.publicId]);
    expect(mine).toBe(out.applied);
  });

  it('ADMIN may ingest (every other test here does); the schema declares each mutation with its rule', () => {
    const { rules, raw } = buildKeelSchema(defaultModules);
    for (const mutation of Object.keys(MUTATION)) expect((rules.Mutation as Record<string, unknown>)[mutation]).toBeDefined();
    expect(validate(raw, OPERATIONS).map((e) => e.message)).toEqual([]);
  });
});
