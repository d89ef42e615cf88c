// Personal data: full reads are audited (one insert per request), national ids are encrypted at rest.
import { decryptNationalId, encryptNationalId } from '../src/modules/customers/national-id.crypto';
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let tok: Record<string, string>;
const LIST = '{ customers(first: 100, filter: { search: "Pii" }) { edges { node { id displayName email phone } } } }';

beforeAll(async () => {
  t = await createTestApp();
  const rm = await createStaff(t.sql, 'rm-01');
  for (let i = 0; i < 7; i++) await createCustomer(t.sql, { lastName: `Pii${i}`, rmId: i < 3 ? rm.id : null, email: i === 6 ? null : undefined, phone: i === 6 ? null : undefined });
  const now = t.clock.now();
  tok = {
    compliance: staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-01', now),
    support: staffToken(t.config, 'SUPPORT_AGENT', 'support-01', now),
    rm: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', now),
    admin: staffToken(t.config, 'ADMIN', 'admin-01', now),
  };
});
afterAll(async () => {
  await t?.close();
});

const piiReads = async (actor: string) =>
  (await t.sql.query(`select * from audit_event where action = 'customer.pii_read' and actor_id = $1`, [actor])).rows;

describe('auditing full reads of personal data', () => {
  it('a compliance officer\'s full read leaves one event per customer, written in one insert', async () => {
    const { result, statements } = await countStatements(() => t.gql(LIST, { token: tok.compliance }));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.customers.edges).toHaveLength(7);
    const events = await piiReads('compliance-01');
    // The customer without email or phone had nothing unmasked to return: no event for them.
    expect(events).toHaveLength(6);
    expect(new Set(events.map((e) => e.customer_id)).size).toBe(6);
    expect(events[0].changes).toEqual([{ field: 'email' }, { field: 'phone' }]);
    expect(new Set(events.map((e) => e.request_id)).size).toBe(1);
    expect(statements.filter((s) => /insert into "audit_event"/i.test(s))).toHaveLength(1);
  });

  it('a masked read leaves none', async () => {
    const res = await t.gql(LIST, { token: tok.support });
    expect(res.body.data.customers.edges[0].node.email).toMatch(/\*\*\*/);
    expect(await piiReads('support-01')).toHaveLength(0);
  });

  it('only values actually returned unmasked count: an RM reading the list gets events for their own book only', async () => {
    const res = await t.gql('{ customers(first: 100, filter: { search: "Pii" }) { edges { node { email } } } }', { token: tok.admin });
    expect(res.body.errors).toBeUndefined();
    const rmList = await t.gql('{ customers(first: 100) { edges { node { email } } } }', { token: tok.rm });
    expect(rmList.body.data.customers.edges).toHaveLength(3);
    const events = await piiReads('rm-01');
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.changes.length === 1 && e.changes[0].field === 'email')).toBe(true);
  });

  it('names alone are not personal data reads', async () => {
    const before = (await piiReads('compliance-01')).length;
    await t.gql('{ customers(first: 100) { edges { node { displayName } } } }', { token: tok.compliance });
    expect((await piiReads('compliance-01')).length).toBe(before);
  });
});

describe('national id encryption', () => {
  const pii = () => t.config.pii;

  it('encrypting the same national id twice gives different ciphertexts that both decrypt', () => {
    const a = encryptNationalId(pii(), 'AB123456C', 'c1');
    const b = encryptNationalId(pii(), 'AB123456C', 'c1');
    expect(a).not.toBe(b);
    expect(decryptNationalId(pii(), a, 'c1')).toBe('AB123456C');
    expect(decryptNationalId(pii(), b, 'c1')).toBe('AB123456C');
  });

  it('a tampered ciphertext, or one moved to another customer, fails to decrypt', () => {
    const stored = encryptNationalId(pii(), 'AB123456C', 'c1');
    const parts = stored.split('.');
    const data = Buffer.from(parts[3], 'base64url');
    data[0] ^= 1;
    parts[3] = data.toString('base64url');
    expect(() => decryptNationalId(pii(), parts.join('.'), 'c1')).toThrow(/authentication/);
    expect(() => decryptNationalId(pii(), stored, 'c2')).toThrow(/authentication/);
  });

  it('old keys stay readable after rotation', async () => {
    const old = await createTestApp({ database: t.db, env: { PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` } });
    const rotated = await createTestApp({
      database: t.db,
      env: { PII_ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`, PII_ACTIVE_KEY_ID: 'k2' },
    });
    try {
      const byOldKey = encryptNationalId(old.config.pii, 'ZZ999', 'c9');
      expect(byOldKey.startsWith('k1.')).toBe(true);
      expect(decryptNationalId(rotated.config.pii, byOldKey, 'c9')).toBe('ZZ999');
      expect(encryptNationalId(rotated.config.pii, 'ZZ999', 'c9').startsWith('k2.')).toBe(true);
    } finally {
      await rotated.close();
      await old.close();
    }
  });

  it('a raw SELECT shows no plaintext; the API shows it in full only to those who may see it, audited', async () => {
    const res = await t.gql(
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id nationalId } userErrors { message } } }`,
      { token: tok.admin, variables: { input: { externalRef: 'NID-1', firstName: 'Nia', lastName: 'Id', nationalId: 'QQ 12 34 56 C' } } },
    );
    expect(res.body.data.createCustomer.customer.nationalId).toBe('QQ 12 34 56 C');
    const id = res.body.data.createCustomer.customer.id;
    const { rows } = await t.sql.query(`select * from customer where external_ref = 'NID-1'`);
    expect(JSON.stringify(rows)).not.toContain('QQ 12 34 56 C');
    expect(rows[0].national_id_enc).toMatch(/^dev\./);
    const created = (await t.sql.query(`select changes from audit_event where action = 'customer.created' and customer_id = $1`, [rows[0].id])).rows[0];
    expect(created.changes).toContainEqual({ field: 'nationalId' });
    const masked = await t.gql('query($id: ID!) { customer(id: $id) { nationalId } }', { token: tok.support, variables: { id } });
    expect(masked.body.data.customer.nationalId).toBe('***');
    expect(toGlobalId('Customer', rows[0].id)).toBe(id);
  });
});
