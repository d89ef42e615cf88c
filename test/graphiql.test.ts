import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, type OperationDefinitionNode, parse, validate } from 'graphql';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function page() {
  const res = await t.http.get('/graphql').set('accept', BROWSER_ACCEPT);
  expect(res.status).toBe(200);
  return res;
}

function assetUrls(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
  const links = [...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]);
  return [...scripts, ...links];
}

describe('GraphiQL', () => {
  it('serves an HTML page to a browser under a strict CSP', async () => {
    const res = await page();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.text).toContain('<title>Keel GraphiQL</title>');
  });

  it('loads every script and stylesheet from Keel itself, each under the same CSP', async () => {
    const html = (await page()).text;
    const urls = assetUrls(html);
    // React, ReactDOM, GraphiQL, the boot script and GraphiQL's stylesheet.
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/[^/]/);
      expect(url).not.toMatch(/http|\/\//i);
      const asset = await t.http.get(url);
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
      expect(asset.headers['content-type']).toMatch(url.endsWith('.css') ? /text\/css/ : /javascript/);
      expect(asset.headers['content-security-policy']).toMatch(/^default-src 'self'/);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      expect(asset.headers['cache-control']).toMatch(/max-age=\d{6,}/);
    }
    expect(urls.filter((u) => u.endsWith('.css'))).toHaveLength(1);
  });

  it('has no inline script and no stylesheet or script from another host', async () => {
    const html = (await page()).text;
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]) || m[2].trim() !== '');
    expect(inline).toEqual([]);
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
  });

  it('boots GraphiQL with the headers editor open, a default token placeholder and a default query', async () => {
    const html = (await page()).text;
    const boot = assetUrls(html).find((u) => /boot/.test(u));
    expect(boot).toBeDefined();
    const js = (await t.http.get(boot!)).text;
    expect(js).toContain('isHeadersEditorEnabled: true');
    expect(js).toContain("defaultEditorToolsVisibility: 'headers'");
    expect(js).toContain('npm run token -- --role ADMIN');
    expect(js).toContain('customers(first: 5');
    expect(js).toContain("fetch('/graphql'");
  });

  it('does not serve unknown asset names', async () => {
    await t.http.get('/graphiql/assets/package.json').expect(404);
    await t.http.get('/graphiql/assets/..%2Fpackage.json').expect(404);
  });

  it('leaves POST /graphql to Apollo', async () => {
    const res = await t.gql('{ viewer { kind } }', { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ viewer: null });
  });

  it('leaves GET /graphql from an API client to Apollo', async () => {
    const res = await t.http
      .get('/graphql')
      .query({ query: '{ viewer { kind } }' })
      .set('accept', 'application/json')
      .set('apollo-require-preflight', 'true');
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.text).not.toContain('<html');
    expect(res.body.data).toEqual({ viewer: null });

    const bare = await t.http.get('/graphql').set('accept', 'application/json');
    expect(bare.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(bare.text).not.toContain('Keel GraphiQL');
  });

  it('leaves a browser GET operation (?query=) to Apollo', async () => {
    const res = await t.http
      .get('/graphql')
      .query({ query: '{ viewer { kind } }' })
      .set('accept', BROWSER_ACCEPT)
      .set('apollo-require-preflight', 'true');
    expect(res.text).not.toContain('Keel GraphiQL');
  });
});

describe('GraphiQL that teaches (development)', () => {
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8'));
  const examples = defaultModules.flatMap((m) => (m.examples ?? []).map((e) => ({ module: m.name, ...e })));

  it('every module brings examples, each one named operation that is valid against the schema', () => {
    for (const m of defaultModules) expect({ module: m.name, examples: (m.examples ?? []).length > 0 }).toEqual({ module: m.name, examples: true });
    const names = new Set<string>();
    for (const e of examples) {
      const doc = parse(e.query);
      const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      expect({ module: e.module, operations: ops.length, named: !!ops[0]?.name }).toEqual({ module: e.module, operations: 1, named: true });
      expect({ module: e.module, name: ops[0].name!.value, errors: validate(schema, doc).map((x) => x.message) }).toEqual({ module: e.module, name: ops[0].name!.value, errors: [] });
      expect(names.has(ops[0].name!.value)).toBe(false);
      names.add(ops[0].name!.value);
      if (e.variables) expect(() => JSON.parse(e.variables!)).not.toThrow();
    }
    // Queries, a mutation and subscriptions: everything the page can run.
    const kinds = new Set(examples.map((e) => (parse(e.query).definitions[0] as OperationDefinitionNode).operation));
    expect([...kinds].sort()).toEqual(['mutation', 'query', 'subscription']);
  });

  it('opens with a tab on getting a token, then one tab per example', async () => {
    const html = (await page()).text;
    const js = (await t.http.get(assetUrls(html).find((u) => /boot/.test(u))!)).text;
    const tabs = JSON.parse(/defaultTabs: (\[.*\]),\n/.exec(js)![1]) as { query: string; variables: string | null; headers: string }[];
    expect(tabs).toHaveLength(examples.length + 1);
    expect(tabs[0].query).toContain('npm run token -- --role ADMIN');
    expect(tabs[0].query).toContain('--sub rm-01');
    expect(tabs[0].query).toContain('Headers tab');
    expect(tabs.slice(1).map((tab) => tab.query)).toEqual(examples.map((e) => e.query));
    expect(tabs.every((tab) => tab.headers.includes('Bearer <paste a token'))).toBe(true);
    // The token pasted in one tab serves the others (in memory, never stored).
    expect(js).toContain('lastAuthorization');
    expect(js).toContain('shouldPersistHeaders: false');
  });

  it('in production, opens with the one default query and no examples', async () => {
    const prod = await createTestApp({
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://keel@127.0.0.1:5432/unused',
        PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
        WEBHOOK_SECRET_KEYS: `w1:${Buffer.alloc(32, 9).toString('base64')}`,
      },
      database: t.db,
    });
    try {
      const html = (await prod.http.get('/graphql').set('accept', BROWSER_ACCEPT).expect(200)).text;
      const js = (await prod.http.get(assetUrls(html).find((u) => /boot/.test(u))!)).text;
      expect(js).not.toContain('defaultTabs');
      expect(js).toContain('customers(first: 5)');
    } finally {
      await prod.close();
    }
  });
});
