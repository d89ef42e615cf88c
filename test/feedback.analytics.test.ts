// Feedback analytics: feedbackStats' NPS, CSAT, percentiles, overdue counts and deadline shares equal
// what this test computes itself from the rows it inserted; complaint surges are flagged on a spike and
// not without one; a manager's numbers cover their book only; who may ask; bounded inputs.
import { randomUUID } from 'node:crypto';
import { prng } from '../src/db/seed.helpers';
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { errorCode, FeedbackBank, type Out } from './support/feedback';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';

let t: TestApp;
let b: FeedbackBank;
const NOW = new Date('2026-12-01T09:00:00Z');
const H = 3_600_000;
const SECRET_TEXT = 'private words of the customer';

interface Row {
  id: string;
  customerKey: string;
  rm: 'rm-01' | 'rm-02';
  region: string;
  channel: string;
  kind: string;
  nps: number | null;
  csat: number | null;
  topics: string[];
  receivedAt: Date;
  acknowledgeBy: Date | null;
  resolveBy: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  overdueAt: Date | null;
}

const rows: Row[] = [];

async function insert(r: Row): Promise<void> {
  const status = r.resolvedAt ? 'RESOLVED' : r.acknowledgedAt ? 'ACKNOWLEDGED' : 'OPEN';
  await t.sql.query(
    `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, nps, csat, text, topics, status, severity,
       received_at, acknowledge_by, resolve_by, acknowledged_at, resolved_at, overdue_at)
     values ($1, now(), now(), $2, $3, $4, $5, $6, $7, $8, $9, 'MEDIUM', $10, $11, $12, $13, $14, $15)`,
    [r.id, r.customerKey, r.channel, r.kind, r.nps, r.csat, SECRET_TEXT, r.topics, status, r.receivedAt, r.acknowledgeBy, r.resolveBy, r.acknowledgedAt, r.resolvedAt, r.overdueAt],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW.toISOString());
  b = await new FeedbackBank(t).setup();
  const customers: { key: string; rm: 'rm-01' | 'rm-02'; region: string }[] = [];
  for (let i = 0; i < 10; i++) {
    const rm = i < 6 ? 'rm-01' : 'rm-02';
    const c = await b.customer(rm === 'rm-01' ? b.rm1.id : b.rm2.id);
    const region = i % 3 === 0 ? 'South' : 'North';
    await t.sql.query('update customer set region = $2 where id = $1', [c.key, region]);
    customers.push({ key: c.key, rm, region });
  }
  const rand = prng(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  // September and October 2026, away from month ends so that the bank's time zone does not move a row.
  for (let i = 0; i < 240; i++) {
    const c = pick(customers);
    const kind = pick(['SATISFACTION_SURVEY', 'COMPLAINT', 'COMPLAINT', 'SUGGESTION']);
    const month = i % 2 === 0 ? 8 : 9;
    const receivedAt = new Date(Date.UTC(2026, month, 3 + Math.floor(rand() * 24), Math.floor(rand() * 24), Math.floor(rand() * 60)));
    const topics = ['fees', 'app', 'cards'].filter(() => rand() < 0.35);
    const complaint = kind === 'COMPLAINT';
    const acknowledgeBy = complaint ? new Date(receivedAt.getTime() + 48 * H) : null;
    const resolveBy = complaint ? new Date(receivedAt.getTime() + 240 * H) : null;
    const acknowledgedAt = complaint && rand() < 0.8 ? new Date(receivedAt.getTime() + Math.floor(rand() * 96 * 60) * 60_000) : null;
    const resolvedAt = acknowledgedAt && rand() < 0.7 ? new Date(acknowledgedAt.getTime() + Math.floor(rand() * 400 * 60) * 60_000) : null;
    const late = complaint && (!acknowledgedAt || acknowledgedAt > acknowledgeBy! || !resolvedAt || resolvedAt > resolveBy!);
    const row: Row = {
      id: randomUUID(), customerKey: c.key, rm: c.rm, region: c.region, channel: pick(['SURVEY', 'PHONE', 'EMAIL']), kind,
      nps: rand() < 0.7 ? Math.floor(rand() * 11) : null, csat: rand() < 0.6 ? 1 + Math.floor(rand() * 5) : null, topics, receivedAt,
      acknowledgeBy, resolveBy, acknowledgedAt, resolvedAt, overdueAt: late ? resolveBy : null,
    };
    rows.push(row);
    await insert(row);
  }
});
afterAll(async () => {
  await t?.close();
});

