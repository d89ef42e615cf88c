// The benchmark's bank, generated in SQL at any size: customers with accounts, 24 months of activity,
// feedback, a loyalty ledger, risk scores with factors and segment memberships. Deterministic: customer
// i has the same data at every size and on every machine (values come from hashes of i, never random()).
// It runs after the demo seed, which provides what is not per customer: staff, the active risk model and
// the segments.
import type pg from 'pg';

/** A pseudo-random non-negative int from (i, salt), the same on every run. */
const h = (i: string, salt: number) => `(hashint4(${i} * 31 + ${salt}) & 2147483647)`;

const FIRST = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Margaret', 'Niklaus', 'Radia', 'Tim', 'Hedy', 'Ken', 'Sophie', 'Dennis', 'Karen', 'Leslie', 'Adele', 'Bjarne'];
const LAST = [
  'Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'McCarthy', 'Hamilton', 'Wirth', 'Perlman', 'Berners', 'Lamarr',
  'Thompson', 'Wilson', 'Ritchie', 'Jones', 'Lamport', 'Goldberg', 'Stroustrup', 'Backus', 'Kay', 'Hoare', 'Milner', 'Codd', 'Gray',
  'Cerf', 'Kahn', 'Engelbart', 'Sutherland', 'Floyd', 'Tarjan', 'Hartmanis', 'Stearns', 'Rabin', 'Scott', 'Cook', 'Karp', 'Hellman', 'Diffie',
];
const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

export interface DatasetSize {
  customers: number;
  accounts: number;
  snapshots: number;
  feedback: number;
  postings: number;
  scores: number;
  memberships: number;
}

/**
 * Adds `customers` generated customers (and everything they own) to a seeded database, as the owner
 * role, in one transaction per table. `today` is the data's present (the demo seed's).
 */
