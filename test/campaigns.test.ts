// Campaigns with a holdout, over HTTP against a real database: on a few thousand customers generated in
// SQL with a known effect (treated keep 80%, holdout 60%), the results equal the figures computed here
// and the true uplift lies inside the reported interval; the holdout is the md5 split recomputed here,
// the same after a refused launch and a second one, and never gets the offer; customers without
// marketing consent are in neither arm; hostile inputs are userErrors; the state machine refuses
// illegal moves; relationship managers and support agents are refused; anonymisation leaves no
// customer key and the same results.
import { createHash, randomUUID } from 'node:crypto';
import { prng } from '../src/db/seed.helpers';
import { toGlobalId } from '../src/graphql/relay';
import { contributionsOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
const token = (roles: Parameters<typeof staffToken>[1], sub?: string) => staffToken(t.config, roles, sub, t.clock.now());
const DAY = 86_400_000;
const LAUNCH = new Date('2026-03-02T10:00:00Z');
const HOLDOUT = 30;
const N = 3300;

interface Cust { id: string; consent: boolean; deposits: number }
let customers: Cust[] = [];
let segmentGid = '';
let offerGid = '';
let offerVersion = 0;
const keyOfGid = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];

/** The split recomputed independently: md5("<campaign>:<customer>"), first 32 bits, modulo 10,000. */
const heldOut = (campaignKey: string, customerKey: string, percent: number) =>
  parseInt(createHash('md5').update(`${campaignKey}:${customerKey}`).digest('hex').slice(0, 8), 16) % 10000 < percent * 100;

async function gql(query: string, variables: Record<string, unknown> = {}, roles: Parameters<typeof staffToken>[1] = 'RETENTION_ANALYST') {
  return t.gql(query, { token: token(roles), variables });
}

