import { Migration } from '@mikro-orm/migrations';
import {
  DEFAULT_BANDS, DEFAULT_FEATURES_V2, DEFAULT_HORIZON_MONTHS, DEFAULT_INTERCEPT, DEFAULT_MODEL_V2_DESCRIPTION, DEFAULT_MODEL_V2_ID,
} from '../risk.default-model';
import { DEFAULT_MODEL_ID } from './Migration20261201300100_risk';

const literal = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "''")}'`;

// The second default model (with feedback and loyalty features), as a new version: the first stays as it
// was, retired. It becomes the active model only where the first one still is; a bank that activated a
// model of its own keeps it, and finds this one as a DRAFT to activate if it wishes.
// The rescore job (or activating a model) scores customers with it; until then they keep their scores.
export class Migration20261201300500_risk_default_model_v2 extends Migration {
  override async up(): Promise<void> {
    const insert = (status: 'ACTIVE' | 'DRAFT') => `
    insert into risk_model (id, created_at, updated_at, version, kind, description, features, intercept, band_thresholds,
      horizon_months, regularisation, training_size, holdout_size, status, trained_by, activated_by, activated_at)
    values ('${DEFAULT_MODEL_V2_ID}', now(), now(), (select coalesce(max(version), 0) + 1 from risk_model), 'LOGISTIC',
      ${literal(DEFAULT_MODEL_V2_DESCRIPTION)}, ${literal(DEFAULT_FEATURES_V2)}::jsonb, ${DEFAULT_INTERCEPT}, ${literal(DEFAULT_BANDS)}::jsonb,
      ${DEFAULT_HORIZON_MONTHS}, 0, 0, 0, '${status}', 'system:keel',
      ${status === 'ACTIVE' ? `'system:keel', now()` : 'null, null'});`;
    this.addSql(`
do $$
begin
  if exists (select 1 from risk_model where id = '${DEFAULT_MODEL_ID}' and status = 'ACTIVE') then
    update risk_model set status = 'RETIRED', retired_at = now(), updated_at = now() where id = '${DEFAULT_MODEL_ID}';
    ${insert('ACTIVE')}
  else
    ${insert('DRAFT')}
  end if;
end
$$;
`);
  }
}
