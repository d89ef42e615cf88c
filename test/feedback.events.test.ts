// Feedback raises its domain events in the transaction of the change: a recorded or imported item
// (one event per new item, none for a re-send), an escalation, and the overdue job's findings (once,
// however often it runs). Payloads carry global ids, never the customer's words.
import { globalIdSql, toGlobalId } from '../src/domain/ids';
import type { PublishedEvent } from '../src/events/bus';
import { relayOnce } from '../src/events/relay';
import { runOverdueJob } from '../src/modules/feedback/feedback.jobs';
import { parseGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { FeedbackBank } from './support/feedback';
import { createPartnerToken } from './support/partners';

let t: TestApp;
let b: FeedbackBank;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-01T09:00:00Z');
  b = await new FeedbackBank(t).setup();
});
afterAll(async () => {
  await t?.close();
});

/** Publishes what the outbox holds and returns it. */
async function published(): Promise<PublishedEvent[]> {
  const out: PublishedEvent[] = [];
  while ((await relayOnce(t.orm.em, t.clock.now(), async (events) => void out.push(...events))) > 0);
  return out;
}

it('the ids computed in SQL are the API\'s global ids', async () => {
  const keys = ['00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff', b.mine.key];
  for (const type of ['Feedback', 'Customer', 'OffboardingCase']) {
    const { rows } = await t.sql.query(`select ${globalIdSql(type, 'k')} as gid from unnest($1::uuid[]) as k`, [keys]);
    expect(rows.map((r) => r.gid)).toEqual(keys.map((k) => toGlobalId(type, k)));
  }
});

it('recording raises feedback.received with ids and no words; escalating raises complaint.escalated', async () => {
  await published();
  const f = await b.recorded({ customerId: b.mine.id, kind: 'COMPLAINT', channel: 'PHONE', nps: 2, text: 'My card was blocked again, Jane Doe, +44 7700 900123' });
  const escalated = await t.gql('mutation($input: FeedbackStepInput!) { escalateFeedback(input: $input) { userErrors { code } } }', {
    token: b.admin, variables: { input: { feedbackId: f.id, expectedVersion: f.version } },
  });
  expect(escalated.body.errors).toBeUndefined();
  const events = await published();
  expect(events.map((e) => e.type)).toEqual(['feedback.received', 'complaint.escalated']);
  expect(events[0]).toMatchObject({
    customerKey: b.mine.key,
    payload: { feedbackId: f.id, customerId: b.mine.id, kind: 'COMPLAINT', channel: 'PHONE', nps: 2 },
  });
  expect(events[1].payload).toMatchObject({ feedbackId: f.id, level: 1, by: 'admin-01' });
  expect(JSON.stringify(events)).not.toMatch(/Jane|7700|blocked/);
});

it('an import raises one event per new item and none for re-sends, in the same statement', async () => {
  await published();
  const writer = (await createPartnerToken(t, ['feedback:write'])).token;
  const items = [1, 2].map((i) => ({ externalId: `events-${i}`, customerExternalRef: b.mine.externalRef, nps: 9, text: 'Great app', receivedAt: '2026-12-01T08:00:00Z' }));
  await b.importResponses(writer, items);
  const first = await published();
  expect(first.map((e) => e.type)).toEqual(['feedback.received', 'feedback.received']);
  const stored = (await t.sql.query(`select id from feedback where external_id like 'events-%' order by id`)).rows.map((r) => toGlobalId('Feedback', r.id));
  expect(first.map((e) => e.payload.feedbackId).sort()).toEqual(stored.sort());
  expect(first[0].payload).toMatchObject({ customerId: b.mine.id, kind: 'SATISFACTION_SURVEY', nps: 9, sentiment: 'POSITIVE' });
  expect(JSON.stringify(first)).not.toMatch(/Great app/);
  await b.importResponses(writer, items);
  expect(await published()).toEqual([]);
});

it('the overdue job raises overdue and escalated once per complaint, however often it runs', async () => {
  await published();
  const late = await b.recorded({ customerId: b.mine.id, kind: 'COMPLAINT', channel: 'EMAIL', severity: 'LOW', text: 'No answer yet', receivedAt: '2026-11-20T09:00:00Z' });
  const now = t.clock.now();
  await runOverdueJob({ em: t.orm.em.fork(), now, config: t.config });
  await runOverdueJob({ em: t.orm.em.fork(), now, config: t.config });
  const events = (await published()).filter((e) => e.payload.feedbackId === late.id);
  expect(events.map((e) => e.type).sort()).toEqual(['complaint.escalated', 'complaint.overdue', 'feedback.received']);
  const overdue = events.find((e) => e.type === 'complaint.overdue')!;
  expect(overdue.payload).toMatchObject({ customerId: b.mine.id, deadline: 'ACKNOWLEDGE' });
  expect(new Date(overdue.payload.due as string).getTime()).toBeLessThan(now.getTime());
  expect(parseGlobalId(late.id)).not.toBeNull();
});
