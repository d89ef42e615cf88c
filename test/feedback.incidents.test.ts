// Incidents: the state machine, linking customers (idempotent, all or none, bounded by the book, at most
// 1,000), complaints linked to an incident, the append-only record of what the bank said, who may do
// each thing, and Customer.incidents at a constant number of statements.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { errorCode, FeedbackBank, type Out } from './support/feedback';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';

let t: TestApp;
let b: FeedbackBank;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-01T09:00:00Z');
  b = await new FeedbackBank(t).setup();
  await createStaff(t.sql, 'support-01');
});
afterAll(async () => {
  await t?.close();
});

const INCIDENT = 'id title kind severity status startedAt endedAt summary openedBy openedByKind version';

async function gql(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  return t.gql(query, { token, variables });
}

async function openIncident(token = b.admin, input: Record<string, unknown> = {}) {
  return gql(token, `mutation($input: OpenIncidentInput!) { openIncident(input: $input) { incident { ${INCIDENT} } userErrors { field code message } } }`, {
    input: { title: 'Card payments failing', kind: 'OUTAGE', severity: 'HIGH', ...input },
  });
}

async function opened(token = b.admin, input: Record<string, unknown> = {}): Promise<Out> {
  const res = await openIncident(token, input);
  if (res.body.errors || res.body.data.openIncident.userErrors.length) throw new Error(JSON.stringify(res.body));
  return res.body.data.openIncident.incident;
}

async function move(token: string, input: Record<string, unknown>) {
  return gql(token, `mutation($input: UpdateIncidentStatusInput!) { updateIncidentStatus(input: $input) { incident { ${INCIDENT} } userErrors { field code message } } }`, { input });
}

async function link(token: string, incidentId: string, customerIds: string[]) {
  return gql(token, `mutation($input: LinkIncidentCustomersInput!) { linkIncidentCustomers(input: $input) { incident { id } linked alreadyLinked userErrors { field code message } } }`, {
    input: { incidentId, customerIds },
  });
}

async function linkComplaint(token: string, incidentId: string, complaintId: string) {
  return gql(token, `mutation($input: LinkComplaintToIncidentInput!) { linkComplaintToIncident(input: $input) { complaint { id kind } incident { id } userErrors { field code message } } }`, {
    input: { incidentId, complaintId },
  });
}

async function post(token: string, incidentId: string, extra: Record<string, unknown> = {}) {
  return gql(token, `mutation($input: PostIncidentUpdateInput!) { postIncidentUpdate(input: $input) { update { message customerVisible channel postedAt postedBy } incident { id } userErrors { field code message } } }`, {
    input: { incidentId, message: 'We are aware and working on it.', customerVisible: true, channel: 'WEBSITE', ...extra },
  });
}

/** Feedback written as the owner, with every time set explicitly. */
async function feedbackRow(customerKey: string, kind = 'COMPLAINT'): Promise<string> {
  const id = randomUUID();
  const complaint = kind === 'COMPLAINT';
  await t.sql.query(
    `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, text, topics, status, severity, received_at, acknowledge_by, resolve_by)
     values ($1, now(), now(), $2, 'PHONE', $3, 'It failed again', '{}', 'OPEN', 'HIGH', '2026-11-30T10:00:00Z',
             case when $4 then timestamptz '2026-12-01T10:00:00Z' end, case when $4 then timestamptz '2026-12-10T10:00:00Z' end)`,
    [id, customerKey, kind, complaint],
  );
  return toGlobalId('Feedback', id);
}

const keyOf = (gid: string) => parseGlobalId(gid)!.key;
const count = async (sql: string, params: unknown[] = []) => (await t.sql.query(sql, params)).rows[0].n as number;

