// The loyalty module's demo data: most active customers enrolled, with two years of monthly earnings
// from their activity, some redemptions, and the expiries and tier changes that follow from them, by the
// same rules as the live ledger (oldest points first; tiers from the 12 months' earnings). Deterministic
// from the seed; every row is built in memory and written with a few multi-row inserts.
import { insertRows, prng, uuidFrom } from '../../db/seed.helpers';
import type { SeedContext, SeedContribution } from '../../module';
import { tierThresholds, type LoyaltySettings } from './loyalty.config';
import { Tier } from './loyalty-account.entity';

const HISTORY_MONTHS = 24;

const monthsBefore = (d: Date, months: number, day = d.getUTCDate()) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, day, 12));

function tierFor(earned: number, t: LoyaltySettings['tierThresholds']): Tier {
  if (earned >= t.PLATINUM) return Tier.PLATINUM;
  if (earned >= t.GOLD) return Tier.GOLD;
  if (earned >= t.SILVER) return Tier.SILVER;
  return Tier.BRONZE;
}

interface Posting {
  id: string;
  accountId: string;
  kind: 'EARN' | 'REDEEM' | 'EXPIRE';
  amount: number;
  postedAt: Date;
  expiresAt: Date | null;
  reason: string;
}

async function seedLoyalty(ctx: SeedContext): Promise<void> {
  const { client, today } = ctx;
  const settings = ctx.settings.loyalty;
  const thresholds = settings?.tierThresholds ?? tierThresholds({});
  const expiryMonths = settings?.expiryMonths ?? 18;
  const rand = prng(ctx.seed ^ 0x10a1);
  const customers = (
    await client.query<{ id: string; joined_at: Date; volume: string }>(
      `select c.id, c.joined_at, coalesce(avg(s.transaction_volume_minor), 0)::text as volume
         from customer c left join activity_snapshot s on s.customer_id = c.id
        where c.status = 'ACTIVE' group by c.id order by c.external_ref`,
    )
  ).rows;

  const accounts: unknown[][] = [];
  const tierChanges: unknown[][] = [];
  const postings: Posting[] = [];
  const historyStart = monthsBefore(today, HISTORY_MONTHS);
  for (const c of customers) {
    if (rand() >= 0.8) continue;
    const accountId = uuidFrom(rand);
    const enrolledAt = new Date(Math.max(new Date(c.joined_at).getTime(), historyStart.getTime()));
    // Points a month: one per 10 units of the customer's monthly card and account volume, with some noise.
    const base = Math.max(20, Math.round(Number(c.volume) / 1000));
    const redeemer = rand() < 0.4;
    const lots: { postedAt: Date; expiresAt: Date; amount: number; remaining: number }[] = [];
    let tier = Tier.BRONZE;
    tierChanges.push([uuidFrom(rand), accountId, null, Tier.BRONZE, 'Enrolled', 0, enrolledAt, 'system', 'system']);
    const earnedIn12Months = (at: Date) => {
      const since = monthsBefore(at, 12);
      return lots.filter((l) => l.postedAt > since && l.postedAt <= at).reduce((s, l) => s + l.amount, 0);
    };
    const consume = (amount: number) => {
      for (const lot of lots) {
        const used = Math.min(lot.remaining, amount);
        lot.remaining -= used;
        amount -= used;
        if (amount === 0) break;
      }
    };
    const moveTier = (at: Date) => {
      const earned = earnedIn12Months(at);
      const next = tierFor(earned, thresholds);
      if (next === tier) return;
      const up = [Tier.BRONZE, Tier.SILVER, Tier.GOLD, Tier.PLATINUM].indexOf(next) > [Tier.BRONZE, Tier.SILVER, Tier.GOLD, Tier.PLATINUM].indexOf(tier);
      tierChanges.push([uuidFrom(rand), accountId, tier, next, `${up ? 'Upgraded' : 'Downgraded'}: ${earned} points earned in the 12 months to ${at.toISOString().slice(0, 10)}`, earned, at, 'system', 'system']);
      tier = next;
    };
    for (let m = HISTORY_MONTHS; m >= 1; m--) {
      const at = monthsBefore(today, m, 1 + Math.floor(rand() * 27));
      if (at < enrolledAt) continue;
      // Expiry first (the job runs daily): what remains of lots past their date.
      const expiring = lots.filter((l) => l.expiresAt <= at).reduce((s, l) => s + l.remaining, 0);
      if (expiring > 0) {
        for (const l of lots) if (l.expiresAt <= at) l.remaining = 0;
        postings.push({ id: uuidFrom(rand), accountId, kind: 'EXPIRE', amount: expiring, postedAt: new Date(at.getTime() - 3_600_000), expiresAt: null, reason: `Points credited more than ${expiryMonths} months ago` });
      }
      const amount = Math.max(1, Math.round(base * (0.6 + rand() * 0.8)));
      const expiresAt = monthsBefore(at, -expiryMonths);
      lots.push({ postedAt: at, expiresAt, amount, remaining: amount });
      postings.push({ id: uuidFrom(rand), accountId, kind: 'EARN', amount, postedAt: at, expiresAt, reason: 'Monthly activity' });
      const balance = lots.reduce((s, l) => s + l.remaining, 0);
      if (redeemer && balance > 200 && rand() < 0.25) {
        const spend = Math.max(1, Math.floor(balance * (0.3 + rand() * 0.6)));
        consume(spend);
        postings.push({ id: uuidFrom(rand), accountId, kind: 'REDEEM', amount: spend, postedAt: new Date(at.getTime() + 86_400_000), expiresAt: null, reason: 'Reward redeemed' });
      }
      moveTier(new Date(at.getTime() + 2 * 86_400_000));
    }
    // Today's evaluation, as the daily job would make it.
    const expiring = lots.filter((l) => l.expiresAt <= today).reduce((s, l) => s + l.remaining, 0);
    if (expiring > 0) {
      for (const l of lots) if (l.expiresAt <= today) l.remaining = 0;
      postings.push({ id: uuidFrom(rand), accountId, kind: 'EXPIRE', amount: expiring, postedAt: new Date(today.getTime() - 3_600_000), expiresAt: null, reason: `Points credited more than ${expiryMonths} months ago` });
    }
    moveTier(today);
    const lastChange = tierChanges[tierChanges.length - 1];
    accounts.push([accountId, today, today, c.id, 'ACTIVE', tier, enrolledAt, lastChange[1] === accountId ? lastChange[6] : enrolledAt]);
  }

  postings.sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime());
  await insertRows(client, 'loyalty_account', ['id', 'created_at', 'updated_at', 'customer_id', 'status', 'tier', 'enrolled_at', 'tier_changed_at'], accounts);
  await insertRows(client, 'tier_change', ['id', 'account_id', 'from_tier', 'to_tier', 'reason', 'points_earned_12m', 'changed_at', 'actor_kind', 'actor_id'], tierChanges);
  // One statement per table: the postings as arrays, in posting order (which numbers them), and their
  // lines derived from them in SQL, with ids derived from the posting's.
  await client.query(
    `insert into points_posting (id, account_id, kind, amount, delta, reason, actor_kind, actor_id, posted_at, expires_at)
     select id, account_id, kind, amount, case when kind = 'EARN' then amount else -amount end, reason, 'system', 'system', posted_at, expires_at
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::timestamptz[]) with ordinality
            as x(id, account_id, kind, amount, reason, posted_at, expires_at, ord)
      order by ord`,
    [
      postings.map((p) => p.id), postings.map((p) => p.accountId), postings.map((p) => p.kind), postings.map((p) => p.amount),
      postings.map((p) => p.reason), postings.map((p) => p.postedAt), postings.map((p) => p.expiresAt),
    ],
  );
  // The per-line check at commit would run once per line; the seed checks the whole ledger at once instead.
  await client.query('alter table points_line disable trigger points_line_balanced');
  await client.query(
    `insert into points_line (id, posting_id, ledger_account, account_id, amount)
     select md5(p.id::text || ':customer')::uuid, p.id, 'CUSTOMER', p.account_id, p.delta from points_posting p
     union all
     select md5(p.id::text || ':programme')::uuid, p.id, case p.kind when 'EARN' then 'ISSUED' when 'REDEEM' then 'REDEEMED' else 'EXPIRED' end, null, -p.delta
       from points_posting p`,
  );
  await client.query('alter table points_line enable trigger points_line_balanced');
  const { rows } = await client.query(
    `select (select count(*) from (select 1 from points_line group by posting_id having sum(amount) <> 0) x)::int as unbalanced,
            (select count(*) from (select 1 from points_line where account_id is not null group by account_id having sum(amount) < 0) y)::int as negative`,
  );
  if (rows[0].unbalanced || rows[0].negative) throw new Error(`loyalty seed: ${rows[0].unbalanced} unbalanced postings, ${rows[0].negative} negative balances`);
  ctx.log(`seeded ${accounts.length} loyalty accounts with ${postings.length} points entries`);
}

export const loyaltySeed: SeedContribution = {
  present: async (client) => (await client.query('select exists (select 1 from loyalty_account) as any')).rows[0].any,
  run: seedLoyalty,
};
