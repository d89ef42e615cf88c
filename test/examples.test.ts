// The example client (examples/) against a real Keel: the app listening on an ephemeral port, its own
// PostgreSQL database seeded with the demo bank, a staff JWT and a partner API token. The flow's
// outcomes are checked against the database: the ranking, the factors, the proposals, the answers and
// the points they credited.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { ManualClock } from '../src/clock';
import { seedDemoBank } from '../src/db/seed';
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { createKeelClient, KeelError } from '../examples/keel-client';
import { LaunchCampaignDocument, type OfferAnswer, RespondToOfferDocument, RetentionPerformanceDocument } from '../schema/generated/operations';
import { PARTNER_SCOPES } from '../examples/partner';
import { highestRisk, runRetentionFlow, type RetentionFlowReport } from '../examples/retention-flow';
import { segmentIdOf } from '../examples/staff';
import { createTestApp, type TestApp } from './support/app';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

let t: TestApp;
let server: Server;
let url: string;

beforeAll(async () => {
  // The demo bank's "today" is 2026-11-01: its offers are valid from then.
  t = await createTestApp({ clock: new ManualClock('2026-11-02T09:00:00Z') });
  const client = await t.sql.connect();
  try {
    await client.query('begin');
    await seedDemoBank(client, { size: 400 });
    await client.query('commit');
  } finally {
    client.release();
  }
  server = createServer(t.keel.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

const key = (globalId: string) => parseGlobalId(globalId)!.key;

async function balanceOf(customerKey: string): Promise<number | null> {
  const { rows } = await t.sql.query(
    `select (select coalesce(sum(pl.amount), 0) from points_line pl where pl.account_id = la.id)::int as balance
       from loyalty_account la where la.customer_id = $1`,
    [customerKey],
  );
  return rows[0]?.balance ?? null;
}

/** Checks a report against the database: the answers are recorded, and an accepted bonus credited its points once. */
async function expectRecorded(report: RetentionFlowReport, before: Map<string, number | null>) {
  for (const c of report.customers) {
    if (!('assignmentId' in c.proposal)) continue;
    const { rows } = await t.sql.query('select status, customer_id, channel from offer_assignment where id = $1', [key(c.proposal.assignmentId)]);
    expect(rows[0].customer_id).toBe(key(c.id));
    const expected = c.answer && 'answer' in c.answer && c.answer.answer === 'ACCEPT' ? 'ACCEPTED' : 'DECLINED';
    expect(rows[0].status).toBe(expected);
    expect(c.result?.status).toBe(expected);
    const now = await balanceOf(key(c.id));
    expect(c.result?.pointsBalance).toBe(now);
    expect(now).toBe((before.get(c.id) ?? 0) + (expected === 'ACCEPTED' ? report.offer.value : 0));
  }
}

/** The target's active customers with a score, highest first, and how many without consent rank above the 5th with it. */
async function expectedTop(where: string, params: unknown[], top: number) {
  const { rows } = await t.sql.query(
    `select c.id, rs.score, c.marketing_consent from customer c join risk_current_score rs on rs.customer_id = c.id
      where c.status = 'ACTIVE' and ${where} order by rs.score desc`,
    params,
  );
  const reachable = rows.filter((r) => r.marketing_consent).slice(0, top);
  const last = rows.indexOf(reachable[reachable.length - 1]);
  return { all: rows.length, reachable, passedOver: last + 1 - reachable.length };
}

it('the staff flow works the highest-risk customers of a segment, from the ranking to the points credited', async () => {
  const client = createKeelClient({ url, token: staffToken(t.config, 'ADMIN', undefined, t.clock.now()) });
  const segmentId = await segmentIdOf(client, 'Gone quiet');
  const expected = await expectedTop('exists (select 1 from segment_membership m where m.customer_id = c.id and m.segment_id = $1 and m.left_at is null)', [key(segmentId)], 5);
  expect(expected.reachable.length).toBe(5);
  const before = new Map<string, number | null>();
  for (const r of expected.reachable) before.set(toGlobalId('Customer', r.id), await balanceOf(r.id));

  const report = await runRetentionFlow(client, {
    target: { segmentId },
    top: 5,
    answerOf: ({ rank }) => (rank === 0 ? 'ACCEPT' : 'DECLINE'),
    idempotencyPrefix: 'examples-test',
    readOfferConsumption: true,
  });

  // 1. The ranking: the segment's highest-risk customers who may receive offers, and how many were passed over.
  expect(report.customers.map((c) => c.id)).toEqual(expected.reachable.map((r) => toGlobalId('Customer', r.id)));
  expect(report.customers.map((c) => c.score)).toEqual(expected.reachable.map((r) => Number(r.score)));
  expect(report.passedOver).toBe(expected.passedOver);
  expect(report.scanned).toBe(expected.all);
  expect(report.truncated).toBe(false);

  // 2. Factors and actions are the stored score's.
  for (const c of report.customers) {
    const { rows } = await t.sql.query('select m.features, r.band from risk_current_score r join risk_model m on m.id = r.model_id where r.customer_id = $1', [key(c.id)]);
    expect(c.band).toBe(rows[0].band);
    expect(c.factors.length).toBeGreaterThan(0);
    expect(c.factors.map((f) => f.feature).sort()).toEqual((rows[0].features as { name: string }[]).map((f) => f.name).sort());
    for (const a of c.recommendedActions) expect(a.weight).toBeGreaterThan(0);
  }

  // 3. Proposals: made, or refused for a reason the database bears out.
  expect(report.offer.kind).toBe('BONUS_POINTS');
  for (const c of report.customers) {
    if ('assignmentId' in c.proposal) continue;
    const codes = c.proposal.refused.map((e) => e.code);
    if (before.get(c.id) === null) expect(codes).toEqual(['NOT_ELIGIBLE']);
    else expect(codes).toEqual(['ALREADY_PROPOSED']);
  }
  const proposed = report.customers.filter((c) => 'assignmentId' in c.proposal);
  expect(proposed.length).toBeGreaterThanOrEqual(2);

  // 4 and 5. The answers, as recorded, and the points of an acceptance.
  await expectRecorded(report, before);
  const statuses = proposed.map((c) => c.result?.status);
  expect(statuses).toContain('DECLINED');
  if ('assignmentId' in report.customers[0].proposal) expect(statuses[0]).toBe('ACCEPTED');
  expect(report.consumption?.accepted).toBeGreaterThanOrEqual(statuses.filter((s) => s === 'ACCEPTED').length);
  expect(report.consumption?.declined).toBeGreaterThanOrEqual(statuses.filter((s) => s === 'DECLINED').length);

  // An answer sent again with its key is a replay: nothing is credited twice.
  const first = proposed[0];
  const assignmentId = (first.proposal as { assignmentId: string }).assignmentId;
  const again = await client.mutate(RespondToOfferDocument, {
    input: { assignmentId, answer: (first.answer as { answer: OfferAnswer }).answer, channel: 'PHONE', idempotencyKey: `examples-test:${assignmentId}` },
  });
  expect(again.respondToOffer.replayed).toBe(true);
  expect(await balanceOf(key(first.id))).toBe(first.result?.pointsBalance);

  // 6. No campaign was asked for here (the last test asks for one: its proposals would take the customers
  // the other tests work).
  expect(report.campaign).toEqual({ status: 'SKIPPED', reason: 'No campaign was asked for: the flow ends with the recorded answers' });
});

it('the partner script selects by score with an API token, and is refused what its scopes do not cover', async () => {
  const partner = await createPartnerToken(t, PARTNER_SCOPES, { via: 'api' });
  const client = createKeelClient({ url, token: partner.token });

  // Partners have no segment scope: the segment filter is refused, not silently ignored.
  await expect(highestRisk(client, { segmentId: toGlobalId('Segment', '00000000-0000-0000-0000-000000000000') }, 5)).rejects.toMatchObject({
    codes: expect.arrayContaining(['FORBIDDEN']),
  });

  const expected = await expectedTop('rs.score >= $1', [0.5], 3);
  expect(expected.reachable.length).toBe(3);
  const before = new Map<string, number | null>();
  for (const r of expected.reachable) before.set(toGlobalId('Customer', r.id), await balanceOf(r.id));

  const report = await runRetentionFlow(client, {
    target: { minScore: 0.5 },
    top: 3,
    channel: 'APP',
    answerOf: () => 'ACCEPT',
    idempotencyPrefix: 'examples-partner',
  });
  expect(report.customers.map((c) => c.id)).toEqual(expected.reachable.map((r) => toGlobalId('Customer', r.id)));
  for (const c of report.customers) expect(c.score).toBeGreaterThanOrEqual(0.5);
  expect(report.customers.filter((c) => 'assignmentId' in c.proposal).length).toBeGreaterThan(0);
  await expectRecorded(report, before);
  // No campaign: partners work customers by score, and a campaign targets a segment.
  expect(report.campaign).toEqual({ status: 'SKIPPED', reason: 'No campaign was asked for: the flow ends with the recorded answers' });
  // Who answered: the partner's client, on its channel.
  for (const c of report.customers.filter((x) => 'assignmentId' in x.proposal)) {
    const { rows } = await t.sql.query('select answered_by, channel from offer_assignment where id = $1', [key((c.proposal as { assignmentId: string }).assignmentId)]);
    expect(rows[0]).toEqual({ answered_by: expect.stringContaining(partner.publicId), channel: 'APP' });
  }
  // Reading how the offer does overall is the analysts' (no partner scope).
  await expect(
    runRetentionFlow(client, { target: { minScore: 0.99 }, top: 0, answerOf: () => 'DECLINE', idempotencyPrefix: 'x', readOfferConsumption: true }),
  ).rejects.toBeInstanceOf(KeelError);
  expect(client.lastCost()?.remaining).toBeGreaterThan(0);
});

it('a revoked or wrong token is refused as UNAUTHENTICATED', async () => {
  const client = createKeelClient({ url, token: 'keel_notAToken_x' });
  await expect(highestRisk(client, { minScore: 0.5 }, 1)).rejects.toMatchObject({ codes: ['UNAUTHENTICATED'] });
});

it('every query of schema/operations that needs no arguments runs for an admin without errors', async () => {
  const dir = path.join(__dirname, '..', 'schema/operations');
  const token = staffToken(t.config, 'ADMIN', undefined, t.clock.now());
  const ran: string[] = [];
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const op of parse(text).definitions) {
      if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'query' || !op.name) continue;
      if (op.variableDefinitions?.some((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue)) continue;
      const res = await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: text, operationName: op.name.value });
      expect({ operation: op.name.value, status: res.status, errors: res.body.errors ?? [] }).toEqual({ operation: op.name.value, status: 200, errors: [] });
      ran.push(op.name.value);
    }
  }
  expect(ran).toEqual(expect.arrayContaining(['Customers', 'RetentionOffers', 'RiskyCustomers', 'Segments', 'JobRuns', 'AuditEvents', 'ActiveRiskModel', 'RootFields']));
});