describe('the incident state machine', () => {
  it('moves OPEN → MONITORING → OPEN → RESOLVED → OPEN, sets and clears endedAt, and audits each step with the actor', async () => {
    const i = await opened();
    expect(i).toMatchObject({ status: 'OPEN', endedAt: null, version: 1, openedBy: 'admin-01', openedByKind: 'staff' });
    let r = await move(b.admin, { incidentId: i.id, expectedVersion: 1, status: 'MONITORING' });
    expect(r.body.data.updateIncidentStatus.incident).toMatchObject({ status: 'MONITORING', version: 2 });
    r = await move(b.admin, { incidentId: i.id, expectedVersion: 2, status: 'OPEN' });
    expect(r.body.data.updateIncidentStatus.incident.status).toBe('OPEN');
    t.clock.advance(60 * 60_000);
    r = await move(b.admin, { incidentId: i.id, expectedVersion: 3, status: 'RESOLVED', summary: 'Fixed by failover' });
    const resolved = r.body.data.updateIncidentStatus.incident;
    expect(resolved).toMatchObject({ status: 'RESOLVED', endedAt: t.clock.now().toISOString(), summary: 'Fixed by failover', version: 4 });
    r = await move(b.admin, { incidentId: i.id, expectedVersion: 4, status: 'OPEN' });
    expect(r.body.data.updateIncidentStatus.incident).toMatchObject({ status: 'OPEN', endedAt: null });
    const audit = (await t.sql.query(`select action, actor_id from audit_event where entity_id = $1 order by occurred_at, action`, [keyOf(i.id)])).rows;
    expect(audit).toHaveLength(5);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['incident.opened', 'incident.monitoring', 'incident.open', 'incident.resolved', 'incident.reopened']));
    expect(audit.every((a) => a.actor_id === 'admin-01')).toBe(true);
  });

  it('refuses moves the table does not allow, stale versions, and bad end times, changing nothing', async () => {
    const i = await opened();
    const same = await move(b.admin, { incidentId: i.id, expectedVersion: 1, status: 'OPEN' });
    expect(same.body.data.updateIncidentStatus.userErrors[0].code).toBe('INVALID_TRANSITION');
    const stale = await move(b.admin, { incidentId: i.id, expectedVersion: 7, status: 'MONITORING' });
    expect(errorCode(stale)).toBe('CONFLICT');
    const before = await move(b.admin, { incidentId: i.id, expectedVersion: 1, status: 'RESOLVED', endedAt: '2020-01-01T00:00:00Z' });
    expect(before.body.data.updateIncidentStatus.userErrors[0].code).toBe('INVALID');
    const future = await move(b.admin, { incidentId: i.id, expectedVersion: 1, status: 'RESOLVED', endedAt: '2099-01-01T00:00:00Z' });
    expect(future.body.data.updateIncidentStatus.userErrors[0].code).toBe('IN_THE_FUTURE');
    const r = await move(b.admin, { incidentId: i.id, expectedVersion: 1, status: 'RESOLVED' });
    expect(r.body.data.updateIncidentStatus.incident.status).toBe('RESOLVED');
    const back = await move(b.admin, { incidentId: i.id, expectedVersion: 2, status: 'MONITORING' });
    expect(back.body.data.updateIncidentStatus.userErrors[0].code).toBe('INVALID_TRANSITION');
    expect((await t.sql.query('select status, version from incident where id = $1', [keyOf(i.id)])).rows[0]).toEqual({ status: 'RESOLVED', version: 2 });
  });

  it('rejects hostile input as the caller\'s mistake: empty or huge titles, future starts, ids of another type', async () => {
    expect((await openIncident(b.admin, { title: '' })).body.data.openIncident.userErrors[0].field).toEqual(['input', 'title']);
    expect((await openIncident(b.admin, { title: 'x'.repeat(201) })).body.data.openIncident.userErrors[0].field).toEqual(['input', 'title']);
    expect((await openIncident(b.admin, { title: '   ' })).body.data.openIncident.userErrors[0].code).toBe('INVALID');
    expect((await openIncident(b.admin, { startedAt: '2099-01-01T00:00:00Z' })).body.data.openIncident.userErrors[0].code).toBe('IN_THE_FUTURE');
    expect(errorCode(await move(b.admin, { incidentId: b.mine.id, expectedVersion: 1, status: 'RESOLVED' }))).toBe('NOT_FOUND');
    expect(errorCode(await move(b.admin, { incidentId: 'not-an-id', expectedVersion: 1, status: 'RESOLVED' }))).toBe('NOT_FOUND');
  });
});

