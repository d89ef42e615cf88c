// The demo bank's retention catalogue: one offer of each kind, and offers proposed to customers who
// consented to marketing, some waiting, some accepted, some declined, with the budget each holds.
// Deterministic from the seed. Accepted offers are of kinds that post nothing (the points ledger's
// demo history stays as the loyalty seed built it); points and cashback offers are open or declined.
import { insertRows, prng, uuidFrom } from '../../db/seed.helpers';
import type { SeedContext } from '../../module';

const DAY = 86_400_000;

interface SeedOffer {
  id: string;
  kind: string;
  name: string;
  terms: string;
  value: number;
  minTier: string | null;
  productTypes: string[];
  budgetCount: number | null;
  budgetValue: number | null;
  reservedCount: number;
  reservedValue: number;
}

const CATALOGUE: Omit<SeedOffer, 'id' | 'reservedCount' | 'reservedValue'>[] = [
  { kind: 'RATE_DISCOUNT', name: 'Mortgage rate 0.25% off', terms: 'A quarter point off the variable mortgage rate for 12 months.', value: 25, minTier: null, productTypes: ['MORTGAGE'], budgetCount: 200, budgetValue: null },
  { kind: 'FEE_WAIVER', name: 'Six months without account fees', terms: 'Monthly account fees waived for six months.', value: 6, minTier: null, productTypes: [], budgetCount: null, budgetValue: null },
  { kind: 'BONUS_POINTS', name: '5,000 bonus points', terms: 'Credited to the loyalty account on acceptance.', value: 5000, minTier: null, productTypes: [], budgetCount: 500, budgetValue: 2_500_000 },
  { kind: 'CASHBACK', name: '€50 cashback', terms: 'Credited as loyalty points at the programme\'s point value on acceptance.', value: 5000, minTier: 'SILVER', productTypes: [], budgetCount: 300, budgetValue: null },
  { kind: 'EXCLUSIVE_PRODUCT', name: 'Private banking introduction', terms: 'A meeting with a private banker and access to the wealth desk.', value: 0, minTier: 'GOLD', productTypes: [], budgetCount: 50, budgetValue: null },
];

const POSTS_POINTS = new Set(['BONUS_POINTS', 'CASHBACK']);

export async function seedOffers(ctx: SeedContext): Promise<void> {
  const { client, today } = ctx;
  const rand = prng(ctx.seed ^ 0x0ff3);
  const created = new Date(today.getTime() - 90 * DAY);
  const validUntil = new Date(today.getTime() + 180 * DAY);
  const offers: SeedOffer[] = CATALOGUE.map((o) => ({ ...o, id: uuidFrom(rand), reservedCount: 0, reservedValue: 0 }));

  const customers = (
    await client.query<{ id: string; enrolled: boolean }>(
      `select c.id, exists (select 1 from loyalty_account la where la.customer_id = c.id and la.status <> 'CLOSED') as enrolled
         from customer c where c.status = 'ACTIVE' and c.marketing_consent order by c.id limit $1`,
      [Math.max(5, Math.min(300, Math.floor(ctx.size / 10)))],
    )
  ).rows;

  const assignments: unknown[][] = [];
  for (const c of customers) {
    const choices = offers.filter((o) => (o.budgetCount == null || o.reservedCount < o.budgetCount) && (!POSTS_POINTS.has(o.kind) || c.enrolled));
    const offer = choices[Math.floor(rand() * choices.length)];
    const proposedAt = new Date(today.getTime() - Math.floor(5 + rand() * 80) * DAY);
    const roll = rand();
    let status = roll < 0.35 ? 'PROPOSED' : roll < 0.7 ? 'ACCEPTED' : 'DECLINED';
    if (status === 'ACCEPTED' && POSTS_POINTS.has(offer.kind)) status = 'DECLINED';
    const open = status === 'PROPOSED';
    const expiresAt = open ? new Date(today.getTime() + Math.floor(3 + rand() * 27) * DAY) : new Date(proposedAt.getTime() + 30 * DAY);
    const answeredAt = open ? null : new Date(Math.min(today.getTime() - DAY, proposedAt.getTime() + Math.floor(1 + rand() * 4) * DAY));
    if (status !== 'DECLINED') {
      offer.reservedCount += 1;
      offer.reservedValue += offer.value;
    }
    assignments.push([
      uuidFrom(rand), offer.id, c.id, offer.value, 'system', proposedAt, expiresAt, status, answeredAt, open ? null : 'system', rand() < 0.5 ? 'BRANCH' : 'PHONE',
    ]);
  }

  await insertRows(
    client,
    'retention_offer',
    ['id', 'created_at', 'updated_at', 'kind', 'name', 'terms', 'value', 'valid_from', 'valid_until', 'min_tier', 'product_types',
      'budget_count', 'budget_value', 'reserved_count', 'reserved_value', 'status', 'created_by'],
    offers.map((o) => [
      o.id, created, created, o.kind, o.name, o.terms, o.value, created, validUntil, o.minTier, o.productTypes,
      o.budgetCount, o.budgetValue, o.reservedCount, o.reservedValue, 'ACTIVE', 'system',
    ]),
  );
  await insertRows(
    client,
    'offer_assignment',
    ['id', 'offer_id', 'customer_id', 'value', 'proposed_by', 'proposed_at', 'expires_at', 'status', 'answered_at', 'answered_by', 'channel'],
    assignments,
  );
  ctx.log(`seeded ${offers.length} retention offers with ${assignments.length} proposals`);
}
