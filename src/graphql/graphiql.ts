// Self-hosted GraphiQL: banks' networks block CDNs, so the page, its boot script and every asset come
// from Keel itself (graphiql 3's prebuilt bundle on the UMD builds of React 18, no bundler).
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { ROLES } from '../auth/roles';
import type { ExampleOperation } from '../module';

const ASSETS = '/graphiql/assets';

// Only Keel's own origin. GraphiQL's CSS embeds fonts and icons as data: URLs, and its dialogs inject a
// <style> element whose text varies (react-remove-scroll), so no hash fits: inline styles, never scripts.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const DEFAULT_HEADERS = '{\n  "Authorization": "Bearer <paste a token from: npm run token -- --role ADMIN>"\n}';
const DEFAULT_QUERY = `# Paste a token into the Headers tab below, then run.
# Subscriptions run here too, over WebSocket with the same token:
#   subscription { offboardingCaseChanged { to offboardingCase { id state } } }
{
  viewer { kind subject roles }
  customers(first: 5) {
    totalCount
    edges { node { id displayName status } }
  }
}
`;

// The first tab in development: how to get a token, and where the examples are.
const WELCOME = `# Welcome to Keel. Each tab above is an example operation of one module; the Docs pane (top left)
# is the API reference, and every type and field there says what it is.
#
# 1. Get a token. In a terminal, in the Keel folder:
#      npm run token -- --role ADMIN
#      npm run token -- --role RELATIONSHIP_MANAGER --sub rm-01     (the demo bank's managers: rm-01 … rm-20)
#    Roles: ${ROLES.join(', ')} (several: --role ADMIN,RETENTION_ANALYST).
#    Partner apps use an API token (keel_…) made by the createApiClient mutation (ADMIN).
# 2. Open the Headers tab below and put the token in place of the placeholder:
#      { "Authorization": "Bearer eyJ…" }
#    Paste it once: the other tabs use the last token you pasted until they have their own.
# 3. Run with ▶ (or Ctrl-Enter). Subscriptions run here too, over WebSocket, with the same token.
#    The schema (Docs pane, completion) loads after your first run with a token.
query Me {
  viewer { kind subject roles scopes }
}
`;

// Served as a file: the CSP allows no inline script.
function bootScript(tabs: ExampleOperation[]): string {
  const defaultTabs = tabs.map((t) => ({ query: t.query, variables: t.variables ?? null, headers: DEFAULT_HEADERS }));
  return `'use strict';
(function () {
  var PLACEHOLDER = '<paste';
  // The last Authorization header pasted in any tab (in memory only), for tabs still holding the placeholder.
  var lastAuthorization = null;
  function headersOf(opts) {
    var headers = {};
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (k) {
      var v = String(extra[k]);
      if (v.indexOf(PLACEHOLDER) === -1) headers[k] = v;
    });
    var auth = headers.Authorization || headers.authorization;
    if (auth) lastAuthorization = auth;
    else if (lastAuthorization) headers.Authorization = lastAuthorization;
    return headers;
  }
  // The names of the document's operations (top level only), so that a stale operationName (GraphiQL
  // keeps the last tab's after a tab switch) is dropped rather than refused (no regular expression
  // escapes: this is a template).
  function operationNames(query) {
    var lines = String(query || '').split(String.fromCharCode(10)).map(function (l) { return l.split('#')[0]; });
    var tokens = lines.join(' ').split('{').join(' { ').split('}').join(' } ').split(/[^A-Za-z0-9_{}]+/).filter(function (w) { return w.length > 0; });
    var names = [];
    var depth = 0;
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i] === '{') depth++;
      else if (tokens[i] === '}') depth--;
      else if (depth === 0 && (tokens[i] === 'query' || tokens[i] === 'mutation' || tokens[i] === 'subscription') && tokens[i + 1] && tokens[i + 1] !== '{') names.push(tokens[i + 1]);
    }
    return names;
  }
  // Whether the operation to run is a subscription.
  function isSubscription(params) {
    var lines = String(params.query || '').split(String.fromCharCode(10)).map(function (l) { return l.split('#')[0]; });
    var words = lines.join(' ').split(/[^A-Za-z0-9_]+/).filter(function (w) { return w.length > 0; });
    if (params.operationName) {
      for (var i = 0; i < words.length - 1; i++) if (words[i] === 'subscription' && words[i + 1] === params.operationName) return true;
      return false;
    }
    return words[0] === 'subscription';
  }
  // Subscriptions: the graphql-transport-ws protocol on this origin's /graphql, authenticated with the
  // Authorization header from the Headers tab, as an observable that GraphiQL renders event by event.
  function subscribe(params, opts) {
    var headers = headersOf(opts);
    var auth = headers.Authorization || headers.authorization;
    return {
      subscribe: function (observer) {
        var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
        var ws = new WebSocket(url, 'graphql-transport-ws');
        var done = false;
        function finish() { done = true; try { ws.close(1000); } catch (e) { /* already closed */ } }
        ws.onopen = function () { ws.send(JSON.stringify({ type: 'connection_init', payload: auth ? { authorization: auth } : {} })); };
        ws.onmessage = function (m) {
          var msg = JSON.parse(m.data);
          if (msg.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: params }));
          else if (msg.type === 'next') observer.next(msg.payload);
          else if (msg.type === 'error') { observer.next({ errors: msg.payload }); finish(); observer.complete(); }
          else if (msg.type === 'complete') { finish(); observer.complete(); }
          else if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
        };
        ws.onclose = function (e) {
          if (done) return;
          done = true;
          observer.next({ errors: [{ message: 'Connection closed: ' + e.code + ' ' + (e.reason || ''), extensions: { code: e.code === 4401 ? 'UNAUTHENTICATED' : 'CLOSED' } }] });
          observer.complete();
        };
        return { unsubscribe: function () { if (!done) { try { ws.send(JSON.stringify({ id: '1', type: 'complete' })); } catch (e) { /* closing */ } finish(); } } };
      },
    };
  }
  // The schema is large: reading it costs more than an anonymous caller's budget. It is read once a
  // token is there; until then the Docs pane says how to get one, and the first run with a token
  // reads it again (GraphiQL's own re-fetch button).
  var schemaWaitsForToken = false;
  function refetchSchema() {
    schemaWaitsForToken = false;
    var button = document.querySelector('button[aria-label="Re-fetch GraphQL schema"]');
    if (button) button.click();
  }
  // Same-origin JSON POST. A header still holding the placeholder is left out (Keel refuses a malformed
  // Authorization header).
  function fetcher(params, opts) {
    if (params.operationName && operationNames(params.query).indexOf(params.operationName) === -1) {
      params = { query: params.query, variables: params.variables };
    }
    if (isSubscription(params)) return subscribe(params, opts);
    var headers = headersOf(opts);
    var authorized = !!(headers.Authorization || headers.authorization);
    if (params.operationName === 'IntrospectionQuery' && !authorized) {
      schemaWaitsForToken = true;
      return Promise.resolve({ errors: [{ message: 'Paste a token into the Headers tab (npm run token -- --role ADMIN) and run an operation: the schema and the Docs load then.' }] });
    }
    headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
    return fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(params) })
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (authorized && schemaWaitsForToken && params.operationName !== 'IntrospectionQuery') setTimeout(refetchSchema, 0);
        return body;
      });
  }
  var root = document.getElementById('graphiql');
  // CSSOM, not a style element: the CSP forbids inline <style> from the page itself.
  document.body.style.margin = '0';
  root.style.height = '100vh';
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(tabs[0]?.query ?? DEFAULT_QUERY)},
    defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},${defaultTabs.length > 0 ? `
    defaultTabs: ${JSON.stringify(defaultTabs)},` : ''}
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false
  }));
})();
`;
}