// ---- The expected numbers, computed here from the rows above (not by SQL). ----
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const a = [...values].sort((x, y) => x - y);
  const pos = p * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}

function expected(group: Row[]) {
  const nps = group.filter((r) => r.nps !== null).map((r) => r.nps!);
  const csat = group.filter((r) => r.csat !== null).map((r) => r.csat!);
  const complaints = group.filter((r) => r.kind === 'COMPLAINT');
  const hours = (end: Date | null, r: Row) => (end ? (end.getTime() - r.receivedAt.getTime()) / H : null);
  const ack = complaints.map((r) => hours(r.acknowledgedAt, r)).filter((h): h is number => h !== null);
  const res = complaints.map((r) => hours(r.resolvedAt, r)).filter((h): h is number => h !== null);
  const decided = complaints.filter((r) => r.resolvedAt || r.resolveBy! < NOW);
  return {
    count: group.length,
    npsResponses: nps.length,
    nps: nps.length ? (100 * (nps.filter((n) => n >= 9).length - nps.filter((n) => n <= 6).length)) / nps.length : null,
    csatResponses: csat.length,
    averageCsat: csat.length ? csat.reduce((s, x) => s + x, 0) / csat.length : null,
    complaints: complaints.length,
    medianHoursToAcknowledge: percentile(ack, 0.5),
    p90HoursToAcknowledge: percentile(ack, 0.9),
    medianHoursToResolve: percentile(res, 0.5),
    p90HoursToResolve: percentile(res, 0.9),
    overdue: complaints.filter((r) => r.overdueAt).length,
    resolvedWithinDeadlineShare: decided.length ? decided.filter((r) => r.resolvedAt && r.resolvedAt <= r.resolveBy!).length / decided.length : null,
  };
}

function expectRow(got: Out, want: ReturnType<typeof expected>, where: string) {
  for (const [k, v] of Object.entries(want)) {
    if (v === null) expect({ where, k, v: got[k] }).toEqual({ where, k, v: null });
    else expect([where, k, got[k]]).toEqual([where, k, expect.closeTo(v, 6)]);
  }
}

const STATS = `query($filter: FeedbackStatsFilter, $groupBy: [FeedbackStatsGroup!]) { feedbackStats(filter: $filter, groupBy: $groupBy) {
  from to groupBy truncated rows { channel topic kind month relationshipManagerId region count npsResponses nps csatResponses averageCsat complaints
  medianHoursToAcknowledge p90HoursToAcknowledge medianHoursToResolve p90HoursToResolve overdue resolvedWithinDeadlineShare } } }`;
const RANGE = { from: '2026-09-01T00:00:00Z', to: '2026-11-01T00:00:00Z' };

async function stats(token: string | undefined, groupBy: string[], filter: Record<string, unknown> = RANGE) {
  return t.gql(STATS, { token, variables: { filter, groupBy } });
}

function groupRows(by: (r: Row) => (string | null)[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) for (const key of by(r)) out.set(String(key), [...(out.get(String(key)) ?? []), r]);
  return out;
}

