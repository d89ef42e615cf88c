// Campaigns attacked as a hostile caller would, over HTTP against the real app: launches racing each
// other (the same campaign twice, two campaigns of one offer over one segment, two campaigns that
// together exceed the offer's budget), hostile strings and numbers, pagination abuse, combined roles,
// and the audit trail naming the actor of every change.
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
const token = (roles: Parameters<typeof staffToken>[1], sub?: string) => staffToken(t.config, roles, sub, t.clock.now());
const keyOfGid = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];

const CAMPAIGN = 'id name description state version treated holdout proposed';
const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { ${CAMPAIGN} } userErrors { field code message } } }`;
const LAUNCH = `mutation($input: CampaignTransitionInput!) { launchCampaign(input: $input) { campaign { ${CAMPAIGN} } userErrors { field code message } } }`;
const CLOSE = `mutation($input: CampaignTransitionInput!) { closeCampaign(input: $input) { campaign { ${CAMPAIGN} } userErrors { field code message } } }`;

async function gql(query: string, variables: Record<string, unknown> = {}, roles: Parameters<typeof staffToken>[1] = 'RETENTION_ANALYST', sub?: string) {
  return t.gql(query, { token: token(roles, sub), variables });
}

async function segmentOf(n: number, prefix: string): Promise<string> {
  const made = await t.sql.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, date_of_birth, address, joined_at, rm_id, status, total_deposits_minor, marketing_consent)
     select gen_random_uuid(), now(), now(), $2 || g, 'Host', 'Ile ' || g, '1980-04-02', '1 Quay Road', '2020-01-01', null, 'ACTIVE', 1000, true
     from generate_series(1, $1::int) g returning id`,
    [n, `${prefix}-`],
  );
  const seg = await gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } userErrors { code } } }', { input: { name: `${prefix} ${randomUUID().slice(0, 6)}` } });
  const gid = seg.body.data.createSegment.segment.id as string;
  await t.sql.query(`insert into segment_membership (segment_id, customer_id, joined_at) select $1::uuid, u, now() - interval '1 day' from unnest($2::uuid[]) u`, [
    keyOfGid(gid), made.rows.map((r) => r.id),
  ]);
  return gid;
}