it('the staff and partner scripts run as a user runs them, against the same Keel', async () => {
  const run = (script: string, token: string, arg: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', './tools/register.cjs', script, arg],
        { cwd: path.join(__dirname, '..'), env: { PATH: process.env.PATH ?? '', KEEL_URL: url, KEEL_TOKEN: token, TOP: '2' }, timeout: 50_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
      );
    });
  const report = (out: string) => JSON.parse(out.slice(0, out.indexOf('\n}\n') + 2)) as RetentionFlowReport;

  const staff = await run('examples/staff.ts', staffToken(t.config, 'ADMIN', undefined, t.clock.now()), 'Gone quiet');
  expect({ code: staff.code, err: staff.err }).toEqual({ code: 0, err: '' });
  const s = report(staff.out);
  expect(s.customers).toHaveLength(2);
  expect(s.consumption).toBeDefined();
  expect(staff.out).toMatch(/cost of the last request: \{"requested":\d+/);

  const partner = await createPartnerToken(t, PARTNER_SCOPES);
  const p = await run('examples/partner.ts', partner.token, '0.5');
  expect({ code: p.code, err: p.err }).toEqual({ code: 0, err: '' });
  expect(report(p.out).customers.every((c) => c.score >= 0.5)).toBe(true);

  // A token without the scopes the script needs is told which are missing.
  const narrow = await createPartnerToken(t, ['customers:read']);
  const refused = await run('examples/partner.ts', narrow.token, '0.5');
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/lacks the scopes risk:read, loyalty:read, loyalty:write/);
});

