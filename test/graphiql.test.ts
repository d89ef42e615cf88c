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
    expect(js).toContain('customers(first: 5)');
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
