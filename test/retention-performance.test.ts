// Retention performance per relationship manager equals figures worked out by hand on a fixture of
// known exit cases, win-backs, complaints, risk scores and contacts (each case placed inside or just
// outside the period, or of a kind that must not count); a manager sees their own row only, admins and
// analysts every manager with a book, others are refused.
import { randomUUID } from 'node:crypto';
import { DEFAULT_MODEL_ID } from '../src/modules/risk/migrations/Migration20261201300100_risk';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

let t: TestApp;
let rmA: StaffRow;
let rmB: StaffRow;
let rmC: StaffRow;
const FROM = '2026-01-01T00:00:00Z';
const TO = '2026-04-01T00:00:00Z';
const NOW = '2026-04-10T12:00:00Z';
const QUERY = `query($from: DateTimeISO!, $to: DateTimeISO!) { retentionPerformance(from: $from, to: $to) {
  relationshipManager { id subject name } casesHandled retained retentionRate winBacks depositsKept { amount currency }
  complaintsResolved complaintsResolvedInTime medianResolutionHours highRiskWithoutContact } }`;

const d = (s: string) => new Date(s);

async function customer(rm: StaffRow, deposits = 0, status = 'ACTIVE') {
  return (await createCustomer(t.sql, { rmId: rm.id, totalDepositsMinor: deposits, status })).id;
}

async function exitCase(customerId: string, state: 'RETAINED' | 'CLOSED', at: string, initiatedBy = 'CUSTOMER') {
  const id = randomUUID();
  await t.sql.query(
    `insert into offboarding_case (id, created_at, updated_at, customer_id, initiated_by, reason, scope, state, state_entered_at, initiator_kind, initiator_id,
       closed_at, retain_until, legal_basis)
     values ($1, $3::timestamptz - interval '10 days', $3, $2, $5, $6, 'FULL', $4, $3, 'staff', 'fixture',
       case when $4 = 'CLOSED' then $3::timestamptz end, case when $4 = 'CLOSED' then $3::timestamptz + interval '5 years' end,
       case when $4 = 'CLOSED' then 'AML record keeping' end)`,
    [id, customerId, at, state, initiatedBy, initiatedBy === 'BANK' ? 'RISK_APPETITE' : 'FEES'],
  );
  return id;
}

async function retentionAttempt(caseId: string, at: string) {
  await t.sql.query(`insert into retention_attempt (id, case_id, offer, answer, recorded_at, recorded_by) values ($1, $2, 'rate review', 'DECLINED', $3, 'fixture')`, [randomUUID(), caseId, at]);
}

async function winBack(customerId: string, outcome: string, at: string) {
  await t.sql.query(
    `insert into win_back_attempt (id, created_at, updated_at, customer_id, offer, outcome, recorded_at, recorded_by) values ($1, $3, $3, $2, 'welcome back', $4, $3, 'fixture')`,
    [randomUUID(), customerId, at, outcome],
  );
}

async function feedback(customerId: string, kind: string, received: string, resolved: string | null, resolveBy: string | null) {
  await t.sql.query(
    `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, text, status, severity, received_at, acknowledge_by, resolve_by, resolved_at)
     values ($1, $3, $3, $2, 'PHONE', $4, 'fixture', $5, 'LOW', $3, $6, $7, $8)`,
    [randomUUID(), customerId, received, kind, resolved ? 'RESOLVED' : 'OPEN', resolveBy ? d(received) : null, resolveBy, resolved],
  );
}

async function risk(customerId: string, band: string) {
  const id = randomUUID();
  await t.sql.query(
    `insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, triggered_by, computed_at)
     values ($1, $2, $3, 1, 'fixture', 0.9, $4, 2.2, 'fixture', $5)`,
    [id, customerId, DEFAULT_MODEL_ID, band, NOW],
  );
  await t.sql.query(
    `insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at)
     values ($1, $2, $3, 1, 0.9, $4, 2.2, '{}', '{}', $5)`,
    [customerId, id, DEFAULT_MODEL_ID, band, NOW],
  );
}

