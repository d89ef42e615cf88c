// Facts about a customer that segment rules and risk features use, each evaluated as of a date from
// data that existed then (a model scored on last year's data must not see this year's activity).
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerAttribute } from '../../module';
import { customerCapabilities } from './permissions';

// The date, in UTC, as the SQL's one notion of "as of".
const AS_OF_DATE = `(?::timestamptz at time zone 'UTC')::date`;
const monthIndex = (expr: string) => `(extract(year from ${expr}) * 12 + extract(month from ${expr}))`;

export const tenureMonths: CustomerAttribute = {
  name: 'customers.tenureMonths',
  description: 'Whole months the customer had banked with us at the date; null for a customer who had not joined yet.',
  unit: 'months',
  type: 'number',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `(case when c.joined_at <= ?::timestamptz then (
         extract(year from age(?::timestamptz at time zone 'UTC', c.joined_at at time zone 'UTC')) * 12
         + extract(month from age(?::timestamptz at time zone 'UTC', c.joined_at at time zone 'UTC')))::int end)`,
      [asOf, asOf, asOf],
    ),
};

export const monthsSinceLastActivity: CustomerAttribute = {
  name: 'customers.monthsSinceLastActivity',
  description:
    'Months from the last month with transactions to the date, from the monthly snapshots of months up to the date '
    + '(as the customer\'s monthsSinceLastActivity counts today); null without any snapshot by then.',
  unit: 'months',
  type: 'number',
  capability: customerCapabilities.read,
  // Snapshots of later months are left out: they did not exist at the date.
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `(select case when count(s.id) > 0 then greatest(0, ${monthIndex('p.d')} - ${monthIndex(
        `coalesce(max(s.month) filter (where s.transaction_count > 0), (min(s.month) - interval '1 month')::date)`,
      )})::int end
        from (select ${AS_OF_DATE} as d) p
        left join activity_snapshot s on s.customer_id = c.id and s.month <= p.d
        group by p.d)`,
      [asOf],
    ),
};


// The months of behaviour a date may see: complete months only, so that a month still running at the
// date (whose snapshot core banking sends later) never leaks into it. `m(k)` is the k-th complete
// month back: m(0) the last complete month before the date's own month. The month is truncated as a
// `timestamp`, not a `timestamptz`: the same first of the month, but an immutable expression that
// PostgreSQL folds into a constant once per statement; over `timestamptz` it is only stable, and the
// batch would work out the month boundaries again for every snapshot row and every FILTER (four times
// slower for the activity aggregate at a million customers).
const monthStart = (date: string) => `date_trunc('month', (${date})::timestamp)`;
const LAST_COMPLETE = `((${monthStart(AS_OF_DATE)} - interval '1 month')::date)`;
/** The mean of a snapshot column over complete months `from`..`to` back (0 = the last complete month). */
const meanOver = (column: string, from: number, to: number) =>
  `(select avg(s.${column})::float8 from activity_snapshot s where s.customer_id = c.id
      and s.month between (${LAST_COMPLETE} - interval '${to} months')::date and (${LAST_COMPLETE} - interval '${from} months')::date)`;
/** (recent / earlier) - 1: the relative change between two windows; null without data or from zero. */
const relativeChange = (recent: string, earlier: string) => `(select case when e.v > 0 then r.v / e.v - 1 end from (select ${recent} as v) r, (select ${earlier} as v) e)`;

/** Products held at a moment: opened by then and not closed by then. */
const productsAt = (at: string) =>
  `(select count(*)::int from account a where a.customer_id = c.id and a.opened_at <= ${at}
      and (a.closed_at is null or a.closed_at > ${at}))`;

export const ageBand: CustomerAttribute = {
  name: 'customers.ageBand',
  description:
    'The customer\'s age band at the date, never the age itself: 0 under 25, 1 from 25 to 34, 2 from 35 to 49, 3 from 50 to 64, '
    + '4 from 65; null without a date of birth.',
  unit: 'band',
  type: 'number',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `(select case when y is null then null when y < 25 then 0 when y < 35 then 1 when y < 50 then 2 when y < 65 then 3 else 4 end
         from (select extract(year from age(${AS_OF_DATE}, c.date_of_birth))::int as y) a)`,
      [asOf],
    ),
};

