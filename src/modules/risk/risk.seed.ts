// The demo bank's churn and scores. First its history of exits, as a bank would import it
// (importExitHistory): customers whose behaviour drifted away over the last months (transactions falling
// against their own earlier level) mostly left within the last three months, a few others left without
// warning, and some exits were the bank's (no reason kept, never a churn label). So a model trained on
// the demo bank learns a real churn process. Then every demo customer is scored with the active model
// as of the demo's today, in the same set-based statement as the batch.
import { knex as makeKnex } from '@mikro-orm/postgresql';
import type { SeedContribution, SeedContext } from '../../module';
import { scoringStatement, type ScoringModel } from './risk.scoring';

// Builds SQL only (the seed runs it on its own connection).
const builder = makeKnex({ client: 'pg' });

/** A number in [0, 1) from the customer, the demo's seed and a purpose: the same on every machine. */
const draw = (purpose: string) => `(('x' || substr(md5(c.id::text || $2::text || '${purpose}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;

async function seedExits(ctx: SeedContext): Promise<number> {
  // Drifting: the last four complete months' transactions under 60% of the eight months before them.
  const result = await ctx.client.query(
    `with t as (select date_trunc('month', $1::timestamptz at time zone 'UTC')::date as today),
     drift as (
       select c.id,
              (select avg(s.transaction_count) from activity_snapshot s, t where s.customer_id = c.id and s.month >= t.today - interval '4 months')
            < 0.6 * (select avg(s.transaction_count) from activity_snapshot s, t
                      where s.customer_id = c.id and s.month < t.today - interval '4 months' and s.month >= t.today - interval '12 months') as drifting
         from customer c where c.status = 'ACTIVE'
     ),
     leaving as (
       select c.id, d.drifting, ${draw('leaves')} as p, ${draw('when')} as w, ${draw('who')} as who, ${draw('why')} as why
         from customer c join drift d on d.id = c.id
     )
     insert into risk_exit (id, created_at, customer_id, exited_at, initiator, reason, imported_by)
     select gen_random_uuid(), now(), l.id,
            -- Within the three months before today, at a time of day.
            (select today from t) - interval '92 days' + l.w * interval '91 days' + interval '10 hours',
            case when l.who < 0.85 then 'CUSTOMER' else 'BANK' end,
            case when l.who < 0.85 then (array['FEES','INTEREST_RATES','SERVICE_QUALITY','DIGITAL_EXPERIENCE','RELOCATION','COMPETITOR_OFFER','OTHER'])[1 + floor(l.why * 7)::int] end,
            'system:seed'
       from leaving l
      where (l.drifting and l.p < 0.7) or (not coalesce(l.drifting, false) and l.p < 0.03)`,
    [ctx.today, ctx.seed],
  );
  return result.rowCount ?? 0;
}

export const riskSeed: SeedContribution = {
  async present(client) {
      return (await client.query('select 1 from risk_score limit 1')).rowCount! > 0;
    },
  async run(ctx) {
      const exits = await seedExits(ctx);
      ctx.log(`risk: imported ${exits} exits`);
      const { rows } = await ctx.client.query(`select id, version, features, intercept, band_thresholds from risk_model where status = 'ACTIVE'`);
      if (rows.length === 0) return;
      const r = rows[0];
      const model: ScoringModel = { id: r.id, version: r.version, features: r.features, intercept: Number(r.intercept), bandThresholds: r.band_thresholds };
      const native = scoringStatement(builder, ctx.modules, model, { asOf: ctx.today, triggeredBy: 'SEED' }).toSQL().toNative();
      const result = await ctx.client.query(native.sql, native.bindings as unknown[]);
      ctx.log(`risk: scored ${result.rows[0]?.scored ?? 0} customers with model ${model.version}`);
    },
};
