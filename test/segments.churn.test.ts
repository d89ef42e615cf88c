// Churn analytics, segment statistics and cohort retention equal figures computed independently in
// TypeScript on a fixture of known exits, reasons, retention attempts, retained cases and win-backs;
// a relationship manager's figures cover their own book; bank-initiated reasons stay hidden from those
// who may not see anti-money-laundering reasons; statistics use other modules' attributes by name.
import { randomUUID } from 'node:crypto';
import { prng } from '../src/db/seed.helpers';
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let rm1: StaffRow;
let rm2: StaffRow;
const token = (roles: Parameters<typeof staffToken>[1], sub?: string) => staffToken(t.config, roles, sub, t.clock.now());

interface Case { id: string; initiatedBy: 'CUSTOMER' | 'BANK'; reason: string; state: 'CLOSED' | 'RETAINED'; endedAt: Date; attemptAt: Date | null; movedOut: { amount: number; currency: string }[] }
interface Fx {
  id: string; gid: string; rmId: string; joinedAt: Date; exitedAt: Date | null; wonBackAt: Date | null; deposits: number;
  cases: Case[]; winBacks: { at: Date; won: boolean }[]; memberSince: Date | null;
}
const fixture: Fx[] = [];
const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2026-04-01T00:00:00Z');
const PERIODS = [['2026-01-01', '2026-02-01'], ['2026-02-01', '2026-03-01'], ['2026-03-01', '2026-04-01']].map(([a, b]) => [new Date(`${a}T00:00:00Z`), new Date(`${b}T00:00:00Z`)]);
const AML_REASONS = new Set(['ADMIN', 'COMPLIANCE_OFFICER']);
let segmentId = '';

const customerAt = (c: Fx, at: Date) =>
  c.joinedAt <= at && (c.exitedAt === null || c.exitedAt > at || (c.wonBackAt !== null && c.wonBackAt > c.exitedAt && c.wonBackAt <= at));
const memberAt = (c: Fx, at: Date) => c.memberSince !== null && c.memberSince <= at;
const within = (d: Date | null, [a, b]: Date[]) => d !== null && d >= a && d < b;