const CAMPAIGN = 'id name state version treated holdout withoutConsent proposed holdoutPercent launchedAt offerId segmentId channel';
const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { ${CAMPAIGN} } userErrors { field code message } } }`;
const LAUNCH_M = `mutation($input: CampaignTransitionInput!) { launchCampaign(input: $input) { campaign { ${CAMPAIGN} } userErrors { field code message } } }`;
const CLOSE_M = `mutation($input: CampaignTransitionInput!) { closeCampaign(input: $input) { campaign { ${CAMPAIGN} } userErrors { field code message } } }`;
const RESULTS = `query($id: ID!, $days: Int!) { campaign(id: $id) { id results(windowDays: $days) {
  windowDays windowEnd windowComplete reach accepted acceptance uplift upliftLower upliftUpper depositsKept { amount currency }
  treatment { customers retained retentionRate depositsAtLaunch { amount } depositsRetained { amount } }
  holdout { customers retained retentionRate depositsAtLaunch { amount } depositsRetained { amount } } } } }`;

async function createOffer(budgetCount: number | null = null) {
  const res = await gql(
    'mutation($input: CreateRetentionOfferInput!) { createRetentionOffer(input: $input) { retentionOffer { id version } userErrors { code message } } }',
    { input: { kind: 'FEE_WAIVER', name: `Fee holiday ${randomUUID().slice(0, 6)}`, terms: 'Three months without fees.', value: 3,
      validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z', budgetCount } },
  );
  expect(res.body.data.createRetentionOffer.userErrors).toEqual([]);
  return res.body.data.createRetentionOffer.retentionOffer as { id: string; version: number };
}

async function newCampaign(extra: Record<string, unknown> = {}) {
  const res = await gql(CREATE, { input: { name: `Spring fee holiday ${randomUUID().slice(0, 6)}`, offerId: offerGid, segmentId: segmentGid, channel: 'EMAIL', holdoutPercent: HOLDOUT, ...extra } });
  return res.body.data.createCampaign as { campaign: { id: string; version: number; state: string } | null; userErrors: { field: string[]; code: string }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(LAUNCH);
  await createStaff(t.sql, 'rm-01');
  // The population, generated in SQL: every 13th customer has not consented to marketing.
  const made = await t.sql.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, email, phone, date_of_birth, address, joined_at, rm_id, status,
       total_deposits_minor, marketing_consent)
     select gen_random_uuid(), now(), now(), 'CMP-' || g, 'Camp', 'Customer ' || g, null, null, '1980-04-02', '1 Quay Road', '2020-01-01', null, 'ACTIVE',
       100000 + g * 10, g % 13 <> 0
     from generate_series(1, $1::int) g returning id, marketing_consent, total_deposits_minor`,
    [N],
  );
  customers = made.rows.map((r) => ({ id: r.id, consent: r.marketing_consent, deposits: Number(r.total_deposits_minor) }));
  const seg = await gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } userErrors { code } } }', { input: { name: 'Spring campaign list' } });
  segmentGid = seg.body.data.createSegment.segment.id;
  await t.sql.query(
    `insert into segment_membership (segment_id, customer_id, joined_at) select $1::uuid, u, $2 from unnest($3::uuid[]) u`,
    [keyOfGid(segmentGid), new Date('2026-02-01T00:00:00Z'), customers.map((c) => c.id)],
  );
  const offer = await createOffer(100);
  offerGid = offer.id;
  offerVersion = offer.version;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('creating campaigns', () => {
  it('refuses hostile inputs with userErrors at their fields', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ holdoutPercent: 150 }, 'holdoutPercent', 'INVALID_HOLDOUT'],
      [{ holdoutPercent: 0 }, 'holdoutPercent', 'INVALID_HOLDOUT'],
      [{ holdoutPercent: -5 }, 'holdoutPercent', 'INVALID_HOLDOUT'],
      [{ segmentId: toGlobalId('Segment', randomUUID()) }, 'segmentId', 'UNKNOWN_SEGMENT'],
      [{ segmentId: toGlobalId('Customer', customers[0].id) }, 'segmentId', 'UNKNOWN_SEGMENT'],
      [{ segmentId: 'not an id at all' }, 'segmentId', 'UNKNOWN_SEGMENT'],
      [{ offerId: segmentGid }, 'offerId', 'UNKNOWN_OFFER'],
      [{ offerId: toGlobalId('RetentionOffer', randomUUID()) }, 'offerId', 'UNKNOWN_OFFER'],
    ];
    for (const [input, field, code] of cases) {
      const out = await newCampaign(input);
      expect(out.campaign).toBeNull();
      expect(out.userErrors).toEqual([expect.objectContaining({ field: ['input', field], code })]);
    }
    const blank = await gql(CREATE, { input: { name: '', offerId: offerGid, segmentId: segmentGid, channel: 'SMS', holdoutPercent: 10 } });
    expect(blank.body.data.createCampaign.userErrors[0].field).toEqual(['input', 'name']);
    expect(Number((await t.sql.query('select count(*) from campaign')).rows[0].count)).toBe(0);
  });

  it('is refused to relationship managers, support agents and compliance, and allowed to admins and analysts', async () => {
    for (const role of ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT', 'COMPLIANCE_OFFICER'] as const) {
      const res = await t.gql(CREATE, { token: token(role), variables: { input: { name: 'x', offerId: offerGid, segmentId: segmentGid, channel: 'SMS', holdoutPercent: 10 } } });
      expect(res.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const read = await t.gql('{ campaigns(first: 5) { edges { node { id } } } }', { token: token(role) });
      expect(read.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const admin = await gql(CREATE, { input: { name: 'Admin draft', offerId: offerGid, segmentId: segmentGid, channel: 'BRANCH', holdoutPercent: 10 } }, 'ADMIN');
    expect(admin.body.data.createCampaign.campaign).toMatchObject({ state: 'DRAFT', treated: 0, launchedAt: null });
    // A draft has no results yet.
    const draftResults = await gql(RESULTS, { id: admin.body.data.createCampaign.campaign.id, days: 30 });
    expect(draftResults.body.data.campaign).toEqual({ id: admin.body.data.createCampaign.campaign.id, results: null });
    const list = await gql('{ campaigns(first: 50) { totalCount edges { node { id name state } } } }');
    expect(list.body.data.campaigns.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('Admin draft');
  });
});

describe('a launched campaign', () => {
  let campaign: { id: string; version: number };
  let key = '';
  const exitAt = new Map<string, Date>();

  it('refuses the launch as a whole when the offer\'s budget cannot cover every eligible treated customer', async () => {
    const created = await newCampaign();
    campaign = created.campaign!;
    key = keyOfGid(campaign.id);
    const res = await gql(LAUNCH_M, { input: { id: campaign.id, version: campaign.version } });
    expect(res.body.data.launchCampaign.userErrors).toEqual([expect.objectContaining({ code: 'BUDGET_EXHAUSTED' })]);
    // Nothing of it stayed: no assignment, no proposal, still a draft.
    expect(Number((await t.sql.query('select count(*) from campaign_assignment where campaign_id = $1', [key])).rows[0].count)).toBe(0);
    expect(Number((await t.sql.query('select count(*) from offer_assignment where offer_id = $1', [keyOfGid(offerGid)])).rows[0].count)).toBe(0);
    const raised = await gql(
      'mutation($input: UpdateRetentionOfferInput!) { updateRetentionOffer(input: $input) { retentionOffer { version } userErrors { code } } }',
      { input: { offerId: offerGid, version: offerVersion, budgetCount: 100_000 } },
    );
    expect(raised.body.data.updateRetentionOffer.userErrors).toEqual([]);
  });

  it('assigns the consenting members by the md5 split, records every assignment, and proposes to the treated only', async () => {
    const res = await gql(LAUNCH_M, { input: { id: campaign.id, version: campaign.version } });
    expect(res.body.data.launchCampaign.userErrors).toEqual([]);
    const launched = res.body.data.launchCampaign.campaign;
    const consenting = customers.filter((c) => c.consent);
    const holdout = new Set(consenting.filter((c) => heldOut(key, c.id, HOLDOUT)).map((c) => c.id));
    expect(launched).toMatchObject({
      state: 'LAUNCHED', launchedAt: LAUNCH.toISOString(), treated: consenting.length - holdout.size, holdout: holdout.size,
      withoutConsent: N - consenting.length, proposed: consenting.length - holdout.size,
    });
    // Roughly the percentage asked for.
    expect(holdout.size / consenting.length).toBeGreaterThan(0.27);
    expect(holdout.size / consenting.length).toBeLessThan(0.33);
    const rows = (await t.sql.query('select customer_id, arm, deposits_minor, offer_assignment_id from campaign_assignment where campaign_id = $1', [key])).rows;
    expect(rows).toHaveLength(consenting.length);
    for (const r of rows) expect(r.arm).toBe(holdout.has(r.customer_id) ? 'HOLDOUT' : 'TREATMENT');
    // No one without consent is targeted or assigned; no one held out is offered anything.
    const offered = new Set((await t.sql.query('select customer_id from offer_assignment where offer_id = $1', [keyOfGid(offerGid)])).rows.map((r) => r.customer_id));
    expect(offered.size).toBe(consenting.length - holdout.size);
    for (const c of customers) {
      if (!c.consent) {
        expect(offered.has(c.id)).toBe(false);
        expect(rows.some((r) => r.customer_id === c.id)).toBe(false);
      }
      if (holdout.has(c.id)) expect(offered.has(c.id)).toBe(false);
    }
    const byCustomer = new Map(rows.map((r) => [r.customer_id, r]));
    for (const id of offered) expect(byCustomer.get(id)!.offer_assignment_id).not.toBeNull();
    campaign = launched;
  });

  it('refuses illegal transitions with userErrors', async () => {
    const again = await gql(LAUNCH_M, { input: { id: campaign.id, version: campaign.version } });
    expect(again.body.data.launchCampaign.userErrors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION', field: ['input', 'id'] })]);
    const draft = (await newCampaign()).campaign!;
    const closeDraft = await gql(CLOSE_M, { input: { id: draft.id, version: draft.version } });
    expect(closeDraft.body.data.closeCampaign.userErrors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION' })]);
    const stale = await gql(CLOSE_M, { input: { id: campaign.id, version: campaign.version + 5 } });
    expect(stale.body.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('a second campaign on the same segment draws its own holdout, by the same rule', async () => {
    const other = (await newCampaign({ holdoutPercent: 50 })).campaign!;
    const res = await gql(LAUNCH_M, { input: { id: other.id, version: other.version } });
    // The treated of the first campaign hold this offer open already: only the others are proposed to now.
    expect(res.body.data.launchCampaign.userErrors).toEqual([]);
    const otherKey = keyOfGid(other.id);
    const rows = (await t.sql.query('select customer_id, arm from campaign_assignment where campaign_id = $1', [otherKey])).rows;
    for (const r of rows) expect(r.arm).toBe(heldOut(otherKey, r.customer_id, 50) ? 'HOLDOUT' : 'TREATMENT');
    const first = new Map((await t.sql.query('select customer_id, arm from campaign_assignment where campaign_id = $1', [key])).rows.map((r) => [r.customer_id, r.arm]));
    const differ = rows.filter((r) => first.get(r.customer_id) !== r.arm).length;
    expect(differ).toBeGreaterThan(rows.length / 4);
  });

  it('reports reach, acceptance, retention per arm, the uplift with a Wald interval holding the true effect, and deposits', async () => {
    const rows = (await t.sql.query('select customer_id, arm, deposits_minor from campaign_assignment where campaign_id = $1', [key])).rows as
      { customer_id: string; arm: string; deposits_minor: string }[];
    // The known effect: 20% of the treated and 40% of the holdout leave 10 days after launch; 1 in 25 of the
    // others leaves on day 45, outside a 30-day window and inside a 60-day one.
    const rand = prng(1414);
    for (const r of rows) {
      const p = r.arm === 'TREATMENT' ? 0.2 : 0.4;
      if (rand() < p) exitAt.set(r.customer_id, new Date(LAUNCH.getTime() + 10 * DAY));
      else if (rand() < 0.04) exitAt.set(r.customer_id, new Date(LAUNCH.getTime() + 45 * DAY));
    }
    await t.sql.query(
      `insert into offboarding_case (id, created_at, updated_at, customer_id, initiated_by, reason, scope, state, state_entered_at, initiator_kind, initiator_id,
         closed_at, retain_until, legal_basis)
       select gen_random_uuid(), u.at, u.at, u.cid, 'CUSTOMER', 'FEES', 'FULL', 'CLOSED', u.at, 'staff', 'fixture', u.at, u.at + interval '5 years', 'AML record keeping'
       from unnest($1::uuid[], $2::timestamptz[]) as u(cid, at)`,
      [[...exitAt.keys()], [...exitAt.values()]],
    );
    // Two treated customers who stay accept the offer, over the API.
    const proposals = (await t.sql.query(
      `select oa.id from campaign_assignment ca join offer_assignment oa on oa.id = ca.offer_assignment_id
        where ca.campaign_id = $1 and ca.customer_id <> all($2::uuid[]) order by oa.id limit 2`, [key, [...exitAt.keys()]],
    )).rows;
    for (const p of proposals) {
      const res = await gql(
        'mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { userErrors { code message } } }',
        { input: { assignmentId: toGlobalId('OfferAssignment', p.id), answer: 'ACCEPT', idempotencyKey: `accept-${p.id}` } }, 'ADMIN',
      );
      expect(res.body.data.respondToOffer.userErrors).toEqual([]);
    }
    t.clock.set(new Date(LAUNCH.getTime() + 90 * DAY));

    const expected = (days: number) => {
      const end = new Date(LAUNCH.getTime() + days * DAY);
      const arm = (name: string) => {
        const of = rows.filter((r) => r.arm === name);
        const kept = of.filter((r) => !exitAt.has(r.customer_id) || exitAt.get(r.customer_id)! > end);
        const sum = (xs: typeof rows) => xs.reduce((s, r) => s + Number(r.deposits_minor), 0);
        return { n: of.length, r: kept.length, p: kept.length / of.length, d: sum(of), dr: sum(kept) };
      };
      return { t: arm('TREATMENT'), h: arm('HOLDOUT') };
    };
    for (const days of [30, 60]) {
      const e = expected(days);
      const res = await gql(RESULTS, { id: campaign.id, days });
      expect(res.body.errors).toBeUndefined();
      const out = res.body.data.campaign.results;
      const half = 1.959963984540054 * Math.sqrt((e.t.p * (1 - e.t.p)) / e.t.n + (e.h.p * (1 - e.h.p)) / e.h.n);
      expect(out).toMatchObject({
        windowDays: days, windowComplete: true, reach: e.t.n, accepted: 2,
        treatment: { customers: e.t.n, retained: e.t.r, depositsAtLaunch: { amount: (e.t.d / 100).toFixed(2) }, depositsRetained: { amount: (e.t.dr / 100).toFixed(2) } },
        holdout: { customers: e.h.n, retained: e.h.r, depositsAtLaunch: { amount: (e.h.d / 100).toFixed(2) }, depositsRetained: { amount: (e.h.dr / 100).toFixed(2) } },
      });
      expect(out.acceptance).toBeCloseTo(2 / e.t.n, 12);
      expect(out.treatment.retentionRate).toBeCloseTo(e.t.p, 12);
      expect(out.holdout.retentionRate).toBeCloseTo(e.h.p, 12);
      expect(out.uplift).toBeCloseTo(e.t.p - e.h.p, 12);
      expect(out.upliftLower).toBeCloseTo(e.t.p - e.h.p - half, 12);
      expect(out.upliftUpper).toBeCloseTo(e.t.p - e.h.p + half, 12);
      const kept = Math.round(e.t.d * (e.t.dr / e.t.d - e.h.dr / e.h.d));
      expect(Number(out.depositsKept.amount)).toBeCloseTo(kept / 100, 2);
      // The true effect is 0.2 on either window (day-45 exits hit both arms alike).
      const trueUplift = (0.8 * (days >= 45 ? 0.96 : 1)) - (0.6 * (days >= 45 ? 0.96 : 1));
      expect(out.upliftLower).toBeLessThan(trueUplift);
      expect(out.upliftUpper).toBeGreaterThan(trueUplift);
      expect(out.upliftLower).toBeGreaterThan(0);
    }
    // A window still running is measured to now and says so.
    t.clock.set(new Date(LAUNCH.getTime() + 20 * DAY));
    const running = (await gql(RESULTS, { id: campaign.id, days: 30 })).body.data.campaign.results;
    expect(running).toMatchObject({ windowComplete: false, windowEnd: new Date(LAUNCH.getTime() + 20 * DAY).toISOString() });
    expect(running.treatment.retained).toBe(expected(20).t.r);
    t.clock.set(new Date(LAUNCH.getTime() + 90 * DAY));
    // Out-of-range windows are the caller's mistake.
    for (const days of [0, 5000]) {
      const bad = await gql(RESULTS, { id: campaign.id, days });
      expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('is read by admins and analysts and refused to relationship managers', async () => {
    const rm = await t.gql(RESULTS, { token: token('RELATIONSHIP_MANAGER'), variables: { id: campaign.id, days: 30 } });
    expect(rm.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const admin = await gql(RESULTS, { id: campaign.id, days: 30 }, 'ADMIN');
    expect(admin.body.data.campaign.results.treatment.customers).toBeGreaterThan(0);
    const node = await gql('query($id: ID!) { node(id: $id) { ... on Campaign { id state } } }', { id: campaign.id });
    expect(node.body.data.node).toEqual({ id: campaign.id, state: 'LAUNCHED' });
  });

  it('closes once, and its results stay readable', async () => {
    const closed = await gql(CLOSE_M, { input: { id: campaign.id, version: campaign.version } });
    expect(closed.body.data.closeCampaign.campaign).toMatchObject({ state: 'CLOSED' });
    const twice = await gql(CLOSE_M, { input: { id: campaign.id, version: closed.body.data.closeCampaign.campaign.version } });
    expect(twice.body.data.closeCampaign.userErrors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION' })]);
    expect((await gql(RESULTS, { id: campaign.id, days: 30 })).body.data.campaign.results.treatment.customers).toBeGreaterThan(0);
  });

  it('keeps no customer key after anonymisation, and the same results', async () => {
    const before = (await gql(RESULTS, { id: campaign.id, days: 30 })).body.data.campaign.results;
    const leavers = (await t.sql.query(
      `select ca.customer_id from campaign_assignment ca where ca.campaign_id = $1 and ca.customer_id = any($2::uuid[]) order by ca.arm limit 3`,
      [key, [...exitAt.keys()]],
    )).rows.map((r) => r.customer_id as string);
    const accepter = (await t.sql.query(
      `select ca.customer_id from campaign_assignment ca join offer_assignment oa on oa.id = ca.offer_assignment_id where ca.campaign_id = $1 and oa.status = 'ACCEPTED'
         and ca.customer_id <> all($2::uuid[]) limit 1`, [key, [...exitAt.keys()]],
    )).rows[0].customer_id as string;
    const anonymiser = contributionsOf(defaultModules, 'anonymisers').find((a) => a.source === 'campaigns')!;
    for (const customerKey of [...leavers, accepter]) {
      const em = t.orm.em.fork();
      const erased = await em.transactional((tx) => anonymiser.anonymise(tx, customerKey, { viewer: null, requestId: null, now: t.clock.now() }));
      expect(erased).toEqual(['CampaignAssignment.customer']);
    }
    const left = (await t.sql.query('select count(*) from campaign_assignment where customer_id = any($1::uuid[])', [[...leavers, accepter]])).rows[0].count;
    expect(Number(left)).toBe(0);
    const frozen = (await t.sql.query('select customer_id, offer_assignment_id, exited_at from campaign_assignment where anonymised_at is not null and campaign_id = $1', [key])).rows;
    expect(frozen).toHaveLength(4);
    expect(frozen.every((r) => r.customer_id === null && r.offer_assignment_id === null)).toBe(true);
    expect(frozen.filter((r) => r.exited_at !== null)).toHaveLength(3);
    const after = (await gql(RESULTS, { id: campaign.id, days: 30 })).body.data.campaign.results;
    expect(after).toEqual(before);
  });
});

describe('eligibility', () => {
  it('proposes only to the treated customers the offer\'s conditions let through; the others stay treated without a proposal', async () => {
    t.clock.set(LAUNCH);
    const made = await t.sql.query(
      `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, date_of_birth, address, joined_at, status, total_deposits_minor, marketing_consent)
       select gen_random_uuid(), now(), now(), 'ELG-' || g, 'Elig', 'Customer ' || g, '1980-04-02', '1 Quay Road', '2020-01-01', 'ACTIVE', 1000, true
       from generate_series(1, 60) g returning id`,
    );
    const ids = made.rows.map((r) => r.id as string);
    const mortgage = new Set(ids.filter((_, i) => i % 3 === 0));
    await t.sql.query(
      `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, balance_minor, outstanding_minor, status, opened_at)
       select gen_random_uuid(), now(), now(), u, 'M-' || u, 'MORTGAGE', 'EUR', 0, 100000, 'OPEN', '2021-01-01' from unnest($1::uuid[]) u`,
      [[...mortgage]],
    );
    const seg = await gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } } }', { input: { name: 'Eligibility list' } });
    const segId = seg.body.data.createSegment.segment.id;
    await t.sql.query(`insert into segment_membership (segment_id, customer_id, joined_at) select $1::uuid, u, $2 from unnest($3::uuid[]) u`, [keyOfGid(segId), LAUNCH, ids]);
    const offer = await gql(
      'mutation($input: CreateRetentionOfferInput!) { createRetentionOffer(input: $input) { retentionOffer { id } userErrors { code } } }',
      { input: { kind: 'RATE_DISCOUNT', name: 'Mortgage rate cut', terms: 'A quarter point off.', value: 25, validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z', productTypes: ['MORTGAGE'] } },
    );
    const created = await gql(CREATE, { input: { name: 'Mortgage holders', offerId: offer.body.data.createRetentionOffer.retentionOffer.id, segmentId: segId, channel: 'PHONE', holdoutPercent: 25 } });
    const c = created.body.data.createCampaign.campaign;
    const launched = (await gql(LAUNCH_M, { input: { id: c.id, version: c.version } })).body.data.launchCampaign;
    expect(launched.userErrors).toEqual([]);
    const rows = (await t.sql.query('select customer_id, arm, offer_assignment_id from campaign_assignment where campaign_id = $1', [keyOfGid(c.id)])).rows;
    expect(rows).toHaveLength(60);
    const treatedMortgage = rows.filter((r) => r.arm === 'TREATMENT' && mortgage.has(r.customer_id));
    expect(launched.campaign.proposed).toBe(treatedMortgage.length);
    for (const r of rows) expect(r.offer_assignment_id !== null).toBe(r.arm === 'TREATMENT' && mortgage.has(r.customer_id));
  });
});
