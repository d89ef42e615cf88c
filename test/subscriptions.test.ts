// Subscriptions over graphql-ws: authenticated in the connection parameters, filtered by the same
// rules and book bounds as queries, closed with a reason when the credential expires or is revoked,
// capped per caller, and heard for changes made through any request.
import vm from 'node:vm';
import { randomUUID } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { toGlobalId } from '../src/domain/ids';
import { createLogger } from '../src/logger';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { type ServedKeel, serveWithEvents } from './support/served';
import { Offboarding } from './support/offboarding';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

let t: TestApp;
let o: Offboarding;
let served: ServedKeel;
let subscriptions: ServedKeel['subscriptions'];
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { SUBSCRIPTION_RECHECK_SECONDS: '1', SUBSCRIPTION_MAX_CONNECTIONS: '2' } });
  o = await new Offboarding(t).setup();
  await createStaff(t.sql, 'rm-02');
  served = await serveWithEvents(t);
  subscriptions = served.subscriptions;
  url = `${served.base.replace('http', 'ws')}/graphql`;
});
// Each test's connections close after it, so that per-caller connection caps start afresh.
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
  await waitUntil(() => subscriptions.open() === 0, 'every connection closed');
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

interface Heard {
  data: unknown[];
  errors: unknown[];
  closed: { code: number; reason: string } | null;
  done: boolean;
}

const CHANGES = 'subscription { offboardingCaseChanged { eventId from to offboardingCase { id state customer { id } } } }';

function subscribe(token: string | undefined, query = CHANGES): Heard {
  const heard: Heard = { data: [], errors: [], closed: null, done: false };
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (e) => void (heard.closed = { code: (e as { code: number }).code, reason: (e as { reason: string }).reason }) },
    onNonLazyError: () => undefined,
  });
  clients.push(client);
  client.subscribe({ query }, {
    next: (v) => {
      if (v.errors) heard.errors.push(...v.errors);
      if (v.data) heard.data.push(v.data);
    },
    error: (e) => void heard.errors.push(e),
    complete: () => void (heard.done = true),
  });
  return heard;
}

const caseIds = (h: Heard) => h.data.map((d) => (d as { offboardingCaseChanged: { offboardingCase: { id: string } } }).offboardingCaseChanged.offboardingCase.id);

it('a relationship manager hears the steps of their own book\'s cases and never another book\'s', async () => {
  const rm = staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now());
  const support = staffToken(t.config, 'SUPPORT_AGENT', undefined, t.clock.now());
  const mine = subscribe(rm);
  const all = subscribe(support);
  await waitUntil(() => subscriptions.open() >= 2, 'both connected');
  await new Promise((r) => setTimeout(r, 200));

  const other = await o.customer();
  await t.sql.query(`update customer set rm_id = (select id from staff_user where subject = 'rm-02') where id = $1`, [other.id]);
  const theirs = await o.start(other.gid, 'CUSTOMER');
  const own = await o.customer();
  const ownCase = await o.start(own.gid, 'CUSTOMER');

  await waitUntil(() => caseIds(mine).includes(ownCase.id) && caseIds(all).includes(ownCase.id), 'the own-book change was heard');
  expect(caseIds(all)).toContain(theirs.id); // the support agent reads every case
  expect(caseIds(mine)).not.toContain(theirs.id); // heard before the own one, had it been let through
  expect(mine.data[0]).toMatchObject({ offboardingCaseChanged: { from: null, to: 'REQUESTED', offboardingCase: { state: 'REQUESTED', customer: { id: own.gid } } } });
  expect(mine.errors).toEqual([]);
});

it('partners hear with offboarding:read and are refused without it; anonymous callers are closed', async () => {
  const reader = await createPartnerToken(t, ['offboarding:read']);
  const without = await createPartnerToken(t, ['customers:read']);
  const withScope = subscribe(reader.token);
  const withoutScope = subscribe(without.token);
  await waitUntil(() => withoutScope.errors.length > 0, 'the partner without the scope was refused');
  expect(JSON.stringify(withoutScope.errors)).toMatch(/FORBIDDEN|not allowed/i);
  await new Promise((r) => setTimeout(r, 200));
  const customer = await o.customer();
  const c = await o.start(customer.gid, 'CUSTOMER');
  await waitUntil(() => caseIds(withScope).includes(c.id), 'the partner with the scope heard the change');
});