export async function generateDataset(
  client: pg.ClientBase,
  customers: number,
  today: Date,
  log: (m: string) => void = () => undefined,
  /** The first customer's number: a data set grows by generating from (last + 1) to the new size. */
  from = 1,
): Promise<DatasetSize> {
  if (!Number.isInteger(from) || from < 1 || !Number.isInteger(customers) || customers < from) throw new Error('generate customers from..to, 1 <= from <= to');
  const t = today.toISOString();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    const r = await client.query(sql, params);
    log(`  ${label}: ${r.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return r.rowCount ?? 0;
  };
  // Customers: names from two lists, a relationship manager for three in four, 5% offboarding, 5% exited.
  await step(
    'customer',
    `with staff as (select array_agg(id order by subject) ids from staff_user)
     insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, email, phone, date_of_birth, address, region,
                           preferred_channel, marketing_consent, status, restricted, joined_at, exited_at, rm_id, total_deposits_minor,
                           total_debt_minor, open_product_count, balance_trend_90d_bp, months_since_last_activity, profile_as_of)
     select md5('bench:c:' || i)::uuid, $2::timestamptz, $2::timestamptz, 'BENCH-' || lpad(i::text, 8, '0'),
            (${sqlArray(FIRST)})[1 + ${h('i', 1)} % ${FIRST.length}],
            (${sqlArray(LAST)})[1 + ${h('i', 2)} % ${LAST.length}] || case when ${h('i', 3)} % 4 = 0 then '-' || (${h('i', 3)} % 97)::text else '' end,
            'customer' || i || '@mail.example', '+44 20 ' || lpad((${h('i', 4)} % 100000000)::text, 8, '0'),
            date '1950-01-01' + (${h('i', 5)} % 18000), i || ' High Street', (array['North','South','East','West','Central'])[1 + ${h('i', 6)} % 5],
            (array['BRANCH','PHONE','EMAIL','MOBILE','WEB'])[1 + ${h('i', 7)} % 5], ${h('i', 8)} % 2 = 0,
            case when ${h('i', 9)} % 20 = 0 then 'EXITED' when ${h('i', 9)} % 20 = 1 then 'OFFBOARDING' else 'ACTIVE' end,
            ${h('i', 10)} % 50 = 0,
            $2::timestamptz - make_interval(days => 30 + ${h('i', 11)} % 5000),
            case when ${h('i', 9)} % 20 = 0 then $2::timestamptz - make_interval(days => 1 + ${h('i', 12)} % 25) end,
            case when ${h('i', 13)} % 4 <> 0 then staff.ids[1 + ${h('i', 14)} % array_length(staff.ids, 1)] end,
            (${h('i', 15)} % 50000000)::bigint * 10, (${h('i', 16)} % 3000000)::bigint * 10, 1 + ${h('i', 17)} % 3,
            (${h('i', 18)} % 8000) - 4000, ${h('i', 19)} % 7, $2::timestamptz
       from generate_series(${from}::int, $1::int) i, staff`,
    [customers, t],
  );
  const accounts = await step(
    'account',
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, balance_minor, outstanding_minor, status, opened_at, as_of)
     select md5('bench:a:' || i || ':' || k)::uuid, $2::timestamptz, $2::timestamptz, md5('bench:c:' || i)::uuid, 'BENCH-A-' || i || '-' || k,
            (array['CURRENT','SAVINGS','CREDIT_CARD','TERM_DEPOSIT','PERSONAL_LOAN','MORTGAGE','WEALTH'])[1 + (${h('i', 20)} + k) % 7],
            'EUR', (${h('i * 7 + k', 21)} % 10000000)::bigint, case when k = 3 then (${h('i * 7 + k', 22)} % 5000000)::bigint else 0 end,
            case when ${h('i * 7 + k', 23)} % 10 = 0 then 'FROZEN' else 'OPEN' end,
            ($2::timestamptz - make_interval(days => 40 + ${h('i * 7 + k', 24)} % 4000))::date, $2::timestamptz
       from generate_series(${from}::int, $1::int) i, generate_series(1, 1 + ${h('i', 25)} % 3) k`,
    [customers, t],
  );
  const snapshots = await step(
    'activity_snapshot (24 months)',
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor, average_balance_minor,
                                    currency, digital_logins, salary_credited, as_of)
     select md5('bench:s:' || i || ':' || m)::uuid, $2::timestamptz, $2::timestamptz, md5('bench:c:' || i)::uuid,
            (date_trunc('month', $2::timestamptz at time zone 'UTC') - make_interval(months => m))::date,
            ${h('i * 31 + m', 26)} % 120, (${h('i * 31 + m', 27)} % 500000)::bigint * 10, (${h('i * 31 + m', 28)} % 2000000)::bigint * 10,
            'EUR', ${h('i * 31 + m', 29)} % 40, ${h('i', 30)} % 3 <> 0, $2::timestamptz
       from generate_series(${from}::int, $1::int) i, generate_series(1, 24) m`,
    [customers, t],
  );
  const feedback = await step(
    'feedback',
    `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, nps, text, language, status, severity, received_at)
     select md5('bench:f:' || i || ':' || k)::uuid, $2::timestamptz, $2::timestamptz, md5('bench:c:' || i)::uuid,
            (array['SURVEY','PHONE','BRANCH','CHAT','EMAIL','APP_REVIEW','SOCIAL'])[1 + (${h('i', 31)} + k) % 7],
            case when k % 3 = 0 then 'SUGGESTION' else 'SATISFACTION_SURVEY' end,
            case when k % 3 = 0 then null else ${h('i * 13 + k', 32)} % 11 end,
            'Feedback ' || k || ' from customer ' || i, 'en', 'OPEN', 'LOW',
            $2::timestamptz - make_interval(days => k * 20 + ${h('i * 13 + k', 33)} % 19, secs => i % 86400)
       from generate_series(${from}::int, $1::int) i, generate_series(1, 3 + ${h('i', 34)} % 6) k`,
    [customers, t],
  );
  // Loyalty: four in five customers hold an account; six monthly earnings, and a redemption for some.
  // Earnings expire six months after they were credited (the bank's setting in the bench, LOYALTY_EXPIRY_MONTHS=6).
  await step(
    'loyalty_account',
    `insert into loyalty_account (id, created_at, updated_at, customer_id, status, tier, enrolled_at)
     select md5('bench:la:' || i)::uuid, $2::timestamptz, $2::timestamptz, md5('bench:c:' || i)::uuid, 'ACTIVE',
            (array['BRONZE','SILVER','GOLD','PLATINUM'])[1 + ${h('i', 35)} % 4], $2::timestamptz - make_interval(days => 200 + ${h('i', 36)} % 2000)
       from generate_series(${from}::int, $1::int) i where ${h('i', 37)} % 5 <> 0`,
    [customers, t],
  );
  const postings = await step(
    'points_posting',
    `insert into points_posting (id, account_id, kind, amount, delta, reason, actor_kind, actor_id, posted_at, expires_at)
     select md5('bench:pp:' || i || ':' || k)::uuid, md5('bench:la:' || i)::uuid, case when k = 7 then 'REDEEM' else 'EARN' end,
            case when k = 7 then 50 else 100 + ${h('i * 11 + k', 38)} % 900 end, case when k = 7 then -50 else 100 + ${h('i * 11 + k', 38)} % 900 end,
            case when k = 7 then 'Reward redeemed' else 'Monthly activity' end, 'system', 'system',
            $2::timestamptz - make_interval(days => (8 - k) * 30),
            -- earnings expire six months after they were credited: the oldest is due on the data set's day
            case when k <> 7 then $2::timestamptz - make_interval(days => (8 - k) * 30) + interval '6 months' end
       from generate_series(${from}::int, $1::int) i, generate_series(1, case when ${h('i', 39)} % 2 = 0 then 7 else 6 end) k
      where ${h('i', 37)} % 5 <> 0
      order by i, k`,
    [customers, t],
  );
  await client.query('alter table points_line disable trigger points_line_balanced');
  await step(
    'points_line',
    `insert into points_line (id, posting_id, ledger_account, account_id, amount)
     select md5(p.id::text || ':customer')::uuid, p.id, 'CUSTOMER', p.account_id, p.delta from points_posting p where p.actor_id = 'system' and p.reason in ('Reward redeemed', 'Monthly activity') and not exists (select 1 from points_line l where l.posting_id = p.id)
     union all
     select md5(p.id::text || ':programme')::uuid, p.id, case p.kind when 'EARN' then 'ISSUED' else 'REDEEMED' end, null, -p.delta
       from points_posting p where p.actor_id = 'system' and p.reason in ('Reward redeemed', 'Monthly activity') and not exists (select 1 from points_line l where l.posting_id = p.id)`,
  );
  await client.query('alter table points_line enable trigger points_line_balanced');
  // Twelve monthly scores from the active model, a value and a distinct contribution for each of its
  // features; the newest is the current score.
  const scores = await step(
    'risk_score (12 each)',
    `with m as (select id, version, jsonb_array_length(features) as n from risk_model where status = 'ACTIVE')
     insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, feature_values, contributions, triggered_by, computed_at)
     select md5('bench:rs:' || i || ':' || k)::uuid, md5('bench:c:' || i)::uuid, m.id, m.version, 'MODEL', s.score,
            case when s.score >= 0.75 then 'CRITICAL' when s.score >= 0.5 then 'HIGH' when s.score >= 0.25 then 'MEDIUM' else 'LOW' end,
            ln(s.score / (1 - s.score)),
            array(select case when j % 5 = 0 then null else (k * j % 7) * 0.1 end from generate_series(1, m.n) j)::float8[],
            array(select round((s.score * (0.9 - j * 0.11))::numeric, 4)::float8 from generate_series(1, m.n) j)::float8[],
            'BATCH', $2::timestamptz - make_interval(days => (12 - k) * 30, secs => i % 3600)
       from generate_series(${from}::int, $1::int) i, generate_series(1, 12) k, m,
            lateral (select (1 + ${h('i * 17 + k', 40)} % 9998) / 10000.0::float8 as score) s`,
    [customers, t],
  );
  await step(
    'risk_current_score',
    `insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at)
     select s.customer_id, s.id, s.model_id, s.model_version, s.score, s.band, s.logit, s.feature_values, s.contributions, s.computed_at
       from generate_series(${from}::int, $1::int) i join risk_score s on s.id = md5('bench:rs:' || i || ':12')::uuid
     on conflict (customer_id) do nothing`,
    [customers],
  );
  // Each customer is a member of two of the demo segments.
  const memberships = await step(
    'segment_membership',
    `with seg as (select array_agg(id order by name) ids from segment)
     insert into segment_membership (segment_id, customer_id, joined_at)
     select distinct seg.ids[1 + (${h('i', 41)} + k * 3) % array_length(seg.ids, 1)], md5('bench:c:' || i)::uuid, $2::timestamptz - interval '40 days'
       from generate_series(${from}::int, $1::int) i, generate_series(0, 1) k, seg
     on conflict do nothing`,
    [customers, t],
  );
  await client.query('update segment s set member_count = (select count(*) from segment_membership m where m.segment_id = s.id and m.left_at is null)');
  await step('analyze', 'analyze');
  return { customers: customers - from + 1, accounts, snapshots, feedback, postings, scores, memberships };
}
