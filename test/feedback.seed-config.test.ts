// Feedback's configuration (the bank's calendar, deadlines per severity, extra topics) is validated at
// start; the demo bank's feedback is deterministic, consistent with its handling history, and quick.
import pg from 'pg';
import { ConfigError } from '../src/config';
import { dropDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { seedDemoBank } from '../src/db/seed';
import { analyseText } from '../src/modules/feedback/text';
import { createTestApp, createTestDatabase, testConfig } from './support/app';
import { testEnv } from './support/env';
import { FeedbackBank } from './support/feedback';

describe('configuration', () => {
  it('defaults: one business day to acknowledge, fifteen to resolve, in a valid IANA zone', () => {
    const { feedback } = testConfig();
    expect(feedback.acknowledgeDays).toEqual({ LOW: 1, MEDIUM: 1, HIGH: 1, CRITICAL: 1 });
    expect(feedback.resolveDays).toEqual({ LOW: 15, MEDIUM: 15, HIGH: 15, CRITICAL: 15 });
    expect(() => new Intl.DateTimeFormat('en', { timeZone: feedback.bankTimeZone })).not.toThrow();
    expect(feedback.bankHolidays).toEqual([]);
  });

  it('reads the zone, holidays, deadlines per severity and extra topics', () => {
    const { feedback } = testConfig({
      BANK_TIMEZONE: 'Asia/Hong_Kong',
      BANK_HOLIDAYS: '2026-12-25, 2026-12-26,2026-12-25',
      FEEDBACK_RESOLVE_DAYS: 'CRITICAL=3,HIGH=8',
      FEEDBACK_ACKNOWLEDGE_DAYS: 'LOW=2',
      FEEDBACK_EXTRA_TOPICS: 'parking=car park,parking|停车,车位',
    });
    expect(feedback.bankTimeZone).toBe('Asia/Hong_Kong');
    expect(feedback.bankHolidays).toEqual(['2026-12-25', '2026-12-26']);
    expect(feedback.resolveDays).toEqual({ LOW: 15, MEDIUM: 15, HIGH: 8, CRITICAL: 3 });
    expect(feedback.acknowledgeDays.LOW).toBe(2);
    expect(feedback.extraTopics.map((r) => r.code)).toEqual(['parking']);
  });

  it.each([
    [{ BANK_TIMEZONE: 'Mars/Olympus_Mons' }, /BANK_TIMEZONE must be an IANA time zone/],
    [{ BANK_HOLIDAYS: '2026-02-30' }, /BANK_HOLIDAYS must be ISO dates/],
    [{ BANK_HOLIDAYS: '25/12/2026' }, /BANK_HOLIDAYS must be ISO dates/],
    [{ FEEDBACK_RESOLVE_DAYS: 'URGENT=2' }, /FEEDBACK_RESOLVE_DAYS must look like/],
    [{ FEEDBACK_ACKNOWLEDGE_DAYS: 'LOW=0' }, /FEEDBACK_ACKNOWLEDGE_DAYS must look like/],
    [{ FEEDBACK_ACKNOWLEDGE_DAYS: 'CRITICAL=5', FEEDBACK_RESOLVE_DAYS: 'CRITICAL=3' }, /must not be shorter/],
    [{ FEEDBACK_TEXT_MAX_LENGTH: '10' }, /FEEDBACK_TEXT_MAX_LENGTH/],
    [{ FEEDBACK_EXTRA_TOPICS: 'Not A Code=x' }, /FEEDBACK_EXTRA_TOPICS/],
  ])('refuses %j at start with one line naming the variable', (env, message) => {
    expect(() => testConfig(env as Record<string, string>)).toThrow(ConfigError);
    expect(() => testConfig(env as Record<string, string>)).toThrow(message);
  });

  it('a complaint\'s deadlines follow the configured days of its severity', async () => {
    const t = await createTestApp({ env: { FEEDBACK_RESOLVE_DAYS: 'CRITICAL=2', BANK_HOLIDAYS: '2026-12-04' } });
    try {
      t.clock.set('2026-12-03T10:00:00Z'); // Thursday; Friday is a holiday here
      const b = await new FeedbackBank(t).setup();
      const critical = await b.complaint(b.mine.id, { severity: 'CRITICAL' });
      const low = await b.complaint(b.mine.id, { severity: 'LOW' });
      expect([critical.acknowledgeBy, critical.resolveBy]).toEqual(['2026-12-07T10:00:00.000Z', '2026-12-08T10:00:00.000Z']);
      // Fifteen business days without Friday 4 December: Friday 25 December (no Christmas holiday configured here).
      expect(low.resolveBy).toBe('2026-12-25T10:00:00.000Z');
    } finally {
      await t.close();
    }
  });
});

describe('the demo bank', () => {
  const databases: ProvisionedDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await dropDatabase(testEnv().superuserUrl, db.database);
  });

  async function seeded(): Promise<pg.Client> {
    const db = await createTestDatabase();
    databases.push(db);
    const client = new pg.Client({ connectionString: db.ownerUrl });
    await client.connect();
    await client.query('begin');
    const started = Date.now();
    await seedDemoBank(client, { size: 400 });
    process.stdout.write(`seed of 400 customers with feedback: ${Date.now() - started} ms\n`);
    await client.query('commit');
    return client;
  }

  it('is deterministic, two years deep, in English and Chinese, analysed as recording would, with complaint histories', async () => {
    const [a, b] = [await seeded(), await seeded()];
    try {
      const fingerprint = `select md5(string_agg(concat_ws('|', customer_id, kind, nps, text, status, received_at, overdue_at), ',' order by id)) as h from feedback`;
      expect((await a.query(fingerprint)).rows[0].h).toBe((await b.query(fingerprint)).rows[0].h);

      const facts = (await a.query(`select count(*)::int as n, min(received_at) as first, max(received_at) as last,
          count(*) filter (where language = 'zh')::int as zh, count(*) filter (where language = 'en')::int as en,
          count(*) filter (where kind = 'COMPLAINT')::int as complaints,
          count(*) filter (where kind = 'COMPLAINT' and overdue_at is not null and status in ('OPEN','ACKNOWLEDGED','IN_PROGRESS'))::int as overdue_open,
          count(*) filter (where kind = 'COMPLAINT' and status = 'CLOSED')::int as closed
        from feedback`)).rows[0];
      expect(facts.n).toBeGreaterThan(400);
      expect(new Date('2026-11-01').getTime() - new Date(facts.first).getTime()).toBeGreaterThan(600 * 86_400_000);
      expect(facts.zh).toBeGreaterThan(20);
      expect(facts.en).toBeGreaterThan(facts.zh);
      expect(facts.overdue_open).toBeGreaterThan(0);
      expect(facts.closed).toBeGreaterThan(0);

      // One past incident, resolved, with the customers it touched and what the bank said (to customers and internally).
      const incident = (await a.query(`select i.status, i.ended_at > i.started_at as ended_later,
          (select count(*)::int from incident_customer ic where ic.incident_id = i.id) as touched,
          (select count(*)::int from incident_update u where u.incident_id = i.id and u.customer_visible) as told,
          (select count(*)::int from incident_update u where u.incident_id = i.id and not u.customer_visible) as internal,
          (select count(*)::int from feedback f where f.incident_id = i.id and f.kind <> 'COMPLAINT') as not_complaints
        from incident i`)).rows;
      expect(incident).toEqual([{ status: 'RESOLVED', ended_later: true, touched: expect.any(Number), told: 3, internal: 2, not_complaints: 0 }]);
      expect(incident[0].touched).toBeGreaterThan(20);

      // Stored analysis is the analysis of the stored text.
      const sample = (await a.query(`select text, language, sentiment_label, topics from feedback where text is not null order by id limit 40`)).rows;
      for (const r of sample) {
        const x = analyseText(r.text);
        expect([r.language, r.sentiment_label, r.topics]).toEqual([x.language, x.sentiment.label, x.topics]);
      }
      // Every row's status is where its history ends, and every complaint has deadlines.
      const inconsistent = (await a.query(`select f.id from feedback f
          where f.status is distinct from (select t.to_status from feedback_transition t where t.feedback_id = f.id order by t.seq desc limit 1)
             or (f.kind = 'COMPLAINT') <> (f.resolve_by is not null)`)).rows;
      expect(inconsistent).toEqual([]);

      // Customers whose balances fell, or who are leaving, lean to detractors.
      const nps = (await a.query(`select (c.balance_trend_90d_bp <= -2000 or c.status <> 'ACTIVE') as at_risk,
          avg(case when f.nps <= 6 then 1.0 else 0 end) as detractors
        from feedback f join customer c on c.id = f.customer_id where f.nps is not null and f.kind = 'SATISFACTION_SURVEY' group by 1`)).rows;
      const share = Object.fromEntries(nps.map((r) => [String(r.at_risk), Number(r.detractors)]));
      expect(share.true).toBeGreaterThan(share.false);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