it('without a credential, or with a bad one, the connection is closed with a reason', async () => {
  const none = subscribe(undefined);
  const bad = subscribe('not-a-token');
  await waitUntil(() => none.closed !== null && bad.closed !== null, 'both were closed');
  expect(none.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/authorization/) });
  expect(bad.closed).toMatchObject({ code: 4401, reason: 'Invalid or expired credentials' });
});

it('a caller who may not read cases is refused the subscription', async () => {
  const analyst = subscribe(staffToken(t.config, 'RETENTION_ANALYST', undefined, t.clock.now()));
  await waitUntil(() => analyst.errors.length > 0, 'refused');
  expect(JSON.stringify(analyst.errors)).toMatch(/FORBIDDEN|Not Authorised|not allowed/i);
});

it('a token that expires while connected closes the connection with the reason', async () => {
  const token = staffToken(t.config, 'SUPPORT_AGENT', 'support-77', t.clock.now());
  const heard = subscribe(token);
  await waitUntil(() => subscriptions.open() >= 1 && heard.closed === null, 'connected');
  await new Promise((r) => setTimeout(r, 300));
  expect(heard.closed).toBeNull();
  t.clock.advance(2 * 3600 * 1000); // past the token's expiry
  await waitUntil(() => heard.closed !== null, 'closed after the expiry', 10_000);
  expect(heard.closed).toMatchObject({ code: 4401, reason: 'Invalid or expired credentials' });
  t.clock.advance(-2 * 3600 * 1000);
});

it('a partner whose token is revoked while connected is closed with the reason', async () => {
  const partner = await createPartnerToken(t, ['offboarding:read'], { via: 'api' });
  const heard = subscribe(partner.token);
  await new Promise((r) => setTimeout(r, 300));
  expect(heard.closed).toBeNull();
  const res = await t.gql('mutation($input: RevokeApiClientInput!) { revokeApiClient(input: $input) { userErrors { code } } }', {
    token: staffToken(t.config, 'ADMIN', undefined, t.clock.now()), variables: { input: { id: partner.id } },
  });
  expect(res.body.errors).toBeUndefined();
  await waitUntil(() => heard.closed !== null, 'closed after the revocation', 10_000);
  expect(heard.closed?.code).toBe(4401);
});

it('a caller may hold only so many connections; queries are not served on the socket', async () => {
  const token = staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-09', t.clock.now());
  const first = subscribe(token);
  const second = subscribe(token);
  await new Promise((r) => setTimeout(r, 300));
  const third = subscribe(token);
  await waitUntil(() => third.closed !== null, 'the third was refused');
  expect(third.closed).toMatchObject({ code: 4429 });
  expect(first.closed).toBeNull();
  expect(second.closed).toBeNull();
  const query = subscribe(staffToken(t.config, 'ADMIN', 'admin-77', t.clock.now()), '{ viewer { kind } }');
  await waitUntil(() => query.errors.length > 0, 'the query was refused');
  expect(JSON.stringify(query.errors)).toMatch(/served over HTTP/);
});

