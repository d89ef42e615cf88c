// The outbox relay: publishes committed domain events in order and marks them, at least once. Each
// replica runs one; rows are claimed with SKIP LOCKED so that replicas share the work, and marked in
// the same transaction that published them, so a crash before the mark publishes them again (consumers
// de-duplicate by event id). It wakes on the outbox's NOTIFY (sent only when the raising transaction
// commits) and sweeps every few seconds in case a notification was missed.
import type { EntityManager, Knex, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { contributionsOf, type KeelModule } from '../module';
import type { PublishedEvent } from './bus';

/** The modules whose outbox consumers run with each published batch (webhooks enqueue deliveries). */
export interface RelayConsumers {
  modules: KeelModule[];
  config: Config;
}

export const EVENTS_CHANNEL = 'keel_domain_events';

/** Publishes up to `limit` unpublished events; returns how many. */
export async function relayOnce(
  em: EntityManager,
  now: Date,
  publish: (events: PublishedEvent[]) => Promise<void>,
  limit = 200,
  consumers?: RelayConsumers,
): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const knex = tx.getKnex();
    const rows: { id: string; seq: string; type: string; occurred_at: Date | string; customer_id: string | null; payload: Record<string, unknown> }[] =
      await tx.getConnection().execute(
        knex.raw(`select id, seq, type, occurred_at, customer_id, payload from domain_event
                   where published_at is null order by seq limit ? for update skip locked`, [limit]),
        [], 'all', tx.getTransactionContext(),
      );
    if (!rows.length) return 0;
    const events: PublishedEvent[] = rows.map((r) => ({
      id: r.id,
      seq: Number(r.seq),
      type: r.type,
      occurredAt: new Date(r.occurred_at).toISOString(),
      customerKey: r.customer_id,
      payload: r.payload,
    }));
    // Consumers write in this transaction: what they enqueue commits with the mark, or neither does.
    if (consumers) {
      for (const c of contributionsOf(consumers.modules, 'outboxConsumers')) {
        await c.consume(events, { em: tx, trx: tx.getTransactionContext() as Knex, now, config: consumers.config, modules: consumers.modules });
      }
    }
    await publish(events);
    await tx.getConnection().execute(
      knex('domain_event').update({ published_at: now }).whereIn('id', rows.map((r) => r.id)),
      [], 'run', tx.getTransactionContext(),
    );
    return rows.length;
  });
}

export interface EventRelay {
  stop(): Promise<void>;
}

export async function startEventRelay(deps: {
  url: string;
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  publish: (events: PublishedEvent[]) => Promise<void>;
  sweepSeconds?: number;
  /** The modules whose outbox consumers run with each batch (none when absent). */
  consumers?: RelayConsumers;
}): Promise<EventRelay> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const runAll = async () => {
    while (!stopped) {
      const n = await relayOnce(deps.orm.em, deps.clock.now(), deps.publish, 200, deps.consumers);
      if (n === 0) return;
    }
  };
  const wake = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = runAll()
      .catch((err: Error) => deps.log.error({ err: { message: err.message } }, 'event relay failed; will retry'))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void wake();
        }
      });
    return running;
  };
  let listener: pg.Client | null = null;
  const listen = async () => {
    const client = new pg.Client({ connectionString: deps.url, application_name: 'keel-events' });
    client.on('error', (err) => {
      deps.log.warn({ err: { message: err.message } }, 'event relay: lost its notification connection; sweeping until it is back');
      listener = null;
      void client.end().catch(() => undefined);
    });
    client.on('notification', () => void wake());
    await client.connect();
    await client.query(`listen ${EVENTS_CHANNEL}`);
    listener = client;
  };
  await listen().catch((err: Error) => deps.log.warn({ err: { message: err.message } }, 'event relay: cannot listen; sweeping only'));
  const sweep = setInterval(() => {
    if (stopped) return;
    if (!listener) void listen().catch(() => undefined);
    void wake();
  }, (deps.sweepSeconds ?? 5) * 1000);
  sweep.unref();
  void wake();
  return {
    async stop() {
      stopped = true;
      clearInterval(sweep);
      await running;
      await listener?.end().catch(() => undefined);
    },
  };
}
