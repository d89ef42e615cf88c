// The demo bank: each module contributes its own demo data, run lowest module first in one
// transaction, deterministic (fixed random seed) so every fresh start shows the same bank.
import pg from 'pg';
import type { ModuleSections } from '../config';
import type { KeelModule, SeedContext } from '../module';
import { defaultModules } from '../modules';

export interface SeedOptions extends Partial<ModuleSections> {
  /** How many demo customers (default 2,000). */
  size?: number;
  seed?: number;
  log?: (m: string) => void;
  /** The demo's "today"; fixed so that the data are the same on every machine. */
  today?: Date;
  /** The modules whose demo data to seed (default: the registry's). */
  modules?: KeelModule[];
}

// Serialises seeders that start together (replicas, or a CLI next to a server).
const SEED_LOCK = 7406003;

/**
 * The demo's "today" for a bank started at `now`: the first day of that month (UTC), so that the demo
 * bank is current whenever it starts (last month's activity is complete, the jobs that run at start see
 * the customers as the seed left them) and the same for every start within a month.
 */
export function demoTodayFor(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Runs every module's seed contribution on `client`, inside the caller's transaction. */
export async function seedDemoBank(client: pg.ClientBase, options: SeedOptions = {}): Promise<void> {
  const { size, seed, log, today, modules, ...settings } = options;
  const list = modules ?? defaultModules;
  const ctx: SeedContext = {
    client,
    today: today ?? new Date('2026-11-01T00:00:00Z'),
    seed: seed ?? 20261128,
    size: size ?? 2000,
    settings,
    log: log ?? (() => undefined),
    modules: list,
  };
  for (const m of list) await m.seed?.run(ctx);
}

/** Seeds the demo bank in one transaction if no module has data yet. */
export async function seedIfEmpty(url: string, options: SeedOptions = {}): Promise<boolean> {
  const modules = options.modules ?? defaultModules;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [SEED_LOCK]);
    for (const m of modules) {
      if (await m.seed?.present?.(client)) {
        await client.query('rollback');
        return false;
      }
    }
    await seedDemoBank(client, { ...options, modules });
    await client.query('commit');
    return true;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