it('GraphiQL\'s own page runs a subscription over this socket, with the token from its Headers tab', async () => {
  // The page's boot script, run as the browser would, with this server's address and a real WebSocket.
  const html = (await t.http.get('/graphql').set('accept', 'text/html')).text;
  const bootUrl = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*boot[^"]*)"/g)].map((m) => m[1])[0];
  const boot = (await t.http.get(bootUrl)).text;
  type Fetcher = (params: Record<string, unknown>, opts: { headers: Record<string, string> }) => {
    subscribe(o: { next(v: unknown): void; error(e: unknown): void; complete(): void }): { unsubscribe(): void };
  };
  const host = url.replace('ws://', '').replace('/graphql', '');
  // A fresh page each time: the page remembers the last token pasted, in memory.
  const openPage = (): Fetcher => {
    let fetcher!: Fetcher;
    const sandbox = {
      document: { getElementById: () => ({ style: {} }), body: { style: {} } },
      React: { createElement: (_c: unknown, props: { fetcher: Fetcher }) => ((fetcher = props.fetcher), null) },
      ReactDOM: { createRoot: () => ({ render: () => undefined }) },
      GraphiQL: {},
      WebSocket,
      location: { protocol: 'http:', host },
      JSON,
      String,
      RegExp,
    };
    vm.runInNewContext(boot, sandbox);
    expect(typeof fetcher).toBe('function');
    return fetcher;
  };
  const fetcher = openPage();

  const heard: unknown[] = [];
  const token = staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now());
  const sub = fetcher(
    { query: '# from the page\nsubscription Changes { offboardingCaseChanged { to offboardingCase { id } } }', operationName: 'Changes' },
    { headers: { Authorization: `Bearer ${token}` } },
  ).subscribe({ next: (v) => heard.push(v), error: (e) => heard.push({ error: e }), complete: () => undefined });
  await waitUntil(() => subscriptions.open() > 0, 'the page connected');
  await new Promise((r) => setTimeout(r, 300));
  const customer = await o.customer();
  const c = await o.start(customer.gid, 'CUSTOMER');
  await waitUntil(() => JSON.stringify(heard).includes(c.id), 'the page heard the change');
  expect(heard[0]).toEqual({ data: { offboardingCaseChanged: { to: 'REQUESTED', offboardingCase: { id: c.id } } } });
  sub.unsubscribe();

  // Without a token the page shows why the connection closed.
  const refused: unknown[] = [];
  openPage()({ query: 'subscription { offboardingCaseChanged { to } }' }, { headers: { Authorization: 'Bearer <paste a token>' } })
    .subscribe({ next: (v) => refused.push(v), error: () => undefined, complete: () => undefined });
  await waitUntil(() => refused.length > 0, 'the page was told');
  expect(JSON.stringify(refused[0])).toMatch(/4401/);
});

it('feedbackReceived: a relationship manager hears feedback of their own book only; a partner without feedback:read is refused', async () => {
  const rm = staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now());
  const heard = subscribe(rm, 'subscription { feedbackReceived { eventId feedback { id kind nps customer { id } } } }');
  const analyst = subscribe(staffToken(t.config, 'RETENTION_ANALYST', 'analyst-07', t.clock.now()), 'subscription { feedbackReceived { eventId } }');
  await waitUntil(() => subscriptions.open() >= 2, 'connected');
  await new Promise((r) => setTimeout(r, 200));
  const other = await o.customer();
  await t.sql.query(`update customer set rm_id = (select id from staff_user where subject = 'rm-02') where id = $1`, [other.id]);
  const own = await o.customer();
  const record = (customerId: string, nps: number) => t.gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id } userErrors { code } } }', {
    token: o.admin, variables: { input: { customerId, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps } },
  });
  const theirs = (await record(other.gid, 3)).body.data.recordFeedback.feedback;
  const mine = (await record(own.gid, 9)).body.data.recordFeedback.feedback;
  const ids = () => heard.data.map((d) => (d as { feedbackReceived: { feedback: { id: string } } }).feedbackReceived.feedback.id);
  await waitUntil(() => ids().includes(mine.id), 'the own-book feedback was heard');
  expect(ids()).not.toContain(theirs.id);
  expect(heard.data.at(-1)).toMatchObject({ feedbackReceived: { feedback: { id: mine.id, kind: 'SATISFACTION_SURVEY', nps: 9, customer: { id: own.gid } } } });
  // Analysts and compliance officers read feedback: they may subscribe.
  expect(analyst.errors).toEqual([]);
  const compliance = subscribe(staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-31', t.clock.now()), 'subscription { feedbackReceived { eventId } }');
  await new Promise((r) => setTimeout(r, 200));
  expect(compliance.errors).toEqual([]);
  const partner = subscribe((await createPartnerToken(t, ['feedback:write'])).token, 'subscription { feedbackReceived { eventId } }');
  await waitUntil(() => partner.errors.length > 0, 'the partner without feedback:read was refused');
  expect(JSON.stringify(partner.errors)).toMatch(/FORBIDDEN|not allowed/i);
});