describe('feedbackStats equals the numbers computed from the fixture', () => {
  it('over everything (no grouping): NPS, CSAT, medians, p90s, overdue counts and the within-deadline share', async () => {
    const res = await stats(b.admin, []);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.feedbackStats.rows).toHaveLength(1);
    expectRow(res.body.data.feedbackStats.rows[0], expected(rows), 'all');
    expect(expected(rows).overdue).toBeGreaterThan(0);
    expect(expected(rows).medianHoursToResolve).not.toBeNull();
  });

  it('by CHANNEL, by KIND, by REGION, by RELATIONSHIP_MANAGER', async () => {
    const cases: [string, (r: Row) => string, (g: Out) => string][] = [
      ['CHANNEL', (r) => r.channel, (g) => g.channel],
      ['KIND', (r) => r.kind, (g) => g.kind],
      ['REGION', (r) => r.region, (g) => g.region],
      ['RELATIONSHIP_MANAGER', (r) => toGlobalId('StaffMember', r.rm === 'rm-01' ? b.rm1.id : b.rm2.id), (g) => g.relationshipManagerId],
    ];
    for (const [groupBy, keyOf, gotKey] of cases) {
      const want = groupRows((r) => [keyOf(r)]);
      const got = (await stats(b.admin, [groupBy])).body.data.feedbackStats.rows;
      expect(got.map(gotKey).sort()).toEqual([...want.keys()].sort());
      for (const g of got) expectRow(g, expected(want.get(gotKey(g))!), `${groupBy} ${gotKey(g)}`);
    }
  });

  it('by TOPIC counts a piece of feedback in each of its topics, and feedback without one under null', async () => {
    const want = groupRows((r) => (r.topics.length ? r.topics : [null]));
    const got = (await stats(b.admin, ['TOPIC'])).body.data.feedbackStats.rows;
    expect(got.map((g: Out) => String(g.topic)).sort()).toEqual([...want.keys()].sort());
    for (const g of got) expectRow(g, expected(want.get(String(g.topic))!), `topic ${g.topic}`);
  });

  it('by MONTH and CHANNEL and KIND together, with filters', async () => {
    const filter = { ...RANGE, kind_in: ['COMPLAINT', 'SATISFACTION_SURVEY'], topic: 'fees' };
    const kept = rows.filter((r) => ['COMPLAINT', 'SATISFACTION_SURVEY'].includes(r.kind) && r.topics.includes('fees'));
    const key = (r: Row) => `${r.receivedAt.toISOString().slice(0, 7)}|${r.channel}|${r.kind}`;
    const want = new Map<string, Row[]>();
    for (const r of kept) want.set(key(r), [...(want.get(key(r)) ?? []), r]);
    const res = await stats(b.admin, ['MONTH', 'CHANNEL', 'KIND'], filter);
    const got = res.body.data.feedbackStats.rows;
    expect(got.map((g: Out) => `${g.month}|${g.channel}|${g.kind}`).sort()).toEqual([...want.keys()].sort());
    for (const g of got) expectRow(g, expected(want.get(`${g.month}|${g.channel}|${g.kind}`)!), `${g.month} ${g.channel} ${g.kind}`);
    expect(got.every((g: Out) => g.topic === null && g.region === null)).toBe(true);
  });

  it('is one SQL statement whatever the grouping, and never carries the customers\' words', async () => {
    const one = await countStatements(() => stats(b.admin, ['CHANNEL']));
    const three = await countStatements(() => stats(b.admin, ['TOPIC', 'MONTH', 'REGION']));
    expect(three.result.body.errors).toBeUndefined();
    expect(one.statements.filter((s) => /from "feedback"/.test(s))).toHaveLength(1);
    expect(three.statements.filter((s) => /from "feedback"/.test(s))).toHaveLength(1);
    expect(three.statements.length).toBe(one.statements.length);
    expect(JSON.stringify(three.result.body)).not.toContain(SECRET_TEXT);
    expect(three.statements.join('\n')).not.toMatch(/f\.text|"text"/);
  });
});

