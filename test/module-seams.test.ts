// A module is its folder plus one line in a module list: the platform names none, and a module that
// lives only here (test/fixtures/greetings) brings its own migration, grant, configuration, demo
// data, scope, rule, and contributions to other modules: a field on another module's type, a customer
// attribute and filter, its part of anonymising a customer and an offer eligibility check.
import path from 'node:path';
import pg from 'pg';
import { createApp, type KeelApp } from '../src/app';
import { ManualClock } from '../src/clock';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { migrate } from '../src/db/migrate';
import { initOrm } from '../src/db/orm';
import { dropDatabase, provisionDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { seedIfEmpty } from '../src/db/seed';
import { createLogger } from '../src/logger';
import type { Role } from '../src/auth/roles';
import type { Viewer } from '../src/auth/viewer';
import { DomainError } from '../src/domain/errors';
import { makeMemo, AuditedReads, type Context } from '../src/graphql/context';
import { contributionsOf, scopesOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { KNOWN_SCOPES } from '../src/modules/access/public';
import { CustomerOrderField, listCustomers, OrderDirection } from '../src/modules/customers/customer.queries';
import { runRetentionJob } from '../src/modules/offboarding/retention.job';
import { moduleNames, namingsIn, platformNamings } from '../tools/module-names';
import { greetingsModule } from './fixtures/greetings';
import { createTestApp, type TestApp } from './support/app';
import { TEST_JWT_SECRET, testEnv } from './support/env';
import { Offboarding } from './support/offboarding';
import { staffToken } from './support/tokens';
import supertest from 'supertest';
import type { MikroORM } from '@mikro-orm/postgresql';

const root = path.resolve(__dirname, '..');

describe('the platform names no module', () => {
  it('no platform file imports a module or uses a module name, besides the registry', () => {
    expect(platformNamings(root)).toEqual([]);
  });

  it('the checker finds an import of a module, a scope and a job name', () => {
    const modules = moduleNames(root);
    expect(modules).toEqual(expect.arrayContaining(['customers', 'offboarding']));
    const source = [
      "import { x } from '../modules/customers/customer.entity';",
      "const s = 'offboarding:read';",
      "// comments may speak of 'customers:read'",
      "import { defaultModules } from './modules';",
    ].join('\n');
    expect(namingsIn('src/x.ts', source, modules).map((n) => [n.line, n.module])).toEqual([[1, 'customers'], [2, 'offboarding']]);
  });

  it('only the customers module joins the customer table: others filter their rows through its public surface', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const offenders: string[] = [];
    for (const m of moduleNames(root).filter((n) => n !== 'customers')) {
      const dir = path.join(root, 'src/modules', m);
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
        if (/join\(\s*['"`]customer\b/.test(fs.readFileSync(path.join(dir, f), 'utf8'))) offenders.push(`${m}/${f}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the scopes that partners may be given are the modules\' own, and those reserved for modules to come', () => {
    const declared = scopesOf(defaultModules);
    expect(KNOWN_SCOPES).toEqual(expect.arrayContaining(declared));
    const reserved = KNOWN_SCOPES.filter((s) => !declared.includes(s));
    // Each coming module moves its scopes from here into its own KeelModule.scopes; none is still to come.
    expect(reserved.sort()).toEqual([]);
  });
});

describe('a module registered only in a test', () => {
  const modules = [...defaultModules, greetingsModule];
  const clock = new ManualClock();
  let db: ProvisionedDatabase;
  let config: Config;
  let orm: MikroORM;
  let keel: KeelApp;
  let applied: string[];
  let seeded: boolean;
  const seedLog: string[] = [];

  beforeAll(async () => {
    const { superuserUrl, runId } = testEnv();
    db = await provisionDatabase(superuserUrl, `keel_t_${runId}_greetings`);
    applied = await migrate(db.ownerUrl, () => undefined, modules);
    config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, GREETING_SALUTATION: 'Welcome' }, { warn: () => undefined, modules });
    seeded = await seedIfEmpty(db.ownerUrl, { size: 12, pii: config.pii, modules, log: (m) => seedLog.push(m) });
    orm = await initOrm(db.runtimeUrl, modules, 3);
    keel = await createApp(config, { orm, modules, clock, logger: createLogger('silent') });
  });

  afterAll(async () => {
    await keel?.stop();
    await orm?.close(true);
    if (db) await dropDatabase(testEnv().superuserUrl, db.database);
  });

  async function gql(query: string, token: string, variables?: Record<string, unknown>) {
    const res = await supertest(keel.app).post('/graphql').set('authorization', `Bearer ${token}`).send({ query, variables });
    return res.body;
  }

  it('its migration runs after the modules below it, on a fresh database', () => {
    expect(applied[applied.length - 1]).toBe('Migration20261201120000_greetings');
    expect(applied.indexOf('Migration20261128000100_foundation')).toBeLessThan(applied.indexOf('Migration20261201120000_greetings'));
  });

  it('its configuration section is read and validated with the rest', () => {
    expect(config.greetings).toEqual({ salutation: 'Welcome' });
    expect(loadConfig({ NODE_ENV: 'test' }, { warn: () => undefined, modules }).greetings).toEqual({ salutation: 'Hello' });
    expect(() => loadConfig({ NODE_ENV: 'test', GREETING_SALUTATION: 'Hi!' }, { warn: () => undefined, modules })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', GREETING_SALUTATION: 'Hi!' }, { warn: () => undefined, modules })).toThrow(/^GREETING_SALUTATION must be/);
  });

  it('its demo data are seeded after the customers they refer to', async () => {
    expect(seeded).toBe(true);
    expect(seedLog).toEqual([expect.stringMatching(/^seeded .* 12 customers/), expect.stringMatching(/^seeded \d+ feedback items/), expect.stringMatching(/^seeded \d+ loyalty accounts/), expect.stringMatching(/^seeded \d+ retention offers/), expect.stringMatching(/^risk: imported \d+ exits$/), 'risk: scored 12 customers with model 2', expect.stringMatching(/^seeded \d+ segments$/), expect.stringMatching(/campaign/), 'seeded 3 nicknames']);
  });

  it('its grant lets the runtime role read and write its table (delete: anonymisation erases rows), and no more', async () => {
    const runtime = new pg.Client({ connectionString: db.runtimeUrl });
    await runtime.connect();
    try {
      expect((await runtime.query('select count(*)::int as n from customer_nickname')).rows[0].n).toBe(3);
      await expect(runtime.query('truncate customer_nickname')).rejects.toThrow(/permission denied/);
      await expect(runtime.query('alter table customer_nickname add column x int')).rejects.toThrow(/must be owner/);
    } finally {
      await runtime.end();
    }
  });

  it('its Customer.greeting field answers for those its rule lets in', async () => {
    const query = '{ customers(first: 12, orderBy: { field: NAME, direction: ASC }) { edges { node { externalRef greeting } } } }';
    const body = await gql(query, staffToken(config, 'ADMIN', undefined, clock.now()));
    expect(body.errors).toBeUndefined();
    const greetings = body.data.customers.edges.map((e: { node: { greeting: string | null } }) => e.node.greeting).filter(Boolean);
    expect(greetings).toHaveLength(3);
    for (const g of greetings) expect(g).toMatch(/^Welcome, Nick /);

    const refused = await gql(query, staffToken(config, 'RETENTION_ANALYST', undefined, clock.now()));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('its partner scope can be granted, and grants its field', async () => {
    const admin = staffToken(config, 'ADMIN', undefined, clock.now());
    const created = await gql(
      'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { token userErrors { code } } }',
      admin,
      { input: { name: 'Greeter', scopes: ['customers:read', 'greetings:read'] } },
    );
    expect(created.data.createApiClient.userErrors).toEqual([]);
    const partner = created.data.createApiClient.token as string;
    const body = await gql('{ customers(first: 12) { edges { node { greeting } } } }', partner);
    expect(body.errors).toBeUndefined();
    expect(body.data.customers.edges.filter((e: { node: { greeting: string | null } }) => e.node.greeting)).toHaveLength(3);

    const unknown = await gql(
      'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { userErrors { code } } }',
      admin,
      { input: { name: 'Other', scopes: ['greetings:write'] } },
    );
    expect(unknown.data.createApiClient.userErrors).toEqual([{ code: 'UNKNOWN_SCOPE' }]);
  });

  /** A request's context for calling a read query directly, as the resolver would. */
  function contextFor(roles: Role[]): Context {
    const viewer = { kind: 'staff', subject: 'admin-01', staffUserId: null, roles, name: 'Someone', email: null } as Viewer;
    return {
      requestId: 'test', clientIp: null, viewer, em: orm.em.fork(), clock, now: clock.now(), config, log: createLogger('silent'),
      auditedReads: new AuditedReads(), nodeSources: new Map(), modules, readFrom: 'read', memo: makeMemo(),
    };
  }

  const list = (ctx: Context, contributed: Record<string, unknown>) =>
    listCustomers(ctx, { contributed }, { field: CustomerOrderField.NAME, direction: OrderDirection.ASC }, { size: 50, backward: false, cursor: null });

  it('its filter narrows the customers list, for viewers who may read greetings only', async () => {
    const knex = orm.em.getKnex();
    const withName = ((await knex('customer_nickname').select('customer_id')) as { customer_id: string }[]).map((r) => r.customer_id).sort();
    const all = Number((await knex('customer').count({ n: '*' }).first())!.n);
    const keysOf = (page: { edges: { node: { key: string } }[] }) => page.edges.map((e) => e.node.key).sort();
    const nicknamed = await list(contextFor(['SUPPORT_AGENT']), { 'greetings.nicknamed': true });
    expect(keysOf(nicknamed)).toEqual(withName);
    const others = await list(contextFor(['SUPPORT_AGENT']), { 'greetings.nicknamed': false });
    expect(others.edges).toHaveLength(all - withName.length);
    await expect(list(contextFor(['RETENTION_ANALYST']), { 'greetings.nicknamed': true })).rejects.toMatchObject({ outcome: 'FORBIDDEN' });
    await expect(list(contextFor(['ADMIN']), { 'loyalty.tier': 'GOLD' })).rejects.toBeInstanceOf(DomainError);
  });

  it('its attribute is evaluated as of a date, from nicknames given by then', async () => {
    const [first] = (await orm.em.getKnex()('customer_nickname').select('customer_id').orderBy('customer_id').limit(1)) as { customer_id: string }[];
    await orm.em.getKnex()('customer_nickname').where('customer_id', first.customer_id).update({ given_at: new Date('2025-06-01T00:00:00Z') });
    const attribute = contributionsOf(modules, 'customerAttributes').find((a) => a.name === 'greetings.nicknamed')!;
    const knex = orm.em.getKnex();
    const nicknamedAsOf = async (asOf: string) =>
      ((await knex('customer as c').select('c.id').where(attribute.sql(knex, new Date(asOf)))) as { id: string }[]).map((r) => r.id);
    expect(await nicknamedAsOf('2025-05-31T00:00:00Z')).toEqual([]);
    expect(await nicknamedAsOf('2025-06-02T00:00:00Z')).toEqual([first.customer_id]);
  });

  it('its eligibility check refuses a greeting card for a customer it cannot greet by name', async () => {
    const knex = orm.em.getKnex();
    const withName = ((await knex('customer_nickname').select('customer_id').first()) as { customer_id: string }).customer_id;
    const without = ((await knex('customer as c').select('c.id').whereNotExists(knex('customer_nickname as n').whereRaw('n.customer_id = c.id')).first()) as { id: string }).id;
    const checks = contributionsOf(modules, 'eligibility').filter((ch) => ch.name.startsWith('greetings.'));
    const reasons = async (customerKey: string, kind: string) =>
      Promise.all(checks.map((ch) => ch.check(orm.em.fork(), customerKey, { kind })));
    expect(await reasons(withName, 'GREETING_CARD')).toEqual([null]);
    expect(await reasons(without, 'GREETING_CARD')).toEqual(['We do not know what the customer likes to be called']);
    expect(await reasons(without, 'CASHBACK')).toEqual([null]);
  });

  describe('anonymising a customer after the retention date', () => {
    // A second app on the same database, for the offboarding helpers that walk a case through the API.
    let t: TestApp;
    let o: Offboarding;
    beforeAll(async () => {
      t = await createTestApp({ database: db, modules, clock: new ManualClock() });
      o = new Offboarding(t);
      const { rows } = await t.sql.query('select id, subject from staff_user order by subject limit 1');
      o.rm = rows[0];
    });
    afterAll(async () => {
      await t?.close();
    });

    async function exitedWithNickname(nickname: string) {
      const customer = await o.customer();
      await t.sql.query('insert into customer_nickname (customer_id, nickname) values ($1, $2)', [customer.id, nickname]);
      let c = await o.start(customer.gid, 'CUSTOMER');
      c = await o.step('recordRetentionAttempt', c, { offer: 'Fee waiver', answer: 'DECLINED' });
      c = await o.step('startSettlement', c);
      c = await o.step('closeOffboarding', await o.tickAll(c));
      return { ...customer, retainUntil: new Date(c.retainUntil) };
    }
    const nicknameOf = async (id: string) => (await t.sql.query('select nickname from customer_nickname where customer_id = $1', [id])).rows[0]?.nickname ?? null;

    it('the retention job runs its anonymiser with every other module\'s, and a legal hold keeps its row too', async () => {
      const leaving = await exitedWithNickname('Lee');
      const held = await exitedWithNickname('Hal');
      const hold = await t.gql('mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { userErrors { code } } }', {
        token: o.token('COMPLIANCE_OFFICER', 'compliance-01'), variables: { input: { customerId: held.gid, reason: 'Litigation pending' } },
      });
      expect(hold.body.data.placeLegalHold.userErrors).toEqual([]);

      t.clock.set(new Date(Math.max(leaving.retainUntil.getTime(), held.retainUntil.getTime()) + 86_400_000));
      const result = await runRetentionJob({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules });
      expect(result.anonymised).toContain(leaving.id);
      expect(result.held).toContain(held.id);

      expect(await nicknameOf(leaving.id)).toBeNull();
      expect(await nicknameOf(held.id)).toBe('Hal');
      const { rows } = await t.sql.query(
        `select action, changes from audit_event where customer_id = $1 and action in ('customer.anonymised', 'greetings.nickname_erased', 'offboarding.records_anonymised') order by occurred_at, id`,
        [leaving.id],
      );
      // All in the customer's one transaction (they share its time, so their order is not asserted).
      expect(rows.map((r) => r.action).sort()).toEqual(['customer.anonymised', 'greetings.nickname_erased', 'offboarding.records_anonymised']);
      expect(JSON.stringify(rows)).not.toContain('Lee');
    });
  });
});