describe('the list of incidents', () => {
  it('filters by kind, status and start, and walks newest first by pages without repeats', async () => {
    const made: Out[] = [];
    for (let n = 0; n < 7; n++) {
      made.push(await opened(b.admin, { title: `fraud wave ${n}`, kind: 'FRAUD', startedAt: new Date(Date.UTC(2026, 10, 1 + n)).toISOString() }));
    }
    await move(b.admin, { incidentId: made[6].id, expectedVersion: 1, status: 'RESOLVED' });
    const q = `query($first: Int, $after: String, $filter: IncidentFilter) { incidents(first: $first, after: $after, filter: $filter) {
      edges { node { id startedAt status } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const seen: Out[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gql(b.admin, q, { first: 3, after, filter: { kind_in: ['FRAUD'], status_in: ['OPEN'] } });
      expect(res.body.errors).toBeUndefined();
      seen.push(...res.body.data.incidents.edges.map((e: Out) => e.node));
      expect(res.body.data.incidents.totalCount).toBe(6);
      if (!res.body.data.incidents.pageInfo.hasNextPage) break;
      after = res.body.data.incidents.pageInfo.endCursor;
    }
    expect(seen.map((x) => x.id)).toEqual(made.slice(0, 6).reverse().map((x) => x.id));
    const window = await gql(b.admin, q, { first: 10, filter: { kind_in: ['FRAUD'], startedAfter: '2026-11-03T00:00:00Z', startedBefore: '2026-11-05T00:00:00Z' } });
    expect(window.body.data.incidents.edges.map((e: Out) => e.node.id)).toEqual([made[3].id, made[2].id]);
    expect(errorCode(await gql(b.admin, q, { first: 3, after: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(b.admin, q, { first: 1000 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(b.admin, q, { first: 3, filter: { kind_in: Array(50).fill('FRAUD') } }))).toBe('BAD_USER_INPUT');
  });
});

describe('linking customers', () => {
  it('links, counts those linked before on a repeat, and audits each new link', async () => {
    const i = await opened();
    const c = await b.customer();
    const first = await link(b.admin, i.id, [b.mine.id, c.id, c.id]);
    expect(first.body.data.linkIncidentCustomers).toMatchObject({ linked: 2, alreadyLinked: 0, userErrors: [] });
    const again = await link(b.admin, i.id, [b.mine.id, c.id, b.theirs.id]);
    expect(again.body.data.linkIncidentCustomers).toMatchObject({ linked: 1, alreadyLinked: 2 });
    const key = keyOf(i.id);
    expect(await count('select count(*)::int as n from incident_customer where incident_id = $1', [key])).toBe(3);
    expect(await count(`select count(*)::int as n from audit_event where entity_id = $1 and action = 'incident.customer_linked' and actor_id = 'admin-01'`, [key])).toBe(3);
  });

  it('two calls racing on the same customers link each once', async () => {
    const i = await opened();
    const crowd: string[] = [];
    for (let n = 0; n < 20; n++) crowd.push((await b.customer()).id);
    const [x, y] = await Promise.all([link(b.admin, i.id, crowd), link(b.admin, i.id, [...crowd].reverse())]);
    const results = [x.body.data.linkIncidentCustomers, y.body.data.linkIncidentCustomers];
    expect(results.map((r) => r.linked + r.alreadyLinked)).toEqual([20, 20]);
    expect(results[0].linked + results[1].linked).toBe(20);
    expect(await count('select count(*)::int as n from incident_customer where incident_id = $1', [keyOf(i.id)])).toBe(20);
  });

  it('refuses 1,001 ids whole, before looking at them', async () => {
    const i = await opened();
    const ids = Array.from({ length: 1001 }, () => b.mine.id);
    const res = await link(b.admin, i.id, ids);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.linkIncidentCustomers.userErrors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ITEMS', field: ['input', 'customerIds'] })]);
    expect(res.body.data.linkIncidentCustomers.linked).toBeNull();
    expect(await count('select count(*)::int as n from incident_customer where incident_id = $1', [keyOf(i.id)])).toBe(0);
    // 1,000 distinct customers are taken in one call.
    const keys = (await t.sql.query(
      `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, status, total_deposits_minor)
       select gen_random_uuid(), now(), now(), 'BULK-' || g, 'Bulk', 'Customer ' || g, '2020-01-01', 'ACTIVE', 0 from generate_series(1, 1000) g returning id`,
    )).rows.map((r) => toGlobalId('Customer', r.id));
    const all = await link(b.admin, i.id, keys);
    expect(all.body.data.linkIncidentCustomers).toMatchObject({ linked: 1000, alreadyLinked: 0 });
  });

  it('a manager links only customers of their book: one outside makes the whole call NOT_FOUND and links nothing', async () => {
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    const i = await opened(rm);
    const res = await link(rm, i.id, [b.mine.id, b.theirs.id]);
    expect(errorCode(res)).toBe('NOT_FOUND');
    const key = keyOf(i.id);
    expect(await count('select count(*)::int as n from incident_customer where incident_id = $1', [key])).toBe(0);
    const ok = await link(rm, i.id, [b.mine.id]);
    expect(ok.body.data.linkIncidentCustomers).toMatchObject({ linked: 1, alreadyLinked: 0 });
    // An unknown customer id is NOT_FOUND too, and an id of another type.
    expect(errorCode(await link(b.admin, i.id, [toGlobalId('Customer', randomUUID())]))).toBe('NOT_FOUND');
    expect(errorCode(await link(b.admin, i.id, [i.id]))).toBe('NOT_FOUND');
  });
});

describe('who may work and read incidents', () => {
  let theirs: Out;
  let mine: Out;
  beforeAll(async () => {
    theirs = await opened(b.admin, { title: 'Branch systems down (rm-02)' });
    expect((await link(b.admin, theirs.id, [b.theirs.id])).body.data.linkIncidentCustomers.linked).toBe(1);
    mine = await opened(b.admin, { title: 'Both books' });
    expect((await link(b.admin, mine.id, [b.mine.id, b.theirs.id])).body.data.linkIncidentCustomers.linked).toBe(2);
  });

  it('opening: ADMIN, SUPPORT_AGENT, a manager and a manager who is also an agent may; an analyst and partners may not', async () => {
    for (const role of ['ADMIN', 'SUPPORT_AGENT'] as const) expect((await openIncident(b.token(role))).body.data.openIncident.incident.status).toBe('OPEN');
    expect((await openIncident(b.token('RELATIONSHIP_MANAGER', 'rm-01'))).body.data.openIncident.incident.status).toBe('OPEN');
    expect((await openIncident(b.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01'))).body.data.openIncident.incident.status).toBe('OPEN');
    expect(errorCode(await openIncident(b.token('RETENTION_ANALYST')))).toBe('FORBIDDEN');
    expect(errorCode(await openIncident(b.token('COMPLIANCE_OFFICER')))).toBe('FORBIDDEN');
    for (const scopes of [['feedback:write'], ['feedback:read'], ['customers:read']]) {
      expect(errorCode(await openIncident((await createPartnerToken(t, scopes)).token))).toBe('FORBIDDEN');
    }
    expect(errorCode(await openIncident(''))).toBe('UNAUTHENTICATED');
  });

  it('a manager of another book does not see the incident nor work it; combined with the agent role they do', async () => {
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    expect((await gql(rm, 'query($id: ID!) { incident(id: $id) { id } }', { id: theirs.id })).body.data.incident).toBeNull();
    expect((await gql(rm, 'query($id: ID!) { node(id: $id) { id } }', { id: theirs.id })).body.data.node).toBeNull();
    expect(errorCode(await move(rm, { incidentId: theirs.id, expectedVersion: 1, status: 'MONITORING' }))).toBe('NOT_FOUND');
    expect(errorCode(await post(rm, theirs.id))).toBe('NOT_FOUND');
    expect(errorCode(await link(rm, theirs.id, [b.mine.id]))).toBe('NOT_FOUND');
    const listed = (await gql(rm, '{ incidents(first: 100) { edges { node { id } } } }')).body.data.incidents.edges.map((e: Out) => e.node.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);

    const both = b.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    expect((await gql(both, 'query($id: ID!) { incident(id: $id) { id } }', { id: theirs.id })).body.data.incident.id).toBe(theirs.id);
    const moved = await move(both, { incidentId: theirs.id, expectedVersion: 1, status: 'MONITORING' });
    expect(moved.body.data.updateIncidentStatus.incident.status).toBe('MONITORING');
  });

  it('affected customers and complaints are bounded by the reader\'s book', async () => {
    const complaintMine = await feedbackRow(b.mine.key);
    const complaintTheirs = await feedbackRow(b.theirs.key);
    expect((await linkComplaint(b.admin, mine.id, complaintMine)).body.data.linkComplaintToIncident.complaint.id).toBe(complaintMine);
    expect((await linkComplaint(b.admin, mine.id, complaintTheirs)).body.data.linkComplaintToIncident.complaint.id).toBe(complaintTheirs);
    const q = 'query($id: ID!) { incident(id: $id) { affectedCustomers(first: 10) { edges { node { id } } totalCount } complaints(first: 10) { edges { node { id } } totalCount } } }';
    const rm = (await gql(b.token('RELATIONSHIP_MANAGER', 'rm-01'), q, { id: mine.id })).body.data.incident;
    expect(rm.affectedCustomers.edges.map((e: Out) => e.node.id)).toEqual([b.mine.id]);
    expect(rm.affectedCustomers.totalCount).toBe(1);
    expect(rm.complaints.edges.map((e: Out) => e.node.id)).toEqual([complaintMine]);
    expect(rm.complaints.totalCount).toBe(1);
    const admin = (await gql(b.admin, q, { id: mine.id })).body.data.incident;
    expect(admin.affectedCustomers.edges.map((e: Out) => e.node.id).sort()).toEqual([b.mine.id, b.theirs.id].sort());
    expect(admin.complaints.totalCount).toBe(2);
  });

  it('partners read incidents with feedback:read only, and their customers only with customers:read too', async () => {
    const withRead = (await createPartnerToken(t, ['feedback:read'])).token;
    expect((await gql(withRead, 'query($id: ID!) { incident(id: $id) { id title } }', { id: theirs.id })).body.data.incident.id).toBe(theirs.id);
    expect(errorCode(await gql(withRead, 'query($id: ID!) { incident(id: $id) { affectedCustomers { edges { node { id } } } } }', { id: theirs.id }))).toBe('FORBIDDEN');
    const withBoth = (await createPartnerToken(t, ['feedback:read', 'customers:read'])).token;
    const both = await gql(withBoth, 'query($id: ID!) { incident(id: $id) { affectedCustomers { edges { node { id } } } } }', { id: theirs.id });
    expect(both.body.data.incident.affectedCustomers.edges).toHaveLength(1);
    const without = (await createPartnerToken(t, ['customers:read'])).token;
    expect(errorCode(await gql(without, 'query($id: ID!) { incident(id: $id) { id } }', { id: theirs.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(without, '{ incidents { edges { node { id } } } }'))).toBe('FORBIDDEN');
    expect(errorCode(await gql(b.token('SUPPORT_AGENT'), 'query($id: ID!) { incident(id: $id) { id } }', { id: theirs.id }))).toBeUndefined();
  });
});

describe('complaints linked to an incident', () => {
  it('links a complaint once; again is a no-op; another incident or a non-complaint is a userError; another book is NOT_FOUND', async () => {
    const i = await opened();
    const other = await opened();
    const complaint = await feedbackRow(b.mine.key);
    const first = await linkComplaint(b.admin, i.id, complaint);
    expect(first.body.data.linkComplaintToIncident).toMatchObject({ complaint: { id: complaint }, incident: { id: i.id }, userErrors: [] });
    const again = await linkComplaint(b.admin, i.id, complaint);
    expect(again.body.data.linkComplaintToIncident.userErrors).toEqual([]);
    expect(await count(`select count(*)::int as n from audit_event where action = 'feedback.linked_to_incident' and entity_id = $1`, [keyOf(complaint)])).toBe(1);
    expect((await linkComplaint(b.admin, other.id, complaint)).body.data.linkComplaintToIncident.userErrors[0].code).toBe('LINKED_ELSEWHERE');
    const survey = await feedbackRow(b.mine.key, 'SATISFACTION_SURVEY');
    expect((await linkComplaint(b.admin, i.id, survey)).body.data.linkComplaintToIncident.userErrors[0].code).toBe('NOT_A_COMPLAINT');
    const theirs = await feedbackRow(b.theirs.key);
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    // An incident opened by someone else that touches no customer of theirs does not exist for a manager.
    expect(errorCode(await link(rm, i.id, [b.mine.id]))).toBe('NOT_FOUND');
    expect((await link(b.admin, i.id, [b.mine.id])).body.data.linkIncidentCustomers.linked).toBe(1);
    expect(errorCode(await linkComplaint(rm, i.id, theirs))).toBe('NOT_FOUND');
    expect(errorCode(await linkComplaint(b.token('RETENTION_ANALYST'), i.id, theirs))).toBe('FORBIDDEN');
  });
});

describe('what the bank said', () => {
  it('updates are kept in order, oldest first, with who posted them', async () => {
    const i = await opened();
    for (const [n, channel] of [[1, 'WEBSITE'], [2, 'INTERNAL'], [3, 'SMS']] as const) {
      const r = await post(b.admin, i.id, { message: `update ${n}`, channel, customerVisible: channel !== 'INTERNAL' });
      expect(r.body.data.postIncidentUpdate.update).toMatchObject({ message: `update ${n}`, channel, postedBy: 'admin-01' });
    }
    const page = (await gql(b.admin, 'query($id: ID!) { incident(id: $id) { updates(first: 2) { edges { node { message customerVisible } } pageInfo { hasNextPage endCursor } } } }', { id: i.id })).body.data.incident.updates;
    expect(page.edges.map((e: Out) => e.node.message)).toEqual(['update 1', 'update 2']);
    expect(page.edges[1].node.customerVisible).toBe(false);
    const next = (await gql(b.admin, 'query($id: ID!, $after: String) { incident(id: $id) { updates(first: 2, after: $after) { edges { node { message } } pageInfo { hasNextPage } } } }', { id: i.id, after: page.pageInfo.endCursor })).body.data.incident.updates;
    expect(next.edges.map((e: Out) => e.node.message)).toEqual(['update 3']);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(await count(`select count(*)::int as n from audit_event where action = 'incident.update_posted' and entity_id = $1 and actor_id = 'admin-01'`, [keyOf(i.id)])).toBe(3);
    // A partner reads only what customers saw, internal notes left out.
    const partner = (await createPartnerToken(t, ['feedback:read'])).token;
    const seen = (await gql(partner, 'query($id: ID!) { incident(id: $id) { updates { edges { node { message } } totalCount } } }', { id: i.id })).body.data.incident.updates;
    expect(seen.edges.map((e: Out) => e.node.message)).toEqual(['update 1', 'update 3']);
    expect(seen.totalCount).toBe(2);
    expect((await post(b.admin, i.id, { message: '   ' })).body.data.postIncidentUpdate.userErrors[0].code).toBe('INVALID');
    expect((await post(b.admin, i.id, { message: 'x'.repeat(5001) })).body.data.postIncidentUpdate.userErrors[0].field).toEqual(['input', 'message']);
    expect(errorCode(await post(b.token('COMPLIANCE_OFFICER'), i.id))).toBe('FORBIDDEN');
    expect(errorCode(await post((await createPartnerToken(t, ['feedback:write'])).token, i.id))).toBe('FORBIDDEN');
  });

  it('the runtime role cannot change or remove an update, nor truncate them', async () => {
    const i = await opened();
    await post(b.admin, i.id);
    const runtime = new pg.Client({ connectionString: t.db.runtimeUrl });
    await runtime.connect();
    try {
      await expect(runtime.query(`update incident_update set message = 'we never said that'`)).rejects.toThrow(/permission denied|append-only/);
      await expect(runtime.query('delete from incident_update')).rejects.toThrow(/permission denied|append-only/);
      await expect(runtime.query('truncate incident_update')).rejects.toThrow(/permission denied|append-only/);
      await expect(runtime.query('delete from incident_customer')).rejects.toThrow(/permission denied/);
      await expect(runtime.query('delete from incident')).rejects.toThrow(/permission denied/);
    } finally {
      await runtime.end();
    }
    // Even the owner cannot change one: the trigger refuses.
    await expect(t.sql.query(`update incident_update set message = 'x'`)).rejects.toThrow(/append-only/);
    expect(await count(`select count(*)::int as n from incident_update where message = 'We are aware and working on it.'`)).toBeGreaterThan(0);
  });
});

describe('Customer.incidents', () => {
  it('in a list of customers costs the same few statements for 5 customers as for 40', async () => {
    const crowd: string[] = [];
    for (let i = 0; i < 40; i++) crowd.push((await b.customer()).id);
    const incidents = [await opened(b.admin, { title: 'crowd one' }), await opened(b.admin, { title: 'crowd two' })];
    for (const i of incidents) expect((await link(b.admin, i.id, crowd)).body.data.linkIncidentCustomers.linked).toBe(40);
    const q = (n: number) => `{ customers(first: ${n}) { edges { node { id incidents(first: 5) { edges { node { id title updates { edges { node { message } } } } } } } } } }`;
    const five = await countStatements(() => gql(b.admin, q(5)));
    const forty = await countStatements(() => gql(b.admin, q(40)));
    expect(forty.result.body.errors).toBeUndefined();
    const withIncidents = forty.result.body.data.customers.edges.filter((e: Out) => e.node.incidents.edges.length > 0);
    expect(withIncidents.length).toBeGreaterThan(5);
    expect(forty.statements.length).toBe(five.statements.length);
    expect(forty.statements.length).toBeLessThanOrEqual(4);
  });

  it('a manager sees the incidents of their own customers; another book\'s customer does not come back at all', async () => {
    const i = await opened(b.admin, { title: 'own book' });
    await link(b.admin, i.id, [b.mine.id, b.theirs.id]);
    const q = 'query($id: ID!) { node(id: $id) { ... on Customer { incidents(first: 100) { edges { node { id } } } } } }';
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    expect((await gql(rm, q, { id: b.mine.id })).body.data.node.incidents.edges.map((e: Out) => e.node.id)).toContain(i.id);
    expect((await gql(rm, q, { id: b.theirs.id })).body.data.node).toBeNull();
    expect(errorCode(await gql((await createPartnerToken(t, ['customers:read'])).token, q, { id: b.mine.id }))).toBe('FORBIDDEN');
  });
});

describe('linking the members of a segment', () => {
  async function staticSegment(customerIds: string[]): Promise<string> {
    const made = await gql(b.admin, 'mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } userErrors { code } } }', {
      input: { name: `Outage ${randomUUID().slice(0, 8)}` },
    });
    const id = made.body.data.createSegment.segment.id;
    const added = await gql(b.admin, 'mutation($input: SegmentMembersInput!) { addSegmentMembers(input: $input) { userErrors { code } } }', {
      input: { segmentId: id, customerIds },
    });
    expect(added.body.errors).toBeUndefined();
    return id;
  }
  const LINK = `mutation($input: LinkIncidentSegmentInput!) { linkIncidentSegment(input: $input) {
    incident { id } linked alreadyLinked outsideReach userErrors { field code message } } }`;
  const linkedKeys = async (incidentId: string) =>
    (await t.sql.query('select customer_id from incident_customer where incident_id = $1 order by customer_id', [parseGlobalId(incidentId)!.key])).rows.map((r) => r.customer_id);

  it('links the current members in one call; again changes nothing; each link is audited', async () => {
    const extra = await b.customer(b.rm2.id);
    const segment = await staticSegment([b.mine.id, b.theirs.id, extra.id]);
    const incident = await opened();
    const first = await gql(b.admin, LINK, { input: { incidentId: incident.id, segmentId: segment } });
    expect(first.body.data.linkIncidentSegment).toMatchObject({ incident: { id: incident.id }, linked: 3, alreadyLinked: 0, outsideReach: 0, userErrors: [] });
    expect(await linkedKeys(incident.id)).toEqual([b.mine.key, b.theirs.key, extra.key].sort());
    const again = await gql(b.admin, LINK, { input: { incidentId: incident.id, segmentId: segment } });
    expect(again.body.data.linkIncidentSegment).toMatchObject({ linked: 0, alreadyLinked: 3, outsideReach: 0 });
    const audited = await t.sql.query(`select count(*)::int as n from audit_event where action = 'incident.customer_linked' and entity_id = $1`, [parseGlobalId(incident.id)!.key]);
    expect(audited.rows[0].n).toBe(3);
  });

  it('a relationship manager links only the members in their book; the others are counted, not linked', async () => {
    const segment = await staticSegment([b.mine.id, b.theirs.id]);
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    const incident = await opened(rm);
    const res = await gql(rm, LINK, { input: { incidentId: incident.id, segmentId: segment } });
    expect(res.body.data.linkIncidentSegment).toMatchObject({ linked: 1, alreadyLinked: 0, outsideReach: 1, userErrors: [] });
    expect(await linkedKeys(incident.id)).toEqual([b.mine.key]);
  });

  it('an unknown segment, an id of another type, or a caller who may not read segments: NOT_FOUND, nothing linked', async () => {
    const segment = await staticSegment([b.mine.id]);
    const incident = await opened();
    for (const segmentId of [toGlobalId('Segment', randomUUID()), b.mine.id, 'not-an-id']) {
      const res = await gql(b.admin, LINK, { input: { incidentId: incident.id, segmentId } });
      expect(errorCode(res)).toBe('NOT_FOUND');
    }
    // A support agent works incidents but reads no segments.
    const support = await gql(b.token('SUPPORT_AGENT'), LINK, { input: { incidentId: incident.id, segmentId: segment } });
    expect(errorCode(support)).toBe('NOT_FOUND');
    // Readers who may not work incidents, and partners, are refused.
    for (const token of [b.token('RETENTION_ANALYST'), b.token('COMPLIANCE_OFFICER'), (await createPartnerToken(t, ['feedback:write', 'feedback:read'])).token]) {
      expect(errorCode(await gql(token, LINK, { input: { incidentId: incident.id, segmentId: segment } }))).toBe('FORBIDDEN');
    }
    expect(await linkedKeys(incident.id)).toEqual([]);
  });
});
