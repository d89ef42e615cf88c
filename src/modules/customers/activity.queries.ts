// Read SQL for activity snapshots and FX rates, returning plain objects shaped like the GraphQL types.
import { reader, type Context } from '../../graphql/context';
import { money } from '../../graphql/money';
import { toGlobalId } from '../../graphql/relay';
import type { ActivitySnapshotView, FxRateView } from './activity.type';
import { withinBook } from './customer.queries';
import { levelRows } from '../../graphql/level-reads';

const SNAPSHOT_COLUMNS = `s.id, s.customer_id, to_char(s.month, 'YYYY-MM') as month, s.transaction_count,
  s.transaction_volume_minor::text as transaction_volume_minor, s.average_balance_minor::text as average_balance_minor,
  s.currency, s.digital_logins, s.salary_credited, s.as_of`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toSnapshot(r: any): ActivitySnapshotView {
  return {
    __typename: 'ActivitySnapshot',
    id: toGlobalId('ActivitySnapshot', r.id),
    key: r.id,
    customerKey: r.customer_id,
    month: r.month,
    transactionCount: r.transaction_count,
    transactionVolume: money(r.transaction_volume_minor, r.currency),
    averageBalance: money(r.average_balance_minor, r.currency),
    digitalLogins: r.digital_logins,
    salaryCredited: r.salary_credited,
    asOf: new Date(r.as_of),
  } as ActivitySnapshotView;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toFxRate(r: any, quoteCurrency: string): FxRateView {
  return {
    __typename: 'FxRate',
    id: toGlobalId('FxRate', r.id),
    key: r.id,
    currency: r.currency,
    quoteCurrency,
    rate: String(r.rate).replace(/\.?0+$/, ''),
    asOf: new Date(r.as_of),
  } as FxRateView;
}

/** The newest `last` snapshots of each customer, newest first: one statement for a page of customers. */
export async function activityByCustomerKeys(ctx: Context, customerKeys: readonly string[], last: number): Promise<ActivitySnapshotView[]> {
  const knex = reader(ctx);
  const q = knex
    .select(knex.raw(SNAPSHOT_COLUMNS))
    .from(knex.raw('jsonb_array_elements_text(?::jsonb) as k(id)', [JSON.stringify(customerKeys)]))
    .joinRaw(
      // Named columns, not a star: the statement can be prepared (see src/db/prepared.ts).
      `cross join lateral (
         select x.id, x.customer_id, x.month, x.transaction_count, x.transaction_volume_minor, x.average_balance_minor,
                x.currency, x.digital_logins, x.salary_credited, x.as_of
           from activity_snapshot x where x.customer_id = k.id::uuid order by x.month desc limit ?
       ) s`,
      [last],
    )
    .orderByRaw('s.customer_id, s.month desc');
  return (await levelRows(ctx, q)).map(toSnapshot);
}

/** Snapshots by id, within the viewer's book (for node(id:)). */
export async function activitySnapshotsByKeys(ctx: Context, keys: readonly string[]): Promise<ActivitySnapshotView[]> {
  const knex = reader(ctx);
  const q = knex('activity_snapshot as s').select(knex.raw(SNAPSHOT_COLUMNS)).join('customer as c', 'c.id', 's.customer_id').whereIn('s.id', [...keys]);
  withinBook(q, ctx);
  return (await q).map(toSnapshot);
}

const FX_COLUMNS = ['id', 'currency', 'rate', 'as_of'];

export async function listFxRates(ctx: Context): Promise<FxRateView[]> {
  const rows = await reader(ctx)('fx_rate').select(FX_COLUMNS).orderBy('currency');
  return rows.map((r) => toFxRate(r, ctx.config.reportingCurrency));
}

export async function fxRatesByKeys(ctx: Context, keys: readonly string[]): Promise<FxRateView[]> {
  const rows = await reader(ctx)('fx_rate').select(FX_COLUMNS).whereIn('id', [...keys]);
  return rows.map((r) => toFxRate(r, ctx.config.reportingCurrency));
}
