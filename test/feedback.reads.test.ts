// Reading feedback: the list with its filters, orderings and keyset pages, Customer.feedback, a
// manager's book, a constant number of SQL statements per page, the customer attributes as of a date,
// and what anonymisation leaves.
import { contributionsOf, type CustomerAttribute } from '../src/module';
import { defaultModules } from '../src/modules';
import { feedbackAnonymiser } from '../src/modules/feedback/feedback.anonymiser';
import { runOverdueJob } from '../src/modules/feedback/feedback.jobs';
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { errorCode, FeedbackBank, type Out } from './support/feedback';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';

let t: TestApp;
let b: FeedbackBank;
let agentId: string;
/** 30 customers of rm-01 with 2 pieces of feedback each, assigned, received an hour apart. */
let crowd: string[];

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-01T09:00:00Z');
  b = await new FeedbackBank(t).setup();
  agentId = (await createStaff(t.sql, 'support-01')).id;
  crowd = [];
  for (let i = 0; i < 30; i++) crowd.push((await b.customer()).key);
  await t.sql.query(
    `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, nps, text, topics, status, severity, assignee_id, received_at, acknowledge_by, resolve_by)
     select gen_random_uuid(), now(), now(), c.id, 'SURVEY', case when n % 2 = 0 then 'COMPLAINT' else 'SATISFACTION_SURVEY' end, n % 11,
            'crowd ' || n, case when n % 3 = 0 then array['fees'] else '{}' end, 'OPEN',
            (array['LOW','MEDIUM','HIGH','CRITICAL'])[1 + n % 4], $2::uuid,
            timestamptz '2026-10-01T00:00:00Z' + n * interval '1 hour',
            case when n % 2 = 0 then timestamptz '2026-10-02T00:00:00Z' + n * interval '1 hour' end,
            case when n % 2 = 0 then timestamptz '2026-10-20T00:00:00Z' + (n % 7) * interval '1 day' end
       from unnest($1::uuid[]) with ordinality as c(id, i), generate_series(0, 1) as g, lateral (select (c.i * 2 + g)::int as n) x`,
    [crowd, agentId],
  );
});
afterAll(async () => {
  await t?.close();
});