it('the staff flow ends, when asked, with a campaign of the offer for the segment: created, launched, its results read', async () => {
  const client = createKeelClient({ url, token: staffToken(t.config, 'ADMIN', undefined, t.clock.now()) });
  const segmentId = await segmentIdOf(client, 'Gone quiet');
  const report = await runRetentionFlow(client, {
    target: { segmentId },
    top: 1,
    answerOf: () => 'DECLINE',
    idempotencyPrefix: 'examples-campaign',
    campaign: { name: 'Gone quiet call-back', holdoutPercent: 25, channel: 'PHONE', windowDays: 30 },
  });

  // The campaign as the database holds it: launched, of the flow's offer, for the segment.
  expect(report.campaign.status).toBe('LAUNCHED');
  const { campaign, results } = report.campaign as Extract<RetentionFlowReport['campaign'], { status: 'LAUNCHED' }>;
  expect(campaign).toMatchObject({ name: 'Gone quiet call-back', state: 'LAUNCHED', channel: 'PHONE', holdoutPercent: 25, segmentId, offerId: report.offer.id });
  const [row] = (await t.sql.query('select state, offer_id, segment_id, treated_count, holdout_count, proposed_count from campaign where id = $1', [key(campaign.id)])).rows;
  expect(row).toMatchObject({ state: 'LAUNCHED', offer_id: key(report.offer.id), segment_id: key(segmentId) });
  const arms = Object.fromEntries(
    (await t.sql.query(`select arm, count(*)::int as n, count(offer_assignment_id)::int as proposed from campaign_assignment where campaign_id = $1 group by arm`, [key(campaign.id)])).rows.map((r) => [r.arm, r]),
  );
  expect(campaign.treated).toBe(arms.TREATMENT.n);
  expect(campaign.holdout).toBe(arms.HOLDOUT.n);
  expect({ treated: row.treated_count, holdout: row.holdout_count, proposed: row.proposed_count }).toEqual({ treated: campaign.treated, holdout: campaign.holdout, proposed: campaign.proposed });
  expect(arms.HOLDOUT.proposed).toBe(0);
  expect(campaign.proposed).toBeGreaterThan(0);
  expect(arms.TREATMENT.proposed).toBe(campaign.proposed);
  // The segment's consenting active members, and only they, are split, each by the published hash.
  const { rows: members } = await t.sql.query(
    `select count(*) filter (where c.marketing_consent)::int as consenting, count(*) filter (where not c.marketing_consent)::int as without
       from segment_membership m join customer c on c.id = m.customer_id where m.segment_id = $1 and m.left_at is null and c.status = 'ACTIVE'`,
    [key(segmentId)],
  );
  expect(campaign.treated + campaign.holdout).toBe(members[0].consenting);
  expect(campaign.withoutConsent).toBe(members[0].without);
  expect(campaign.holdout).toBeGreaterThan(0);
  const { rows: misplaced } = await t.sql.query(
    `select count(*)::int as n from campaign_assignment a where a.campaign_id = $1
        and a.arm <> case when ('x' || substr(md5(a.campaign_id::text || ':' || a.customer_id::text), 1, 8))::bit(32)::bigint % 10000 < 2500
                          then 'HOLDOUT' else 'TREATMENT' end`,
    [key(campaign.id)],
  );
  expect(misplaced[0].n).toBe(0);
  // Right after launch: the window has begun, no one has left yet, both arms retained in full.
  expect(results).toMatchObject({
    windowDays: 30,
    windowComplete: false,
    reach: campaign.proposed,
    treatment: { customers: campaign.treated, retained: campaign.treated, retentionRate: 1 },
    holdout: { customers: campaign.holdout, retained: campaign.holdout, retentionRate: 1 },
    uplift: 0,
  });

  // Launching it again is refused as the state machine says, as a userError.
  const again = await client.mutate(LaunchCampaignDocument, { input: { id: campaign.id, version: campaign.version } });
  expect(again.launchCampaign.userErrors.map((e) => e.code)).toEqual(['ILLEGAL_TRANSITION']);

  // The operations file's other read: retention performance, one row per manager with a book.
  const perf = await client.query(RetentionPerformanceDocument, { from: '2026-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z' });
  const { rows: managers } = await t.sql.query(`select count(distinct s.subject)::int as n from customer c join staff_user s on s.id = c.rm_id`);
  expect(perf.retentionPerformance).toHaveLength(managers[0].n);
});
