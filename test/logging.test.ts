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
