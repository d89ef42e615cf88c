// The risk module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201300100_risk } from './Migration20261201300100_risk';
import { Migration20261201300500_risk_default_model_v2 } from './Migration20261201300500_risk_default_model_v2';
import { Migration20261202100100_risk_factor_arrays } from './Migration20261202100100_risk_factor_arrays';
import { Migration20261202100200_risk_current_score_key } from './Migration20261202100200_risk_current_score_key';

export const riskMigrations: ModuleMigration[] = [
  { name: 'Migration20261201300100_risk', class: Migration20261201300100_risk },
  { name: 'Migration20261201300500_risk_default_model_v2', class: Migration20261201300500_risk_default_model_v2 },
  { name: 'Migration20261202100100_risk_factor_arrays', class: Migration20261202100100_risk_factor_arrays },
  { name: 'Migration20261202100200_risk_current_score_key', class: Migration20261202100200_risk_current_score_key },
];