describe('a manager\'s numbers', () => {
  it('cover their own book only, alone or combined with the agent role', async () => {
    const mine = rows.filter((r) => r.rm === 'rm-01');
    for (const token of [b.token('RELATIONSHIP_MANAGER', 'rm-01'), b.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01')]) {
      const res = await stats(token, []);
      expect(res.body.errors).toBeUndefined();
      expectRow(res.body.data.feedbackStats.rows[0], expected(mine), 'own book');
      const byRm = (await stats(token, ['RELATIONSHIP_MANAGER'])).body.data.feedbackStats.rows;
      expect(byRm.map((g: Out) => g.relationshipManagerId)).toEqual([toGlobalId('StaffMember', b.rm1.id)]);
    }
    const other = (await stats(b.token('RELATIONSHIP_MANAGER', 'rm-02'), [])).body.data.feedbackStats.rows[0];
    expectRow(other, expected(rows.filter((r) => r.rm === 'rm-02')), 'rm-02 book');
  });
});

describe('who may ask for analytics', () => {
  it('ADMIN, COMPLIANCE_OFFICER, RETENTION_ANALYST and a partner with feedback:read may; SUPPORT_AGENT, other partners and no one may not', async () => {
    for (const role of ['ADMIN', 'COMPLIANCE_OFFICER', 'RETENTION_ANALYST'] as const) {
      const res = await stats(b.token(role), []);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.feedbackStats.rows[0].count).toBe(rows.length);
      expect((await t.gql('{ complaintSurges { topics { topic } } }', { token: b.token(role) })).body.errors).toBeUndefined();
    }
    const partner = (await createPartnerToken(t, ['feedback:read'])).token;
    expect((await stats(partner, [])).body.data.feedbackStats.rows[0].count).toBe(rows.length);
    expect((await t.gql('{ complaintSurges { topics { topic } } }', { token: partner })).body.errors).toBeUndefined();
    for (const token of [b.token('SUPPORT_AGENT'), (await createPartnerToken(t, ['customers:read', 'feedback:write'])).token]) {
      expect(errorCode(await stats(token, []))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql('{ complaintSurges { topics { topic } } }', { token }))).toBe('FORBIDDEN');
    }
    expect(errorCode(await stats('', []))).toBe('UNAUTHENTICATED');
  });
});

