// The demo bank's scores from day one: after the customers seed, every demo customer is scored with
// the default model as of the demo's today, in the same set-based statement as the batch.
import { knex as makeKnex } from '@mikro-orm/postgresql';
import type { SeedContribution } from '../../module';
import { scoringStatement, type ScoringModel } from './risk.scoring';

// Builds SQL only (the seed runs it on its own connection).
const builder = makeKnex({ client: 'pg' });

export const riskSeed: SeedContribution = {
  async present(client) {
      return (await client.query('select 1 from risk_score limit 1')).rowCount! > 0;
    },
  async run(ctx) {
      const { rows } = await ctx.client.query(`select id, version, features, intercept, band_thresholds from risk_model where status = 'ACTIVE'`);
      if (rows.length === 0) return;
      const r = rows[0];
      const model: ScoringModel = { id: r.id, version: r.version, features: r.features, intercept: Number(r.intercept), bandThresholds: r.band_thresholds };
      const native = scoringStatement(builder, ctx.modules, model, { asOf: ctx.today, triggeredBy: 'SEED' }).toSQL().toNative();
      const result = await ctx.client.query(native.sql, native.bindings as unknown[]);
      ctx.log(`risk: scored ${result.rows[0]?.scored ?? 0} customers with model ${model.version}`);
    },
};
