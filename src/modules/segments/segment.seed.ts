// The demo bank's segments: a few rules a retention team would start from, computed at seed time with
// the same rule compiler as the API (set-based, one statement per segment).
import { knex as makeKnex } from '@mikro-orm/knex';
import { uuidFrom, prng } from '../../db/seed.helpers';
import { contributionsOf, type SeedContext, type SeedContribution } from '../../module';
import { compileRule, fieldsOf, SegmentOperator as Op, type StoredRule } from './segment.rule';

const cond = (field: string, op: Op, value: number | boolean | string | string[]): StoredRule => ({ field, op, value });

export const DEMO_SEGMENTS: { name: string; description: string; rule: StoredRule }[] = [
  {
    name: 'Gone quiet',
    description: 'Active customers with no transactions for two months or more: the first sign of leaving.',
    rule: { all: [cond('customers.status', Op.EQ, 'ACTIVE'), cond('customers.monthsSinceLastActivity', Op.GTE, 2)] },
  },
  {
    name: 'Loyal high-value savers',
    description: 'Customers of five years or more holding at least 50,000 in deposits.',
    rule: { all: [cond('customers.tenureMonths', Op.GTE, 60), cond('customers.totalDeposits', Op.GTE, 5_000_000)] },
  },
  {
    name: 'New, not yet reachable',
    description: 'Customers in their first year who have not agreed to marketing.',
    rule: { all: [cond('customers.tenureMonths', Op.LT, 12), { not: cond('customers.marketingConsent', Op.EQ, true) }] },
  },
  {
    name: 'Mortgage holders in the capital',
    description: 'Customers with a mortgage whose address is in the Capital region.',
    rule: { all: [cond('customers.holdsMortgage', Op.EQ, true), cond('customers.region', Op.IN, ['Capital', 'Central'])] },
  },
];

async function seedSegments(ctx: SeedContext): Promise<void> {
  const attributes = contributionsOf(ctx.modules, 'customerAttributes');
  const offered = new Set(attributes.map((a) => a.name));
  const knex = makeKnex({ client: 'pg' });
  const rand = prng(ctx.seed + 14);
  let seeded = 0;
  for (const s of DEMO_SEGMENTS) {
    if (!fieldsOf(s.rule).every((f) => offered.has(f))) continue;
    const id = uuidFrom(rand);
    await ctx.client.query(
      `insert into segment (id, created_at, updated_at, name, description, kind, rule, owner_id) values ($1, $2, $2, $3, $4, 'DYNAMIC', $5, 'system')`,
      [id, ctx.today, s.name, s.description, JSON.stringify(s.rule)],
    );
    const { sql, bindings } = knex
      .raw(
        `with target as (select c.id from customer c where ?),
         opened as (insert into segment_membership (segment_id, customer_id, joined_at) select ?::uuid, t.id, ?::timestamptz from target t returning 1)
         update segment set member_count = (select count(*) from opened), refreshed_at = ?::timestamptz where id = ?::uuid`,
        [compileRule(knex, s.rule, attributes, ctx.today), id, ctx.today, ctx.today, id],
      )
      .toSQL()
      .toNative();
    await ctx.client.query(sql, bindings as unknown[]);
    seeded += 1;
  }
  await knex.destroy();
  ctx.log(`seeded ${seeded} segments`);
}

export const segmentsSeed: SeedContribution = {
  present: async (client) => (await client.query('select exists (select 1 from segment) as any')).rows[0].any,
  run: seedSegments,
};
