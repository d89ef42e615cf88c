// Traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, a request's spans reach an OTLP/HTTP receiver as one
// chain, HTTP → GraphQL operation → SQL, continuing a caller's W3C trace context, and carry no
// personal data, token or value bound to a statement. Without it, the SDK is not even loaded.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

let receiver: Server;
const bodies: string[] = [];
let t: TestApp;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await createTestApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'keel-test' } });
  await createStaff(t.sql, 'admin-01');
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => receiver?.close(r));
});

function spans(): OtlpSpan[] {
  return bodies.flatMap((b) => {
    const parsed = JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
    return parsed.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });
}

const attr = (span: OtlpSpan, key: string) => {
  const a = span.attributes.find((x) => x.key === key);
  return a ? Object.values(a.value)[0] : undefined;
};

it('exports HTTP → GraphQL operation → SQL spans of a request, with no personal data or bound values', async () => {
  const token = staffToken(t.config, 'ADMIN');
  const email = 'traced.person-4711@mail.example';
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const res = await t.http
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', `Bearer ${token}`)
    .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
    .send({ query: 'query Search($s: String) { customers(first: 3, filter: { search: $s }) { totalCount edges { node { id } } } }', variables: { s: email } });
  expect(res.body.errors).toBeUndefined();

  await t.keel.flushTraces();
  await waitUntil(() => spans().some((s) => s.traceId === traceId && s.kind === 2), 'the request spans arrived');
  const mine = spans().filter((s) => s.traceId === traceId);
  const http = mine.find((s) => s.kind === 2)!;
  expect(http.name).toBe('POST /graphql');
  expect(http.parentSpanId).toBe('00f067aa0ba902b7'); // continues the caller's trace
  expect(attr(http, 'http.response.status_code')).toBe(200);

  const operation = mine.find((s) => s.name === 'query Search')!;
  expect(operation).toBeDefined();
  expect(operation.parentSpanId).toBe(http.spanId);
  expect(attr(operation, 'graphql.operation.type')).toBe('query');

  const sql = mine.filter((s) => s.name.startsWith('db '));
  const underOperation = sql.filter((s) => s.parentSpanId === operation.spanId);
  expect(underOperation.length).toBeGreaterThanOrEqual(1);
  expect(underOperation.every((s) => s.kind === 3 && attr(s, 'db.system.name') === 'postgresql')).toBe(true);
  // Authentication reads the staff user before the operation starts: a statement of the HTTP span.
  expect(sql.every((s) => s.parentSpanId === operation.spanId || s.parentSpanId === http.spanId)).toBe(true);
  // The search term is bound to a placeholder, never written into a span.
  expect(underOperation.some((s) => /\$\d|\?/.test(String(attr(s, 'db.query.text'))))).toBe(true);

  const exported = bodies.join('');
  expect(exported).toContain('keel-test');
  expect(exported).not.toContain(email);
  expect(exported).not.toContain('traced.person');
  expect(exported).not.toContain(token);
  expect(exported).not.toContain(token.split('.')[2]);
});

it('without an endpoint, no part of the OpenTelemetry SDK is loaded', () => {
  const root = path.resolve(__dirname, '..');
  // Only the lazy loader may name the SDK: every other file reaches tracing through the no-op-capable interface.
  const files = execFileSync('git', ['ls-files', 'src'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  const importers = files.filter((f) => /from '@opentelemetry\/(sdk-|exporter-|resources|core)|require\('@opentelemetry\/(sdk-|exporter-)/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(importers).toEqual(['src/observability/tracing.otel.ts']);
  const loaders = files.filter((f) => /require\('\.\/tracing\.otel'\)|from '\.\/tracing\.otel'|observability\/tracing\.otel/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(loaders).toEqual(['src/observability/tracing.ts']);

  // And at run time: the tracing entry point without an endpoint loads nothing of the SDK; with one, it does.
  const probe = (endpoint: string) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-r',
          './tools/register.cjs',
          '-e',
          `const { createTracing } = require('./src/observability/tracing');
           const tracing = createTracing({ endpoint: ${JSON.stringify(endpoint)} || undefined, serviceName: 'keel' });
           const loaded = Object.keys(require.cache).filter((k) => /@opentelemetry[\\/](sdk-trace|exporter-trace|resources|core)[\\/]/.test(k));
           process.stdout.write(JSON.stringify({ enabled: tracing.enabled, loaded: loaded.length }));
           tracing.shutdown();`,
        ],
        { cwd: root, encoding: 'utf8' },
      ),
    );
  expect(probe('')).toEqual({ enabled: false, loaded: 0 });
  const on = probe('http://127.0.0.1:9');
  expect(on.enabled).toBe(true);
  expect(on.loaded).toBeGreaterThan(0);
}, 60_000);
