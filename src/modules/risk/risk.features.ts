// Features for churn risk: the numeric facts about customers that modules contribute
// (`contributes.customerAttributes`), computed for every customer as of one snapshot date in one
// statement. This module reads them only through the contribution, never through another module's tables.
import type { Knex } from '@mikro-orm/postgresql';
import { contributionsOf, type CustomerAttribute, type KeelModule } from '../../module';
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
export function featureValueSql(knex: Knex, attribute: CustomerAttribute, asOf: Date): Knex.Raw {
  const expr = attribute.sql(knex, asOf);
  return attribute.type === 'boolean' ? knex.raw('((?)::int)::float8', [expr]) : knex.raw('(?)::float8', [expr]);
}

/**
 * One statement: `customer_id` and one column per attribute (named by the attribute) for every
 * customer, or those of `customerKeys`, as of `asOf`.
 */
export function featuresQuery(knex: Knex, attributes: CustomerAttribute[], asOf: Date, customerKeys?: string[]): Knex.QueryBuilder {
  const q = knex('customer as c').select('c.id as customer_id');
  for (const a of attributes) q.select({ [a.name]: featureValueSql(knex, a, asOf) });
  if (customerKeys) q.whereIn('c.id', customerKeys);
  return q;
}

export type FeatureRow = { customer_id: string } & Record<string, number | null>;

/** Every feature of every customer (or of `customerKeys`) as of `asOf`, in one statement. */
export async function computeFeatures(knex: Knex, modules: KeelModule[], asOf: Date, customerKeys?: string[]): Promise<FeatureRow[]> {
  const rows = (await featuresQuery(knex, featureAttributes(modules), asOf, customerKeys).orderBy('c.id')) as FeatureRow[];
  return rows;
}