export const productsHeld: CustomerAttribute = {
  name: 'customers.productsHeld',
  description: 'Products (accounts) the customer held at the date: opened by then and not closed by then.',
  unit: 'products',
  type: 'number',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) => knex.raw(productsAt(AS_OF_DATE), [asOf, asOf]),
};

export const productsChange6m: CustomerAttribute = {
  name: 'customers.productsChange6m',
  description: 'Products held at the date less those held six months before it (negative when the customer has been closing products).',
  unit: 'products',
  type: 'number',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) => {
    const before = `((${AS_OF_DATE} - interval '6 months')::date)`;
    return knex.raw(`(${productsAt(AS_OF_DATE)} - ${productsAt(before)})`, [asOf, asOf, asOf, asOf]);
  },
};

export const productsClosed90d: CustomerAttribute = {
  name: 'customers.productsClosed90d',
  description: 'Products the customer closed in the 90 days up to the date.',
  unit: 'products',
  type: 'number',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `(select count(*)::int from account a where a.customer_id = c.id
          and a.closed_at > (${AS_OF_DATE} - 90) and a.closed_at <= ${AS_OF_DATE})`,
      [asOf, asOf],
    ),
};

function windowTrend(name: string, column: string, months: number, what: string): CustomerAttribute {
  return {
    name,
    description:
      `${what}: the mean over the last ${months} complete months before the date against the mean over the ${months} months before those, `
      + 'as a relative change (-0.4: down 40%); null without data in either window or from zero.',
    unit: 'ratio',
    type: 'number',
    capability: customerCapabilities.read,
    sql: (knex: Knex, asOf: Date) =>
      knex.raw(relativeChange(meanOver(column, 0, months - 1), meanOver(column, months, 2 * months - 1)), [asOf, asOf, asOf, asOf]),
  };
}

export const balanceTrend3m = windowTrend('customers.balanceTrend3m', 'average_balance_minor', 3, 'Average balance');
export const balanceTrend6m = windowTrend('customers.balanceTrend6m', 'average_balance_minor', 6, 'Average balance');
export const digitalLoginsTrend = windowTrend('customers.digitalLoginsTrend', 'digital_logins', 3, 'Digital logins');

export const transactionsVsBaseline: CustomerAttribute = {
  name: 'customers.transactionsVsBaseline',
  description:
    'Transactions in the last complete month before the date against the customer\'s own baseline, the mean of the six months '
    + 'before it, as a relative change (-0.62: down 62%); null without a baseline or from zero.',
  unit: 'ratio',
  type: 'number',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(relativeChange(meanOver('transaction_count', 0, 0), meanOver('transaction_count', 1, 6)), [asOf, asOf, asOf, asOf]),
};

export const salaryCredited: CustomerAttribute = {
  name: 'customers.salaryCredited',
  description: 'Whether a salary was credited in the last complete month before the date.',
  unit: '',
  type: 'boolean',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `coalesce((select bool_or(s.salary_credited) from activity_snapshot s where s.customer_id = c.id and s.month = ${LAST_COMPLETE}), false)`,
      [asOf],
    ),
};

export const salaryStopped: CustomerAttribute = {
  name: 'customers.salaryStopped',
  description:
    'Whether the salary stopped: credited in at least one of the three complete months before the last three, and in none of the last three.',
  unit: '',
  type: 'boolean',
  capability: customerCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `coalesce((select bool_or(s.salary_credited) filter (where s.month < (${LAST_COMPLETE} - interval '2 months')::date)
                   and not coalesce(bool_or(s.salary_credited) filter (where s.month >= (${LAST_COMPLETE} - interval '2 months')::date), false)
         from activity_snapshot s where s.customer_id = c.id
          and s.month between (${LAST_COMPLETE} - interval '5 months')::date and ${LAST_COMPLETE}), false)`,
      [asOf, asOf, asOf, asOf],
    ),
};

