// A module is its folder plus one line in a module list: the platform names none, and a module that
// lives only here (test/fixtures/greetings) brings its own migration, grant, configuration, demo
// data, scope, rule and a field on another module's type.
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
import { scopesOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { KNOWN_SCOPES } from '../src/modules/access/public';
import { moduleNames, namingsIn, platformNamings } from '../tools/module-names';
import { greetingsModule } from './fixtures/greetings';
import { TEST_JWT_SECRET, testEnv } from './support/env';
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
    // Each coming module moves its scopes from here into its own KeelModule.scopes.
    expect(reserved.sort()).toEqual(['feedback:read', 'feedback:write', 'loyalty:read', 'loyalty:write', 'risk:read', 'risk:write', 'webhooks:manage']);
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
    expect(seedLog).toEqual([expect.stringMatching(/^seeded .* 12 customers/), 'seeded 3 nicknames']);
  });

  it('its grant lets the runtime role read and write its table, and no more', async () => {
    const runtime = new pg.Client({ connectionString: db.runtimeUrl });
    await runtime.connect();
    try {
      expect((await runtime.query('select count(*)::int as n from customer_nickname')).rows[0].n).toBe(3);
      await expect(runtime.query('delete from customer_nickname')).rejects.toThrow(/permission denied/);
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
});