describe('bounded input', () => {
  it.each([
    ['four keys', ['CHANNEL', 'TOPIC', 'KIND', 'MONTH'], RANGE],
    ['a key twice', ['CHANNEL', 'CHANNEL'], RANGE],
    ['a range over two years', [], { from: '2023-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
    ['a range that ends before it starts', [], { from: '2026-10-01T00:00:00Z', to: '2026-09-01T00:00:00Z' }],
    ['a topic of 500 characters', [], { ...RANGE, topic: 'x'.repeat(500) }],
    ['a list of 100 kinds', [], { ...RANGE, kind_in: Array(100).fill('COMPLAINT') }],
  ])('feedbackStats refuses %s as BAD_USER_INPUT', async (_what, groupBy, filter) => {
    expect(errorCode(await stats(b.admin, groupBy as string[], filter as Record<string, unknown>))).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['a window of 0 hours', { windowHours: 0 }],
    ['a window of a year', { windowHours: 24 * 365 }],
    ['a baseline of 10 years', { baselineDays: 3650 }],
    ['a threshold below 1', { threshold: 0.5 }],
    ['a minimum count of 0', { minCount: 0 }],
  ])('complaintSurges refuses %s as BAD_USER_INPUT', async (_what, window) => {
    const res = await t.gql('query($w: ComplaintSurgeInput) { complaintSurges(window: $w) { topics { topic } } }', { token: b.admin, variables: { w: window } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('complaint surges', () => {
  const SURGES = `query($w: ComplaintSurgeInput) { complaintSurges(window: $w) { windowStart baselineStart topics { topic recentCount baselineCount baselineRate ratio flagged } } }`;
  const byTopic = (res: Out) => new Map<string, Out>(res.body.data.complaintSurges.topics.map((s: Out) => [s.topic, s]));

  beforeAll(async () => {
    const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * H);
    const add = async (topic: string, customerKey: string, hoursAgo: number[], kind = 'COMPLAINT') => {
      for (const h of hoursAgo) {
        const receivedAt = at(h);
        const complaint = kind === 'COMPLAINT';
        await insert({
          id: randomUUID(), customerKey, rm: 'rm-01', region: 'North', channel: 'PHONE', kind, nps: null, csat: null, topics: [topic], receivedAt,
          acknowledgeBy: complaint ? new Date(receivedAt.getTime() + 48 * H) : null, resolveBy: complaint ? new Date(receivedAt.getTime() + 240 * H) : null,
          acknowledgedAt: null, resolvedAt: null, overdueAt: null,
        });
      }
    };
    const spread = (n: number, fromHours: number, toHours: number) => Array.from({ length: n }, (_, i) => fromHours + ((toHours - fromHours) * (i + 0.5)) / n);
    // fees: a spike in the last day (8) against 4 in the 28 days before; surveys about fees do not count.
    await add('fees', b.mine.key, spread(8, 0, 24));
    await add('fees', b.mine.key, spread(4, 24, 24 + 28 * 24));
    await add('fees', b.mine.key, spread(10, 0, 24), 'SATISFACTION_SURVEY');
    // app: steady, 2 a day.
    await add('app', b.mine.key, spread(2, 0, 24));
    await add('app', b.mine.key, spread(56, 24, 24 + 28 * 24));
    // branch: 7 today against 5 a day: above the minimum count, but no spike.
    await add('branch', b.mine.key, spread(7, 0, 24));
    await add('branch', b.mine.key, spread(140, 24, 24 + 28 * 24));
    // cards: new, but only 3.
    await add('cards', b.mine.key, spread(3, 0, 24));
    // outage: new and 6, in rm-02's book only.
    await add('outage', b.theirs.key, spread(6, 0, 24));
    // Older than the baseline: not counted.
    await add('branch', b.mine.key, spread(50, 24 + 28 * 24 + 1, 24 + 40 * 24));
  });

  it('flags the topics with a spike, and not the steady ones, with the counts, rates and ratios computed here', async () => {
    const res = await t.gql(SURGES, { token: b.admin, variables: { w: { windowHours: 24, baselineDays: 28, threshold: 2, minCount: 5 } } });
    expect(res.body.errors).toBeUndefined();
    const s = byTopic(res);
    const perWindow = 24 / (28 * 24);
    const want = (topic: string, recent: number, baseline: number, flagged: boolean) => {
      expect(s.get(topic)).toEqual({
        topic, recentCount: recent, baselineCount: baseline, baselineRate: expect.closeTo(baseline * perWindow, 9),
        ratio: baseline ? expect.closeTo(recent / (baseline * perWindow), 9) : null, flagged,
      });
    };
    want('fees', 8, 4, true);
    want('outage', 6, 0, true);
    want('app', 2, 56, false);
    want('branch', 7, 140, false);
    want('cards', 3, 0, false);
    // Flagged first.
    expect(res.body.data.complaintSurges.topics.slice(0, 2).map((x: Out) => x.topic).sort()).toEqual(['fees', 'outage']);
    expect(res.body.data.complaintSurges.windowStart).toBe(new Date(NOW.getTime() - 24 * H).toISOString());
  });

  it('the threshold, minimum count and window are the caller\'s to set', async () => {
    const lower = byTopic(await t.gql(SURGES, { token: b.admin, variables: { w: { threshold: 1.3, minCount: 3 } } }));
    expect(lower.get('branch').flagged).toBe(true);
    expect(lower.get('cards').flagged).toBe(true);
    expect(lower.get('app').flagged).toBe(false);
    const stricter = byTopic(await t.gql(SURGES, { token: b.admin, variables: { w: { minCount: 9 } } }));
    expect(stricter.get('fees').flagged).toBe(false);
    // A week's window takes the fees baseline's last days into the window.
    const week = byTopic(await t.gql(SURGES, { token: b.admin, variables: { w: { windowHours: 168 } } }));
    // The baseline's fees complaints were 108, 276, 444 and 612 hours ago: one of them falls in the week.
    expect(week.get('fees').recentCount).toBe(9);
  });

  it('a manager sees the surges of their own book only', async () => {
    const rm = byTopic(await t.gql(SURGES, { token: b.token('RELATIONSHIP_MANAGER', 'rm-01') }));
    expect(rm.get('fees').flagged).toBe(true);
    expect(rm.has('outage')).toBe(false);
    const other = byTopic(await t.gql(SURGES, { token: b.token('RELATIONSHIP_MANAGER', 'rm-02') }));
    expect([...other.keys()]).toEqual(['outage']);
    expect(other.get('outage').flagged).toBe(true);
  });
});
