// "The customers within this viewer's bound", for other modules' reads: their rows about customers
// are filtered here, so that no other module joins `customer` with conditions of its own.
import type { Knex } from '@mikro-orm/postgresql';
import type { Capability } from '../../auth/permissions';
import type { Context } from '../../graphql/context';
import type { CustomerStatus } from './customer.entity';
import { withinBook } from './customer.queries';

/**
 * Keeps the rows whose customer (the key in `customerKeyColumn`) is within the reach of the viewer's
 * `cap` (by default, reading customers).
 */
export function ofVisibleCustomers(qb: Knex.QueryBuilder, ctx: Context, customerKeyColumn: string, cap?: Capability): Knex.QueryBuilder {
  return withinBook(qb.join('customer as c', 'c.id', customerKeyColumn), ctx, 'c', cap);
}

/** Keeps the rows whose customer (the key in `customerKeyColumn`) has `status`; for jobs, which see every customer. */
export function ofCustomersWithStatus(qb: Knex.QueryBuilder, customerKeyColumn: string, status: CustomerStatus): Knex.QueryBuilder {
  return qb.join('customer as c', 'c.id', customerKeyColumn).where('c.status', status);
}
