// Webhooks attacked as a hostile caller would, over HTTP against the real app with private targets
// refused (as in production): address literals in every spelling that names a private, loopback or
// translated address; huge and odd inputs; pagination abuse; a partner reaching for another client's
// subscriptions and deliveries; staff holding combined roles; secrets rotated at once; and the audit
// trail naming the actor of every change.
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { createPartnerToken, type PartnerToken } from './support/partners';
import { staffToken } from './support/tokens';
import { decryptSecret } from '../src/modules/webhooks/webhook-secret.crypto';
import { isSpecialAddress } from '../src/modules/webhooks/webhook.targets';
import type { Role } from '../src/auth/roles';

let t: TestApp;
let a: PartnerToken;
let b: PartnerToken;
const keyOf = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];
const admin = (sub = 'admin-hostile') => staffToken(t.config, 'ADMIN', sub, t.clock.now());
const SUB = 'webhookSubscription { id url status } secret userErrors { field code message }';
const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { ${SUB} } }`;

type Body = { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function create(input: Record<string, unknown>, token = admin()): Promise<Body> {
  return (await t.gql(CREATE, { token, variables: { input } })).body;
}

function noInternal(body: Body) {
  expect(body).toEqual(expect.any(Object));
  for (const e of body.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
}

/** Refused: as a userError, or as a whole-request BAD_USER_INPUT; never made. */
function refused(body: Body): string[] {
  noInternal(body);
  expect(body.data?.createWebhookSubscription?.webhookSubscription ?? null).toBeNull();
  return body.errors?.length ? body.errors.map((e) => e.extensions!.code!) : body.data!.createWebhookSubscription.userErrors.map((e: { code: string }) => e.code);
}

beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-01');
  a = await createPartnerToken(t, ['webhooks:manage', 'feedback:read']);
  b = await createPartnerToken(t, ['webhooks:manage', 'feedback:read']);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('targets', () => {
  it('every spelling of a private, loopback, link-local or translated address is refused', async () => {
    for (const url of [
      'https://[::ffff:127.0.0.1]/', 'https://[::ffff:127.0.0.1]:8443/x', 'https://2130706433/', 'https://0177.0.0.1/', 'https://0x7f.0.0.1/', 'https://0x7f000001/',
      'https://127.1/', 'https://127.0.0.1./', 'https://0/', 'https://[::]/', 'https://[::1]/', 'https://[0:0:0:0:0:0:0:1]/', 'https://[::ffff:a9fe:a9fe]/',
      'https://169.254.169.254/latest/meta-data/', 'https://[fd00::1]/', 'https://[fe80::1]/', 'https://[64:ff9b::a9fe:a9fe]/', 'https://[2002:a9fe:a9fe::]/',
      'https://[::ffff:0:7f00:1]/', 'https://[::ffff:0:a9fe:a9fe]/', 'https://[64:ff9b:1::a9fe:a9fe]/', 'https://[100::1]/',
      'https://localhost/', 'https://localhost./', 'https://api.localhost/', 'https://LOCALHOST:8443/', 'https://hooks.example@127.0.0.1/', 'https://user:pw@hooks.example/', 'https://%31%32%37.0.0.1/',
      'https://①②⑦.0.0.1/', 'https://127.0.0.1:0/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://[::ffff:127.0.0.1', '',
    ]) {
      const codes = refused(await create({ url, eventTypes: ['feedback.received'] }));
      expect([url, codes.length > 0 && codes.every((c) => c === 'TARGET_REFUSED' || c === 'BAD_USER_INPUT' || c === 'INVALID')]).toEqual([url, true]);
    }
  });

  it('classifies IPv4-translated, local-use NAT64 and discard-only IPv6 as special', () => {
    for (const ip of ['::ffff:0:7f00:1', '::ffff:0:a00:1', '64:ff9b:1::a9fe:a9fe', '100::1', '100::', '2001:2::1']) expect([ip, isSpecialAddress(ip)]).toEqual([ip, true]);
    // An IPv4-translated public address is public, as its IPv4 is.
    for (const ip of ['::ffff:0:5db8:d822', '2606:4700:4700::1111', '64:ff9b::5db8:d822']) expect([ip, isSpecialAddress(ip)]).toEqual([ip, false]);
  });

  it('very long URLs, IDN hosts and huge lists are the caller\'s mistake, never an internal error', async () => {
    for (const url of [`https://hooks.example/${'a'.repeat(1980)}`, `https://${'a'.repeat(63)}.${'b'.repeat(63)}.example/`, `https://${'x'.repeat(300)}.example/`,
      'https://bücher.example/in', 'https://xn--bcher-kva.example/in', 'https://[2001:db8::1]/']) {
      noInternal(await create({ url, eventTypes: ['feedback.received'] }));
    }
    expect(refused(await create({ url: `https://hooks.example/${'a'.repeat(5000)}`, eventTypes: ['feedback.received'] })).length).toBeGreaterThan(0);
    for (const eventTypes of [Array.from({ length: 10_000 }, () => 'feedback.received'), Array.from({ length: 1_500 }, (_, i) => `x.${i}`), ['x'.repeat(100_000)], [], ['feedback.received\u0000']]) {
      const body = await create({ url: 'https://hooks.example/in', eventTypes });
      if (body.data?.createWebhookSubscription?.webhookSubscription) throw new Error(`accepted ${JSON.stringify(eventTypes).slice(0, 100)}`);
      const codes = refused(body);
      expect(codes.length).toBeGreaterThan(0);
    }
    for (const filters of [{ band: 'x'.repeat(10_000) }, { region: '' }, { region: 'r'.repeat(101) }, { region: 'r'.repeat(1_000_000) }, { segmentId: 'x'.repeat(5000) }, { band: 'EXTREME' }]) {
      const body = await create({ url: 'https://hooks.example/in', eventTypes: ['feedback.received'], filters });
      if (body.data?.createWebhookSubscription?.webhookSubscription) throw new Error(`accepted ${JSON.stringify(filters).slice(0, 100)}`);
      expect(refused(body).length).toBeGreaterThan(0);
    }
  });
});

