// For higher modules: the open offboarding case of customers (feedback attaches an exit interview to it).
import type { EntityManager } from '@mikro-orm/postgresql';
import { OPEN_STATES } from './state-machine';

/** The key of each customer's open case (at most one per customer, by the partial unique index). */
export async function openCasesOf(em: EntityManager, customerKeys: readonly string[]): Promise<Map<string, string>> {
  if (customerKeys.length === 0) return new Map();
  // On the caller's EntityManager, hence inside its transaction when it has one.
  const rows: { id: string; customer_id: string }[] = await em.execute(
    `select id, customer_id from offboarding_case
      where customer_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and state in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(customerKeys), JSON.stringify(OPEN_STATES)],
  );
  return new Map(rows.map((r) => [r.customer_id, r.id]));
}

/** The key of the customer's open case, or null when they have none. */
export async function openCaseOf(em: EntityManager, customerKey: string): Promise<string | null> {
  return (await openCasesOf(em, [customerKey])).get(customerKey) ?? null;
}
