// Batch scoring with the default model: set-based (the same statements for any number of customers),
// every logit reproduced by its factors, scores on Customer batched, and read only by those who may.
import type { Role } from '../src/auth/roles';
import type { Viewer } from '../src/auth/viewer';
import { AuditedReads, type Context, makeMemo } from '../src/graphql/context';
import { toGlobalId } from '../src/graphql/relay';
import { timeOrderedUuidPrefix } from '../src/domain/ids';
import { createLogger } from '../src/logger';
import { CustomerOrderField, listCustomers, OrderDirection } from '../src/modules/customers/customer.queries';
import { actionFor } from '../src/modules/risk/risk.actions';
import { riskAnonymiser } from '../src/modules/risk/risk.anonymiser';
import { defaultModules } from '../src/modules';
import { rescoreJob } from '../src/modules/risk/risk.jobs';
import { customerRanges } from '../src/modules/risk/risk.features';
import { BATCH_RANGES } from '../src/modules/risk/risk.scoring';
import { DEFAULT_FEATURES_V2 } from '../src/modules/risk/risk.default-model';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let rm: StaffRow;
let own: { id: string };
let other: { id: string };

/** `n` customers with twelve months of varied behaviour, in set-based SQL. */
async function addCustomers(n: number, prefix: string, rmId: string | null = null) {
  await t.sql.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, date_of_birth, joined_at, rm_id, status)
     select gen_random_uuid(), now(), now(), $1 || i, 'Bulk', 'Customer ' || i, date '1950-01-01' + (i * 37 % 18000),
            timestamptz '2015-01-01' + (i * 13 % 3000) * interval '1 day', $3::uuid, 'ACTIVE'
       from generate_series(1, $2::int) i`,
    [prefix, n, rmId],
  );
  await t.sql.query(
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited, as_of)
     select gen_random_uuid(), now(), now(), c.id, date '2024-06-01' + m * interval '1 month',
            greatest(0, 20 + (hashtext(c.id::text || m) % 15) - case when hashtext(c.id::text) % 4 = 0 then m * 2 else 0 end),
            1000, 50000 + abs(hashtext(c.id::text || 'b' || m) % 40000), 'EUR', abs(hashtext(c.id::text || 'l' || m) % 12),
            (hashtext(c.id::text) % 3 <> 0) and not (hashtext(c.id::text) % 4 = 0 and m > 9), now()
       from customer c cross join generate_series(0, 11) m where c.external_ref like $1 || '%'`,
    [prefix],
  );
  await t.sql.query(
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, status, opened_at, closed_at)
     select gen_random_uuid(), now(), now(), c.id, 'ACC-' || c.external_ref || '-' || k, 'CURRENT', 'EUR',
            case when k = 2 and hashtext(c.id::text) % 5 = 0 then 'CLOSED' else 'OPEN' end, date '2016-01-01',
            case when k = 2 and hashtext(c.id::text) % 5 = 0 then date '2025-04-15' end
       from customer c cross join generate_series(1, 1 + abs(hashtext(c.id::text) % 3)) k where c.external_ref like $1 || '%'`,
    [prefix],
  );
}

const rescore = () => rescoreJob.run({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules });

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2025-06-10T08:00:00Z');
  rm = await createStaff(t.sql, 'rm-risk-own');
  own = await createCustomer(t.sql, { rmId: rm.id, lastName: 'Own' });
  other = await createCustomer(t.sql, { lastName: 'Other' });
});

afterAll(async () => {
  await t?.close();
});

it('batch rescoring issues the same statements for 1,000 and 10,000 customers', async () => {
  await addCustomers(1000, 'S-');
  const small = await countStatements(rescore);
  expect((small.result as { scored: number }).scored).toBe(1002);
  await addCustomers(9000, 'L-');
  const large = await countStatements(rescore);
  expect((large.result as { scored: number }).scored).toBe(10002);
  expect(large.statements.length).toBe(small.statements.length);
  // The model, then per range of ids a transaction of four (begin, its memory, the scoring, commit); each range
  // scored once: no customer twice, none left out.
  expect(small.statements.length).toBe(1 + 4 * BATCH_RANGES);
  // The first 1,002 customers were scored before from the same values by the same model: they keep their
  // scores, and only the 9,000 new ones are written.
  expect((large.result as { changed: number }).changed).toBe(9000);
  const { rows } = await t.sql.query('select count(*)::int as n, count(distinct customer_id)::int as c from risk_score');
  expect(rows[0]).toEqual({ n: 10002, c: 10002 });
});

it('a rescore that changes nothing writes nothing: no history, no current score, no event', async () => {
  const before = (await t.sql.query(`select (select count(*) from risk_score)::int as scores, (select count(*) from domain_event)::int as events,
    (select max(computed_at) from risk_current_score) as at`)).rows[0];
  t.clock.set('2025-06-10T20:00:00Z'); // later the same day: the same months, the same values
  const again = await rescore();
  expect(again).toEqual({ modelVersion: 2, scored: 10002, changed: 0 });
  const after = (await t.sql.query(`select (select count(*) from risk_score)::int as scores, (select count(*) from domain_event)::int as events,
    (select max(computed_at) from risk_current_score) as at`)).rows[0];
  expect(after).toEqual(before);
  t.clock.set('2025-06-10T08:00:00Z');
});

it('for every score, the contributions plus the intercept reproduce its logit to 1e-9, and the band follows the thresholds', async () => {
  const model = (await t.sql.query(`select intercept, band_thresholds from risk_model where status = 'ACTIVE'`)).rows[0];
  const { rows } = await t.sql.query('select score, band, logit, contributions from risk_current_score');
  expect(rows.length).toBe(10002);
  const bands = new Set<string>();
  let nonZero = 0;
  for (const r of rows) {
    expect(r.contributions).toHaveLength(DEFAULT_FEATURES_V2.length);
    const sum = r.contributions.reduce((s: number, k: number) => s + k, model.intercept);
    expect(Math.abs(sum - r.logit)).toBeLessThan(1e-9);
    expect(Math.abs(r.score - 1 / (1 + Math.exp(-r.logit)))).toBeLessThan(1e-12);
    const t2 = model.band_thresholds;
    expect(r.band).toBe(r.score >= t2.critical ? 'CRITICAL' : r.score >= t2.high ? 'HIGH' : r.score >= t2.medium ? 'MEDIUM' : 'LOW');
    bands.add(r.band);
    if (r.contributions.some((k: number) => Math.abs(k) > 0.05)) nonZero += 1;
  }
  // The generated behaviour spreads the customers over more than one band, with real contributions.
  expect(bands.size).toBeGreaterThan(1);
  expect(nonZero).toBeGreaterThan(2000);
});

const LIST = (withScore: boolean) => `{ customers(first: 50) { edges { node { id ${withScore ? 'riskScore { score band factors { feature contribution } }' : ''} } } } }`;

it('a list of 50 customers with their scores and factors adds one SQL statement', async () => {
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const without = await countStatements(() => t.gql(LIST(false), { token }));
  const withScores = await countStatements(() => t.gql(LIST(true), { token }));
  expect(withScores.result.body.errors).toBeUndefined();
  const nodes = withScores.result.body.data.customers.edges.map((e: { node: { riskScore: unknown } }) => e.node.riskScore);
  expect(nodes).toHaveLength(50);
  expect(nodes.every((s: { score: number; factors: unknown[] } | null) => s && s.score > 0 && s.factors.length === DEFAULT_FEATURES_V2.length)).toBe(true);
  expect(withScores.statements.length - without.statements.length).toBe(1);
});

it('factors come largest first, with reasons in English and Chinese', async () => {
  const token = staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-01', t.clock.now());
  const res = await t.gql('query($id: ID!) { node(id: $id) { ... on Customer { riskScore { score factors { feature value contribution reason reasonZh } } } } }', {
    token, variables: { id: (await firstScoredCustomer()).gid },
  });
  expect(res.body.errors).toBeUndefined();
  const factors = res.body.data.node.riskScore.factors as { contribution: number; reason: string; reasonZh: string; feature: string }[];
  for (let i = 1; i < factors.length; i++) expect(Math.abs(factors[i - 1].contribution)).toBeGreaterThanOrEqual(Math.abs(factors[i].contribution));
  const months = factors.find((f) => f.feature === 'customers.tenureMonths')!;
  expect(months.reason).toMatch(/^months with the bank \d+: [+-]\d+\.\d\d$/);
  expect(months.reasonZh).toMatch(/^在本行的月数 \d+：[+-]\d+\.\d\d$/);
});

async function firstScoredCustomer() {
  const { rows } = await t.sql.query(`select customer_id from risk_current_score order by score desc limit 1`);
  return { key: rows[0].customer_id as string, gid: toGlobalId('Customer', rows[0].customer_id) };
}

describe('who may read scores', () => {
  const q = 'query($id: ID!) { node(id: $id) { ... on Customer { id riskScore { score band } } } }';
  const gid = async (key: string) => toGlobalId('Customer', key);

  it('ADMIN, COMPLIANCE_OFFICER, RETENTION_ANALYST and a partner with risk:read read any customer\'s score', async () => {
    const partner = await createPartnerToken(t, ['customers:read', 'risk:read']);
    for (const token of [
      staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()),
      staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-01', t.clock.now()),
      staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now()),
      partner.token,
    ]) {
      const res = await t.gql(q, { token, variables: { id: await gid(other.id) } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.node.riskScore.score).toBeGreaterThan(0);
    }
  });

  it('a support agent, and a partner without risk:read, are refused', async () => {
    const partner = await createPartnerToken(t, ['customers:read']);
    for (const token of [staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now()), partner.token]) {
      const res = await t.gql(q, { token, variables: { id: await gid(other.id) } });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data?.node?.riskScore ?? null).toBeNull();
    }
  });

  it('a relationship manager reads the scores of their own book only, also when a support agent too', async () => {
    const rmToken = staffToken(t.config, 'RELATIONSHIP_MANAGER', rm.subject, t.clock.now());
    const mine = await t.gql(q, { token: rmToken, variables: { id: await gid(own.id) } });
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.node.riskScore.score).toBeGreaterThan(0);
    const theirs = await t.gql(q, { token: rmToken, variables: { id: await gid(other.id) } });
    expect(theirs.body.data.node).toBeNull();

    const combined = staffToken(t.config, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], rm.subject, t.clock.now());
    const outside = await t.gql(q, { token: combined, variables: { id: await gid(other.id) } });
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data.node.id).toBeTruthy();
    expect(outside.body.data.node.riskScore).toBeNull();
    const inside = await t.gql(q, { token: combined, variables: { id: await gid(own.id) } });
    expect(inside.body.data.node.riskScore.score).toBeGreaterThan(0);
  });
});

it('riskHistory keeps every score, newest first, paged by keyset', async () => {
  t.clock.set('2025-07-10T08:00:00Z');
  await rescore();
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const hq = 'query($id: ID!, $after: String) { node(id: $id) { ... on Customer { riskHistory(first: 1, after: $after) { totalCount edges { cursor node { computedAt triggeredBy modelVersion source } } pageInfo { hasNextPage endCursor } } } } }';
  const first = await t.gql(hq, { token, variables: { id: toGlobalId('Customer', own.id) } });
  expect(first.body.errors).toBeUndefined();
  const h1 = first.body.data.node.riskHistory;
  // Two scores: June's (the two batches of June 10 gave the same score from the same values, kept once) and July's.
  expect(h1.totalCount).toBe(2);
  expect(h1.edges[0].node).toEqual({ computedAt: '2025-07-10T08:00:00.000Z', triggeredBy: 'BATCH', modelVersion: 2, source: 'MODEL' });
  expect(h1.pageInfo.hasNextPage).toBe(true);
  const second = await t.gql(hq, { token, variables: { id: toGlobalId('Customer', own.id), after: h1.pageInfo.endCursor } });
  expect(second.body.data.node.riskHistory.edges[0].node.computedAt).toBe('2025-06-10T08:00:00.000Z');
  const bad = await t.gql(hq, { token, variables: { id: toGlobalId('Customer', own.id), after: 'bm90LWEtY3Vyc29y' } });
  expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  // The current score is the newest one.
  const cur = (await t.sql.query('select computed_at from risk_current_score where customer_id = $1', [own.id])).rows[0];
  expect(cur.computed_at.toISOString()).toBe('2025-07-10T08:00:00.000Z');
});

describe('the customers list filtered by risk', () => {
  /** A request's context for calling the list query directly, as its resolver would. */
  function contextFor(roles: Role[], staffUserId: string | null = null): Context {
    const viewer = { kind: 'staff', subject: 'someone', staffUserId, roles, name: 'Someone', email: null } as Viewer;
    return {
      requestId: 'test', clientIp: null, viewer, em: t.orm.em.fork(), clock: t.clock, now: t.clock.now(), config: t.config, log: createLogger('silent'),
      auditedReads: new AuditedReads(), nodeSources: new Map(), modules: defaultModules, readFrom: 'read', memo: makeMemo(),
    };
  }
  const list = (ctx: Context, contributed: Record<string, unknown>) =>
    listCustomers(ctx, { contributed }, { field: CustomerOrderField.NAME, direction: OrderDirection.ASC }, { size: 100, backward: false, cursor: null });

  it('by band and by minimum score, for those who may read scores; a support agent is refused', async () => {
    const { rows } = await t.sql.query(`select band, count(*)::int as n from risk_current_score group by band`);
    const high = rows.filter((r) => r.band === 'HIGH' || r.band === 'CRITICAL').reduce((s, r) => s + r.n, 0);
    const page = await list(contextFor(['RETENTION_ANALYST']), { 'risk.band': ['HIGH', 'CRITICAL'] });
    expect(await page.totalCount()).toBe(high);
    const keys = page.edges.map((e) => e.node.key);
    const bands = await t.sql.query('select distinct band from risk_current_score where customer_id = any($1)', [keys]);
    expect(keys.length).toBeGreaterThan(0);
    for (const r of bands.rows) expect(['HIGH', 'CRITICAL']).toContain(r.band);
    const min = (await t.sql.query('select count(*)::int as n from risk_current_score where score >= 0.3')).rows[0].n;
    expect(await (await list(contextFor(['ADMIN']), { 'risk.minScore': 0.3 })).totalCount()).toBe(min);
    await expect(list(contextFor(['SUPPORT_AGENT']), { 'risk.band': ['HIGH'] })).rejects.toMatchObject({ outcome: 'FORBIDDEN' });
    await expect(list(contextFor(['ADMIN']), { 'risk.band': ['EXTREME'] })).rejects.toMatchObject({ outcome: 'USER_ERROR' });
    await expect(list(contextFor(['ADMIN']), { 'risk.minScore': 7 })).rejects.toMatchObject({ outcome: 'USER_ERROR' });
    // A relationship manager's filtered list stays within the book.
    const mine = await list(contextFor(['RELATIONSHIP_MANAGER'], rm.id), { 'risk.minScore': 0 });
    expect(mine.edges.map((e) => e.node.key)).toEqual([own.id]);
  });
});

it('anonymising a customer erases their scores, with an audit event', async () => {
  const em = t.orm.em.fork();
  const erased = await em.transactional(async (tx) => {
    const fields = await riskAnonymiser.anonymise(tx, other.id, { viewer: null, requestId: 'test', now: t.clock.now() });
    return fields;
  });
  expect(erased).toEqual(['riskScores']);
  const left = await t.sql.query('select (select count(*)::int from risk_score where customer_id = $1) + (select count(*)::int from risk_current_score where customer_id = $1) as n', [other.id]);
  expect(left.rows[0].n).toBe(0);
  const audit = await t.sql.query(`select count(*)::int as n from audit_event where action = 'risk.scores_erased' and customer_id = $1`, [other.id]);
  expect(audit.rows[0].n).toBe(1);
});

describe('scores from the bank\'s own platform', () => {
  const RECORD = 'mutation($input: RecordExternalRiskScoresInput!) { recordExternalRiskScores(input: $input) { recorded userErrors { field code } } }';
  let ownRef: string;
  beforeAll(async () => {
    ownRef = (await t.sql.query('select external_ref from customer where id = $1', [own.id])).rows[0].external_ref;
  });

  it('a partner with risk:write records them; they join the history with their source and never replace the current score', async () => {
    const partner = await createPartnerToken(t, ['risk:write']);
    const before = (await t.sql.query('select score_id, score from risk_current_score where customer_id = $1', [own.id])).rows[0];
    const res = await t.gql(RECORD, { token: partner.token, variables: { input: { source: 'Bank DS platform', items: [{ customerExternalRef: ownRef, score: 0.91, computedAt: '2025-07-09T00:00:00Z' }] } } });
    expect(res.body.data.recordExternalRiskScores).toEqual({ recorded: 1, userErrors: [] });
    expect((await t.sql.query('select score_id, score from risk_current_score where customer_id = $1', [own.id])).rows[0]).toEqual(before);
    const history = await t.gql('query($id: ID!) { node(id: $id) { ... on Customer { riskHistory(first: 10) { edges { node { source score band logit modelVersion triggeredBy } } } } } }', {
      token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()), variables: { id: toGlobalId('Customer', own.id) },
    });
    expect(history.body.data.node.riskHistory.edges.map((e: { node: unknown }) => e.node)).toContainEqual(
      { source: 'Bank DS platform', score: 0.91, band: 'CRITICAL', logit: null, modelVersion: null, triggeredBy: 'EXTERNAL' },
    );
  });

  it('all or nothing; MODEL is not a source; staff and partners without risk:write are refused', async () => {
    const partner = await createPartnerToken(t, ['risk:write']);
    const bad = await t.gql(RECORD, { token: partner.token, variables: { input: { source: 'MODEL', items: [
      { customerExternalRef: ownRef, score: 0.2, computedAt: '2025-07-09T00:00:00Z' },
      { customerExternalRef: 'NO-SUCH', score: 0.2, computedAt: '2025-07-09T00:00:00Z' },
      { customerExternalRef: ownRef, score: 1.5, computedAt: '2025-07-09T00:00:00Z' },
    ] } } });
    expect(bad.body.data.recordExternalRiskScores.recorded).toBeNull();
    expect(bad.body.data.recordExternalRiskScores.userErrors.map((e: { field: string[] }) => e.field.join('.'))).toEqual(['input.items.2.score']);
    const unknown = await t.gql(RECORD, { token: partner.token, variables: { input: { source: 'MODEL', items: [
      { customerExternalRef: 'NO-SUCH', score: 0.2, computedAt: '2025-07-09T00:00:00Z' },
    ] } } });
    expect(unknown.body.data.recordExternalRiskScores.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(['INVALID', 'UNKNOWN_CUSTOMER']);
    expect((await t.sql.query(`select count(*)::int as n from risk_score where triggered_by = 'EXTERNAL'`)).rows[0].n).toBe(1);
    const readOnly = await createPartnerToken(t, ['risk:read']);
    for (const token of [readOnly.token, staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now())]) {
      const res = await t.gql(RECORD, { token, variables: { input: { source: 'X', items: [{ customerExternalRef: ownRef, score: 0.2, computedAt: '2025-07-09T00:00:00Z' }] } } });
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });
});

it('the ranges of a batch cover every id once, in order, and split random ids about evenly', async () => {
  const ranges = customerRanges(BATCH_RANGES);
  expect(ranges[0].from).toBe('00000000-0000-0000-0000-000000000000');
  expect(ranges[ranges.length - 1].to).toBeNull();
  for (let i = 1; i < ranges.length; i++) expect(ranges[i].from).toBe(ranges[i - 1].to);
  // PostgreSQL, which compares them, puts each customer in exactly one range.
  const { rows } = await t.sql.query(
    `select r.i, count(c.id)::int as n from customer c
       join unnest($1::uuid[], $2::uuid[]) with ordinality r(lo, hi, i) on c.id >= r.lo and (r.hi is null or c.id < r.hi)
      group by r.i order by r.i`,
    [ranges.map((r) => r.from), ranges.map((r) => r.to)],
  );
  const total = (await t.sql.query('select count(*)::int as n from customer')).rows[0].n;
  expect(rows.reduce((sum: number, r: { n: number }) => sum + r.n, 0)).toBe(total);
  expect(rows).toHaveLength(BATCH_RANGES);
  for (const r of rows) expect(r.n).toBeGreaterThan(total / BATCH_RANGES / 2);
});

describe('alerts', () => {
  const ALERTS = 'query($f: RiskAlertFilter) { riskAlerts(first: 100, filter: $f) { totalCount edges { node { id customerId fromBand toBand acknowledgedBy } } } }';

  it('a rise to HIGH or CRITICAL raises an alert in the same set-based statement; the RM sees their book\'s and acknowledges once', async () => {
    // Put every current score back to LOW, as if the customers had been calm; the next batch raises the alerts.
    await t.sql.query(`update risk_current_score set band = 'LOW'`);
    const earlier = (await t.sql.query(`select count(*)::int as n from risk_alert`)).rows[0].n;
    const high = (await t.sql.query(`select count(*)::int as n from risk_current_score`)).rows[0].n;
    t.clock.set('2025-08-10T08:00:00Z');
    const { statements } = await countStatements(rescore);
    expect(statements.length).toBe(1 + 4 * BATCH_RANGES);
    const raised = (await t.sql.query(`select count(*)::int as n from risk_alert`)).rows[0].n - earlier;
    const expected = (await t.sql.query(`select count(*)::int as n from risk_current_score where band in ('HIGH','CRITICAL')`)).rows[0].n;
    expect(raised).toBe(expected);
    expect(raised).toBeGreaterThan(0);
    expect(raised).toBeLessThan(high);
    // The same statement raised one risk.alert event per alert, with the alert's global id, and a
    // risk.band_changed event per customer whose band moved (all of them here, from LOW).
    const events = (await t.sql.query(`select type, customer_id, payload from domain_event where type like 'risk.%' and occurred_at = $1`, [t.clock.now()])).rows;
    const alertIds = (await t.sql.query(`select id, customer_id from risk_alert where raised_at = $1`, [t.clock.now()])).rows;
    expect(events.filter((e) => e.type === 'risk.alert').map((e) => e.payload.alertId).sort())
      .toEqual(alertIds.map((a) => toGlobalId('RiskAlert', a.id)).sort());
    const moved = (await t.sql.query(`select count(*)::int as n from risk_current_score where band <> 'LOW'`)).rows[0].n;
    expect(events.filter((e) => e.type === 'risk.band_changed')).toHaveLength(moved);
    expect(events.find((e) => e.type === 'risk.alert')!.payload).toMatchObject({ from: 'LOW', to: expect.stringMatching(/HIGH|CRITICAL/) });
    // A second batch with nothing changed raises nothing more, and no events.
    const riskEvents = async () => (await t.sql.query(`select count(*)::int as n from domain_event where type like 'risk.%'`)).rows[0].n;
    const eventsBefore = await riskEvents();
    await rescore();
    expect((await t.sql.query(`select count(*)::int as n from risk_alert`)).rows[0].n).toBe(earlier + raised);
    expect(await riskEvents()).toBe(eventsBefore);

    // Make sure the manager's own customer has an alert.
    await t.sql.query(
      `insert into risk_alert (id, customer_id, score_id, from_band, to_band, score, raised_at)
       select gen_random_uuid(), customer_id, score_id, 'MEDIUM', 'CRITICAL', score, now() from risk_current_score where customer_id = $1`,
      [own.id],
    );
    const rmToken = staffToken(t.config, 'RELATIONSHIP_MANAGER', rm.subject, t.clock.now());
    const mine = await t.gql(ALERTS, { token: rmToken, variables: { f: { acknowledged: false } } });
    expect(mine.body.errors).toBeUndefined();
    const nodes = mine.body.data.riskAlerts.edges.map((e: { node: { customerId: string; id: string } }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((n: { customerId: string }) => n.customerId))).toEqual(new Set([toGlobalId('Customer', own.id)]));
    const all = await t.gql(ALERTS, { token: staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now()) });
    expect(all.body.data.riskAlerts.totalCount).toBe(earlier + raised + 1);
    const support = await t.gql(ALERTS, { token: staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now()) });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const ACK = 'mutation($input: AcknowledgeRiskAlertInput!) { acknowledgeRiskAlert(input: $input) { riskAlert { acknowledgedBy acknowledgedAt } userErrors { code } } }';
    const ack = await t.gql(ACK, { token: rmToken, variables: { input: { alertId: nodes[0].id } } });
    expect(ack.body.data.acknowledgeRiskAlert.riskAlert.acknowledgedBy).toBe(`staff:${rm.subject}`);
    const twice = await t.gql(ACK, { token: rmToken, variables: { input: { alertId: nodes[0].id } } });
    expect(twice.body.data.acknowledgeRiskAlert.userErrors).toEqual([{ code: 'ALREADY_ACKNOWLEDGED' }]);
    // Another book's alert does not exist for the manager, even one who is also a support agent.
    const othersAlert = (await t.sql.query(`select id from risk_alert where customer_id <> $1 limit 1`, [own.id])).rows[0].id;
    for (const token of [rmToken, staffToken(t.config, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], rm.subject, t.clock.now())]) {
      const res = await t.gql(ACK, { token, variables: { input: { alertId: toGlobalId('RiskAlert', othersAlert) } } });
      expect(res.body.data.acknowledgeRiskAlert.userErrors).toEqual([{ code: 'INVALID' }]);
    }
    const audit = await t.sql.query(`select count(*)::int as n from audit_event where action = 'risk.alert_acknowledged' and actor_id = $1`, [rm.subject]);
    expect(audit.rows[0].n).toBe(1);
  });
});

describe('recommended actions', () => {
  it('each feature family maps to its action', () => {
    expect(actionFor('feedback.unresolvedComplaintAgeDays')).toBe('RM_CALL_BACK');
    expect(actionFor('customers.monthsSinceLastActivity')).toBe('RM_CALL_BACK');
    expect(actionFor('customers.digitalLoginsTrend')).toBe('APP_ASSISTANCE');
    expect(actionFor('customers.balanceTrend3m')).toBe('RATE_REVIEW');
    expect(actionFor('customers.salaryStopped')).toBe('SALARY_SWITCH_OFFER');
    expect(actionFor('loyalty.tierDowngraded')).toBe('FEE_WAIVER');
    expect(actionFor('customers.productsClosed90d')).toBe('PRODUCT_REVIEW');
    expect(actionFor('customers.ageBand')).toBeNull();
  });

  it('Customer.recommendedActions ranks the actions behind the positive factors, at no extra statement beside riskScore', async () => {
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const { rows } = await t.sql.query(`select customer_id from risk_current_score where band in ('HIGH', 'CRITICAL') order by score desc limit 1`);
    const q = 'query($id: ID!) { node(id: $id) { ... on Customer { riskScore { factors { feature contribution } } recommendedActions { action weight reason reasonZh } } } }';
    const { result, statements } = await countStatements(() => t.gql(q, { token, variables: { id: toGlobalId('Customer', rows[0].customer_id) } }));
    expect(result.body.errors).toBeUndefined();
    const { factors } = result.body.data.node.riskScore as { factors: { feature: string; contribution: number }[] };
    const actions = result.body.data.node.recommendedActions as { action: string; weight: number; reason: string }[];
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < actions.length; i++) expect(actions[i - 1].weight).toBeGreaterThanOrEqual(actions[i].weight);
    for (const a of actions) {
      const behind = factors.filter((f) => f.contribution > 0 && actionFor(f.feature) === a.action);
      expect(a.weight).toBeCloseTo(behind.reduce((s, f) => s + f.contribution, 0), 12);
    }
    // The one risk statement (current scores) serves both fields.
    expect(statements.filter((s) => s.includes('risk_current_score'))).toHaveLength(1);
    const support = await t.gql('query($id: ID!) { node(id: $id) { ... on Customer { recommendedActions { action } } } }', {
      token: staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now()), variables: { id: toGlobalId('Customer', rows[0].customer_id) },
    });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

it('a batch writes time-ordered (version 7) score ids: 48 bits of the time it ran, then random bits, none twice', async () => {
  const before = Date.now();
  await addCustomers(50, 'V-');
  await rescore();
  const after = Date.now();
  const { rows } = await t.sql.query<{ id: string }>(
    `select s.id from risk_score s join customer c on c.id = s.customer_id where c.external_ref like 'V-%'`,
  );
  expect(rows).toHaveLength(50);
  for (const { id } of rows) {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  }
  expect(new Set(rows.map((r) => r.id.slice(14))).size).toBe(50);
  expect(() => timeOrderedUuidPrefix(-1)).toThrow();
  expect(timeOrderedUuidPrefix(0x0123456789ab)).toBe('01234567-89ab-7');
});