async function offer(budgetCount: number | null): Promise<string> {
  const res = await gql(
    'mutation($input: CreateRetentionOfferInput!) { createRetentionOffer(input: $input) { retentionOffer { id } userErrors { code message } } }',
    { input: { kind: 'FEE_WAIVER', name: `Fee holiday ${randomUUID().slice(0, 6)}`, terms: 'Three months without fees.', value: 3,
      validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z', budgetCount } },
  );
  expect(res.body.data.createRetentionOffer.userErrors).toEqual([]);
  return res.body.data.createRetentionOffer.retentionOffer.id;
}

async function campaign(offerId: string, segmentId: string, holdoutPercent = 10) {
  const res = await gql(CREATE, { input: { name: `Race ${randomUUID().slice(0, 6)}`, offerId, segmentId, channel: 'EMAIL', holdoutPercent } });
  expect(res.body.data.createCampaign.userErrors).toEqual([]);
  return res.body.data.createCampaign.campaign as { id: string; version: number };
}

/** Every answer is GraphQL JSON, and a client's mistake is never an internal error. */
function noInternal(body: { errors?: { extensions?: { code?: string } }[] }) {
  expect(body).toEqual(expect.any(Object));
  for (const e of body.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
}

async function openProposals(offerGid: string) {
  const { rows } = await t.sql.query(
    `select count(*)::int as proposals, count(distinct customer_id)::int as customers,
            (select reserved_count from retention_offer where id = $1) as reserved
       from offer_assignment where offer_id = $1 and status = 'PROPOSED'`,
    [keyOfGid(offerGid)],
  );
  return rows[0] as { proposals: number; customers: number; reserved: number };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-02T10:00:00Z'));
  await createStaff(t.sql, 'rm-01');
  await createStaff(t.sql, 'analyst-01');
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('races', () => {
  it('the same campaign launched twice at once: one wins, no double assignments or proposals', async () => {
    const seg = await segmentOf(120, 'SAME');
    const off = await offer(1000);
    const c = await campaign(off, seg);
    const [a, b] = await Promise.all([0, 1].map(() => gql(LAUNCH, { input: { id: c.id, version: c.version } })));
    [a, b].forEach((r) => noInternal(r.body));
    const won = [a, b].filter((r) => r.body.data?.launchCampaign?.campaign);
    expect(won).toHaveLength(1);
    const { rows } = await t.sql.query('select count(*)::int as n, count(distinct customer_id)::int as d from campaign_assignment where campaign_id = $1', [keyOfGid(c.id)]);
    expect(rows[0]).toEqual({ n: 120, d: 120 });
    const p = await openProposals(off);
    expect(p.proposals).toBe(p.customers);
    expect(p.reserved).toBe(p.proposals);
    expect(p.proposals).toBe(won[0].body.data.launchCampaign.campaign.proposed);
  });

  it('two campaigns of one offer over one segment launched at once: no internal error, no double proposal, the budget reserved once per proposal', async () => {
    const seg = await segmentOf(150, 'TWIN');
    const off = await offer(1000);
    const c1 = await campaign(off, seg);
    const c2 = await campaign(off, seg);
    const answers = await Promise.all([c1, c2].map((c) => gql(LAUNCH, { input: { id: c.id, version: c.version } })));
    answers.forEach((r) => noInternal(r.body));
    const p = await openProposals(off);
    expect(p.proposals).toBe(p.customers);
    expect(p.reserved).toBe(p.proposals);
    const launched = answers.map((r) => r.body.data?.launchCampaign?.campaign).filter(Boolean);
    expect(launched.reduce((s: number, x: { proposed: number }) => s + x.proposed, 0)).toBe(p.proposals);
  });

  it('two campaigns that together exceed the offer\'s budget: the budget is never over-reserved', async () => {
    const off = await offer(150);
    const cs = [await campaign(off, await segmentOf(100, 'BUDA'), 1), await campaign(off, await segmentOf(100, 'BUDB'), 1)];
    const answers = await Promise.all(cs.map((c) => gql(LAUNCH, { input: { id: c.id, version: c.version } })));
    answers.forEach((r) => noInternal(r.body));
    const p = await openProposals(off);
    expect(p.reserved).toBeLessThanOrEqual(150);
    expect(p.proposals).toBe(p.reserved);
    const refused = answers.filter((r) => r.body.data?.launchCampaign?.userErrors?.length);
    expect(refused).toHaveLength(1);
    expect(refused[0].body.data.launchCampaign.userErrors[0].code).toBe('BUDGET_EXHAUSTED');
  });
});

describe('hostile inputs', () => {
  let seg = '';
  let off = '';
  beforeAll(async () => {
    seg = await segmentOf(5, 'HOST');
    off = await offer(null);
  });
  const input = (extra: Record<string, unknown>) => ({ input: { name: 'Hostile', offerId: off, segmentId: seg, channel: 'EMAIL', holdoutPercent: 10, ...extra } });

  it('oversized, blank and odd strings are refused as the caller\'s mistake; odd but valid text is kept as it is', async () => {
    for (const extra of [{ name: 'x'.repeat(121) }, { name: 'x'.repeat(100_000) }, { description: 'd'.repeat(2001) }, { name: '   ' }, { name: 'a\u0000b' }, { channel: 'CARRIER_PIGEON' }, { channel: 'x'.repeat(10_000) }]) {
      const res = await gql(CREATE, input(extra));
      noInternal(res.body);
      const refused = (res.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT') || res.body.data?.createCampaign?.userErrors?.length > 0;
      expect(refused).toBe(true);
      expect(res.body.data?.createCampaign?.campaign ?? null).toBeNull();
    }
    const odd = '\u202Egnp.exe <script>alert(1)</script> \'; drop table campaign; -- 🙂 Ω';
    const res = await gql(CREATE, input({ name: odd, description: odd }));
    expect(res.body.data.createCampaign.userErrors).toEqual([]);
    expect(res.body.data.createCampaign.campaign).toMatchObject({ name: odd, description: odd });
  });

  it('holdoutPercent fractional, NaN, huge or a string is BAD_USER_INPUT', async () => {
    for (const holdoutPercent of [2.5, 'NaN', 1e10, -1e10, '10', null, 2 ** 31]) {
      const res = await gql(CREATE, input({ holdoutPercent }));
      noInternal(res.body);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // Inline in the document too.
    const inline = await t.gql(`mutation { createCampaign(input: { name: "x", offerId: "${off}", segmentId: "${seg}", channel: EMAIL, holdoutPercent: 2.5 }) { userErrors { code } } }`, { token: token('RETENTION_ANALYST') });
    noInternal(inline.body);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(inline.body.errors?.[0]?.extensions?.code);
  });

  it('windowDays extremes and pagination abuse are the caller\'s mistake', async () => {
    const c = await campaign(off, seg);
    for (const windowDays of [0, -1, 2 ** 31 - 1, -(2 ** 31), 100_000]) {
      const res = await gql('query($id: ID!, $d: Int!) { campaign(id: $id) { results(windowDays: $d) { windowDays } } }', { id: c.id, d: windowDays });
      noInternal(res.body);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const pages: Record<string, unknown>[] = [
      { first: 100_000 }, { first: -1 }, { first: 0 }, { last: 100_000 }, { after: 'garbage' }, { after: Buffer.from('["x","y"]').toString('base64') },
      { after: Buffer.from('{"v":[1,2,3]}').toString('base64url') }, { before: 'x'.repeat(5000) }, { first: 5, last: 5 },
    ];
    for (const args of pages) {
      const res = await gql('query($first: Int, $last: Int, $after: String, $before: String) { campaigns(first: $first, last: $last, after: $after, before: $before) { edges { node { id } } } }', args);
      noInternal(res.body);
      // A page too large may be refused by its price before it is read.
      expect(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']).toContain(res.body.errors?.[0]?.extensions?.code);
    }
    const id = await gql('query($id: ID!) { campaign(id: $id) { id } }', { id: 'x'.repeat(3000) });
    noInternal(id.body);
  });
});

describe('combined roles', () => {
  it('a relationship manager holding a second role reads campaigns only if that role may', async () => {
    const seg = await segmentOf(3, 'ROLE');
    const c = await campaign(await offer(null), seg);
    const read = 'query($id: ID!) { campaign(id: $id) { id results(windowDays: 30) { reach } } campaigns(first: 5) { edges { node { id } } } }';
    const rmSupport = await gql(read, { id: c.id }, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    expect(rmSupport.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(rmSupport.body.data?.campaign ?? null).toBeNull();
    const rmCompliance = await gql(CREATE, { input: { name: 'x', offerId: c.id, segmentId: seg, channel: 'EMAIL', holdoutPercent: 5 } }, ['RELATIONSHIP_MANAGER', 'COMPLIANCE_OFFICER'], 'rm-01');
    expect(rmCompliance.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rmAnalyst = await gql(read, { id: c.id }, ['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'], 'rm-01');
    expect(rmAnalyst.body.errors).toBeUndefined();
    expect(rmAnalyst.body.data.campaign.id).toBe(c.id);
  });
});

describe('retention performance and campaigns by id', () => {
  it('extreme periods are the caller\'s mistake', async () => {
    const q = 'query($from: DateTimeISO!, $to: DateTimeISO!) { retentionPerformance(from: $from, to: $to) { casesHandled } }';
    for (const [from, to] of [
      ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'], ['2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z'], ['0001-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z'], ['not a date', '2026-01-01T00:00:00Z'], ['2026-01-01T00:00:00Z', 'x'.repeat(10_000)],
      ['2026-02-30T00:00:00Z', '2026-03-01T00:00:00Z'], [1e20, 2e20],
    ]) {
      const res = await gql(q, { from, to }, 'RETENTION_ANALYST');
      noInternal(res.body);
      expect([from, res.body.errors?.[0]?.extensions?.code]).toEqual([from, 'BAD_USER_INPUT']);
    }
    const ok = await gql(q, { from: '1970-01-01T00:00:00Z', to: '1974-12-31T00:00:00Z' }, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    expect(ok.body.errors).toBeUndefined();
  });

  it('a campaign is no node for a relationship manager, whatever second role it holds without campaign rights', async () => {
    const c = await campaign(await offer(null), await segmentOf(2, 'NODE'));
    for (const roles of [['RELATIONSHIP_MANAGER'], ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], ['RELATIONSHIP_MANAGER', 'COMPLIANCE_OFFICER']] as Parameters<typeof staffToken>[1][]) {
      const res = await gql('query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }', { id: c.id }, roles, 'rm-01');
      noInternal(res.body);
      expect(res.body.data?.node ?? null).toBeNull();
      expect((res.body.data?.nodes ?? []).filter(Boolean)).toEqual([]);
    }
    const analyst = await gql('query($id: ID!) { node(id: $id) { id } }', { id: c.id }, ['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'], 'rm-01');
    expect(analyst.body.data.node).toEqual({ id: c.id });
  });
});

describe('audit', () => {
  it('create, launch and close each leave an audit event naming the actor', async () => {
    const seg = await segmentOf(4, 'AUD');
    const c = await campaign(await offer(null), seg);
    const launched = await gql(LAUNCH, { input: { id: c.id, version: c.version } }, ['RETENTION_ANALYST'], 'analyst-launch');
    expect(launched.body.data.launchCampaign.userErrors).toEqual([]);
    const closed = await gql(CLOSE, { input: { id: c.id, version: launched.body.data.launchCampaign.campaign.version } }, ['ADMIN'], 'admin-close');
    expect(closed.body.data.closeCampaign.userErrors).toEqual([]);
    const { rows } = await t.sql.query(`select action, actor_kind, actor_id from audit_event where entity_type = 'Campaign' and entity_id = $1 order by action`, [keyOfGid(c.id)]);
    expect(rows).toEqual([
      { action: 'campaign.closed', actor_kind: 'staff', actor_id: 'admin-close' },
      { action: 'campaign.created', actor_kind: 'staff', actor_id: 'analyst-01' },
      { action: 'campaign.launched', actor_kind: 'staff', actor_id: 'analyst-launch' },
    ]);
  });
});
