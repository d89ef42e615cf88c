// What loyalty adds to other modules: its item on the offboarding settlement checklist, its part of
// anonymising a customer, customer attributes for segments and risk models, and its domain events.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import type { Anonymiser, ChecklistContributor, CustomerAttribute, DomainEventType } from '../../module';
import { loyaltyCapabilities as l } from './permissions';

export const POINTS_SETTLEMENT = 'POINTS_SETTLEMENT';

/** The customer's open loyalty account and its balance, if any. */
async function openAccountOf(em: EntityManager, customerKey: string): Promise<{ id: string; balance: number } | null> {
  const rows = await em.execute<{ id: string; balance: string }[]>(
    `select la.id, (select coalesce(sum(amount), 0) from points_line pl where pl.account_id = la.id)::text as balance
       from loyalty_account la where la.customer_id = ? and la.status <> 'CLOSED'`,
    [customerKey],
  );
  return rows.length ? { id: rows[0].id, balance: Number(rows[0].balance) } : null;
}

/**
 * A customer who leaves altogether with points gets a settlement item; it stays blocked, so the case
 * cannot close, until settleLoyaltyAtExit has paid the points out or forfeited them.
 */
export const loyaltyChecklist: ChecklistContributor = {
  source: 'loyalty',
  async itemsFor(em, scope) {
    if (!scope.fullExit) return [];
    const account = await openAccountOf(em, scope.customerId);
    if (!account || account.balance <= 0) return [];
    return [{ kind: POINTS_SETTLEMENT, label: `Settle the customer's ${account.balance} loyalty points (paid out or forfeited by the exit policy) with settleLoyaltyAtExit` }];
  },
  async blockerFor(em, item) {
    if (item.kind !== POINTS_SETTLEMENT) return null;
    const account = await openAccountOf(em, item.customerId);
    if (!account || account.balance <= 0) return null;
    return `The loyalty account still holds ${account.balance} points; settle them with settleLoyaltyAtExit first`;
  },
};

async function eraseReasons(em: EntityManager, customerKey: string, actor: Parameters<Anonymiser['anonymise']>[2]): Promise<string[]> {
  const postings = await em.execute<{ id: string }[]>(
    `update points_posting p set reason = null, reason_erased_at = ?
       from loyalty_account la where la.id = p.account_id and la.customer_id = ? and p.reason is not null
     returning p.id`,
    [actor.now, customerKey],
  );
  const adjustments = await em.execute<{ id: string }[]>(
    `update points_adjustment a set reason = null, updated_at = ? from loyalty_account la
      where la.id = a.account_id and la.customer_id = ? and a.reason is not null returning a.id`,
    [actor.now, customerKey],
  );
  const accounts = await em.execute<{ id: string }[]>(
    `update loyalty_account set status_reason = null, updated_at = ? where customer_id = ? and status_reason is not null returning id`,
    [actor.now, customerKey],
  );
  const erased = [
    ...(postings.length ? ['PointsEntry.reason'] : []),
    ...(adjustments.length ? ['PointsAdjustment.reason'] : []),
    ...(accounts.length ? ['LoyaltyAccount.statusReason'] : []),
  ];
  if (erased.length) {
    recordAudit(em, actor, {
      action: 'loyalty.personal_data_erased', entityType: 'Customer', entityId: customerKey, customerId: customerKey,
      changes: erased.map((field) => ({ field })),
    });
    await em.flush();
  }
  return erased;
}

/** The ledger's amounts are kept (they are the bank's records); the free text that may name the customer goes. */
export const loyaltyAnonymiser: Anonymiser = {
  source: 'loyalty',
  anonymise: (em, customerKey, actor) => eraseReasons(em, customerKey, actor),
  eraseUnneeded: (em, customerKey, actor) => eraseReasons(em, customerKey, actor),
};

const ACCOUNT = `(select la.id from loyalty_account la where la.customer_id = c.id and la.enrolled_at <= ?::timestamptz)`;
const EARNED = (from: string, to: string) =>
  `(select coalesce(sum(case when p.kind = 'EARN' then p.amount when o.kind = 'EARN' then -p.amount else 0 end), 0)
      from points_posting p left join points_posting o on o.id = p.reverses_posting_id
     where p.account_id = ${ACCOUNT} and p.posted_at > ${from} and p.posted_at <= ${to})`;

