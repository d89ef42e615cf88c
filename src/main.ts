// Start: config → database (embedded or DATABASE_URL) → migrate → seed (first embedded start) → listen.
import 'reflect-metadata';
import { createApp } from './app';
import { systemClock } from './clock';
import { memoryBus, redisBus } from './events/bus';
import { startEventRelay } from './events/relay';
import { startJobRunner } from './jobs/scheduler';
import { ConfigError, loadConfig } from './config';
import { resolveDatabase } from './db/database';
import { drainableServer } from './drain';
import { migrate } from './db/migrate';
import { initJobOrm, initRequestOrm } from './db/orm';
import { demoTodayFor, seedIfEmpty } from './db/seed';
import { createLogger } from './logger';
import { defaultModules } from './modules';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`keel: configuration error: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const db = await resolveDatabase(config, (m) => log.info(m));
  const stopDatabase = async () => {
    await db.embedded?.stop().catch(() => undefined);
  };
  try {
    await migrate(db.ownerUrl, (m) => log.info(m));
    const shouldSeed = config.seed === 'always' || (config.seed === 'auto' && db.embedded !== null);
    if (shouldSeed) {
      const seeded = await seedIfEmpty(db.ownerUrl, { log: (m) => log.info(m), pii: config.pii, today: demoTodayFor(new Date()) });
      if (seeded) log.info('seeded the demo bank');
    }
  } catch (err) {
    log.fatal({ err: { message: (err as Error).message } }, 'could not prepare the database');
    await stopDatabase();
    process.exit(1);
  }

  const orm = await initRequestOrm(db.runtimeUrl, defaultModules, config);
  const jobOrm = config.jobsTickSeconds > 0 ? await initJobOrm(db.runtimeUrl, defaultModules, config) : null;
  // Domain events: published from the outbox to every replica's listeners (through Redis when configured).
  const bus = config.redisUrl ? await redisBus(config.redisUrl, `${config.redisKeyPrefix}events`, log) : memoryBus(log);
  const keel = await createApp(config, { orm, logger: log, events: bus });
  const scheduler = jobOrm
    ? await startJobRunner(
      { url: db.runtimeUrl, orm: jobOrm, modules: defaultModules, config, clock: systemClock, log: log.child({ component: 'jobs' }) },
      config.jobsTickSeconds,
    )
    : null;
  const relay = await startEventRelay({ url: db.runtimeUrl, orm, clock: systemClock, log: log.child({ component: 'events' }), publish: (e) => bus.publish(e), consumers: { modules: defaultModules, config } });
  const http = drainableServer(keel.app);
  const subscriptions = keel.serveSubscriptions(http.server);
  http.server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => http.server.listen(config.port, config.host, resolve));
  log.info(`Keel is ready: GraphiQL at http://localhost:${config.port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new requests, finishing requests in flight');
    const force = setTimeout(() => {
      log.warn('shutdown timed out; closing remaining connections');
      http.closeAll();
    }, config.shutdownTimeoutMs);
    force.unref();
    await subscriptions.close();
    await http.drain();
    clearTimeout(force);
    log.info('http server closed');
    await scheduler?.stop(config.shutdownTimeoutMs);
    await relay.stop();
    await bus.close();
    await keel.stop().catch(() => undefined);
    log.info('graphql stopped');
    await Promise.all([orm.close(true), jobOrm?.close(true)]).catch(() => undefined);
    log.info('database connections closed');
    await stopDatabase();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`keel: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
