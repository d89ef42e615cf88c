// Retention offers over HTTP: the catalogue (values checked per kind, optimistic versions, retirement),
// proposals (eligibility, every contributed check, marketing consent, budgets that concurrent proposals
// never overspend), answers (once, replays by key, points and cashback posted once), expiry by a job,
// consumption computed in SQL, Customer.offers, the customer attributes as of a date, and who may do what.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { KeelModule } from '../src/module';
import { defaultModules } from '../src/modules';
import { runOfferExpiryJob } from '../src/modules/loyalty/offer.jobs';
import { offerAttributes } from '../src/modules/loyalty/offer.contributions';
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { waitForLockWaiters } from './support/concurrency';
import { createAccount, createCustomer, createStaff } from './support/factories';
import { createPartnerToken } from './support/partners';
import { keyOf, Loyalty } from './support/loyalty';
import { testEnv } from './support/env';
import { countStatements } from './support/sql-counter';

const DAY = 86_400_000;

// A module of this test only: an eligibility check contributed from outside loyalty, which refuses
// customers whose last name says so, to show that proposals run every contributed check.
const vetoModule: KeelModule = {
  name: 'offerveto',
  entities: [],
  resolvers: [],
  rules: {},
  contributes: {
    eligibility: [
      {
        name: 'offerveto.lastName',
        async check(em, customerKey, offer) {
          const rows = await em.execute<{ last_name: string }[]>('select last_name from customer where id = ?', [customerKey]);
          return rows[0]?.last_name === 'Vetoed' && offer.kind === 'RETENTION_OFFER' ? 'The veto module refuses this customer' : null;
        },
      },
    ],
  },
};

let t: TestApp;
let l: Loyalty;

