// Plain facts about a customer for segment rules: where they live, their standing, consent, what they
// hold and their totals. Trends and behaviour live beside them in customer.attributes.ts.
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerAttribute } from '../../module';
import { AccountType } from './account.entity';
import { CustomerStatus } from './customer.entity';
import { customerCapabilities } from './permissions';

const read = customerCapabilities.read;

// Facts kept as current values: as of a date before the customer joined, there is no value.
const joinedBy = (knex: Knex, column: string, asOf: Date) => knex.raw(`(case when c.joined_at <= ?::timestamptz then ${column} end)`, [asOf]);

export const region: CustomerAttribute = {
  name: 'customers.region',
  description: 'The region of the customer\'s address, as core banking sends it (the current value).',
  unit: '',
  type: 'text',
  capability: read,
  sql: (knex: Knex, asOf: Date) => joinedBy(knex, 'c.region', asOf),
};

export const status: CustomerAttribute = {
  name: 'customers.status',
  description: 'The customer\'s standing: ACTIVE, OFFBOARDING or EXITED (the current value).',
  unit: '',
  type: 'text',
  values: Object.values(CustomerStatus),
  capability: read,
  sql: (knex: Knex, asOf: Date) => joinedBy(knex, 'c.status', asOf),
};

export const marketingConsent: CustomerAttribute = {
  name: 'customers.marketingConsent',
  description: 'Whether the customer had agreed to marketing at the date (consent given on or before it, and not withdrawn since).',
  unit: '',
  type: 'boolean',
  capability: read,
  sql: (knex: Knex, asOf: Date) => knex.raw('(c.marketing_consent and c.marketing_consent_at <= ?::timestamptz)', [asOf]),
};

export const totalDeposits: CustomerAttribute = {
  name: 'customers.totalDeposits',
  description: 'Balances of the customer\'s open accounts in the reporting currency, with the latest rates (the current total).',
  unit: 'minor units of the reporting currency',
  type: 'number',
  capability: read,
  sql: (knex: Knex, asOf: Date) => joinedBy(knex, 'c.total_deposits_minor', asOf),
};

export const totalDebt: CustomerAttribute = {
  name: 'customers.totalDebt',
  description: 'Outstanding amounts of the customer\'s open accounts in the reporting currency, with the latest rates (the current total).',
  unit: 'minor units of the reporting currency',
  type: 'number',
  capability: read,
  sql: (knex: Knex, asOf: Date) => joinedBy(knex, 'c.total_debt_minor', asOf),
};

const label = (t: string) => t.toLowerCase().replace(/_/g, ' ');
const camel = (t: string) => t.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, ch: string) => ch.toUpperCase());

/** One attribute per product type: the customer held an account of that type, opened by the date and not closed by then. */
export const productsHeld: CustomerAttribute[] = Object.values(AccountType).map((type) => ({
  name: `customers.holds${camel(type)}`,
  description: `Whether the customer held a ${label(type)} account at the date (opened by then, not closed by then).`,
  unit: '',
  type: 'boolean',
  capability: read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `exists (select 1 from account a where a.customer_id = c.id and a.type = ?
         and a.opened_at <= (?::timestamptz at time zone 'UTC')::date
         and (a.closed_at is null or a.closed_at > (?::timestamptz at time zone 'UTC')::date))`,
      [type, asOf, asOf],
    ),
}));

export const customerSegmentAttributes: CustomerAttribute[] = [region, status, marketingConsent, totalDeposits, totalDebt, ...productsHeld];
