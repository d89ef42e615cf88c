// The derived customer columns (totals in the reporting currency, open products, 90-day balance
// trend, months since the last activity), recomputed by one set-based UPDATE. The same statement
// serves ingestion (inside its transaction, through knex) and the seed (a raw pg.Client).
import type { Knex } from '@mikro-orm/postgresql';
import { minorDigits } from '../../graphql/money';

export interface SqlResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** Runs one statement with `$1`-style parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRunner = <R = any>(text: string, params?: unknown[]) => Promise<SqlResult<R>>;

/** A runner on a pg.Client or pool. */
export function pgRunner(client: { query(text: string, params?: unknown[]): Promise<unknown> }): SqlRunner {
  return (text, params = []) => client.query(text, params) as never;
}

/**
 * A runner on knex (a transaction or the pool). knex binds `?`, so `$n` become `?` in order of
 * appearance. Structured values go in as JSON text: knex would expand an array into a list.
 */
export function knexRunner(db: Knex): SqlRunner {
  return async (text, params = []) => {
    const bindings: unknown[] = [];
    const sql = text.replace(/\$(\d+)/g, (_m, n: string) => {
      bindings.push(params[Number(n) - 1]);
      return '?';
    });
    return db.raw(sql, bindings as Knex.RawBinding[]) as never;
  };
}

export interface DerivedScope {
  /** Customers to recompute; null: everyone (after a rate change). */
  customerIds: string[] | null;
  /** The request's time: months since the last activity count up to this month (UTC). */
  now: Date;
  reportingCurrency: string;
}

const monthIndex = (expr: string) => `(extract(year from ${expr}) * 12 + extract(month from ${expr}))`;

/**
 * Sets the derived columns of the customers in scope and returns how many rows changed.
 * - total deposits / debt: balances and outstanding amounts of accounts that are not CLOSED,
 *   converted with the latest rates (an account in a currency without a rate is left out);
 * - open products: accounts that are not CLOSED (a FROZEN product is still held);
 * - 90-day trend: newest snapshot's average balance against the one three months earlier, in basis
 *   points (null without both, or when the earlier one is zero);
 * - months since the last month with any transaction, counted to `now`; a customer whose snapshots
 *   show none counts from the month before the first snapshot. Null without snapshots.
 * Rows whose values are already right are not written, so a re-sent batch changes nothing.
 */
export async function recomputeDerivedFields(run: SqlRunner, scope: DerivedScope): Promise<number> {
  const params: unknown[] = [scope.reportingCurrency, minorDigits(scope.reportingCurrency), scope.now.toISOString()];
  let target = 'select id from customer';
  if (scope.customerIds !== null) {
    if (scope.customerIds.length === 0) return 0;
    params.push(JSON.stringify([...new Set(scope.customerIds)]));
    target = 'select jsonb_array_elements_text($4::jsonb)::uuid as id';
  }
  const now = `($3::timestamptz at time zone 'UTC')`;
  const result = await run(
    `with target as (${target}),
fx as (
  select currency, rate * power(10::numeric, $2::int - minor_digits) as factor from fx_rate where currency <> $1
  union all select $1::character(3), 1::numeric
),
holdings as (
  select a.customer_id,
    round(sum(a.balance_minor * fx.factor)) as deposits,
    round(sum(a.outstanding_minor * fx.factor)) as debt,
    count(*) as open_products
  from account a
  join target t on t.id = a.customer_id
  left join fx on fx.currency = a.currency
  where a.status <> 'CLOSED'
  group by a.customer_id
),
activity as (
  select s.customer_id, max(s.month) as newest, min(s.month) as oldest,
    max(s.month) filter (where s.transaction_count > 0) as last_active
  from activity_snapshot s
  join target t on t.id = s.customer_id
  group by s.customer_id
),
trend as (
  select a.customer_id, n.average_balance_minor * fn.factor as newest_balance, b.average_balance_minor * fb.factor as base_balance
  from activity a
  join activity_snapshot n on n.customer_id = a.customer_id and n.month = a.newest
  join activity_snapshot b on b.customer_id = a.customer_id and b.month = (a.newest - interval '3 months')::date
  left join fx fn on fn.currency = n.currency
  left join fx fb on fb.currency = b.currency
),
derived as (
  select t.id,
    coalesce(h.deposits, 0)::bigint as deposits,
    coalesce(h.debt, 0)::bigint as debt,
    coalesce(h.open_products, 0)::int as open_products,
    case when tr.base_balance > 0 then
      least(greatest(round((tr.newest_balance - tr.base_balance) / tr.base_balance * 10000), -10000), 1000000)::int
    end as trend_bp,
    case when ac.customer_id is not null then
      greatest(0, ${monthIndex(now)} - ${monthIndex(`coalesce(ac.last_active, (ac.oldest - interval '1 month')::date)`)})::int
    end as months_inactive
  from target t
  left join holdings h on h.customer_id = t.id
  left join activity ac on ac.customer_id = t.id
  left join trend tr on tr.customer_id = t.id
)
update customer c set
  total_deposits_minor = d.deposits,
  total_debt_minor = d.debt,
  open_product_count = d.open_products,
  balance_trend_90d_bp = d.trend_bp,
  months_since_last_activity = d.months_inactive
from derived d
where c.id = d.id
  and (c.total_deposits_minor, c.total_debt_minor, c.open_product_count, c.balance_trend_90d_bp, c.months_since_last_activity)
    is distinct from (d.deposits, d.debt, d.open_products, d.trend_bp, d.months_inactive)`,
    params,
  );
  return result.rowCount ?? 0;
}