// The set-based forms: every activity feature from one pass over the snapshots up to the date, and every
// product feature from one pass over the accounts, each grouped by customer with FILTER clauses. Each
// column is the per-customer expression above, restated over the group (the same arithmetic, so the same
// value to the last bit).
const AT = `(select d, (${monthStart('d')} - interval '1 month')::date as l, (d - interval '6 months')::date as b
   from (select ${AS_OF_DATE} as d) x) p`;
/** The mean of a snapshot column over complete months `from`..`to` back, within the group. */
const groupMean = (column: string, from: number, to: number) =>
  `(avg(s.${column}) filter (where s.month between (p.l - interval '${to} months')::date and (p.l - interval '${from} months')::date))::float8`;
const groupChange = (recent: string, earlier: string) => `(case when ${earlier} > 0 then ${recent} / ${earlier} - 1 end)`;
const q = (name: string) => `"${name}"`;

const activitySql = (knex: Knex, asOf: Date) =>
  knex.raw(
    `select s.customer_id,
       (case when count(s.id) > 0 then greatest(0, ${monthIndex('p.d')} - ${monthIndex(
        `coalesce(max(s.month) filter (where s.transaction_count > 0), (min(s.month) - interval '1 month')::date)`,
      )})::int end) as ${q('customers.monthsSinceLastActivity')},
       ${groupChange(groupMean('average_balance_minor', 0, 2), groupMean('average_balance_minor', 3, 5))} as ${q('customers.balanceTrend3m')},
       ${groupChange(groupMean('average_balance_minor', 0, 5), groupMean('average_balance_minor', 6, 11))} as ${q('customers.balanceTrend6m')},
       ${groupChange(groupMean('digital_logins', 0, 2), groupMean('digital_logins', 3, 5))} as ${q('customers.digitalLoginsTrend')},
       ${groupChange(groupMean('transaction_count', 0, 0), groupMean('transaction_count', 1, 6))} as ${q('customers.transactionsVsBaseline')},
       coalesce(bool_or(s.salary_credited) filter (where s.month = p.l), false) as ${q('customers.salaryCredited')},
       coalesce(bool_or(s.salary_credited) filter (where s.month between (p.l - interval '5 months')::date and (p.l - interval '3 months')::date)
         and not coalesce(bool_or(s.salary_credited) filter (where s.month between (p.l - interval '2 months')::date and p.l), false), false)
         as ${q('customers.salaryStopped')}
     from ${AT} join activity_snapshot s on s.month <= p.d
     group by s.customer_id, p.d, p.l`,
    [asOf],
  );

const productsSql = (knex: Knex, asOf: Date) => {
  const heldAt = (at: string) => `count(*) filter (where a.opened_at <= ${at} and (a.closed_at is null or a.closed_at > ${at}))::int`;
  return knex.raw(
    `select a.customer_id,
       ${heldAt('p.d')} as ${q('customers.productsHeld')},
       (${heldAt('p.d')} - ${heldAt('p.b')}) as ${q('customers.productsChange6m')},
       count(*) filter (where a.closed_at > (p.d - 90) and a.closed_at <= p.d)::int as ${q('customers.productsClosed90d')}
     from ${AT} join account a on true
     group by a.customer_id, p.d, p.b`,
    [asOf],
  );
};

const inGroup = (attribute: CustomerAttribute, group: string, groupSql: CustomerAttribute['groupSql'], groupAbsent?: number | boolean) =>
  Object.assign(attribute, { group, groupSql, groupAbsent });
inGroup(monthsSinceLastActivity, 'customers.activity', activitySql);
for (const a of [balanceTrend3m, balanceTrend6m, digitalLoginsTrend, transactionsVsBaseline]) inGroup(a, 'customers.activity', activitySql);
inGroup(salaryCredited, 'customers.activity', activitySql, false);
inGroup(salaryStopped, 'customers.activity', activitySql, false);
for (const a of [productsHeld, productsChange6m, productsClosed90d]) inGroup(a, 'customers.products', productsSql, 0);

export const customerAttributes: CustomerAttribute[] = [
  tenureMonths, monthsSinceLastActivity, ageBand, productsHeld, productsChange6m, productsClosed90d,
  balanceTrend3m, balanceTrend6m, transactionsVsBaseline, digitalLoginsTrend, salaryCredited, salaryStopped,
];