export const loyaltyAttributes: CustomerAttribute[] = [
  {
    name: 'loyalty.tier',
    description: 'The customer\'s loyalty tier at the date (BRONZE, SILVER, GOLD, PLATINUM); null when not enrolled by then.',
    unit: '',
    type: 'text',
    capability: l.read,
    sql: (knex: Knex, asOf: Date) =>
      knex.raw(
        `(select t.to_tier from tier_change t where t.account_id = ${ACCOUNT} and t.changed_at <= ?::timestamptz order by t.changed_at desc, t.seq desc limit 1)`,
        [asOf, asOf],
      ),
  },
  {
    name: 'loyalty.pointsBalance',
    description: 'Points the customer held at the date (entries posted by then); null when not enrolled by then.',
    unit: 'points',
    type: 'number',
    capability: l.read,
    sql: (knex: Knex, asOf: Date) =>
      knex.raw(
        `(select case when ${ACCOUNT} is null then null else coalesce((select sum(p.delta) from points_posting p where p.account_id = ${ACCOUNT} and p.posted_at <= ?::timestamptz), 0) end)::float8`,
        [asOf, asOf, asOf],
      ),
  },
  {
    name: 'loyalty.pointsTrend',
    description: 'Points earned in the 3 months to the date less those earned in the 3 months before; null when not enrolled by then.',
    unit: 'points',
    type: 'number',
    capability: l.read,
    sql: (knex: Knex, asOf: Date) =>
      knex.raw(
        `(select case when ${ACCOUNT} is null then null else
            ${EARNED(`(?::timestamptz - interval '3 months')`, '?::timestamptz')} - ${EARNED(`(?::timestamptz - interval '6 months')`, `(?::timestamptz - interval '3 months')`)} end)::float8`,
        [asOf, asOf, asOf, asOf, asOf, asOf, asOf],
      ),
  },
  {
    name: 'loyalty.tierDowngraded',
    description: 'Whether the customer\'s tier went down in the 6 months to the date.',
    unit: '',
    type: 'boolean',
    capability: l.read,
    sql: (knex: Knex, asOf: Date) =>
      knex.raw(
        `exists (select 1 from tier_change t join loyalty_account la on la.id = t.account_id
                  where la.customer_id = c.id and t.from_tier is not null
                    and t.changed_at > (?::timestamptz - interval '6 months') and t.changed_at <= ?::timestamptz
                    and array_position(array['BRONZE','SILVER','GOLD','PLATINUM'], t.to_tier) < array_position(array['BRONZE','SILVER','GOLD','PLATINUM'], t.from_tier))`,
        [asOf, asOf],
      ),
  },
];

export const loyaltyEvents: DomainEventType[] = [
  {
    type: 'points.posted',
    capability: l.read,
    description: 'Points moved on a loyalty account (earned, redeemed, expired, adjusted, reversed or settled at exit).',
    payload: {
      entryId: 'the entry (PointsEntry global id)',
      accountId: 'the account (LoyaltyAccount global id)',
      customerId: 'the customer (global id)',
      kind: 'EARN, REDEEM, EXPIRE, ADJUST, REVERSE or SETTLE',
      delta: 'effect on the balance, in points',
      balance: 'the balance after it',
      at: 'when it was posted',
    },
  },
  {
    type: 'offer.accepted',
    capability: l.read,
    description: 'A customer accepted a retention offer from the catalogue (bonus points and cashback are posted in the same transaction).',
    payload: {
      assignmentId: 'the proposal answered (OfferAssignment global id)',
      customerId: 'the customer (global id)',
      offerKind: 'RATE_DISCOUNT, FEE_WAIVER, BONUS_POINTS, CASHBACK or EXCLUSIVE_PRODUCT',
      withinExit: 'whether it was made within an offboarding retention attempt',
      at: 'when it was accepted',
    },
  },
  {
    type: 'offer.declined',
    capability: l.read,
    description: 'A customer declined a retention offer from the catalogue (its budget reservation is released in the same transaction).',
    payload: {
      assignmentId: 'the proposal answered (OfferAssignment global id)',
      customerId: 'the customer (global id)',
      offerKind: 'RATE_DISCOUNT, FEE_WAIVER, BONUS_POINTS, CASHBACK or EXCLUSIVE_PRODUCT',
      withinExit: 'whether it was made within an offboarding retention attempt',
      at: 'when it was declined',
    },
  },
  {
    type: 'tier.changed',
    capability: l.read,
    description: 'A loyalty account moved to another tier (the daily re-evaluation, or enrolment).',
    payload: {
      accountId: 'the account (LoyaltyAccount global id)',
      customerId: 'the customer (global id)',
      from: 'the tier before, null at enrolment',
      to: 'the tier after',
      reason: 'why, with the points earned in the 12 months',
      at: 'when it changed',
    },
  },
];
