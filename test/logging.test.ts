// Logs never contain a token, a secret or a variable's value.
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('an authenticated request leaves neither the token nor a variable value in the logs', async () => {
  await createStaff(t.sql, 'admin-01');
  const token = staffToken(t.config, 'ADMIN');
  const secretSearch = 'Zyxwvut-needle-4711';
  const res = await t.gql(
    'query Find($s: String) { customers(first: 1, filter: { search: $s }) { edges { node { id } } } }',
    { token, variables: { s: secretSearch } },
  );
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  // A failing request is logged too, with its error.
  await t.gql('query Boom($s: String) { customers(first: 1000, filter: { search: $s }) { totalCount } }', {
    token,
    variables: { s: secretSearch },
  });
  await t.http.get(`/graphql?query=${encodeURIComponent('{viewer{kind}}')}&variables=${secretSearch}`).set('authorization', `Bearer ${token}`);

  // Request lines are written when each response finishes, which may be just after the client has it.
  await t.waitForLogs((l) => l.includes('"path":"/graphql"'), 3);
  const logs = t.logs.join('');
  expect(t.logs.filter((l) => l.includes('"path":"/graphql"'))).toHaveLength(3);
  expect(logs).toContain('"path":"/graphql"');
  expect(logs).not.toContain(token);
  expect(logs).not.toContain(token.split('.')[2]); // not even the signature
  expect(logs).not.toContain(secretSearch);
  expect(logs).not.toContain(t.config.jwt.secret!);
});

it('each request line says its request id, operation, viewer kind, duration and SQL statement count, and no personal data sent in the request', async () => {
  await createStaff(t.sql, 'rm-01');
  const token = staffToken(t.config, ['ADMIN', 'RETENTION_ANALYST']);
  const email = 'needle.person-4711@mail.example';
  const nationalId = 'NI-NEEDLE-4711-XY';
  const item = {
    externalRef: 'LOG-1',
    firstName: 'Ada',
    lastName: 'Needleperson',
    email,
    phone: '+44 7700 900123',
    dateOfBirth: '1980-04-02',
    nationalId,
    address: '1 Quay Road',
    region: 'North',
    preferredChannel: 'EMAIL',
    marketingConsent: true,
    relationshipManagerSubject: 'rm-01',
    asOf: '2026-01-10T08:00:00.000Z',
  };
  const mutation = 'mutation IngestOne($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { applied userErrors { code } } }';
  const res = await t.http
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', `Bearer ${token}`)
    .set('x-request-id', 'log-fields-1')
    .send({ query: mutation, variables: { input: { items: [item] } } });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.upsertCustomers.applied).toBe(1);
  // A refused value echoed in an error to the caller is not echoed in the logs; nor a search for it.
  const bad = await t.gql(mutation, { token, variables: { input: { items: [{ ...item, email: 12, nationalId: { value: nationalId } }] } } });
  expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  await t.gql('query Search($s: String) { customers(first: 1, filter: { search: $s }) { totalCount } }', { token, variables: { s: email } });
  await t.gql('query Anon { viewer { kind } }');

  const lines = (await t.waitForLogs((l) => l.includes('"path":"/graphql"') && l.includes('"durationMs"'), 4)).map((l) => JSON.parse(l));
  const ingest = lines.find((l) => l.requestId === 'log-fields-1');
  expect(ingest).toMatchObject({
    requestId: 'log-fields-1',
    operation: 'IngestOne',
    operationType: 'mutation',
    viewer: 'staff:ADMIN,RETENTION_ANALYST',
    res: { statusCode: 200 },
  });
  expect(ingest.durationMs).toEqual(expect.any(Number));
  // Authentication, the transaction and its writes: several statements, counted for this request alone.
  expect(ingest.sqlStatements).toBeGreaterThanOrEqual(3);
  const anon = lines.find((l) => l.operation === 'Anon');
  expect(anon).toMatchObject({ viewer: 'anonymous', operationType: 'query' });
  expect(anon.sqlStatements).toBe(0);
  // Each key once per line (the request's fields are bound when the response is sent, not twice).
  for (const raw of t.logs.filter((l) => l.includes('"durationMs"'))) expect(raw.match(/"requestId"/g)).toHaveLength(1);

  const logs = t.logs.join('');
  expect(logs).not.toContain(token);
  expect(logs).not.toContain(token.split('.')[2]);
  expect(logs).not.toContain(email);
  expect(logs).not.toContain(nationalId);
  expect(logs).not.toContain('Needleperson');
});
