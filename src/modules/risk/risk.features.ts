// Features for churn risk: the numeric facts about customers that modules contribute
// (`contributes.customerAttributes`), computed for every customer as of one snapshot date in one
// statement. This module reads them only through the contribution, never through another module's tables.
import type { Knex } from '@mikro-orm/postgresql';
import { contributionsOf, type CustomerAttribute, type KeelModule } from '../../module';
import { attributeReader } from '../../domain/attribute-reader';
import { RISK_OWN_ATTRIBUTES } from './risk.attributes';

/** Attribute names that are never features, whatever module contributes them (protected attributes). */
export const PROTECTED_ATTRIBUTES = ['gender', 'nationality', 'ethnicity', 'religion'];

/** Whether an attribute's name speaks of a protected characteristic ("x.gender", "x.nationalityCode"). */
export function isProtected(name: string): boolean {
  const what = name.toLowerCase();
  return PROTECTED_ATTRIBUTES.some((p) => what.includes(p));
}

/** The attributes usable as model features: numbers, and booleans as 0/1; never a protected one, nor a score of risk's own. */
export function featureAttributes(modules: KeelModule[]): CustomerAttribute[] {
  return contributionsOf(modules, 'customerAttributes').filter(
    (a) => (a.type === 'number' || a.type === 'boolean') && !isProtected(a.name) && !RISK_OWN_ATTRIBUTES.has(a.name),
  );
}

/** A feature's value as a double: booleans as 0/1, null stays null. */
function asDouble(knex: Knex, attribute: CustomerAttribute, expr: Knex.Raw): Knex.Raw {
  return attribute.type === 'boolean' ? knex.raw('((?)::int)::float8', [expr]) : knex.raw('(?)::float8', [expr]);
}

/** Customers whose id is at least `from` and, unless `to` is null, below `to` (ids compared as uuids). */
export interface CustomerRange {
  from: string;
  to: string | null;
}

export const rangeSql = (column: string, range: CustomerRange) => (range.to === null ? `${column} >= ?::uuid` : `${column} >= ?::uuid and ${column} < ?::uuid`);
export const rangeBindings = (range: CustomerRange) => (range.to === null ? [range.from] : [range.from, range.to]);

/**
 * `count` ranges that cover every uuid, split evenly by their first 32 bits: random (version 4) ids, and
 * md5-shaped ones, fall into them in about equal numbers.
 */
export function customerRanges(count: number): CustomerRange[] {
  const bound = (i: number) => `${Math.floor((i * 2 ** 32) / count).toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: count }, (_, i) => ({ from: bound(i), to: i + 1 < count ? bound(i + 1) : null }));
}

/**
 * Adds to `q` (a query over `customer as c`) one column per attribute, named by `column(i)`. With `set`,
 * an attribute that has a set-based form reads it from its group's query, joined once per group
 * (`left join (group) gN on gN.customer_id = c.id`); the others, and all of them without `set` (a few
 * customers), are evaluated per customer.
 */
export function selectFeatures(
  knex: Knex, q: Knex.QueryBuilder, attributes: CustomerAttribute[], asOf: Date, set: boolean, column: (i: number) => string,
  range?: CustomerRange,
): Knex.QueryBuilder {
  const read = attributeReader(knex, q, asOf, {
    set,
    // Within a range of customers, the group reads only theirs: the condition on its grouping column
    // reaches the rows under the aggregate (PostgreSQL pushes it into the subquery).
    narrow: range
      ? (group, alias) => knex.raw(`(select * from (?) r where ${rangeSql('r.customer_id', range)}) as ??`, [group, ...rangeBindings(range), alias])
      : undefined,
  });
  attributes.forEach((a, i) => q.select({ [column(i)]: asDouble(knex, a, read(a)) }));
  return q;
}

/**
 * One statement: `customer_id` and one column per attribute (named by the attribute) for every
 * customer (set-based), or those of `customerKeys` (per customer), as of `asOf`.
 */
export function featuresQuery(knex: Knex, attributes: CustomerAttribute[], asOf: Date, customerKeys?: string[], set = !customerKeys): Knex.QueryBuilder {
  const q = knex('customer as c').select('c.id as customer_id');
  selectFeatures(knex, q, attributes, asOf, set, (i) => attributes[i].name);
  if (customerKeys) q.whereIn('c.id', customerKeys);
  return q;
}

export type FeatureRow = { customer_id: string } & Record<string, number | null>;

/**
 * Every feature of every customer (or of `customerKeys`) as of `asOf`, in one statement; `set` chooses the
 * form (set-based by default for every customer, per customer for a few).
 */
export async function computeFeatures(
  knex: Knex, modules: KeelModule[], asOf: Date, customerKeys?: string[], set = !customerKeys,
): Promise<FeatureRow[]> {
  const rows = (await featuresQuery(knex, featureAttributes(modules), asOf, customerKeys, set).orderBy('c.id')) as FeatureRow[];
  return rows;
}
