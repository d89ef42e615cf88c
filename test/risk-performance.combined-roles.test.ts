// A relationship manager holding a second role, on the new reads over other books: retention
// performance per manager and the customers list ordered by churn risk. The second role widens what it
// grants and nothing else: RM + SUPPORT_AGENT (no performance, no risk) stays in its own book, RM +
// RETENTION_ANALYST sees every manager and orders every customer, RM + COMPLIANCE_OFFICER (risk but no
// performance) orders every customer yet sees only its own performance row. Hostile pagination of the
// risk ordering is the caller's mistake, never an internal error.
import type { Role } from '../src/auth/roles';
import { defaultModules } from '../src/modules';
import { rescore } from '../src/modules/risk/risk.scoring';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
let rm1: StaffRow;
let rm2: StaffRow;
const books: Record<string, string[]> = {};
const keyOfGid = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];
const token = (roles: Role[], sub = 'rm-01') => staffToken(t.config, roles, sub, t.clock.now());

const PERF = 'query { retentionPerformance(from: "2026-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { relationshipManager { subject } } }';
const LIST = `query($first: Int, $last: Int, $after: String, $before: String, $orderBy: CustomerOrder) {
  customers(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-04-10T12:00:00Z'));
  rm1 = await createStaff(t.sql, 'rm-01', 'Ann Book');
  rm2 = await createStaff(t.sql, 'rm-02', 'Bob Other');
  for (const rm of [rm1, rm2]) {
    books[rm.subject] = [];
    for (let i = 0; i < 4; i++) books[rm.subject].push((await createCustomer(t.sql, { rmId: rm.id, totalDepositsMinor: 1000 * (i + 1) })).id);
  }
  const all = Object.values(books).flat();
  await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: all });
  // rm-02's customers are the riskiest: an order leaking across books would put them first.
  for (const [i, k] of all.entries()) await t.sql.query('update risk_current_score set score = $2 where customer_id = $1', [k, k && books['rm-02'].includes(k) ? 0.9 - i / 100 : 0.1 + i / 100]);
  await t.sql.query('update risk_score s set score = r.score, band = r.band from risk_current_score r where s.id = r.score_id');
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function performanceSubjects(roles: Role[]): Promise<string[]> {
  const res = await t.gql(PERF, { token: token(roles) });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.retentionPerformance.map((r: { relationshipManager: { subject: string } }) => r.relationshipManager.subject).sort();
}

async function riskOrdered(roles: Role[]): Promise<string[]> {
  const res = await t.gql(LIST, { token: token(roles), variables: { first: 100, orderBy: { contributed: 'risk.score', direction: 'DESC' } } });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customers.edges.map((e: { node: { id: string } }) => keyOfGid(e.node.id));
}

describe('retentionPerformance', () => {
  it('RM + SUPPORT_AGENT and RM + COMPLIANCE_OFFICER see their own row only', async () => {
    expect(await performanceSubjects(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'])).toEqual(['rm-01']);
    expect(await performanceSubjects(['SUPPORT_AGENT', 'RELATIONSHIP_MANAGER'])).toEqual(['rm-01']);
    expect(await performanceSubjects(['RELATIONSHIP_MANAGER', 'COMPLIANCE_OFFICER'])).toEqual(['rm-01']);
  });

  it('RM + RETENTION_ANALYST sees every manager with a book', async () => {
    expect(await performanceSubjects(['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'])).toEqual(['rm-01', 'rm-02']);
  });

  it('a support agent alone is refused', async () => {
    const res = await t.gql(PERF, { token: token(['SUPPORT_AGENT'], 'support-01') });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('customers ordered by risk', () => {
  it('RM + SUPPORT_AGENT orders its own book only, though support lists every customer', async () => {
    const ordered = await riskOrdered(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT']);
    expect(ordered.sort()).toEqual([...books['rm-01']].sort());
    // By name the same caller lists both books: the bound is the ordering's, not the list's.
    const byName = await t.gql(LIST, { token: token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT']), variables: { first: 100, orderBy: { field: 'NAME' } } });
    const names = byName.body.data.customers.edges.map((e: { node: { id: string } }) => keyOfGid(e.node.id));
    expect(names).toEqual(expect.arrayContaining([...books['rm-01'], ...books['rm-02']]));
  });

  it('RM + RETENTION_ANALYST and RM + COMPLIANCE_OFFICER order every book, riskiest first', async () => {
    for (const second of ['RETENTION_ANALYST', 'COMPLIANCE_OFFICER'] as const) {
      const ordered = await riskOrdered(['RELATIONSHIP_MANAGER', second]);
      expect(ordered.slice(0, 4).sort()).toEqual([...books['rm-02']].sort());
      expect(ordered).toEqual(expect.arrayContaining(books['rm-01']));
    }
  });

  it('a cursor of the wider list does not open the other book to the narrower caller', async () => {
    const wide = await t.gql(LIST, { token: token(['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST']), variables: { first: 2, orderBy: { contributed: 'risk.score', direction: 'DESC' } } });
    const cursor = wide.body.data.customers.pageInfo.endCursor;
    const narrow = await t.gql(LIST, { token: token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT']), variables: { first: 100, after: cursor, orderBy: { contributed: 'risk.score', direction: 'DESC' } } });
    expect(narrow.body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    const seen = (narrow.body.data?.customers?.edges ?? []).map((e: { node: { id: string } }) => keyOfGid(e.node.id));
    for (const k of seen) expect(books['rm-01']).toContain(k);
  });

  it('hostile pagination is the caller\'s mistake', async () => {
    const orderBy = { contributed: 'risk.score', direction: 'DESC' };
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const variables of [
      { first: 100_000, orderBy }, { first: -1, orderBy }, { last: -5, orderBy }, { first: 1, last: 1, orderBy },
      { first: 2, after: 'garbage!!', orderBy }, { first: 2, after: b64(['NaN', '00000000-0000-4000-8000-000000000000']), orderBy },
      { first: 2, after: b64(['Infinity', '00000000-0000-4000-8000-000000000000']), orderBy },
      { first: 2, after: b64(['1e-400', '00000000-0000-4000-8000-000000000000']), orderBy },
      { first: 2, after: b64(['0b1', '00000000-0000-4000-8000-000000000000']), orderBy },
      { first: 2, after: b64(['0o7', '00000000-0000-4000-8000-000000000000']), orderBy },
      { first: 2, after: b64(['1e308', '00000000-0000-4000-8000-00000000000g']), orderBy },
      { first: 2, after: b64([{ a: 1 }, '00000000-0000-4000-8000-000000000000']), orderBy },
      { first: 2, after: b64(['0.5', '00000000-0000-4000-8000-000000000000', 'extra']), orderBy },
      { first: 2, after: b64(['0.5']), orderBy }, { last: 2, before: 'x'.repeat(10_000), orderBy },
      { first: 2, after: b64(['0.5', "'; select pg_sleep(5); --"]), orderBy },
    ]) {
      const res = await t.gql(LIST, { token: token(['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST']), variables });
      expect([JSON.stringify(variables).slice(0, 80), res.body.errors?.[0]?.extensions?.code]).toEqual([
        JSON.stringify(variables).slice(0, 80), expect.stringMatching(/^(BAD_USER_INPUT|QUERY_TOO_COMPLEX)$/),
      ]);
    }
  });
});

describe('customers filtered by risk', () => {
  const FILTERED = `query($filter: CustomerFilter) { customers(first: 100, filter: $filter) { edges { node { id } } } }`;
  const filtered = async (roles: Role[], contributed: { name: string; value: string }[]) => {
    const res = await t.gql(FILTERED, { token: token(roles), variables: { filter: { contributed } } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.customers.edges.map((e: { node: { id: string } }) => keyOfGid(e.node.id)) as string[];
  };

  it('RM + SUPPORT_AGENT filters its own book only: a filter on scores reveals them as an ordering does', async () => {
    for (const contributed of [[{ name: 'risk.minScore', value: '0.5' }], [{ name: 'risk.minScore', value: '0' }]]) {
      const seen = await filtered(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], contributed);
      for (const k of seen) expect(books['rm-01']).toContain(k);
    }
    // The wider caller finds rm-02's riskiest customers with the same filter.
    expect(await filtered(['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'], [{ name: 'risk.minScore', value: '0.5' }])).toEqual(expect.arrayContaining(books['rm-02']));
  });
});

describe('segment statistics on risk', () => {
  it('RM + SUPPORT_AGENT reads average risk and members per band of its own book\'s members only', async () => {
    const analyst = staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now());
    const made = await t.gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } userErrors { code } } }', { token: analyst, variables: { input: { name: 'Both books' } } });
    const seg = made.body.data.createSegment.segment.id;
    await t.sql.query(`insert into segment_membership (segment_id, customer_id, joined_at) select $1::uuid, u, now() - interval '1 day' from unnest($2::uuid[]) u`, [keyOfGid(seg), Object.values(books).flat()]);
    const STATS = 'query($id: ID!) { segment(id: $id) { stats(from: "2026-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { size averageRiskScore membersByRiskBand { band members } } } }';
    const stats = async (roles: Role[]) => {
      const res = await t.gql(STATS, { token: token(roles), variables: { id: seg } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.segment.stats as { size: number; averageRiskScore: number | null; membersByRiskBand: { members: number }[] | null };
    };
    const { rows } = await t.sql.query(
      `select avg(score)::float8 as own from risk_score s where s.id in (select score_id from risk_current_score where customer_id = any($1::uuid[]))`, [books['rm-01']],
    );
    const narrow = await stats(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT']);
    expect(narrow.size).toBe(8); // support reads every member
    expect(rows[0].own).toBeLessThan(0.5);
    if (narrow.averageRiskScore !== null) expect(narrow.averageRiskScore).toBeCloseTo(rows[0].own, 6);
    if (narrow.membersByRiskBand !== null) expect(narrow.membersByRiskBand.reduce((n, b) => n + b.members, 0)).toBeLessThanOrEqual(4);
    const wide = await stats(['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST']);
    expect(wide.size).toBe(8);
    expect(wide.membersByRiskBand!.reduce((n, b) => n + b.members, 0)).toBe(8);
  });
});