it('riskAlerts: a relationship manager hears the alerts of their own book; a support agent, who reads no scores, is refused', async () => {
  const heard = subscribe(staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now()), 'subscription { riskAlerts { id customerId toBand } }');
  const support = subscribe(staffToken(t.config, 'SUPPORT_AGENT', 'support-41', t.clock.now()), 'subscription { riskAlerts { id } }');
  await waitUntil(() => support.errors.length > 0, 'the support agent was refused');
  expect(JSON.stringify(support.errors)).toMatch(/FORBIDDEN|not allowed/i);
  await new Promise((r) => setTimeout(r, 200));
  // Alerts as the scoring statement raises them: the alert row and its event, committed together.
  const other = await o.customer();
  await t.sql.query(`update customer set rm_id = (select id from staff_user where subject = 'rm-02') where id = $1`, [other.id]);
  const own = await o.customer();
  const raise = async (customerKey: string) => {
    const alertId = randomUUID();
    const client = await t.sql.connect();
    try {
      await client.query('begin');
      const scoreId = randomUUID();
      await client.query(`insert into risk_score (id, customer_id, source, score, band, triggered_by, computed_at) values ($1, $2, 'test', 0.9, 'CRITICAL', 'test', now())`, [scoreId, customerKey]);
      await client.query(`insert into risk_alert (id, customer_id, score_id, from_band, to_band, score, raised_at) values ($1, $2, $3, 'LOW', 'CRITICAL', 0.9, now())`, [alertId, customerKey, scoreId]);
      await client.query(`insert into domain_event (id, type, occurred_at, customer_id, payload, actor_kind, actor_id)
        values (gen_random_uuid(), 'risk.alert', now(), $1, jsonb_build_object('alertId', $2::text, 'customerId', $3::text), 'system', 'system')`,
      [customerKey, toGlobalId('RiskAlert', alertId), toGlobalId('Customer', customerKey)]);
      await client.query('commit');
    } finally {
      client.release();
    }
    return toGlobalId('RiskAlert', alertId);
  };
  const theirs = await raise(other.id);
  const mine = await raise(own.id);
  const ids = () => heard.data.map((d) => (d as { riskAlerts: { id: string } }).riskAlerts.id);
  await waitUntil(() => ids().includes(mine), 'the own-book alert was heard');
  expect(ids()).not.toContain(theirs);
  expect(heard.data.at(-1)).toEqual({ riskAlerts: { id: mine, customerId: own.gid, toBand: 'CRITICAL' } });
});

it('incidentUpdated: staff hear every update of incidents they see; partners only what customers were told', async () => {
  const admin = staffToken(t.config, 'ADMIN', 'admin-51', t.clock.now());
  const staff = subscribe(staffToken(t.config, 'SUPPORT_AGENT', 'support-52', t.clock.now()), 'subscription { incidentUpdated { eventId incident { id title } update { message customerVisible channel } } }');
  const partner = subscribe((await createPartnerToken(t, ['feedback:read'])).token, 'subscription { incidentUpdated { update { message customerVisible } } }');
  const refused = subscribe((await createPartnerToken(t, ['customers:read'])).token, 'subscription { incidentUpdated { eventId } }');
  await waitUntil(() => refused.errors.length > 0, 'the partner without feedback:read was refused');
  await new Promise((r) => setTimeout(r, 200));
  const opened = await t.gql('mutation($input: OpenIncidentInput!) { openIncident(input: $input) { incident { id } } }', {
    token: admin, variables: { input: { title: 'Card payments failing', kind: 'OUTAGE', severity: 'HIGH' } },
  });
  const incidentId = opened.body.data.openIncident.incident.id;
  const post = (message: string, customerVisible: boolean) => t.gql('mutation($input: PostIncidentUpdateInput!) { postIncidentUpdate(input: $input) { userErrors { code } } }', {
    token: admin, variables: { input: { incidentId, message, customerVisible, channel: customerVisible ? 'WEBSITE' : 'INTERNAL' } },
  });
  await post('Root cause: a certificate expired', false);
  await post('Card payments work again', true);
  const messages = (h: Heard) => h.data.map((d) => (d as { incidentUpdated: { update: { message: string } } }).incidentUpdated.update.message);
  await waitUntil(() => messages(staff).length === 2 && messages(partner).length === 1, 'both heard');
  expect(messages(staff)).toEqual(['Root cause: a certificate expired', 'Card payments work again']);
  expect(messages(partner)).toEqual(['Card payments work again']);
  expect(staff.data[0]).toMatchObject({ incidentUpdated: { incident: { id: incidentId, title: 'Card payments failing' }, update: { customerVisible: false, channel: 'INTERNAL' } } });
});
