// One server under test, in a process of its own so that its CPU time and peak RSS are its own: Keel
// (the real app, as production runs it) or the floor (node:http and one hand-written statement per
// operation). Started by bench/run.ts; answers { port } once listening, then reports its counters on
// request ("stats") and stops on "stop".
import 'reflect-metadata';
import http from 'node:http';
import pg from 'pg';
import { floorHandler } from './floor';

// SQL statements sent by this process, counted at the driver (both servers use pg).
let statements = 0;
const original = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function counted(this: pg.Client, ...args: any[]) {
  statements += 1;
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};

interface Options {
  kind: 'keel' | 'floor';
  runtimeUrl: string;
  poolMax: number;
  env: Record<string, string>;
}

async function start(o: Options): Promise<{ server: http.Server; stop: () => Promise<void> }> {
  if (o.kind === 'floor') {
    const pool = new pg.Pool({ connectionString: o.runtimeUrl, max: o.poolMax, application_name: 'keel-bench-floor' });
    const server = http.createServer(floorHandler(pool));
    return { server, stop: () => pool.end() };
  }
  // Loaded only here, so that the floor's process holds none of Keel's code.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createApp } = require('../src/app') as typeof import('../src/app');
  const { loadConfig } = require('../src/config') as typeof import('../src/config');
  const { initRequestOrm } = require('../src/db/orm') as typeof import('../src/db/orm');
  const { createLogger } = require('../src/logger') as typeof import('../src/logger');
  const { defaultModules } = require('../src/modules') as typeof import('../src/modules');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = loadConfig({ ...o.env, NODE_ENV: 'production', DATABASE_URL: o.runtimeUrl, DB_POOL_MAX: String(o.poolMax) });
  const orm = await initRequestOrm(o.runtimeUrl, defaultModules, config);
  const keel = await createApp(config, { orm, logger: createLogger('silent') });
  const server = http.createServer(keel.app);
  return {
    server,
    stop: async () => {
      await keel.stop();
      await orm.close(true);
    },
  };
}

const options = JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}') as Options;
start(options).then(
  ({ server, stop }) => {
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => {
      process.send!({ port: (server.address() as { port: number }).port });
    });
    process.on('message', (m: string) => {
      if (m === 'stats') {
        const cpu = process.cpuUsage();
        const memory = process.memoryUsage();
        process.send!({ stats: { cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS, rssKb: memory.rss / 1024, heapUsedKb: memory.heapUsed / 1024, statements } });
      } else if (m === 'stop') {
        server.close();
        server.closeAllConnections();
        void stop().finally(() => process.exit(0));
      }
    });
  },
  (err) => {
    process.stderr.write(`bench server failed: ${(err as Error).stack}\n`);
    process.exit(1);
  },
);
