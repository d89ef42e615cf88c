// The retention job takes customers it can anonymise first: customers on hold never crowd them out.
import { toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { runRetentionJob } from '../src/modules/offboarding/retention.job';
import { createTestApp, type TestApp } from './support/app';
import { Offboarding } from './support/offboarding';

const HOLD = 'mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { legalHold { id } userErrors { code } } }';

let t: TestApp;
let o: Offboarding;
beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
});
afterAll(async () => {
  await t?.close();
});

it('with a batch of one, a customer on hold whose date came first does not block the next', async () => {
  const held = await o.caseIn('CUSTOMER', 'CLOSED');
  t.clock.advanceDays(1);
  const free = await o.caseIn('CUSTOMER', 'CLOSED');
  const customerOf = async (caseId: string) => (await t.sql.query('select customer_id from offboarding_case where id = $1', [Buffer.from(caseId, 'base64url').toString().split(':')[1]])).rows[0].customer_id;
  const heldCustomer = await customerOf(held.id);
  const freeCustomer = await customerOf(free.id);
  const hold = await t.gql(HOLD, { token: o.token('COMPLIANCE_OFFICER'), variables: { input: { customerId: toGlobalId('Customer', heldCustomer), reason: 'Litigation' } } });
  expect(hold.body.data.placeLegalHold.userErrors).toEqual([]);

  t.clock.advanceDays(6 * 366);
  const result = await runRetentionJob({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules, batchSize: 1 });
  expect(result.anonymised).toEqual([freeCustomer]);
});