// react and react-dom export only their entry points, so resolve package.json and join the file.
function fromPackage(pkg: string, file: string): { name: string; path: string } {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { version } = require(manifest) as { version: string };
  const ext = file.slice(file.lastIndexOf('.'));
  // The version in the name lets the cache be immutable: an upgrade changes the URL.
  return { name: `${pkg}-${version}${ext}`, path: join(dirname(manifest), file) };
}

function wantsPage(req: Request): boolean {
  // A browser navigating here; GET operations (?query=) and API clients go on to Apollo.
  return (req.get('accept') ?? '').includes('text/html') && req.query.query === undefined;
}

export interface GraphiqlOptions {
  /**
   * Example operations to open as tabs, after a tab that explains how to get a token (development);
   * without them the page opens with one default query (production).
   */
  examples?: ExampleOperation[];
}

export function graphiqlRouter(options: GraphiqlOptions = {}): Router {
  const BOOT = bootScript(options.examples?.length ? [{ query: WELCOME }, ...options.examples] : []);
  const files = [
    fromPackage('react', 'umd/react.production.min.js'),
    fromPackage('react-dom', 'umd/react-dom.production.min.js'),
    fromPackage('graphiql', 'graphiql.min.js'),
    fromPackage('graphiql', 'graphiql.min.css'),
  ];
  const byName = new Map(files.map((f) => [f.name, f.path]));
  const bootName = `boot-${createHash('sha256').update(BOOT).digest('hex').slice(0, 12)}.js`;
  const [react, reactDom, graphiqlJs, graphiqlCss] = files.map((f) => `${ASSETS}/${f.name}`);

  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keel GraphiQL</title>
<link rel="stylesheet" href="${graphiqlCss}">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${react}"></script>
<script src="${reactDom}"></script>
<script src="${graphiqlJs}"></script>
<script src="${ASSETS}/${bootName}"></script>
</body>
</html>
`;

  const router = Router();
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (!wantsPage(req)) return next();
    res.set(SECURITY_HEADERS).set({ Vary: 'Accept', 'Cache-Control': 'no-cache' }).type('html').send(page);
  });
  router.get(`${ASSETS}/:name`, (req: Request, res: Response, next: NextFunction) => {
    const name = String(req.params.name);
    if (name === bootName) {
      res.set(SECURITY_HEADERS).set('Cache-Control', 'public, max-age=31536000, immutable').type('js').send(BOOT);
      return;
    }
    const path = byName.get(name);
    if (!path) return next();
    res.sendFile(path, { maxAge: '1y', immutable: true, headers: SECURITY_HEADERS }, (err) => {
      if (err) next(err);
    });
  });
  return router;
}
