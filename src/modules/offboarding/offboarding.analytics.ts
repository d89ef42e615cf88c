// Read-only SQL fragments over exits, retention and win-backs, for analytics in higher modules
// (churn by period, by segment). Each is a subquery another module joins by customer key; none joins
// `customer`, so the caller applies the viewer's bound once, on its own population.
import type { Knex } from '@mikro-orm/postgresql';
import { can } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { minorDigits } from '../../domain/money';
import { offboardingCapabilities } from './permissions';

/** Full exits that closed: case_id, customer_id, closed_at, initiated_by, reason. */
export function closedExits(knex: Knex): Knex.QueryBuilder {
  return knex('offboarding_case as oc')
    .select('oc.id as case_id', 'oc.customer_id', 'oc.closed_at', 'oc.initiated_by', 'oc.reason')
    .where('oc.state', 'CLOSED')
    .andWhere('oc.scope', 'FULL');
}

/** Cases with at least one retention attempt: case_id, customer_id, first_attempt_at. */
export function casesWithRetentionAttempts(knex: Knex): Knex.QueryBuilder {
  return knex('retention_attempt as ra')
    .join('offboarding_case as oc', 'oc.id', 'ra.case_id')
    .select('oc.id as case_id', 'oc.customer_id')
    .min({ first_attempt_at: 'ra.recorded_at' })
    .groupBy('oc.id', 'oc.customer_id');
}

/** Cases that ended with the customer staying: case_id, customer_id, retained_at. */
export function retainedCases(knex: Knex): Knex.QueryBuilder {
  return knex('offboarding_case as oc').select('oc.id as case_id', 'oc.customer_id', 'oc.state_entered_at as retained_at').where('oc.state', 'RETAINED');
}

/** Win-back approaches: customer_id, recorded_at, won (the customer came back). */
export function winBackApproaches(knex: Knex): Knex.QueryBuilder {
  return knex('win_back_attempt as w').select('w.customer_id', 'w.recorded_at', knex.raw(`(w.outcome = 'WON_BACK') as won`));
}

/**
 * Balances moved out at settlement, per case, in minor units of the reporting currency with the latest
 * rates (an item in a currency without a rate is left out, as totals do): case_id, amount_minor.
 */
export function balancesMovedOut(knex: Knex, reportingCurrency: string): Knex.QueryBuilder {
  return knex('checklist_item as ci')
    .leftJoin(
      knex.raw(
        `(select currency, rate * power(10::numeric, ?::int - minor_digits) as factor
            from fx_rate where currency <> ?
          union all select ?::character(3), 1::numeric) as fx`,
        [minorDigits(reportingCurrency), reportingCurrency, reportingCurrency],
      ),
      'fx.currency',
      'ci.currency',
    )
    .select('ci.case_id', knex.raw('round(sum(ci.amount_minor * fx.factor))::bigint as amount_minor'))
    .where('ci.kind', 'MOVE_BALANCE')
    .whereNotNull('ci.done_at')
    .whereNotNull('ci.amount_minor')
    .groupBy('ci.case_id');
}

/**
 * No tipping-off: whether the viewer may see the reasons of bank-initiated exits. Those who may not see
 * anti-money-laundering reasons see no bank exit's reason at all, so that a withheld one singles out none.
 */
export function maySeeBankExitReasons(viewer: Viewer | null): boolean {
  return can(viewer, offboardingCapabilities.readAmlReasons);
}
