// The GraphiQL page in a real browser (Debian's chromium, headless, driven by playwright-core) against a
// real Keel on an ephemeral port: it loads offline under its CSP, takes a token in the Headers tab, runs
// a query and shows the answer, runs a subscription and shows an event as it happens, and leaves a
// screenshot in test/output/graphiql.png.
// In CI (.ci/run sets KEEL_BROWSER_TEST=1, or CI is set) the test always runs, and fails without chromium;
// elsewhere it is skipped, saying so, only when /usr/bin/chromium is absent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { toGlobalId } from '../src/domain/ids';
import { createLogger } from '../src/logger';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { type ServedKeel, serveWithEvents } from './support/served';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

const CHROMIUM = '/usr/bin/chromium';
const REQUIRED = process.env.KEEL_BROWSER_TEST === '1' || !!process.env.CI;
const AVAILABLE = fs.existsSync(CHROMIUM);
const SCREENSHOT = path.join(__dirname, 'output', 'graphiql.png');

if (!AVAILABLE && !REQUIRED) {
  process.stderr.write(`graphiql.browser.test: skipped, ${CHROMIUM} is absent (apt-get install -y chromium); in CI it runs\n`);
}
const maybe = AVAILABLE || REQUIRED ? describe : describe.skip;

maybe('GraphiQL in a browser', () => {
  let t: TestApp;
  let served: ServedKeel;
  let subscriptions: ServedKeel['subscriptions'];
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!AVAILABLE) throw new Error(`the browser test must run here (KEEL_BROWSER_TEST=1 or CI), but ${CHROMIUM} is absent: apt-get install -y chromium`);
    t = await createTestApp();
    await createStaff(t.sql, 'admin-01');
    served = await serveWithEvents(t);
    subscriptions = served.subscriptions;
    base = served.base;

    // A new, empty profile for every run: nothing remembered from an earlier one (tabs, headers).
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    // Offline: any request that leaves Keel's origin fails the test.
    await page.route('**/*', (route) => (route.request().url().startsWith(base) || route.request().url().startsWith('ws://127.0.0.1') ? route.continue() : route.abort()));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await served?.close();
    await t?.close();
  });

  /** The text of a CodeMirror editor of the page (GraphiQL 3 uses CodeMirror 5); run in the page, as text. */
  const editorText = (selector: string) =>
    page.evaluate<string>(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); return (el && el.CodeMirror) ? el.CodeMirror.getValue() : ''; })()`);
  const response = () => editorText('.graphiql-response .CodeMirror');

  it('sets a token, runs a query and a subscription, and shows their results', async () => {
    await page.goto(`${base}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // The page teaches: a first tab on getting a token, then the modules' examples.
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.length).toBeGreaterThan(5);
    expect(tabs.map((s) => s.trim())).toEqual(expect.arrayContaining(['Me', 'CustomersPage', 'FeedbackArrives']));
    expect(await editorText('.graphiql-query-editor .CodeMirror')).toContain('npm run token -- --role ADMIN');

    // The token goes into the visible Headers editor, as a person would paste it.
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const headers = JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
    const pasted = await page.evaluate<boolean>(`(() => {
      const editors = [...document.querySelectorAll('.graphiql-editor-tool .graphiql-editor')].filter((e) => !e.classList.contains('hidden'));
      const cm = editors[0] && editors[0].querySelector('.CodeMirror');
      if (!cm || !cm.CodeMirror) return false;
      cm.CodeMirror.setValue(${JSON.stringify(headers)});
      return true;
    })()`);
    expect(pasted).toBe(true);

    // The first tab's query: who am I.
    await page.click('.graphiql-execute-button');
    await waitUntil(async () => (await response()).includes('"kind": "staff"'), 'the query answered in the page', 20_000);
    expect(JSON.parse(await response())).toMatchObject({ data: { viewer: { kind: 'staff', subject: 'admin-01', roles: ['ADMIN'], scopes: [] } } });

    // The schema, too large for an anonymous budget, loads now that a token is there: the Docs pane shows it.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer-content >> text=Query', { timeout: 20_000 });

    // A subscription in another tab (which uses the token pasted in the first), then an event.
    await page.locator('.graphiql-tab', { hasText: 'FeedbackArrives' }).first().click();
    await waitUntil(async () => (await editorText('.graphiql-query-editor .CodeMirror')).includes('subscription FeedbackArrives'), 'the subscription tab open');
    await page.click('.graphiql-execute-button');
    await waitUntil(() => subscriptions.stats().subscriptions === 1, 'the page subscribed', 20_000).catch(async (err) => {
      throw new Error(`${(err as Error).message}; the page shows ${await response()}; page errors: ${pageErrors.join(' | ')}; stats ${JSON.stringify(subscriptions.stats())}`);
    });

    const customer = await createCustomer(t.sql);
    const recorded = await t.gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id } userErrors { code } } }', {
      token,
      variables: { input: { customerId: toGlobalId('Customer', customer.id), kind: 'COMPLAINT', channel: 'PHONE', severity: 'HIGH', text: 'The card was blocked twice this month.' } },
    });
    expect(recorded.body.data.recordFeedback.userErrors).toEqual([]);
    const feedbackId = recorded.body.data.recordFeedback.feedback.id as string;
    await waitUntil(async () => (await response()).includes(feedbackId), 'the event shown in the page', 20_000);
    expect(JSON.parse(await response())).toMatchObject({ data: { feedbackReceived: { feedback: { id: feedbackId, kind: 'COMPLAINT', channel: 'PHONE', severity: 'HIGH' } } } });

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    // Nothing broke in the page (a CSP violation or a failed asset shows as a console error).
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
