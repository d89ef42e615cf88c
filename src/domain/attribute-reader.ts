// Reading customer attributes (the facts modules contribute) inside a query over `customer as c`, in
// either of their two forms: per customer (`sql`, a correlated expression: right for a few customers),
// or set-based (`groupSql`, each group's query joined once: right when every customer is read, as batch
// scoring, training and a segment's refresh do).
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerAttribute } from '../module';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface AttributeReaderOptions {
  /** Set-based: an attribute with a group reads its group's query, left-joined to the query once per group. */
  set: boolean;
  /** Narrows a group's query before it is joined (e.g. to a range of customer ids); the alias is the join's. */
  narrow?: (groupQuery: Knex.Raw, alias: string) => Knex.Raw;
}

/**
 * A function giving each attribute's value for the customer `c` of `q`, as of `asOf`. With `set`, the first
 * read of a group adds `left join (group) gN on gN.customer_id = c.id` to `q`, and every attribute of that
 * group reads its column (a customer without a row in the group has the group's `groupAbsent`); attributes
 * without a group, and all of them without `set`, are their per-customer expressions.
 */
export function attributeReader(knex: Knex, q: Knex.QueryBuilder, asOf: Date, options: AttributeReaderOptions): (a: CustomerAttribute) => Knex.Raw {
  const groups = new Map<string, string>();
  return (a) => {
    if (!options.set || !a.group || !a.groupSql) return a.sql(knex, asOf);
    let alias = groups.get(a.group);
    if (!alias) {
      alias = `g${groups.size}`;
      groups.set(a.group, alias);
      const group = options.narrow ? options.narrow(a.groupSql(knex, asOf), alias) : knex.raw('(?) as ??', [a.groupSql(knex, asOf), alias]);
      q.leftJoin(group, `${alias}.customer_id`, 'c.id');
    }
    const value = `${alias}.${ident(a.name)}`;
    return a.groupAbsent === undefined ? knex.raw(value) : knex.raw(`coalesce(${value}, ?)`, [a.groupAbsent]);
  };
}

/**
 * The planner settings for a transaction whose statements read every customer through group forms: the
 * memory to aggregate a group in one hash table (`workMem`), and no nested loops. Right after a bulk ingest
 * the statistics may still count a few customers (autovacuum has not analysed them yet, and the runtime role
 * may not), and the planner would then re-run a group's aggregate per customer: quadratic, a statement
 * timeout at 10,000. Local to the transaction; one statement.
 */
export function planForEveryCustomer(knex: Knex, workMem: string): Knex.Raw {
  return knex.raw(`select set_config('work_mem', ?, true), set_config('enable_nestloop', 'off', true)`, [workMem]);
}
