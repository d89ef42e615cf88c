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

export const customerAttributes: CustomerAttribute[] = [tenureMonths, monthsSinceLastActivity];
