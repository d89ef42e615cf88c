import { Migration } from '@mikro-orm/migrations';

// A score keeps its factors as two arrays of numbers in its model's feature order: each feature's value
// (null when unknown) and its signed contribution to the logit. The reasons in words are rendered when the
// score is read, from the model's labels (a model's features never change once it has scored). Building
// sixteen reasons in two languages as JSON for every customer was most of the cost of a batch rescore.
// Existing scores keep their numbers; an external score (no model) has no factors.
const convert = (table: string, key: string) => `
update ${table} s
   set feature_values = c.v, contributions = c.k
  from (select s2.${key} as key,
               array_agg((f.item->>'value')::float8 order by mf.ord) as v,
               array_agg(coalesce((f.item->>'contribution')::float8, 0) order by mf.ord) as k
          from ${table} s2
          join risk_model m on m.id = s2.model_id
         cross join lateral jsonb_array_elements(m.features) with ordinality mf(feature, ord)
          left join lateral (select e as item from jsonb_array_elements(s2.factors) e where e->>'feature' = mf.feature->>'name' limit 1) f on true
         group by s2.${key}) c
 where c.key = s.${key};`;

export class Migration20261202100100_risk_factor_arrays extends Migration {
  override async up(): Promise<void> {
    // Converting every score of a bank's history takes longer than a request's statement timeout; the
    // migration runs before Keel serves, in its own transaction.
    this.addSql(`
set local statement_timeout = 0;
alter table risk_score add column feature_values double precision[] not null default '{}',
                       add column contributions double precision[] not null default '{}';
alter table risk_current_score add column feature_values double precision[] not null default '{}',
                               add column contributions double precision[] not null default '{}';
${convert('risk_score', 'id')}
${convert('risk_current_score', 'customer_id')}
alter table risk_score drop column factors,
  add constraint risk_score_factor_arrays_check check (cardinality(feature_values) = cardinality(contributions));
alter table risk_current_score drop column factors,
  add constraint risk_current_score_factor_arrays_check check (cardinality(feature_values) = cardinality(contributions));
alter table risk_current_score alter column feature_values drop default, alter column contributions drop default;
`);
  }
}
