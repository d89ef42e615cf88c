// The customers module's permission matrix. The rows are the module's own root operations, read from
// its rule tree: an operation added without a row here fails this test. Each row says, in the test's
// own words, who may call it; every staff role and partners with and without each relevant scope run it.
import { ROLES, type Role, type Scope } from '../src/auth/roles';
import { KNOWN_SCOPES as SCOPES } from '../src/modules/access/public';
import { toGlobalId } from '../src/graphql/relay';
import { customersModule } from '../src/modules/customers';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

interface Row {
  roles: Role[];
  scopes: Scope[];
  /** The operation, exercising the field; $customerId and $staffId are filled in. */
  document: string;
  variables?: (ids: { customerId: string; staffId: string; n: number }) => Record<string, unknown>;
}

const READERS: Role[] = ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'];

const MATRIX: Record<string, Row> = {
  'Query.customers': { roles: READERS, scopes: ['customers:read'], document: '{ customers(first: 1) { edges { node { id } } } }' },
  'Query.customer': {
    roles: READERS,
    scopes: ['customers:read'],
    document: 'query($customerId: ID!) { customer(id: $customerId) { id } }',
    variables: ({ customerId }) => ({ customerId }),
  },
  'Query.fxRates': { roles: READERS, scopes: ['customers:read'], document: '{ fxRates { currency } }' },
  'Mutation.upsertCustomers': {
    roles: ['ADMIN'],
    scopes: ['ingest:write'],
    document: 'mutation($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { userErrors { code } } }',
    variables: () => ({ input: { items: [] } }),
  },
  'Mutation.upsertAccounts': {
    roles: ['ADMIN'],
    scopes: ['ingest:write'],
    document: 'mutation($input: UpsertAccountsInput!) { upsertAccounts(input: $input) { userErrors { code } } }',
    variables: () => ({ input: { items: [] } }),
  },
  'Mutation.recordActivitySnapshots': {
    roles: ['ADMIN'],
    scopes: ['ingest:write'],
    document: 'mutation($input: RecordActivitySnapshotsInput!) { recordActivitySnapshots(input: $input) { userErrors { code } } }',
    variables: () => ({ input: { items: [] } }),
  },
  'Mutation.upsertFxRates': {
    roles: ['ADMIN'],
    scopes: ['ingest:write'],
    document: 'mutation($input: UpsertFxRatesInput!) { upsertFxRates(input: $input) { userErrors { code } } }',
    variables: () => ({ input: { items: [] } }),
  },
  'Mutation.createCustomer': {
    roles: ['ADMIN'],
    scopes: [],
    document: 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { userErrors { code } } }',
    variables: ({ n }) => ({ input: { externalRef: `PM-${n}`, firstName: 'Perm', lastName: 'Matrix' } }),
  },
  'Mutation.updateCustomer': {
    roles: ['ADMIN', 'RELATIONSHIP_MANAGER'],
    scopes: [],
    document: 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }',
    variables: ({ customerId, n }) => ({ input: { id: customerId, version: 1, region: `R${n}` } }),
  },
  'Mutation.assignRelationshipManager': {
    roles: ['ADMIN'],
    scopes: [],
    document: 'mutation($input: AssignRelationshipManagerInput!) { assignRelationshipManager(input: $input) { userErrors { code } } }',
    variables: ({ customerId, staffId }) => ({ input: { customerId, relationshipManagerId: staffId } }),
  },
};

function operationsOfModule(): string[] {
  const rules = customersModule.rules as Record<string, Record<string, unknown>>;
  return ['Query', 'Mutation', 'Subscription'].flatMap((type) => Object.keys(rules[type] ?? {}).map((f) => `${type}.${f}`)).sort();
}

let t: TestApp;
let customerId: string;
let staffId: string;
let n = 0;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  const rm = await createStaff(t.sql, 'rm-01');
  staffId = toGlobalId('StaffMember', rm.id);
  customerId = toGlobalId('Customer', (await createCustomer(t.sql, { rmId: rm.id })).id);
  for (const role of ROLES) tokens[role] = staffToken(t.config, role, role === 'RELATIONSHIP_MANAGER' ? 'rm-01' : undefined, t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

it('every customer operation has a row in the matrix', () => {
  expect(operationsOfModule()).toEqual(Object.keys(MATRIX).sort());
});

async function call(op: string, token: string): Promise<string | null> {
  const row = MATRIX[op];
  n += 1;
  const res = await t.gql(row.document, { token, variables: row.variables?.({ customerId, staffId, n }) });
  const code: string | undefined = res.body.errors?.[0]?.extensions?.code;
  return code ?? null;
}

describe.each(Object.keys(MATRIX))('%s', (op) => {
  const row = MATRIX[op];

  it.each(ROLES)('as %s', async (role) => {
    const code = await call(op, tokens[role]!);
    if (row.roles.includes(role)) expect(code === 'FORBIDDEN' || code === 'UNAUTHENTICATED').toBe(false);
    else expect(code).toBe('FORBIDDEN');
  });

  it('as a partner without a relevant scope: FORBIDDEN', async () => {
    const others = SCOPES.filter((s) => !row.scopes.includes(s));
    const partner = await createPartnerToken(t, others);
    expect(await call(op, partner.token)).toBe('FORBIDDEN');
  });

  if (row.scopes.length) {
    it.each(row.scopes)('as a partner with %s', async (scope) => {
      const partner = await createPartnerToken(t, [scope]);
      const code = await call(op, partner.token);
      expect(code === 'FORBIDDEN' || code === 'UNAUTHENTICATED').toBe(false);
    });
  }

  it('without credentials: UNAUTHENTICATED', async () => {
    const row2 = MATRIX[op];
    const res = await t.gql(row2.document, { variables: row2.variables?.({ customerId, staffId, n: ++n }) });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