describe('partners', () => {
  let theirs = '';
  let mine = '';
  beforeAll(async () => {
    const made = await create({ url: 'https://hooks.partner-b.example/in', eventTypes: ['feedback.received'] }, b.token);
    theirs = made.data!.createWebhookSubscription.webhookSubscription.id;
    mine = (await create({ url: 'https://hooks.partner-a.example/in', eventTypes: ['feedback.received'] }, a.token)).data!.createWebhookSubscription.webhookSubscription.id;
    await t.sql.query(
      `insert into webhook_delivery (id, subscription_id, event_id, event_type, attempt, status, attempted_at)
       values (gen_random_uuid(), $1, gen_random_uuid(), 'feedback.received', 1, 'DELIVERED', now())`,
      [keyOf(theirs)],
    ).catch(() => undefined);
  });

  it('another client\'s subscription and its deliveries do not exist for a partner, by any road', async () => {
    const node = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } n: node(id: $ids) { id } }'.replace('node(id: $ids)', 'node(id: $one)').replace('($ids: [ID!]!)', '($ids: [ID!]!, $one: ID!)'), {
      token: a.token, variables: { ids: [theirs], one: theirs },
    });
    noInternal(node.body);
    expect(node.body.data?.n ?? null).toBeNull();
    expect((node.body.data?.nodes ?? [null]).filter(Boolean)).toEqual([]);
    const { rows } = await t.sql.query('select id from webhook_delivery where subscription_id = $1', [keyOf(theirs)]);
    for (const r of rows) {
      const gid = Buffer.from(`WebhookDelivery:${r.id}`).toString('base64url');
      const d = await t.gql('query($id: ID!) { node(id: $id) { id } }', { token: a.token, variables: { id: gid } });
      expect(d.body.data?.node ?? null).toBeNull();
    }
    const eventId = '00000000-0000-4000-8000-000000000001';
    for (const [name, input] of [
      ['rotateWebhookSecret(input: { id: $id }) { secret userErrors { code } }', {}],
      ['redeliverWebhookEvent(input: { subscriptionId: $id, eventId: "' + eventId + '" }) { userErrors { code } }', {}],
      ['pauseWebhookSubscription(input: { id: $id, reason: "mine now" }) { userErrors { code } }', {}],
      ['resumeWebhookSubscription(input: { id: $id }) { userErrors { code } }', {}],
      ['deleteWebhookSubscription(input: { id: $id }) { deletedId userErrors { code } }', {}],
    ] as const) {
      const res = await t.gql(`mutation($id: ID!) { ${name} }`, { token: a.token, variables: { id: theirs, ...input } });
      expect([name.split('(')[0], res.body.errors?.[0]?.extensions?.code]).toEqual([name.split('(')[0], 'NOT_FOUND']);
    }
    const deliveries = await t.gql('query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 5) { edges { node { id } } } }', { token: a.token, variables: { id: theirs } });
    expect(deliveries.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await t.gql('{ webhookSubscriptions(first: 100) { totalCount edges { node { id } } } }', { token: a.token });
    expect(list.body.data.webhookSubscriptions).toEqual({ totalCount: 1, edges: [{ node: { id: mine } }] });
    // Still there and untouched for its owner.
    const still = await t.gql('{ webhookSubscriptions(first: 100) { edges { node { id status } } } }', { token: b.token });
    expect(still.body.data.webhookSubscriptions.edges).toEqual([{ node: { id: theirs, status: 'ACTIVE' } }]);
  });

  it('event types and filters beyond the scopes are refused', async () => {
    const codes = (await create({ url: 'https://hooks.partner-a.example/x', eventTypes: ['feedback.received', 'risk.alert', 'offboarding.case_changed', 'customer.updated'],
      filters: { band: 'HIGH', region: 'North', segmentId: theirs } }, a.token)).data!.createWebhookSubscription.userErrors.map((e: { code: string }) => e.code);
    expect(codes.filter((c: string) => c === 'FILTER_NOT_ALLOWED')).toHaveLength(3);
    expect(codes).toContain('EVENT_TYPE_NOT_ALLOWED');
  });

  it('pagination abuse on subscriptions and deliveries is the caller\'s mistake', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const args of [{ first: 100_000 }, { first: -1 }, { last: -1 }, { after: 'garbage' }, { after: b64(['not a time', '00000000-0000-4000-8000-000000000000']) },
      { after: b64(['2026-01-01T00:00:00Z', 'not-a-uuid']) }, { after: b64(['+275760-09-13T00:00:00.001Z', '00000000-0000-4000-8000-000000000000']) },
      { after: b64(['2026-01-01T00:00:00Z']) }, { last: 2, before: 'x'.repeat(10_000) }, { first: 2, last: 2 }]) {
      for (const q of ['query($first: Int, $last: Int, $after: String, $before: String) { webhookSubscriptions(first: $first, last: $last, after: $after, before: $before) { edges { node { id } } } }',
        'query($first: Int, $last: Int, $after: String, $before: String, $id: ID!) { webhookDeliveries(subscriptionId: $id, first: $first, last: $last, after: $after, before: $before) { edges { node { id } } } }']) {
        const res = await t.gql(q, { token: a.token, variables: { ...args, id: mine } });
        expect([q.slice(50, 80), JSON.stringify(args).slice(0, 60), res.body.errors?.[0]?.extensions?.code]).toEqual([
          q.slice(50, 80), JSON.stringify(args).slice(0, 60), expect.stringMatching(/^(BAD_USER_INPUT|QUERY_TOO_COMPLEX)$/),
        ]);
      }
    }
    for (const eventId of ['x', "'; drop table webhook_delivery; --", '00000000-0000-4000-8000-00000000000G']) {
      const res = await t.gql('query($id: ID!, $e: String) { webhookDeliveries(subscriptionId: $id, first: 5, filter: { eventId: $e }) { edges { node { id } } } }', { token: a.token, variables: { id: mine, e: eventId } });
      noInternal(res.body);
    }
    const redeliver = await t.gql('mutation($id: ID!, $e: String!) { redeliverWebhookEvent(input: { subscriptionId: $id, eventId: $e }) { userErrors { code } } }', { token: a.token, variables: { id: mine, e: 'x'.repeat(10_000) } });
    noInternal(redeliver.body);
  });
});