const ids = (res: Out, field = 'feedback') => res.body.data[field].edges.map((e: Out) => e.node.id);
const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $filter: FeedbackFilter, $orderBy: FeedbackOrder) {
  feedback(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id receivedAt resolveBy severity } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`;

/** Every item of the list, walking forward by pages of `size`. */
async function walk(variables: Record<string, unknown>, size: number, token = b.admin): Promise<Out[]> {
  const out: Out[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await t.gql(LIST, { token, variables: { ...variables, first: size, after } });
    expect(res.body.errors).toBeUndefined();
    out.push(...res.body.data.feedback.edges.map((e: Out) => e.node));
    if (!res.body.data.feedback.pageInfo.hasNextPage) return out;
    after = res.body.data.feedback.pageInfo.endCursor;
  }
}

describe('the feedback list', () => {
  it('a page of 50 with customer and assignee costs the same few statements as a page of 5', async () => {
    const q = (n: number) => `{ feedback(first: ${n}) { edges { node { id text customer { id displayName } assignee { id name } } } } }`;
    const five = await countStatements(() => t.gql(q(5), { token: b.admin }));
    const fifty = await countStatements(() => t.gql(q(50), { token: b.admin }));
    expect(fifty.result.body.errors).toBeUndefined();
    expect(five.result.body.data.feedback.edges).toHaveLength(5);
    expect(fifty.result.body.data.feedback.edges).toHaveLength(50);
    expect(fifty.result.body.data.feedback.edges.every((e: Out) => e.node.customer && e.node.assignee?.name === 'support-01')).toBe(true);
    expect(fifty.statements.length).toBe(five.statements.length);
    // page, customers, staff (and the audit of reads, when any)
    expect(fifty.statements.length).toBeLessThanOrEqual(4);
  });

  it('each ordering walks every item once, forwards and back, and agrees with SQL', async () => {
    const total = (await t.sql.query('select count(*)::int as n from feedback')).rows[0].n;
    const received = await walk({ orderBy: { field: 'RECEIVED_AT', direction: 'DESC' } }, 7);
    expect(received).toHaveLength(total);
    expect(received.map((f) => f.receivedAt)).toEqual([...received.map((f) => f.receivedAt)].sort().reverse());

    const byDeadline = await walk({ orderBy: { field: 'RESOLVE_BY', direction: 'ASC' } }, 6);
    const complaints = (await t.sql.query(`select count(*)::int as n from feedback where resolve_by is not null`)).rows[0].n;
    expect(byDeadline).toHaveLength(complaints);
    expect(byDeadline.map((f) => f.resolveBy)).toEqual([...byDeadline.map((f) => f.resolveBy)].sort());

    const rank = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 } as Record<string, number>;
    const bySeverity = await walk({ orderBy: { field: 'SEVERITY', direction: 'DESC' } }, 9);
    expect(new Set(bySeverity.map((f) => f.id)).size).toBe(total);
    const keys = bySeverity.map((f) => `${rank[f.severity]}|${f.receivedAt}`);
    expect(keys).toEqual([...keys].sort().reverse());

    // Backwards from the end gives the same last page.
    const last = await t.gql(LIST, { token: b.admin, variables: { last: 5, orderBy: { field: 'SEVERITY', direction: 'DESC' } } });
    expect(ids(last)).toEqual(bySeverity.slice(-5).map((f) => f.id));
    const before = await t.gql(LIST, { token: b.admin, variables: { last: 5, before: last.body.data.feedback.edges[0].cursor, orderBy: { field: 'SEVERITY', direction: 'DESC' } } });
    expect(ids(before)).toEqual(bySeverity.slice(-10, -5).map((f) => f.id));
  });

  it('filters combine: kind, status, severity, topic, customer, assignee, time window', async () => {
    const filter = { kind_in: ['COMPLAINT'], severity_in: ['LOW', 'HIGH'], topic: 'fees', assigneeId: toGlobalId('StaffMember', agentId), receivedAfter: '2026-10-01T10:00:00Z', receivedBefore: '2026-10-03T00:00:00Z' };
    const got = await walk({ filter }, 100);
    const expected = (await t.sql.query(
      `select id from feedback where kind = 'COMPLAINT' and severity in ('LOW','HIGH') and topics @> array['fees'] and assignee_id = $1
         and received_at >= '2026-10-01T10:00:00Z' and received_at < '2026-10-03T00:00:00Z'`, [agentId],
    )).rows.map((r) => toGlobalId('Feedback', r.id));
    expect(expected.length).toBeGreaterThan(0);
    expect(got.map((f) => f.id).sort()).toEqual(expected.sort());
    const one = await walk({ filter: { customerId: toGlobalId('Customer', crowd[3]) } }, 100);
    expect(one).toHaveLength(2);
  });

  it('a cursor that was tampered with, a page too large or a foreign id is the caller\'s mistake', async () => {
    expect(errorCode(await t.gql(LIST, { token: b.admin, variables: { first: 5, after: 'bm90LWEtY3Vyc29y' } }))).toBe('BAD_USER_INPUT');
    const wrongShape = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
    expect(errorCode(await t.gql(LIST, { token: b.admin, variables: { first: 5, after: wrongShape } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(LIST, { token: b.admin, variables: { first: 101 } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(LIST, { token: b.admin, variables: { first: 5, filter: { customerId: toGlobalId('Account', crowd[0]) } } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(LIST, { token: b.admin, variables: { first: 5, filter: { topic: 'x'.repeat(500) } } }))).toBe('BAD_USER_INPUT');
  });

  it('a relationship manager sees their book only, in the list, on customers and by id', async () => {
    const theirs = await b.complaint(b.theirs.id);
    const rm1 = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    const rm2 = b.token('RELATIONSHIP_MANAGER', 'rm-02');
    const all = await walk({}, 100, rm1);
    expect(all.map((f) => f.id)).not.toContain(theirs.id);
    expect((await walk({}, 100, rm2)).map((f) => f.id)).toEqual([theirs.id]);
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { token: rm1, variables: { id: theirs.id } });
    expect(node.body.data.node).toBeNull();
    expect((await t.gql('query($id: ID!) { node(id: $id) { id } }', { token: rm2, variables: { id: theirs.id } })).body.data.node.id).toBe(theirs.id);
    // An analyst reads everything; a partner with feedback:read too, but not customers without customers:read.
    expect((await walk({}, 100, b.token('RETENTION_ANALYST'))).map((f) => f.id)).toContain(theirs.id);
    const partner = (await createPartnerToken(t, ['feedback:read'])).token;
    expect((await walk({}, 100, partner)).map((f) => f.id)).toContain(theirs.id);
    const withCustomer = await t.gql('{ feedback(first: 1) { edges { node { customer { id } } } } }', { token: partner });
    expect(errorCode(withCustomer)).toBe('FORBIDDEN');
    const noScope = (await createPartnerToken(t, ['customers:read'])).token;
    expect(errorCode(await t.gql(LIST, { token: noScope, variables: { first: 1 } }))).toBe('FORBIDDEN');
  });
});

describe('Customer.feedback', () => {
  it('is a connection, newest first, paged by keyset, batched over a page of customers', async () => {
    const q = `query($id: ID!, $after: String) { customer(id: $id) { feedback(first: 1, after: $after) { edges { node { id receivedAt } } pageInfo { hasNextPage endCursor } totalCount } } }`;
    const variables = { id: toGlobalId('Customer', crowd[5]) };
    const p1 = await t.gql(q, { token: b.admin, variables });
    expect(p1.body.errors).toBeUndefined();
    const c1 = p1.body.data.customer.feedback;
    expect([c1.totalCount, c1.pageInfo.hasNextPage]).toEqual([2, true]);
    const p2 = await t.gql(q, { token: b.admin, variables: { ...variables, after: c1.pageInfo.endCursor } });
    const c2 = p2.body.data.customer.feedback;
    expect(c2.pageInfo.hasNextPage).toBe(false);
    expect(new Date(c1.edges[0].node.receivedAt) > new Date(c2.edges[0].node.receivedAt)).toBe(true);

    const many = (n: number) => `{ customers(first: ${n}) { edges { node { id feedback(first: 2) { totalCount edges { node { id customer { id } } } } } } } }`;
    const few = await countStatements(() => t.gql(many(3), { token: b.admin }));
    const lots = await countStatements(() => t.gql(many(30), { token: b.admin }));
    expect(lots.result.body.errors).toBeUndefined();
    const counted = lots.result.body.data.customers.edges.map((e: Out) => e.node.feedback.totalCount);
    expect(counted.filter((n: number) => n === 2).length).toBeGreaterThan(0);
    expect(lots.statements.length).toBe(few.statements.length);
  });

  it('a customer outside a manager\'s book is unknown to them, feedback included', async () => {
    const res = await t.gql('query($id: ID!) { customer(id: $id) { feedback { edges { node { id } } } } }', {
      token: b.token('RELATIONSHIP_MANAGER', 'rm-02'), variables: { id: toGlobalId('Customer', crowd[0]) },
    });
    expect(errorCode(res)).toBe('NOT_FOUND');
  });
});

describe('customer attributes', () => {
  const attribute = (name: string): CustomerAttribute => contributionsOf(defaultModules, 'customerAttributes').find((a) => a.name === name)!;
  const valueOf = async (name: string, asOf: string, key: string): Promise<unknown> => {
    const knex = t.orm.em.getKnex();
    return (await knex('customer as c').select({ v: attribute(name).sql(knex, new Date(asOf)) }).where('c.id', key).first()).v;
  };

  it('feedback contributes its four attributes, each guarded by feedback.read', () => {
    expect(contributionsOf(defaultModules, 'customerAttributes').filter((a) => a.name.startsWith('feedback.')).map((a) => [a.name, a.type, a.capability.name])).toEqual([
      ['feedback.complaints90d', 'number', 'feedback.read'],
      ['feedback.lastNps', 'number', 'feedback.read'],
      ['feedback.detractor', 'boolean', 'feedback.read'],
      ['feedback.unresolvedComplaintAgeDays', 'number', 'feedback.read'],
    ]);
  });

  it('are evaluated as of a past date from what existed then, and later rows do not leak in', async () => {
    const c = await b.customer();
    t.clock.set('2026-03-01T09:00:00Z');
    await b.recorded({ customerId: c.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 9 });
    let complaint = await b.complaint(c.id);
    t.clock.set('2026-03-10T09:00:00Z');
    complaint = ok(await b.step('startWorkOnFeedback', b.admin, { feedbackId: complaint.id, expectedVersion: complaint.version }));
    t.clock.set('2026-04-01T09:00:00Z');
    ok(await b.step('resolveFeedback', b.admin, { feedbackId: complaint.id, expectedVersion: complaint.version, resolution: 'Fixed', outcome: 'UPHELD' }, 'ResolveFeedbackInput'));
    t.clock.set('2026-06-01T09:00:00Z');
    await b.recorded({ customerId: c.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 2 });
    await b.complaint(c.id);
    // Recorded today about last February: it did not exist in March.
    t.clock.set('2026-12-01T09:00:00Z');
    await b.recorded({ customerId: c.id, kind: 'COMPLAINT', channel: 'PHONE', text: 'Late report', receivedAt: '2026-02-20T09:00:00Z' });

    const at = (asOf: string) => Promise.all(['feedback.complaints90d', 'feedback.lastNps', 'feedback.detractor', 'feedback.unresolvedComplaintAgeDays'].map((n) => valueOf(n, asOf, c.key)));
    expect(await at('2026-02-01T00:00:00Z')).toEqual([0, null, null, null]);
    expect(await at('2026-03-21T09:00:00Z')).toEqual([1, 9, false, 20]);
    expect(await at('2026-04-02T00:00:00Z')).toEqual([1, 9, false, null]);
    expect(await at('2026-06-02T09:00:00Z')).toEqual([1, 2, true, 1]);
    // Today the late report counts: received in February, recorded in December.
    const age = Math.floor((Date.parse('2026-12-01T10:00:00Z') - Date.parse('2026-02-20T09:00:00Z')) / 86_400_000);
    expect(await at('2026-12-01T10:00:00Z')).toEqual([0, 2, true, age]);
  });

  const ok = (res: Out): Out => {
    const field = Object.keys(res.body.data)[0];
    if (res.body.errors || res.body.data[field].userErrors.length) throw new Error(JSON.stringify(res.body));
    return res.body.data[field].feedback;
  };
});

describe('anonymisation', () => {
  it('erases the texts, resolutions and notes of the customer\'s feedback and keeps the rest', async () => {
    t.clock.set('2026-12-01T09:00:00Z');
    const c = await b.customer();
    const other = await b.customer();
    const survey = await b.recorded({ customerId: c.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 4, text: 'My name is Jane Doe, call 0612345678' });
    let complaint = await b.complaint(c.id);
    complaint = (await b.step('acknowledgeFeedback', b.admin, { feedbackId: complaint.id, expectedVersion: complaint.version, note: 'Spoke to Jane at 0612345678' })).body.data.acknowledgeFeedback.feedback;
    const kept = await b.recorded({ customerId: other.id, kind: 'SUGGESTION', channel: 'CHAT', text: 'Keep me' });
    await runOverdueJob({ em: t.orm.em.fork(), now: new Date('2026-12-30T00:00:00Z'), config: t.config });

    // Before the retention date only what is not a complaint goes.
    const em = t.orm.em.fork();
    const actor = { viewer: null, requestId: 'test', now: t.clock.now() };
    await em.transactional((tx) => feedbackAnonymiser.eraseUnneeded!(tx, c.key, actor));
    const text = async (id: string) => (await t.sql.query('select text, text_erased_at from feedback where id = $1', [parseGlobalId(id)!.key])).rows[0];
    expect(await text(survey.id)).toEqual({ text: null, text_erased_at: t.clock.now() });
    expect((await text(complaint.id)).text).toBe('My card was charged twice.');

    const erased = await t.orm.em.fork().transactional((tx) => feedbackAnonymiser.anonymise(tx, c.key, actor));
    expect(erased).toEqual(['feedbackTexts', 'feedbackNotes']);
    expect((await text(complaint.id)).text).toBeNull();
    expect((await text(kept.id)).text).toBe('Keep me');
    const notes = (await t.sql.query(
      'select count(*) filter (where note is not null)::int as notes from feedback_transition x join feedback f on f.id = x.feedback_id where f.customer_id = $1', [c.key],
    )).rows[0];
    expect(notes.notes).toBe(0);
    const shown = await t.gql('query($id: ID!) { node(id: $id) { ... on Feedback { text textErased nps history { note } } } }', { token: b.admin, variables: { id: complaint.id } });
    expect(shown.body.data.node).toMatchObject({ text: null, textErased: true });
    expect(shown.body.data.node.history.every((h: Out) => h.note === null)).toBe(true);
    const audit = (await t.sql.query(`select changes from audit_event where action = 'feedback.texts_erased' and customer_id = $1`, [c.key])).rows;
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('Jane');
    // Erasing again finds nothing.
    expect(await t.orm.em.fork().transactional((tx) => feedbackAnonymiser.anonymise(tx, c.key, actor))).toEqual([]);
  });
});