beforeAll(async () => {
  t = await createTestApp({ env: { LOYALTY_POINT_VALUE_MINOR: '2' }, modules: [...defaultModules, vetoModule] });
  l = await new Loyalty(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const OFFER = 'id kind name terms value validFrom validUntil minTier productTypes budgetCount budgetValue status version';
const ASSIGNMENT = 'id status value proposedBy proposedAt expiresAt answeredAt answeredBy channel offboardingCaseId retentionAttemptRecorded offer { id name }';
const OPS: Record<string, { input: string; select: string }> = {
  createRetentionOffer: { input: 'CreateRetentionOfferInput', select: `retentionOffer { ${OFFER} }` },
  updateRetentionOffer: { input: 'UpdateRetentionOfferInput', select: `retentionOffer { ${OFFER} }` },
  retireRetentionOffer: { input: 'RetireRetentionOfferInput', select: `retentionOffer { ${OFFER} }` },
  proposeOffer: { input: 'ProposeOfferInput', select: `offerAssignment { ${ASSIGNMENT} }` },
  respondToOffer: { input: 'RespondToOfferInput', select: `offerAssignment { ${ASSIGNMENT} } replayed` },
  withdrawOffer: { input: 'WithdrawOfferInput', select: `offerAssignment { ${ASSIGNMENT} }` },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Out = { [k: string]: any; userErrors: { field: string[]; code: string; message: string }[]; errors?: { extensions: { code: string } }[] };

async function mutate(name: string, input: Record<string, unknown>, token = l.admin): Promise<Out> {
  const op = OPS[name];
  const res = await t.gql(`mutation($input: ${op.input}!) { ${name}(input: $input) { ${op.select} userErrors { field message code } } }`, { token, variables: { input } });
  if (res.body.errors) return { userErrors: [], errors: res.body.errors };
  return res.body.data[name];
}

async function ok(name: string, input: Record<string, unknown>, token = l.admin): Promise<Out> {
  const out = await mutate(name, input, token);
  if (out.errors || out.userErrors.length) throw new Error(`${name} failed: ${JSON.stringify(out.errors ?? out.userErrors)}`);
  return out;
}

const codes = (out: Out) => (out.errors ? out.errors.map((e) => e.extensions.code) : out.userErrors.map((e) => e.code));

function offerInput(extra: Record<string, unknown> = {}) {
  const now = t.clock.now().getTime();
  return {
    kind: 'BONUS_POINTS', name: `Bonus ${randomUUID().slice(0, 6)}`, terms: 'Credited on acceptance.', value: 500,
    validFrom: new Date(now - DAY).toISOString(), validUntil: new Date(now + 100 * DAY).toISOString(), ...extra,
  };
}

async function offer(extra: Record<string, unknown> = {}) {
  return (await ok('createRetentionOffer', offerInput(extra))).retentionOffer;
}

/** A customer of rm-01 (unless told) who consented to marketing, enrolled, with a current account. */
async function consenting(opts: { rm?: string | null; enrol?: boolean; consent?: boolean; lastName?: string } = {}) {
  const c = await createCustomer(t.sql, { rmId: opts.rm === undefined ? l.rm.id : opts.rm, lastName: opts.lastName });
  await createAccount(t.sql, c.id, { type: 'CURRENT' });
  if (opts.consent !== false) await t.sql.query('update customer set marketing_consent = true, marketing_consent_at = now() where id = $1', [c.id]);
  const customerId = toGlobalId('Customer', c.id);
  let accountKey: string | null = null;
  if (opts.enrol !== false) accountKey = keyOf((await l.ok('enrollCustomer', { customerId })).loyaltyAccount.id);
  return { customerId, customerKey: c.id, accountKey };
}

const propose = (offerId: string, customerId: string, extra: Record<string, unknown> = {}, token = l.admin) =>
  mutate('proposeOffer', { offerId, customerId, channel: 'BRANCH', ...extra }, token);

describe('the catalogue', () => {
  it('creates an offer of each kind with its value checked against the kind, audited', async () => {
    const good: [string, number][] = [['RATE_DISCOUNT', 25], ['FEE_WAIVER', 6], ['BONUS_POINTS', 1000], ['CASHBACK', 5000], ['EXCLUSIVE_PRODUCT', 0]];
    for (const [kind, value] of good) {
      const o = await offer({ kind, value, minTier: 'SILVER', productTypes: ['MORTGAGE'], budgetCount: 10 });
      expect(o).toMatchObject({ kind, value, status: 'ACTIVE', version: 1, minTier: 'SILVER', productTypes: ['MORTGAGE'], budgetCount: 10 });
    }
    const bad: [string, number][] = [['RATE_DISCOUNT', 5000], ['FEE_WAIVER', 0], ['BONUS_POINTS', 1.5], ['CASHBACK', -1], ['EXCLUSIVE_PRODUCT', 10], ['BONUS_POINTS', 1e12]];
    for (const [kind, value] of bad) {
      const out = await mutate('createRetentionOffer', offerInput({ kind, value }));
      expect(out.retentionOffer).toBeNull();
      expect(codes(out)).toEqual(['INVALID_VALUE']);
    }
    const audit = await t.sql.query(`select count(*)::int as n from audit_event where action = 'loyalty.offer_created' and actor_id = 'admin-01'`);
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(good.length);
  });

  it('refuses a validity that ends before it starts, bad budgets and oversized or repeated fields, all at once', async () => {
    const now = t.clock.now().getTime();
    const out = await mutate('createRetentionOffer', offerInput({
      validFrom: new Date(now + DAY).toISOString(), validUntil: new Date(now).toISOString(), budgetCount: 0, budgetValue: -5, productTypes: ['CURRENT', 'CURRENT'],
    }));
    expect(codes(out).sort()).toEqual(['INVALID', 'INVALID', 'INVALID', 'INVALID_VALIDITY']);
    const long = await mutate('createRetentionOffer', offerInput({ name: 'x'.repeat(201) }));
    expect(long.retentionOffer).toBeNull();
    expect(long.userErrors[0].field).toEqual(['input', 'name']);
    const many = await mutate('createRetentionOffer', offerInput({ productTypes: Array(21).fill('CURRENT') }));
    expect(many.retentionOffer).toBeNull();
    // Hostile text is data, stored and returned as given.
    const hostile = `Robert'); drop table retention_offer; -- <script>`;
    expect((await offer({ name: hostile })).name).toBe(hostile);
  });

  it('updates with the version read (a stale one is a CONFLICT), never below the budget already reserved, and retires', async () => {
    const o = await offer({ budgetCount: 5 });
    const c = await consenting();
    await ok('proposeOffer', { offerId: o.id, customerId: c.customerId });
    const changed = (await ok('updateRetentionOffer', { offerId: o.id, version: 1, name: 'Renamed', minTier: null })).retentionOffer;
    expect(changed).toMatchObject({ name: 'Renamed', version: 2, budgetCount: 5, value: 500 });
    const stale = await mutate('updateRetentionOffer', { offerId: o.id, version: 1, name: 'Stale' });
    expect(codes(stale)).toEqual(['CONFLICT']);
    const cleared = await mutate('updateRetentionOffer', { offerId: o.id, version: 2, name: null, value: null });
    expect(cleared.userErrors.map((e) => e.field[1]).sort()).toEqual(['name', 'value']);
    const below = await mutate('updateRetentionOffer', { offerId: o.id, version: 2, budgetCount: 0 });
    expect(codes(below)).toEqual(['INVALID']);
    const unlimited = (await ok('updateRetentionOffer', { offerId: o.id, version: 2, budgetCount: null })).retentionOffer;
    expect(unlimited.budgetCount).toBeNull();
    const retired = (await ok('retireRetentionOffer', { offerId: o.id, version: 3 })).retentionOffer;
    expect(retired).toMatchObject({ status: 'RETIRED', version: 4 });
    expect(codes(await mutate('retireRetentionOffer', { offerId: o.id, version: 4 }))).toEqual(['OFFER_RETIRED']);
    expect(codes(await propose(o.id, (await consenting()).customerId))).toEqual(['OFFER_RETIRED']);
    const audit = await t.sql.query(`select action, changes from audit_event where entity_id = $1 order by occurred_at, id`, [keyOf(o.id)]);
    // One clock time for all of them: compared as a set.
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['loyalty.offer_created', 'loyalty.offer_retired', 'loyalty.offer_updated', 'loyalty.offer_updated']);
    expect(audit.rows.flatMap((r) => r.changes)).toEqual(expect.arrayContaining([{ field: 'name', old: expect.any(String), new: 'Renamed' }]));
  });

  it('lists the catalogue a page at a time, filtered, with a bounded page size', async () => {
    const kind = 'FEE_WAIVER';
    const made = [await offer({ kind, value: 1 }), await offer({ kind, value: 2 }), await offer({ kind, value: 3 })];
    const q = `query($after: String, $first: Int) { retentionOffers(first: $first, after: $after, filter: { kind: ${kind}, status: ACTIVE }) {
      edges { node { id kind } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await t.gql(q, { token: l.token('SUPPORT_AGENT'), variables: { after, first: 2 } });
      const page = res.body.data.retentionOffers;
      seen.push(...page.edges.map((e: { node: { id: string; kind: string } }) => e.node.id));
      expect(page.edges.every((e: { node: { kind: string } }) => e.node.kind === kind)).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expect.arrayContaining(made.map((o) => o.id)));
    expect(new Set(seen).size).toBe(seen.length);
    const huge = await t.gql(q, { token: l.admin, variables: { after: null, first: 1000 } });
    expect(huge.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const tampered = await t.gql(q, { token: l.admin, variables: { after: 'bm90LWEtY3Vyc29y', first: 2 } });
    expect(tampered.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('is managed by admins and retention analysts only', async () => {
    const analyst = await mutate('createRetentionOffer', offerInput(), l.token('RETENTION_ANALYST'));
    expect(analyst.retentionOffer).not.toBeNull();
    for (const token of [l.token('SUPPORT_AGENT'), l.token('RELATIONSHIP_MANAGER', 'rm-01'), l.token('COMPLIANCE_OFFICER'), l.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01')]) {
      expect(codes(await mutate('createRetentionOffer', offerInput(), token))).toEqual(['FORBIDDEN']);
    }
    const partner = await createPartnerToken(t, ['loyalty:write', 'loyalty:read']);
    expect(codes(await mutate('createRetentionOffer', offerInput(), partner.token))).toEqual(['FORBIDDEN']);
    const o = analyst.retentionOffer;
    expect(codes(await mutate('retireRetentionOffer', { offerId: o.id, version: 1 }, l.token('SUPPORT_AGENT')))).toEqual(['FORBIDDEN']);
    expect((await ok('retireRetentionOffer', { offerId: o.id, version: 1 }, l.token('RETENTION_ANALYST'))).retentionOffer.status).toBe('RETIRED');
  });
});

describe('proposals', () => {
  it('proposes to an eligible customer, reserves the budget and audits it', async () => {
    const o = await offer({ budgetCount: 4, budgetValue: 10_000 });
    const c = await consenting();
    const a = (await ok('proposeOffer', { offerId: o.id, customerId: c.customerId, channel: 'PHONE' })).offerAssignment;
    expect(a).toMatchObject({ status: 'PROPOSED', value: 500, proposedBy: 'admin-01', channel: 'PHONE', answeredAt: null, offer: { id: o.id } });
    // Lapses after the default 30 days.
    expect(new Date(a.expiresAt).getTime() - t.clock.now().getTime()).toBe(30 * DAY);
    const row = await t.sql.query('select reserved_count, reserved_value::int from retention_offer where id = $1', [keyOf(o.id)]);
    expect(row.rows[0]).toEqual({ reserved_count: 1, reserved_value: 500 });
    const audit = await t.sql.query(`select action from audit_event where entity_id = $1`, [keyOf(a.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['loyalty.offer_proposed']);
    expect(codes(await propose(o.id, c.customerId))).toEqual(['ALREADY_PROPOSED']);
  });

  it('refuses customers without marketing consent, outside the offer\'s validity, or who fail an eligibility condition', async () => {
    const now = t.clock.now().getTime();
    const bonus = await offer();
    expect(codes(await propose(bonus.id, (await consenting({ consent: false })).customerId))).toEqual(['NO_MARKETING_CONSENT']);
    expect(codes(await propose(bonus.id, (await consenting({ enrol: false })).customerId))).toEqual(['NOT_ELIGIBLE']);
    const gold = await offer({ kind: 'FEE_WAIVER', value: 3, minTier: 'GOLD' });
    const bronze = await consenting();
    const refused = await propose(gold.id, bronze.customerId);
    expect(refused.userErrors).toEqual([{ field: ['input', 'customerId'], code: 'NOT_ELIGIBLE', message: 'The offer needs loyalty tier GOLD or above' }]);
    await t.sql.query(`update loyalty_account set tier = 'PLATINUM' where id = $1`, [bronze.accountKey]);
    expect((await ok('proposeOffer', { offerId: gold.id, customerId: bronze.customerId })).offerAssignment.status).toBe('PROPOSED');
    const mortgage = await offer({ kind: 'RATE_DISCOUNT', value: 25, productTypes: ['MORTGAGE', 'WEALTH'] });
    const without = await consenting();
    expect(codes(await propose(mortgage.id, without.customerId))).toEqual(['NOT_ELIGIBLE']);
    await createAccount(t.sql, without.customerKey, { type: 'WEALTH' });
    expect((await ok('proposeOffer', { offerId: mortgage.id, customerId: without.customerId })).offerAssignment.status).toBe('PROPOSED');
    const vetoed = await consenting({ lastName: 'Vetoed' });
    const veto = await propose(mortgage.id, vetoed.customerId);
    expect(veto.userErrors.map((e) => e.message)).toEqual(['The offer needs an open MORTGAGE or WEALTH account', 'The veto module refuses this customer']);
    const later = await offer({ validFrom: new Date(now + DAY).toISOString() });
    expect(codes(await propose(later.id, (await consenting()).customerId))).toEqual(['OFFER_NOT_VALID_NOW']);
    const tooLate = await propose(bonus.id, (await consenting()).customerId, { expiresAt: new Date(now + 200 * DAY).toISOString() });
    expect(tooLate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'expiresAt'] });
    const exited = await createCustomer(t.sql, { rmId: l.rm.id, status: 'EXITED' });
    expect(codes(await propose(bonus.id, toGlobalId('Customer', exited.id)))).toEqual(['CUSTOMER_NOT_ACTIVE']);
    expect(await t.sql.query('select reserved_count from retention_offer where id = $1', [keyOf(bonus.id)]).then((r) => r.rows[0].reserved_count)).toBe(0);
  });

  it('never exceeds the budget, however many proposals race for it', async () => {
    // Five at once (the app serves that many requests in parallel here), for a budget of three.
    const n = 5;
    const budget = n - 2;
    const o = await offer({ budgetCount: budget });
    const customers = await Promise.all(Array.from({ length: n }, () => consenting()));
    // Hold the offer row so that every proposal queues on it, then let them all go at once.
    const url = new URL(testEnv().superuserUrl);
    url.pathname = `/${t.db.database}`;
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from retention_offer where id = $1 for update', [keyOf(o.id)]);
    const racing = customers.map((c) => propose(o.id, c.customerId));
    await waitForLockWaiters(t, customers.length);
    await holder.query('commit');
    await holder.end();
    const results = await Promise.all(racing);
    const won = results.filter((r) => r.offerAssignment);
    expect(won).toHaveLength(budget);
    expect(results.filter((r) => !r.offerAssignment).flatMap(codes)).toEqual(['BUDGET_EXHAUSTED', 'BUDGET_EXHAUSTED']);
    const row = await t.sql.query(`select reserved_count, (select count(*)::int from offer_assignment where offer_id = $1) as n from retention_offer where id = $1`, [keyOf(o.id)]);
    expect(row.rows[0]).toEqual({ reserved_count: budget, n: budget });
  });

  it('a value budget counts the offers\' value, and a decline or withdrawal gives it back', async () => {
    const o = await offer({ value: 400, budgetValue: 1000 });
    const [a, b, c] = [await consenting(), await consenting(), await consenting()];
    const first = (await ok('proposeOffer', { offerId: o.id, customerId: a.customerId })).offerAssignment;
    const second = (await ok('proposeOffer', { offerId: o.id, customerId: b.customerId })).offerAssignment;
    expect(codes(await propose(o.id, c.customerId))).toEqual(['BUDGET_EXHAUSTED']);
    await ok('respondToOffer', { assignmentId: first.id, answer: 'DECLINE', idempotencyKey: randomUUID() });
    expect((await ok('proposeOffer', { offerId: o.id, customerId: c.customerId })).offerAssignment.status).toBe('PROPOSED');
    const withdrawn = (await ok('withdrawOffer', { assignmentId: second.id })).offerAssignment;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', answeredBy: 'admin-01' });
    expect(codes(await mutate('withdrawOffer', { assignmentId: second.id }))).toEqual(['ALREADY_ANSWERED']);
    const row = await t.sql.query('select reserved_count, reserved_value::int from retention_offer where id = $1', [keyOf(o.id)]);
    expect(row.rows[0]).toEqual({ reserved_count: 1, reserved_value: 400 });
  });

  it('follows each caller\'s reach: a manager\'s own book, combined roles, partners with loyalty:write only', async () => {
    const o = await offer({ kind: 'FEE_WAIVER', value: 2 });
    const mine = await consenting();
    const theirs = await consenting({ rm: l.otherRm.id });
    const rm = l.token('RELATIONSHIP_MANAGER', 'rm-01');
    expect((await propose(o.id, mine.customerId, {}, rm)).offerAssignment.proposedBy).toBe('rm-01');
    expect(codes(await propose(o.id, theirs.customerId, {}, rm))).toEqual(['NOT_FOUND']);
    // A manager who is also a support agent proposes to anyone, as a support agent does.
    const both = l.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    expect((await propose(o.id, theirs.customerId, {}, both)).offerAssignment.status).toBe('PROPOSED');
    const support = await consenting();
    expect((await propose(o.id, support.customerId, {}, l.token('SUPPORT_AGENT'))).offerAssignment.status).toBe('PROPOSED');
    for (const token of [l.token('RETENTION_ANALYST'), l.token('COMPLIANCE_OFFICER')]) {
      expect(codes(await propose(o.id, (await consenting()).customerId, {}, token))).toEqual(['FORBIDDEN']);
    }
    // A partner with loyalty:write alone proposes (reading the offer back needs loyalty:read too).
    const writer = await createPartnerToken(t, ['loyalty:write']);
    const res = await t.gql('mutation($input: ProposeOfferInput!) { proposeOffer(input: $input) { offerAssignment { status proposedBy } userErrors { code } } }', {
      token: writer.token, variables: { input: { offerId: o.id, customerId: (await consenting()).customerId } },
    });
    expect(res.body.data.proposeOffer.offerAssignment).toEqual({ status: 'PROPOSED', proposedBy: writer.publicId });
    const reader = await createPartnerToken(t, ['loyalty:read', 'customers:read']);
    expect(codes(await propose(o.id, (await consenting()).customerId, {}, reader.token))).toEqual(['FORBIDDEN']);
    // Ids of another type do not exist here.
    expect(codes(await propose(mine.customerId, mine.customerId, {}, l.admin))).toEqual(['NOT_FOUND']);
  });
});

describe('answers', () => {
  async function proposed(extra: Record<string, unknown> = {}, customer?: Awaited<ReturnType<typeof consenting>>) {
    const o = await offer(extra);
    const c = customer ?? (await consenting());
    const a = (await ok('proposeOffer', { offerId: o.id, customerId: c.customerId })).offerAssignment;
    return { o, c, a };
  }

  it('accepting bonus points posts them once; a replay of the key answers the first result, another input with it is a CONFLICT', async () => {
    const { c, a } = await proposed({ value: 750 });
    const key = randomUUID();
    const first = await ok('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', channel: 'APP', idempotencyKey: key });
    expect(first).toMatchObject({ replayed: false, offerAssignment: { status: 'ACCEPTED', answeredBy: 'admin-01', channel: 'APP' } });
    const replay = await ok('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', channel: 'APP', idempotencyKey: key });
    expect(replay).toMatchObject({ replayed: true, offerAssignment: { id: a.id, status: 'ACCEPTED' } });
    expect(codes(await mutate('respondToOffer', { assignmentId: a.id, answer: 'DECLINE', channel: 'APP', idempotencyKey: key }))).toEqual(['CONFLICT']);
    expect(codes(await mutate('respondToOffer', { assignmentId: a.id, answer: 'DECLINE', idempotencyKey: randomUUID() }))).toEqual(['ALREADY_ANSWERED']);
    // The same key belongs to its caller: another caller's key of the same text is theirs.
    expect(codes(await mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', channel: 'APP', idempotencyKey: key }, l.token('SUPPORT_AGENT')))).toEqual(['ALREADY_ANSWERED']);
    const postings = await t.sql.query(`select kind, amount::int, reason from points_posting where account_id = $1`, [c.accountKey]);
    expect(postings.rows).toEqual([{ kind: 'EARN', amount: 750, reason: expect.stringContaining('Retention offer accepted') }]);
    expect(await l.balance(c.accountKey!)).toBe(750);
  });

  it('two different keys accepting at once: one answer, one posting', async () => {
    const { c, a } = await proposed({ value: 300 });
    const results = await Promise.all([0, 1, 2].map(() => mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() })));
    expect(results.filter((r) => r.offerAssignment)).toHaveLength(1);
    expect(results.filter((r) => !r.offerAssignment).flatMap(codes)).toEqual(['ALREADY_ANSWERED', 'ALREADY_ANSWERED']);
    expect(await l.balance(c.accountKey!)).toBe(300);
  });

  it('accepting cashback credits its minor units as points at the configured point value, rounded up', async () => {
    const { c, a } = await proposed({ kind: 'CASHBACK', value: 1001 });
    await ok('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() });
    expect(await l.balance(c.accountKey!)).toBe(501);
  });

  it('declining posts nothing; other kinds post nothing when accepted', async () => {
    const { c, a } = await proposed({ value: 100 });
    expect((await ok('respondToOffer', { assignmentId: a.id, answer: 'DECLINE', idempotencyKey: randomUUID() })).offerAssignment.status).toBe('DECLINED');
    const fee = await proposed({ kind: 'FEE_WAIVER', value: 3 }, c);
    expect((await ok('respondToOffer', { assignmentId: fee.a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() })).offerAssignment.status).toBe('ACCEPTED');
    expect(await l.balance(c.accountKey!)).toBe(0);
    const audit = await t.sql.query(`select action from audit_event where customer_id = $1 and action like 'loyalty.offer_%' order by occurred_at, id`, [c.customerKey]);
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['loyalty.offer_answered', 'loyalty.offer_answered', 'loyalty.offer_proposed', 'loyalty.offer_proposed']);
  });

  it('answers only within the caller\'s reach', async () => {
    const { a } = await proposed({ kind: 'FEE_WAIVER', value: 1 }, await consenting({ rm: l.otherRm.id }));
    expect(codes(await mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() }, l.token('RELATIONSHIP_MANAGER', 'rm-01')))).toEqual(['NOT_FOUND']);
    expect(codes(await mutate('withdrawOffer', { assignmentId: a.id }, l.token('RELATIONSHIP_MANAGER', 'rm-01')))).toEqual(['NOT_FOUND']);
    const reader = await createPartnerToken(t, ['loyalty:read']);
    expect(codes(await mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() }, reader.token))).toEqual(['FORBIDDEN']);
    const both = l.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    expect((await ok('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() }, both)).offerAssignment.answeredBy).toBe('rm-01');
    expect(codes(await mutate('respondToOffer', { assignmentId: toGlobalId('OfferAssignment', randomUUID()), answer: 'ACCEPT', idempotencyKey: 'x' }))).toEqual(['NOT_FOUND']);
  });
});

describe('expiry', () => {
  it('expires lapsed proposals in one statement, gives their budget back, audits them, and a second run does nothing', async () => {
    const o = await offer({ kind: 'FEE_WAIVER', value: 2, budgetCount: 10 });
    const now = t.clock.now().getTime();
    const soon = (await ok('proposeOffer', { offerId: o.id, customerId: (await consenting()).customerId, expiresAt: new Date(now + DAY).toISOString() })).offerAssignment;
    const later = (await ok('proposeOffer', { offerId: o.id, customerId: (await consenting()).customerId, expiresAt: new Date(now + 10 * DAY).toISOString() })).offerAssignment;
    const jobAt = new Date(now + 2 * DAY);
    const first = await runOfferExpiryJob({ em: t.orm.em.fork(), now: jobAt });
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(await runOfferExpiryJob({ em: t.orm.em.fork(), now: jobAt })).toEqual({ expired: 0 });
    const rows = await t.sql.query('select id, status, answered_by from offer_assignment where id = any($1) order by expires_at', [[keyOf(soon.id), keyOf(later.id)]]);
    expect(rows.rows.map((r) => [r.status, r.answered_by])).toEqual([['EXPIRED', 'system'], ['PROPOSED', null]]);
    expect((await t.sql.query('select reserved_count from retention_offer where id = $1', [keyOf(o.id)])).rows[0].reserved_count).toBe(1);
    expect((await t.sql.query(`select count(*)::int as n from audit_event where entity_id = $1 and action = 'loyalty.offer_expired'`, [keyOf(soon.id)])).rows[0].n).toBe(1);
    expect(codes(await mutate('respondToOffer', { assignmentId: soon.id, answer: 'ACCEPT', idempotencyKey: randomUUID() }))).toEqual(['ALREADY_ANSWERED']);
  });

  it('the job and an answer racing for one proposal: one of them wins, and the budget follows the winner', async () => {
    const o = await offer({ value: 250, budgetCount: 5 });
    const c = await consenting();
    const now = t.clock.now().getTime();
    const a = (await ok('proposeOffer', { offerId: o.id, customerId: c.customerId, expiresAt: new Date(now + DAY).toISOString() })).offerAssignment;
    const url = new URL(testEnv().superuserUrl);
    url.pathname = `/${t.db.database}`;
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from offer_assignment where id = $1 for update', [keyOf(a.id)]);
    // The answer comes in before the proposal lapses; the job runs as if a day had passed.
    const answer = mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() });
    const job = runOfferExpiryJob({ em: t.orm.em.fork(), now: new Date(now + 2 * DAY) });
    await waitForLockWaiters(t, 2);
    await holder.query('commit');
    await holder.end();
    const [answered, expired] = await Promise.all([answer, job]);
    const row = (await t.sql.query('select status from offer_assignment where id = $1', [keyOf(a.id)])).rows[0];
    const reserved = (await t.sql.query('select reserved_count from retention_offer where id = $1', [keyOf(o.id)])).rows[0].reserved_count;
    const points = await l.balance(c.accountKey!);
    if (answered.offerAssignment) {
      expect([row.status, reserved, points]).toEqual(['ACCEPTED', 1, 250]);
    } else {
      expect(codes(answered)).toEqual(['ALREADY_ANSWERED']);
      expect([row.status, reserved, points, expired.expired >= 1]).toEqual(['EXPIRED', 0, 0, true]);
    }
  });

  it('an answer after the proposal lapsed, before the job ran, is OFFER_EXPIRED', async () => {
    const o = await offer({ kind: 'FEE_WAIVER', value: 2 });
    const a = (await ok('proposeOffer', { offerId: o.id, customerId: (await consenting()).customerId, expiresAt: new Date(t.clock.now().getTime() + 1000).toISOString() })).offerAssignment;
    t.clock.advance(2000);
    expect(codes(await mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() }))).toEqual(['OFFER_EXPIRED']);
  });
});

describe('reading offers', () => {
  it('consumption counts what became of an offer\'s proposals in SQL, for those who manage the catalogue', async () => {
    const o = await offer({ kind: 'FEE_WAIVER', value: 3, budgetCount: 20, budgetValue: 100 });
    const people = await Promise.all(Array.from({ length: 6 }, () => consenting()));
    const as = [];
    for (const p of people) as.push((await ok('proposeOffer', { offerId: o.id, customerId: p.customerId, expiresAt: new Date(t.clock.now().getTime() + (as.length === 5 ? 1 : 20) * DAY).toISOString() })).offerAssignment);
    await ok('respondToOffer', { assignmentId: as[0].id, answer: 'ACCEPT', idempotencyKey: randomUUID() });
    await ok('respondToOffer', { assignmentId: as[1].id, answer: 'ACCEPT', idempotencyKey: randomUUID() });
    await ok('respondToOffer', { assignmentId: as[2].id, answer: 'DECLINE', idempotencyKey: randomUUID() });
    await ok('withdrawOffer', { assignmentId: as[3].id });
    await runOfferExpiryJob({ em: t.orm.em.fork(), now: new Date(t.clock.now().getTime() + 2 * DAY) });
    const q = `query($id: ID!) { node(id: $id) { ... on RetentionOffer { consumption { proposed open accepted declined expired withdrawn acceptanceRate
      budgetCountUsed budgetValueUsed budgetCountRemaining budgetValueRemaining } } } }`;
    const res = await t.gql(q, { token: l.token('RETENTION_ANALYST'), variables: { id: o.id } });
    expect(res.body.data.node.consumption).toEqual({
      proposed: 6, open: 1, accepted: 2, declined: 1, expired: 1, withdrawn: 1, acceptanceRate: 0.5,
      budgetCountUsed: 3, budgetValueUsed: 9, budgetCountRemaining: 17, budgetValueRemaining: 91,
    });
    const listed = `{ retentionOffers(first: 1) { edges { node { id consumption { proposed } } } } }`;
    const support = await t.gql(listed, { token: l.token('SUPPORT_AGENT') });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(listed, { token: l.token('RETENTION_ANALYST') })).body.errors).toBeUndefined();
    // node(id:) serves the catalogue to those who manage it; others read it through lists and proposals.
    const byId = await t.gql(q, { token: l.token('SUPPORT_AGENT'), variables: { id: o.id } });
    expect(byId.body.data.node).toBeNull();
    const fresh = await offer();
    const none = await t.gql(q, { token: l.admin, variables: { id: fresh.id } });
    expect(none.body.data.node.consumption).toMatchObject({ proposed: 0, acceptanceRate: null, budgetCountRemaining: null });
  });

  it('a page of offers with their consumption, or of a customer\'s offers with theirs, costs the same statements whatever its size', async () => {
    const c = await consenting();
    for (let i = 0; i < 6; i++) await ok('proposeOffer', { offerId: (await offer({ kind: 'FEE_WAIVER', value: 1 })).id, customerId: c.customerId });
    const catalogue = (n: number) => `{ retentionOffers(first: ${n}) { edges { node { id consumption { proposed acceptanceRate } } } } }`;
    const small = await countStatements(() => t.gql(catalogue(2), { token: l.admin }));
    const large = await countStatements(() => t.gql(catalogue(50), { token: l.admin }));
    expect(large.result.body.data.retentionOffers.edges.length).toBeGreaterThan(6);
    expect(large.statements.length).toBe(small.statements.length);
    const offers = (n: number) => `query($id: ID!) { customer(id: $id) { offers(first: ${n}) { edges { node { id offer { name consumption { proposed } } } } } } }`;
    const one = await countStatements(() => t.gql(offers(1), { token: l.admin, variables: { id: c.customerId } }));
    const six = await countStatements(() => t.gql(offers(6), { token: l.admin, variables: { id: c.customerId } }));
    expect(six.result.body.data.customer.offers.edges).toHaveLength(6);
    expect(six.statements.length).toBe(one.statements.length);
  });

  it('Customer.offers pages newest first, within the reader\'s book', async () => {
    const c = await consenting();
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push((await ok('proposeOffer', { offerId: (await offer({ kind: 'FEE_WAIVER', value: 1 })).id, customerId: c.customerId })).offerAssignment.id);
      t.clock.advance(1000);
    }
    const q = `query($id: ID!, $after: String) { customer(id: $id) { offers(first: 2, after: $after) { edges { node { id status offer { name } } } pageInfo { hasNextPage endCursor } totalCount } } }`;
    const p1 = (await t.gql(q, { token: l.token('RELATIONSHIP_MANAGER', 'rm-01'), variables: { id: c.customerId } })).body.data.customer.offers;
    const p2 = (await t.gql(q, { token: l.token('RELATIONSHIP_MANAGER', 'rm-01'), variables: { id: c.customerId, after: p1.pageInfo.endCursor } })).body.data.customer.offers;
    expect([...p1.edges, ...p2.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual([...made].reverse());
    expect(p1.totalCount).toBe(3);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const other = await t.gql(q, { token: l.token('RELATIONSHIP_MANAGER', 'rm-02'), variables: { id: c.customerId } });
    expect(other.body.data?.customer ?? null).toBeNull();
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id ... on OfferAssignment { status customer { id } } } }`, { token: l.token('RELATIONSHIP_MANAGER', 'rm-02'), variables: { id: made[0] } });
    expect(node.body.data?.node ?? null).toBeNull();
    const mine = await t.gql(`query($id: ID!) { node(id: $id) { id ... on OfferAssignment { status customer { id } } } }`, { token: l.token('RELATIONSHIP_MANAGER', 'rm-01'), variables: { id: made[0] } });
    expect(mine.body.data.node).toEqual({ id: made[0], status: 'PROPOSED', customer: { id: c.customerId } });
  });

  it('the attributes count answers given by the date only', async () => {
    const c = await consenting();
    const before = t.clock.now();
    t.clock.advance(1000);
    const declined = await Promise.all([offer({ kind: 'FEE_WAIVER', value: 1 }), offer({ kind: 'FEE_WAIVER', value: 1 }), offer({ kind: 'FEE_WAIVER', value: 1 })]);
    for (const [i, o] of declined.entries()) {
      const a = (await ok('proposeOffer', { offerId: o.id, customerId: c.customerId })).offerAssignment;
      await ok('respondToOffer', { assignmentId: a.id, answer: i < 2 ? 'DECLINE' : 'ACCEPT', idempotencyKey: randomUUID() });
    }
    const knex = t.orm.em.getKnex();
    const value = async (name: string, asOf: Date) => {
      const attr = offerAttributes.find((a) => a.name === name)!;
      const row = await knex('customer as c').where('c.id', c.customerKey).select(knex.raw('? as v', [attr.sql(knex, asOf)])).first();
      return Number(row.v);
    };
    const now = t.clock.now();
    expect(await value('loyalty.offersDeclined90d', before)).toBe(0);
    expect(await value('loyalty.offersDeclined90d', now)).toBe(2);
    expect(await value('loyalty.offersAccepted90d', now)).toBe(1);
    expect(await value('loyalty.offersDeclined90d', new Date(now.getTime() + 91 * DAY))).toBe(0);
  });
});

describe('within an exit', () => {
  const CASE = 'id version state retentionAnswer retentionAttempts { offer answer }';
  async function leaving(initiatedBy = 'CUSTOMER') {
    const c = await consenting({ consent: false });
    const res = await t.gql(`mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { ${CASE} } userErrors { code } } }`, {
      token: l.admin, variables: { input: { customerId: c.customerId, initiatedBy, reason: initiatedBy === 'CUSTOMER' ? 'FEES' : 'RISK_APPETITE' } },
    });
    return { c, kase: res.body.data.startOffboarding.offboardingCase };
  }
  const readCase = async (id: string) =>
    (await t.gql(`query($id: ID!) { offboardingCase(id: $id) { ${CASE} } }`, { token: l.admin, variables: { id } })).body.data.offboardingCase;

  it('an offer made within a customer\'s exit needs no marketing consent, and its answer is the case\'s retention attempt', async () => {
    const o = await offer({ name: 'Stay bonus', value: 900 });
    const { c, kase } = await leaving();
    expect(codes(await propose(o.id, c.customerId))).toEqual(['CUSTOMER_NOT_ACTIVE']);
    const a = (await ok('proposeOffer', { offerId: o.id, customerId: c.customerId, offboardingCaseId: kase.id })).offerAssignment;
    expect(a).toMatchObject({ offboardingCaseId: kase.id, retentionAttemptRecorded: false });
    const answered = (await ok('respondToOffer', { assignmentId: a.id, answer: 'DECLINE', idempotencyKey: randomUUID() })).offerAssignment;
    expect(answered.retentionAttemptRecorded).toBe(true);
    let now = await readCase(kase.id);
    expect(now).toMatchObject({ state: 'RETENTION', retentionAnswer: 'DECLINED', retentionAttempts: [{ offer: 'Catalogue offer: Stay bonus', answer: 'DECLINED' }] });
    // A second offer, accepted: the case follows, and the customer can be retained.
    const fee = await offer({ kind: 'FEE_WAIVER', value: 6, name: 'No fees' });
    const b = (await ok('proposeOffer', { offerId: fee.id, customerId: c.customerId, offboardingCaseId: kase.id })).offerAssignment;
    await ok('respondToOffer', { assignmentId: b.id, answer: 'ACCEPT', idempotencyKey: randomUUID() });
    now = await readCase(kase.id);
    expect(now.retentionAnswer).toBe('ACCEPTED');
    expect(now.retentionAttempts.map((r: { answer: string }) => r.answer)).toEqual(['DECLINED', 'ACCEPTED']);
    const retained = await t.gql(`mutation($input: CaseTransitionInput!) { retainCustomer(input: $input) { offboardingCase { state } userErrors { code } } }`, {
      token: l.admin, variables: { input: { caseId: kase.id, version: now.version } },
    });
    expect(retained.body.data.retainCustomer.offboardingCase.state).toBe('RETAINED');
    const link = await t.sql.query('select retention_attempt_id from offer_assignment where id = any($1)', [[keyOf(a.id), keyOf(b.id)]]);
    const attempts = await t.sql.query('select id, answer from retention_attempt where case_id = $1', [keyOf(kase.id)]);
    expect(new Set(link.rows.map((r) => r.retention_attempt_id))).toEqual(new Set(attempts.rows.map((r) => r.id)));
  });

  it('refuses a case of another customer, a bank exit, and an answer once the case has moved on', async () => {
    const o = await offer({ kind: 'FEE_WAIVER', value: 1 });
    const { kase } = await leaving();
    const stranger = await consenting();
    expect(codes(await propose(o.id, stranger.customerId, { offboardingCaseId: kase.id }))).toEqual(['WRONG_CUSTOMER']);
    const bank = await leaving('BANK');
    expect(codes(await propose(o.id, bank.c.customerId, { offboardingCaseId: bank.kase.id }))).toEqual(['INVALID_TRANSITION']);
    const { c, kase: k2 } = await leaving();
    const a = (await ok('proposeOffer', { offerId: o.id, customerId: c.customerId, offboardingCaseId: k2.id })).offerAssignment;
    await t.gql(`mutation($input: CancelOffboardingInput!) { cancelOffboarding(input: $input) { userErrors { code } } }`, {
      token: l.admin, variables: { input: { caseId: k2.id, version: k2.version, reason: 'Changed their mind' } },
    });
    const late = await mutate('respondToOffer', { assignmentId: a.id, answer: 'ACCEPT', idempotencyKey: randomUUID() });
    expect(codes(late)).toEqual(['INVALID_TRANSITION']);
    expect((await t.sql.query('select status from offer_assignment where id = $1', [keyOf(a.id)])).rows[0].status).toBe('PROPOSED');
  });

  it('a support agent may propose within a customer\'s exit; a manager outside the book may not see the case', async () => {
    const o = await offer({ kind: 'FEE_WAIVER', value: 1 });
    const { c, kase } = await leaving();
    await t.sql.query('update customer set rm_id = $1 where id = $2', [l.otherRm.id, c.customerKey]);
    expect(codes(await propose(o.id, c.customerId, { offboardingCaseId: kase.id }, l.token('RELATIONSHIP_MANAGER', 'rm-01')))).toEqual(['NOT_FOUND']);
    expect((await propose(o.id, c.customerId, { offboardingCaseId: kase.id }, l.token('SUPPORT_AGENT'))).offerAssignment.status).toBe('PROPOSED');
  });
});

it('the runtime role may read, insert and update offers but not delete them', async () => {
  const staff = await createStaff(t.sql, `x-${randomUUID().slice(0, 6)}`);
  expect(staff.id).toBeDefined();
  const privileges = await t.sql.query(
    `select table_name, privilege_type from information_schema.role_table_grants where grantee = 'keel_runtime' and table_name in ('retention_offer','offer_assignment') order by 1, 2`,
  );
  expect(privileges.rows.map((r) => `${r.table_name}:${r.privilege_type}`)).toEqual([
    'offer_assignment:INSERT', 'offer_assignment:SELECT', 'offer_assignment:UPDATE', 'retention_offer:INSERT', 'retention_offer:SELECT', 'retention_offer:UPDATE',
  ]);
});