async function offerProposed(customerId: string, at: string) {
  const offer = randomUUID();
  await t.sql.query(
    `insert into retention_offer (id, created_at, updated_at, kind, name, terms, value, valid_from, valid_until, product_types, status, created_by)
     values ($1, $2, $2, 'FEE_WAIVER', 'fixture', 'fixture', 1, '2026-01-01', '2027-01-01', '{}', 'ACTIVE', 'fixture')`,
    [offer, at],
  );
  await t.sql.query(
    `insert into offer_assignment (id, offer_id, customer_id, value, proposed_by, proposed_at, expires_at, status) values ($1, $2, $3, 1, 'fixture', $4, '2026-12-01', 'PROPOSED')`,
    [randomUUID(), offer, customerId, at],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW);
  rmA = await createStaff(t.sql, 'rm-01', 'Ada Byrne');
  rmB = await createStaff(t.sql, 'rm-02', 'Ben Okafor');
  rmC = await createStaff(t.sql, 'rm-03', 'Cleo Ma');

  // rm-01's book.
  const a1 = await customer(rmA, 500_000);
  const a2 = await customer(rmA, 90_000, 'EXITED');
  const a3 = await customer(rmA, 70_000);
  const a4 = await customer(rmA, 10_000);
  const a5 = await customer(rmA, 20_000, 'EXITED');
  const a6 = await customer(rmA, 250_000);
  const a7 = await customer(rmA);
  const a8 = await customer(rmA);
  await exitCase(a1, 'RETAINED', '2026-02-01T09:00:00Z'); // handled, retained
  await exitCase(a2, 'CLOSED', '2026-03-01T09:00:00Z'); // handled
  const c3 = await exitCase(a3, 'RETAINED', '2025-12-01T09:00:00Z'); // before the period
  await exitCase(a4, 'CLOSED', '2026-04-05T09:00:00Z'); // after it
  await exitCase(a5, 'CLOSED', '2026-02-15T09:00:00Z', 'BANK'); // bank-initiated: not a retention case
  await exitCase(a6, 'RETAINED', '2026-03-31T23:59:00Z'); // handled, retained
  await winBack(a2, 'WON_BACK', '2026-03-15T09:00:00Z'); // a win-back
  await winBack(a2, 'WON_BACK', '2026-03-20T09:00:00Z'); // the same customer again: still one
  await winBack(a4, 'WON_BACK', '2025-06-01T09:00:00Z'); // before the period
  await winBack(a5, 'DECLINED', '2026-03-01T09:00:00Z'); // not won
  await feedback(a1, 'COMPLAINT', '2026-01-10T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-20T00:00:00Z'); // 48 h, in time
  await feedback(a3, 'COMPLAINT', '2026-02-01T00:00:00Z', '2026-02-11T00:00:00Z', '2026-02-05T00:00:00Z'); // 240 h, late
  await feedback(a4, 'COMPLAINT', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', '2026-03-10T00:00:00Z'); // 24 h, in time
  await feedback(a4, 'COMPLAINT', '2026-03-25T00:00:00Z', '2026-04-03T00:00:00Z', '2026-04-20T00:00:00Z'); // resolved after the period
  await feedback(a4, 'COMPLAINT', '2026-03-28T00:00:00Z', null, '2026-04-20T00:00:00Z'); // open
  await feedback(a1, 'SUGGESTION', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', null); // not a complaint
  // Risk now (contacts in the 30 days before 2026-04-10T12:00): a1 and a8 were not contacted.
  await risk(a1, 'HIGH');
  await risk(a8, 'CRITICAL');
  await feedback(a8, 'SUGGESTION', '2026-02-01T00:00:00Z', null, null); // too long ago
  await risk(a6, 'CRITICAL');
  await feedback(a6, 'SUGGESTION', '2026-04-01T00:00:00Z', null, null); // contacted: feedback
  await risk(a3, 'HIGH');
  await retentionAttempt(c3, '2026-03-25T00:00:00Z'); // contacted: retention attempt
  await risk(a7, 'HIGH');
  await offerProposed(a7, '2026-04-05T00:00:00Z'); // contacted: an offer
  await risk(a4, 'MEDIUM'); // not high
  await risk(a5, 'HIGH'); // exited: not counted
  await winBack(a5, 'DECLINED', '2026-04-09T00:00:00Z');

  // rm-02's book: one closed case, one complaint resolved late.
  const b1 = await customer(rmB, 40_000);
  await exitCase(b1, 'CLOSED', '2026-01-20T00:00:00Z');
  await feedback(b1, 'COMPLAINT', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z');
  // rm-03 has a quiet book.
  await customer(rmC);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const ROW_A = {
  relationshipManager: { subject: 'rm-01', name: 'Ada Byrne' },
  casesHandled: 3,
  retained: 2,
  winBacks: 1,
  depositsKept: { amount: '7500.00', currency: 'EUR' },
  complaintsResolved: 3,
  complaintsResolvedInTime: 2,
  medianResolutionHours: 48,
  highRiskWithoutContact: 2,
};
const ROW_B = {
  relationshipManager: { subject: 'rm-02', name: 'Ben Okafor' },
  casesHandled: 1, retained: 0, retentionRate: 0, winBacks: 0, depositsKept: { amount: '0.00', currency: 'EUR' },
  complaintsResolved: 1, complaintsResolvedInTime: 0, medianResolutionHours: 59 * 24, highRiskWithoutContact: 0,
};
const ROW_C = {
  relationshipManager: { subject: 'rm-03' },
  casesHandled: 0, retained: 0, retentionRate: null, winBacks: 0, complaintsResolved: 0, complaintsResolvedInTime: 0, medianResolutionHours: null, highRiskWithoutContact: 0,
};

it('equals the hand-computed figures, for every manager with a book, to admins and analysts', async () => {
  for (const role of ['ADMIN', 'RETENTION_ANALYST'] as const) {
    const res = await t.gql(QUERY, { token: staffToken(t.config, role, undefined, t.clock.now()), variables: { from: FROM, to: TO } });
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data.retentionPerformance;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject(ROW_A);
    expect(rows[0].retentionRate).toBeCloseTo(2 / 3, 12);
    expect(rows[1]).toMatchObject(ROW_B);
    expect(rows[2]).toMatchObject(ROW_C);
  }
});

it('gives a relationship manager their own row only', async () => {
  const a = await t.gql(QUERY, { token: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now()), variables: { from: FROM, to: TO } });
  expect(a.body.data.retentionPerformance).toHaveLength(1);
  expect(a.body.data.retentionPerformance[0]).toMatchObject(ROW_A);
  const b = await t.gql(QUERY, { token: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-02', t.clock.now()), variables: { from: FROM, to: TO } });
  expect(b.body.data.retentionPerformance).toHaveLength(1);
  expect(b.body.data.retentionPerformance[0]).toMatchObject(ROW_B);
});

it('moves with the period', async () => {
  // Only December 2025: rm-01's case retained then.
  const res = await t.gql(QUERY, { token: staffToken(t.config, 'ADMIN', undefined, t.clock.now()), variables: { from: '2025-12-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
  expect(res.body.data.retentionPerformance[0]).toMatchObject({ casesHandled: 1, retained: 1, depositsKept: { amount: '700.00' }, complaintsResolved: 0, winBacks: 0 });
});

it('refuses support agents, compliance officers, partners and anonymous callers; a bad period is the caller\'s mistake', async () => {
  for (const role of ['SUPPORT_AGENT', 'COMPLIANCE_OFFICER'] as const) {
    const res = await t.gql(QUERY, { token: staffToken(t.config, role, undefined, t.clock.now()), variables: { from: FROM, to: TO } });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  }
  const partner = await createPartnerToken(t, ['customers:read', 'risk:read', 'feedback:read', 'offboarding:read']);
  const p = await t.gql(QUERY, { token: partner.token, variables: { from: FROM, to: TO } });
  expect(p.body.errors[0].extensions.code).toBe('FORBIDDEN');
  const anon = await t.gql(QUERY, { variables: { from: FROM, to: TO } });
  expect(anon.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const backwards = await t.gql(QUERY, { token: staffToken(t.config, 'ADMIN', undefined, t.clock.now()), variables: { from: TO, to: FROM } });
  expect(backwards.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  const long = await t.gql(QUERY, { token: staffToken(t.config, 'ADMIN', undefined, t.clock.now()), variables: { from: '2000-01-01T00:00:00Z', to: TO } });
  expect(long.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
});
