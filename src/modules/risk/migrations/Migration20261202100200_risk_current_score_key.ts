import { Migration } from '@mikro-orm/migrations';

// A current score is one of the customer's scores, by the same model: one foreign key says all of it,
// (score_id, customer_id, model_id) against the score's (id, customer_id, model_id), in place of three
// (customer, score, model) that each had to be checked for every row a batch writes. It is also stronger:
// a current score can no longer name a score of another customer or another model.
export class Migration20261202100200_risk_current_score_key extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
set local statement_timeout = 0;
create unique index risk_score_identity_key on risk_score (id, customer_id, model_id);
alter table risk_current_score
  drop constraint risk_current_score_customer_id_fkey,
  drop constraint risk_current_score_score_id_fkey,
  drop constraint risk_current_score_model_id_fkey,
  add constraint risk_current_score_score_fkey foreign key (score_id, customer_id, model_id)
    references risk_score (id, customer_id, model_id) on update cascade;
`);
  }
}