describe('combined roles', () => {
  it('a relationship manager holding a second role manages no webhooks; an admin does', async () => {
    for (const roles of [['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], ['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'], ['RELATIONSHIP_MANAGER', 'COMPLIANCE_OFFICER'],
      ['SUPPORT_AGENT', 'RETENTION_ANALYST', 'COMPLIANCE_OFFICER']] as Role[][]) {
      const token = staffToken(t.config, roles, 'rm-01', t.clock.now());
      const list = await t.gql('{ webhookSubscriptions(first: 5) { edges { node { id } } } }', { token });
      expect([roles.join('+'), list.body.errors?.[0]?.extensions?.code]).toEqual([roles.join('+'), 'FORBIDDEN']);
      const made = await create({ url: 'https://hooks.example/in', eventTypes: ['feedback.received'] }, token);
      expect([roles.join('+'), made.errors?.[0]?.extensions?.code]).toEqual([roles.join('+'), 'FORBIDDEN']);
    }
  });
});

describe('races and audit', () => {
  it('secrets rotated at once: both issued secrets stay valid, the later current and the earlier previous', async () => {
    const made = (await create({ url: 'https://hooks.example/rotate', eventTypes: ['feedback.received'] })).data!.createWebhookSubscription;
    const id = made.webhookSubscription.id;
    const answers = await Promise.all([0, 1, 2].map(() => t.gql('mutation($id: ID!) { rotateWebhookSecret(input: { id: $id }) { secret userErrors { code } } }', { token: admin(), variables: { id } })));
    answers.forEach((r) => noInternal(r.body));
    const secrets = answers.map((r) => r.body.data?.rotateWebhookSecret?.secret).filter(Boolean) as string[];
    expect(secrets.length).toBeGreaterThan(0);
    const { rows } = await t.sql.query('select secret_encrypted, previous_secret_encrypted from webhook_subscription where id = $1', [keyOf(id)]);
    const current = decryptSecret(t.config.webhooks, rows[0].secret_encrypted, keyOf(id));
    const previous = decryptSecret(t.config.webhooks, rows[0].previous_secret_encrypted, keyOf(id));
    expect(secrets).toContain(current);
    expect(new Set([made.secret, ...secrets])).toContain(previous);
    expect(previous).not.toBe(current);
    // Every rotation that answered with a secret is recorded, each by its actor.
    const audit = await t.sql.query(`select count(*)::int as n from audit_event where entity_id = $1 and action = 'webhook.secret_rotated' and actor_id = 'admin-hostile'`, [keyOf(id)]);
    expect(audit.rows[0].n).toBe(secrets.length);
  });

  it('every webhook mutation of a partner leaves an audit event naming it', async () => {
    const made = (await create({ url: 'https://hooks.partner-a.example/audit', eventTypes: ['feedback.received'] }, a.token)).data!.createWebhookSubscription;
    const id = made.webhookSubscription.id;
    for (const m of ['rotateWebhookSecret(input: { id: $id }) { userErrors { code } }', 'pauseWebhookSubscription(input: { id: $id }) { userErrors { code } }',
      'resumeWebhookSubscription(input: { id: $id }) { userErrors { code } }', 'deleteWebhookSubscription(input: { id: $id }) { userErrors { code } }']) {
      const res = await t.gql(`mutation($id: ID!) { ${m} }`, { token: a.token, variables: { id } });
      expect(res.body.errors).toBeUndefined();
    }
    const { rows } = await t.sql.query(`select action, actor_kind, actor_id from audit_event where entity_type = 'WebhookSubscription' and entity_id = $1 order by action`, [keyOf(id)]);
    expect(rows).toEqual(['webhook.created', 'webhook.deleted', 'webhook.paused', 'webhook.resumed', 'webhook.secret_rotated'].map((action) => ({ action, actor_kind: 'partner', actor_id: a.publicId })));
  });
});