function expectedChurn(visible: (c: Fx) => boolean, seeBankReasons: boolean, segment: boolean) {
  const pop = fixture.filter((c) => visible(c));
  const inSeg = (c: Fx, at: Date) => !segment || memberAt(c, at);
  const counted: { c: Fx; k: Case }[][] = PERIODS.map((p) =>
    pop.filter((c) => customerAt(c, p[0]) && inSeg(c, p[0])).flatMap((c) => c.cases.filter((k) => k.state === 'CLOSED' && within(k.endedAt, p)).map((k) => ({ c, k }))));
  const periods = PERIODS.map((p, i) => {
    const atStart = pop.filter((c) => customerAt(c, p[0]) && inSeg(c, p[0])).length;
    const exits = counted[i].length;
    const segPop = pop.filter((c) => inSeg(c, p[0]));
    const approached = segPop.filter((c) => c.winBacks.some((w) => within(w.at, p))).length;
    const won = segPop.filter((c) => c.winBacks.some((w) => w.won && within(w.at, p))).length;
    const lost = counted[i].reduce((sum, { k }) => sum + k.movedOut.filter((m) => m.currency === 'EUR').reduce((s, m) => s + m.amount, 0), 0);
    return {
      customersAtStart: atStart,
      exits,
      churnRate: atStart ? exits / atStart : null,
      retentionAttempts: segPop.flatMap((c) => c.cases).filter((k) => within(k.attemptAt, p)).length,
      retained: segPop.flatMap((c) => c.cases).filter((k) => k.state === 'RETAINED' && within(k.endedAt, p)).length,
      winBackApproached: approached,
      winBacks: won,
      winBackRate: approached ? won / approached : null,
      depositsLost: (lost / 100).toFixed(2),
    };
  });
  const reasons = new Map<string, number>();
  for (const { k } of counted.flat()) {
    const key = `${k.initiatedBy}:${k.initiatedBy === 'BANK' && !seeBankReasons ? null : k.reason}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return { periods, byReason: [...reasons.entries()].map(([k, exits]) => `${k}=${exits}`).sort() };
}

const CHURN = `query($from: DateTimeISO!, $to: DateTimeISO!, $g: ChurnGranularity!, $s: ID) { churnAnalytics(from: $from, to: $to, granularity: $g, segmentId: $s) {
  periods { start customersAtStart exits churnRate retentionAttempts retained winBackApproached winBacks winBackRate depositsLost { amount currency } }
  byReason { initiatedBy reason exits } } }`;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-07-01T00:00:00Z');
  rm1 = await createStaff(t.sql, 'rm-01');
  rm2 = await createStaff(t.sql, 'rm-02');
  const rand = prng(2026);
  const day = (from: Date, days: number) => new Date(from.getTime() + Math.floor(days) * 86_400_000);
  const seg = await t.gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } } }', {
    token: token('ADMIN'), variables: { input: { name: 'Churn fixture' } },
  });
  segmentId = seg.body.data.createSegment.segment.id;
  const segmentKey = Buffer.from(segmentId, 'base64url').toString().split(':')[1];
  for (let i = 0; i < 60; i++) {
    const joinedAt = day(new Date('2025-06-01T00:00:00Z'), rand() * 300);
    const c: Fx = {
      id: '', gid: '', rmId: i % 3 === 0 ? rm2.id : rm1.id, joinedAt, exitedAt: null, wonBackAt: null,
      deposits: Math.floor(rand() * 1000) * 1000 + Math.floor(rand() * 1000), cases: [], winBacks: [],
      memberSince: rand() < 0.5 ? new Date('2025-01-01T00:00:00Z') : rand() < 0.5 ? new Date('2026-02-10T00:00:00Z') : null,
    };
    const r = rand();
    if (r < 0.55) {
      const bank = rand() < 0.35;
      const endedAt = day(new Date('2025-12-15T00:00:00Z'), rand() * 120);
      if (endedAt > joinedAt) {
        const retained = !bank && rand() < 0.25;
        const k: Case = {
          id: randomUUID(), initiatedBy: bank ? 'BANK' : 'CUSTOMER',
          reason: bank ? (rand() < 0.5 ? 'AML_CONCERN' : 'DORMANCY') : (rand() < 0.5 ? 'FEES' : 'RELOCATION'),
          state: retained ? 'RETAINED' : 'CLOSED', endedAt, attemptAt: !bank && rand() < 0.7 ? day(endedAt, -10) : null,
          movedOut: retained ? [] : [{ amount: Math.floor(rand() * 500_000), currency: 'EUR' }, ...(rand() < 0.3 ? [{ amount: 1234, currency: 'XTS' }] : [])],
        };
        c.cases.push(k);
        if (!retained) {
          c.exitedAt = endedAt;
          if (!bank && rand() < 0.6) {
            const won = rand() < 0.5;
            const at = day(endedAt, 5 + rand() * 25);
            c.winBacks.push({ at, won });
            if (won) c.wonBackAt = at;
          }
        }
      }
    }
    const made = await createCustomer(t.sql, { rmId: c.rmId, joinedAt, status: c.exitedAt && !c.wonBackAt ? 'EXITED' : 'ACTIVE', totalDepositsMinor: c.deposits });
    c.id = made.id;
    c.gid = toGlobalId('Customer', made.id);
    await t.sql.query('update customer set exited_at = $2, won_back_at = $3 where id = $1', [c.id, c.exitedAt, c.wonBackAt]);
    for (const k of c.cases) {
      await t.sql.query(
        `insert into offboarding_case (id, created_at, updated_at, customer_id, initiated_by, reason, scope, state, state_entered_at, initiator_kind, initiator_id,
           closed_at, retain_until, legal_basis)
         values ($1, $2, $2, $3, $4, $5, 'FULL', $6, $7, 'staff', 'rm-01', $8, $9, $10)`,
        [k.id, day(k.endedAt, -30), c.id, k.initiatedBy, k.reason, k.state, k.endedAt, k.state === 'CLOSED' ? k.endedAt : null,
          k.state === 'CLOSED' ? day(k.endedAt, 5 * 365) : null, k.state === 'CLOSED' ? 'AML record keeping' : null],
      );
      if (k.attemptAt) {
        await t.sql.query(`insert into retention_attempt (id, case_id, offer, answer, recorded_at, recorded_by) values ($1, $2, 'fee waiver', $3, $4, 'rm-01')`,
          [randomUUID(), k.id, k.state === 'RETAINED' ? 'ACCEPTED' : 'DECLINED', k.attemptAt]);
        // A second attempt later in the case counts the case once.
        await t.sql.query(`insert into retention_attempt (id, case_id, offer, answer, recorded_at, recorded_by) values ($1, $2, 'rate', 'DECLINED', $3, 'rm-01')`,
          [randomUUID(), k.id, day(k.attemptAt, 2)]);
      }
      for (const [pos, m] of k.movedOut.entries()) {
        await t.sql.query(
          `insert into checklist_item (id, created_at, updated_at, case_id, position, source, kind, label, required, done_at, done_by, destination, amount_minor, currency)
           values ($1, $2, $2, $3, $4, 'offboarding', 'MOVE_BALANCE', 'Move the balance', true, $2, 'rm-01', 'DE89', $5, $6)`,
          [randomUUID(), k.endedAt, k.id, pos + 1, m.amount, m.currency],
        );
      }
    }
    for (const w of c.winBacks) {
      await t.sql.query(
        `insert into win_back_attempt (id, created_at, updated_at, customer_id, offer, outcome, recorded_at, recorded_by) values ($1, $2, $2, $3, 'offer', $4, $2, 'rm-01')`,
        [randomUUID(), w.at, c.id, w.won ? 'WON_BACK' : 'DECLINED'],
      );
    }
    if (c.memberSince) {
      await t.sql.query('insert into segment_membership (segment_id, customer_id, joined_at) values ($1, $2, $3)', [segmentKey, c.id, c.memberSince]);
    }
    fixture.push(c);
  }
  await t.sql.query('update segment set member_count = (select count(*) from segment_membership where segment_id = $1) where id = $1', [segmentKey]);
});
// Scores of the active model for the fixture's customers, so that the statistics have risk to read:
// (deposits mod 1000) / 1000, HIGH from one half; an external score that would change every figure is
// history, never the score, and is left out.
beforeAll(async () => {
  const model = (await t.sql.query(`select id, version from risk_model where status = 'ACTIVE'`)).rows[0];
  for (const c of fixture) {
    const score = (c.deposits % 1000) / 1000;
    await t.sql.query(
      `insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, triggered_by, computed_at)
       values (gen_random_uuid(), $1, $2, $3, 'MODEL', $4, $5, 0, 'TEST', '2026-06-01T00:00:00Z'),
              (gen_random_uuid(), $1, null, null, 'bank-platform', 0.999, 'CRITICAL', null, 'EXTERNAL', '2026-06-15T00:00:00Z')`,
      [c.id, model.id, model.version, score, score >= 0.5 ? 'HIGH' : 'LOW'],
    );
  }
});
afterAll(async () => {
  await t?.close();
});

function shape(data: { periods: Record<string, unknown>[]; byReason: { initiatedBy: string; reason: string | null; exits: number }[] }) {
  return {
    periods: data.periods.map(({ start: _s, depositsLost, ...rest }) => ({ ...rest, depositsLost: (depositsLost as { amount: string }).amount })),
    byReason: data.byReason.map((r) => `${r.initiatedBy}:${r.reason}=${r.exits}`).sort(),
  };
}

describe('churnAnalytics', () => {
  it.each([
    ['ADMIN', undefined, () => true],
    ['COMPLIANCE_OFFICER', undefined, () => true],
    ['RETENTION_ANALYST', undefined, () => true],
    ['RELATIONSHIP_MANAGER', 'rm-01', (c: Fx) => c.rmId === rm1.id],
  ] as const)('equals the figures computed in TypeScript for %s', async (role, sub, visible) => {
    const res = await t.gql(CHURN, { token: token(role, sub), variables: { from: FROM.toISOString(), to: TO.toISOString(), g: 'MONTH' } });
    expect(res.body.errors).toBeUndefined();
    const got = shape(res.body.data.churnAnalytics);
    const want = expectedChurn(visible as (c: Fx) => boolean, AML_REASONS.has(role), false);
    expect(got).toEqual(want);
    // The fixture has something in every column, so that the comparison can fail.
    const sum = (k: string) => want.periods.reduce((s, p) => s + Number((p as Record<string, unknown>)[k]), 0);
    for (const k of ['exits', 'retentionAttempts', 'retained', 'winBackApproached', 'winBacks', 'depositsLost']) expect(sum(k)).toBeGreaterThan(0);
  });

  it('for a segment: its members at each period\'s start', async () => {
    const res = await t.gql(CHURN, { token: token('RETENTION_ANALYST'), variables: { from: FROM.toISOString(), to: TO.toISOString(), g: 'MONTH', s: segmentId } });
    expect(res.body.errors).toBeUndefined();
    expect(shape(res.body.data.churnAnalytics)).toEqual(expectedChurn(() => true, false, true));
  });

  it('keeps bank-initiated reasons from those who may not see anti-money-laundering reasons', async () => {
    const analyst = await t.gql(CHURN, { token: token('RETENTION_ANALYST'), variables: { from: FROM.toISOString(), to: TO.toISOString(), g: 'QUARTER' } });
    const reasons = analyst.body.data.churnAnalytics.byReason as { initiatedBy: string; reason: string | null }[];
    expect(reasons.filter((r) => r.initiatedBy === 'BANK').every((r) => r.reason === null)).toBe(true);
    expect(reasons.some((r) => r.initiatedBy === 'BANK')).toBe(true);
    const compliance = await t.gql(CHURN, { token: token('COMPLIANCE_OFFICER'), variables: { from: FROM.toISOString(), to: TO.toISOString(), g: 'QUARTER' } });
    expect((compliance.body.data.churnAnalytics.byReason as { reason: string | null }[]).map((r) => r.reason)).toContain('AML_CONCERN');
  });

  it('is refused to support agents and partners, and bounded to sensible ranges', async () => {
    const support = await t.gql(CHURN, { token: token('SUPPORT_AGENT'), variables: { from: FROM.toISOString(), to: TO.toISOString(), g: 'MONTH' } });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const backwards = await t.gql(CHURN, { token: token('ADMIN'), variables: { from: TO.toISOString(), to: FROM.toISOString(), g: 'MONTH' } });
    expect(backwards.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const huge = await t.gql(CHURN, { token: token('ADMIN'), variables: { from: '1900-01-01T00:00:00Z', to: TO.toISOString(), g: 'WEEK' } });
    expect(huge.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const wrongId = await t.gql(CHURN, { token: token('ADMIN'), variables: { from: FROM.toISOString(), to: TO.toISOString(), g: 'MONTH', s: fixture[0].gid } });
    expect(wrongId.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('Segment.stats', () => {
  const STATS = `query($id: ID!, $from: DateTimeISO, $to: DateTimeISO) { segment(id: $id) { stats(from: $from, to: $to) {
    size totalDeposits { amount } averageRiskScore membersByRiskBand { band members } averageNps exits membersAtStart churnRate } } }`;

  it.each([
    ['ADMIN', undefined, () => true],
    ['RETENTION_ANALYST', undefined, () => true],
    ['RELATIONSHIP_MANAGER', 'rm-01', (c: Fx) => c.rmId === rm1.id],
  ] as const)('equals the figures computed in TypeScript for %s', async (role, sub, visible) => {
    const res = await t.gql(STATS, { token: token(role, sub), variables: { id: segmentId, from: PERIODS[1][0].toISOString(), to: TO.toISOString() } });
    expect(res.body.errors).toBeUndefined();
    const members = fixture.filter((c) => c.memberSince !== null && (visible as (c: Fx) => boolean)(c));
    const atStart = members.filter((c) => memberAt(c, PERIODS[1][0]) && customerAt(c, PERIODS[1][0]));
    const exits = atStart.filter((c) => c.cases.some((k) => k.state === 'CLOSED' && within(k.endedAt, [PERIODS[1][0], TO]))).length;
    const scores = members.map((c) => (c.deposits % 1000) / 1000);
    const bands = new Map<string, number>();
    for (const s of scores) bands.set(s >= 0.5 ? 'HIGH' : 'LOW', (bands.get(s >= 0.5 ? 'HIGH' : 'LOW') ?? 0) + 1);
    const stats = res.body.data.segment.stats;
    expect(stats).toEqual({
      size: members.length,
      totalDeposits: { amount: (members.reduce((s, c) => s + c.deposits, 0) / 100).toFixed(2) },
      averageRiskScore: expect.closeTo(scores.reduce((a, b) => a + b, 0) / scores.length, 9),
      membersByRiskBand: [...bands.entries()].sort().map(([band, n]) => ({ band, members: n })),
      // No module offers NPS in this deployment.
      averageNps: null,
      exits,
      membersAtStart: atStart.length,
      churnRate: atStart.length ? exits / atStart.length : null,
    });
    expect(exits).toBeGreaterThan(0);
  });

  it('computes only the figures asked for, through fragments and aliases too, each as in the full answer', async () => {
    const variables = { id: segmentId, from: PERIODS[1][0].toISOString(), to: TO.toISOString() };
    const full = (await t.gql(STATS, { token: token('ADMIN'), variables })).body.data.segment.stats;
    const statsOf = (selection: string, fragments = '') =>
      countStatements(() => t.gql(`query($id: ID!, $from: DateTimeISO, $to: DateTimeISO) { segment(id: $id) { stats(from: $from, to: $to) { ${selection} } } } ${fragments}`, { token: token('ADMIN'), variables }));
    const all = await statsOf('size totalDeposits { amount } averageRiskScore membersByRiskBand { band members } averageNps exits membersAtStart churnRate');
    const sizeOnly = await statsOf('size totalDeposits { amount }');
    expect(sizeOnly.result.body.data.segment.stats).toEqual({ size: full.size, totalDeposits: full.totalDeposits });
    // The segment, then one statement for the size and deposits instead of three for every figure.
    expect(all.statements.length - sizeOnly.statements.length).toBe(2);
    const viaFragments = await statsOf('n: size ...Churn ... on SegmentStats { bands: membersByRiskBand { band members } }', 'fragment Churn on SegmentStats { exits membersAtStart churnRate }');
    expect(viaFragments.result.body.data.segment.stats).toEqual({
      n: full.size, exits: full.exits, membersAtStart: full.membersAtStart, churnRate: full.churnRate, bands: full.membersByRiskBand,
    });
    expect(viaFragments.statements.length).toBe(all.statements.length);
  });
});

describe('cohortRetention', () => {
  it('equals the cohorts computed in TypeScript, within the viewer\'s book', async () => {
    const Q = 'query($from: DateTimeISO!, $to: DateTimeISO!, $asOf: DateTimeISO) { cohortRetention(joinedFrom: $from, joinedTo: $to, asOf: $asOf) { quarter joined retained retentionRate } }';
    const asOf = new Date('2026-03-15T00:00:00Z');
    for (const [role, sub, visible] of [['ADMIN', undefined, () => true], ['RELATIONSHIP_MANAGER', 'rm-01', (c: Fx) => c.rmId === rm1.id]] as const) {
      const res = await t.gql(Q, { token: token(role, sub), variables: { from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', asOf: asOf.toISOString() } });
      expect(res.body.errors).toBeUndefined();
      const groups = new Map<string, { joined: number; retained: number }>();
      for (const c of fixture.filter(visible as (c: Fx) => boolean)) {
        const q = `${c.joinedAt.getUTCFullYear()}-Q${Math.floor(c.joinedAt.getUTCMonth() / 3) + 1}`;
        const g = groups.get(q) ?? { joined: 0, retained: 0 };
        g.joined += 1;
        if (customerAt(c, asOf)) g.retained += 1;
        groups.set(q, g);
      }
      expect(res.body.data.cohortRetention).toEqual(
        [...groups.entries()].sort().map(([quarter, g]) => ({ quarter, ...g, retentionRate: expect.closeTo(g.retained / g.joined, 9) })),
      );
    }
  });
});

describe('rules on risk (the score and band a model gave, as of now)', () => {
  const PREVIEW = 'query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count userErrors { field code } } }';
  const preview = (rule: unknown, role: Parameters<typeof staffToken>[1] = 'RETENTION_ANALYST', sub?: string) =>
    t.gql(PREVIEW, { token: token(role, sub), variables: { r: rule } });
  const high = (c: Fx) => (c.deposits % 1000) / 1000 >= 0.5;

  it('select exactly the customers whose model score says so; an external score is never the score', async () => {
    const byBand = await preview({ condition: { field: 'risk.band', operator: 'EQ', value: { text: 'HIGH' } } });
    expect(byBand.body.data.segmentPreview).toEqual({ count: fixture.filter(high).length, userErrors: [] });
    const byScore = await preview({ condition: { field: 'risk.score', operator: 'GTE', value: { number: 0.5 } } });
    expect(byScore.body.data.segmentPreview.count).toBe(fixture.filter(high).length);
    const critical = await preview({ condition: { field: 'risk.band', operator: 'IN', value: { texts: ['CRITICAL'] } } });
    expect(critical.body.data.segmentPreview.count).toBe(0);
    expect(fixture.filter(high).length).toBeGreaterThan(5);
  });

  it('refuse a band risk does not have, at its path', async () => {
    const res = await preview({ any: [{ condition: { field: 'risk.band', operator: 'EQ', value: { text: "HIGH'; drop table risk_score; --" } } }] });
    expect(res.body.data.segmentPreview.count).toBeNull();
    expect(res.body.data.segmentPreview.userErrors.map((e: { field: string[] }) => e.field.join('.'))).toEqual(['rule.any.0.condition.value']);
  });
});
