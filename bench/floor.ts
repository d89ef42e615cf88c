// The floor: each benchmarked operation answered by one hand-written, named prepared statement that
// builds the whole JSON response in PostgreSQL, served by node:http. No GraphQL, no ORM, no permission
// checks, no audit: the least work that can produce the same answer, to measure Keel against.
import type http from 'node:http';
import type pg from 'pg';
import { globalIdSql } from '../src/domain/ids';

const gid = globalIdSql;
/** EUR minor units (non-negative) as Keel's decimal string. */
const eur = (x: string) => `json_build_object('amount', ((${x})::bigint / 100)::text || '.' || lpad(((${x})::bigint % 100)::text, 2, '0'), 'currency', 'EUR')`;
const iso = (x: string) => `to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A factor's value as Keel's reasons show it, by the feature's format (see src/modules/risk/risk.reasons.ts). */
const valueText = (v: string, format: string) => `(case when ${v} is null then 'unknown'
  when ${format} = 'PERCENT' then (case when ${v} >= 0 then '+' else '' end) || round((${v} * 100)::numeric)::text || '%'
  when ${format} = 'YES_NO' then case when ${v} >= 0.5 then 'yes' else 'no' end
  else trim(trailing '.' from trim(trailing '0' from round(${v}::numeric, 2)::text)) end)`;
/** A score's factors from its arrays and its model's features, largest contribution first, with the English reason. */
const factors = (score: string) =>
  `(select coalesce(json_agg(json_build_object('feature', mf.f->>'name', 'contribution', u.k,
      'reason', (mf.f->>'labelEn') || ' ' || ${valueText('u.v', "(mf.f->>'format')")} || ': ' || to_char(round(u.k::numeric, 2), 'FMSG990.00'))
      order by abs(u.k) desc, u.n), '[]')
     from risk_model m cross join lateral jsonb_array_elements(m.features) with ordinality mf(f, n)
     join unnest(${score}.feature_values, ${score}.contributions) with ordinality u(v, k, n) on u.n = mf.n
    where m.id = ${score}.model_id)`;

/** The list's orderings and filters: keyset columns, direction, and a filter. */
export const LIST_VARIANTS = {
  name: { columns: ['last_name', 'first_name', 'id'], types: ['text', 'text', 'uuid'], desc: false, where: 'true' },
  joinedDesc: { columns: ['joined_at', 'id'], types: ['timestamptz', 'uuid'], desc: true, where: 'true' },
  depositsDesc: { columns: ['total_deposits_minor', 'id'], types: ['bigint', 'uuid'], desc: true, where: 'true' },
  activeByName: { columns: ['last_name', 'first_name', 'id'], types: ['text', 'text', 'uuid'], desc: false, where: `c.status = 'ACTIVE'` },
  highRiskByDeposits: {
    columns: ['total_deposits_minor', 'id'],
    types: ['bigint', 'uuid'],
    desc: true,
    where: `exists (select 1 from risk_current_score r where r.customer_id = c.id and r.band = 'HIGH')`,
  },
} as const;
export type ListVariant = keyof typeof LIST_VARIANTS;

function listSql(variant: ListVariant, size: number, withCursor: boolean): string {
  const v = LIST_VARIANTS[variant];
  const dir = v.desc ? 'desc' : 'asc';
  const order = v.columns.map((c) => `c.${c} ${dir}`).join(', ');
  const cursor = withCursor
    ? `and (${v.columns.map((c) => `c.${c}`).join(', ')}) ${v.desc ? '<' : '>'} (${v.types.map((t, i) => `$${i + 1}::${t}`).join(', ')})`
    : '';
  return `
with page as (select c.* from customer c where ${v.where} ${cursor} order by ${order} limit ${size + 1}),
     shown as (select * from page c order by ${order} limit ${size})
select json_build_object('data', json_build_object('customers', json_build_object(
  'edges', coalesce((select json_agg(json_build_object('node', json_build_object(
      'id', ${gid('Customer', 'c.id')}, 'displayName', c.first_name || ' ' || c.last_name, 'status', c.status,
      'totalDeposits', ${eur('c.total_deposits_minor')},
      'segments', (select coalesce(json_agg(json_build_object('id', ${gid('Segment', 's.id')}, 'name', s.name) order by s.name, s.id), '[]')
                     from segment_membership sm join segment s on s.id = sm.segment_id where sm.customer_id = c.id and sm.left_at is null),
      'riskScore', (select json_build_object('score', r.score, 'band', r.band, 'factors', ${factors('r')})
                      from risk_current_score r where r.customer_id = c.id),
      'loyaltyAccount', (select json_build_object('tier', la.tier, 'pointsBalance', (select coalesce(sum(pl.amount), 0) from points_line pl where pl.account_id = la.id))
                           from loyalty_account la where la.customer_id = c.id)
    )) order by ${order}) from shown c), '[]'),
  'pageInfo', json_build_object('hasNextPage', (select count(*) from page) > ${size})))) as body`;
}

const DETAIL_SQL = `
select json_build_object('data', json_build_object('customer', json_build_object(
  'id', ${gid('Customer', 'c.id')}, 'displayName', c.first_name || ' ' || c.last_name, 'status', c.status, 'region', c.region,
  'joinedAt', ${iso('c.joined_at')}, 'totalDeposits', ${eur('c.total_deposits_minor')}, 'totalDebt', ${eur('c.total_debt_minor')},
  'accounts', (select coalesce(json_agg(json_build_object('id', ${gid('Account', 'a.id')}, 'type', a.type, 'status', a.status,
                 'balance', ${eur('a.balance_minor')}) order by a.opened_at, a.id), '[]') from account a where a.customer_id = c.id),
  'activity', (select coalesce(json_agg(json_build_object('month', to_char(s.month, 'YYYY-MM'), 'transactionCount', s.transaction_count,
                 'averageBalance', ${eur('s.average_balance_minor')}) order by s.month desc), '[]')
                 from (select * from activity_snapshot x where x.customer_id = c.id order by x.month desc limit 12) s),
  'riskHistory', json_build_object('edges', (select coalesce(json_agg(json_build_object('node', json_build_object('score', s.score, 'band', s.band,
                 'computedAt', ${iso('s.computed_at')}, 'factors', ${factors('s')})) order by s.computed_at desc, s.id desc), '[]')
                 from (select * from risk_score x where x.customer_id = c.id order by x.computed_at desc, x.id desc limit 10) s)),
  'feedback', json_build_object('edges', (select coalesce(json_agg(json_build_object('node', json_build_object('id', ${gid('Feedback', 'f.id')},
                 'kind', f.kind, 'nps', f.nps, 'receivedAt', ${iso('f.received_at')})) order by f.received_at desc, f.id desc), '[]')
                 from (select * from feedback x where x.customer_id = c.id order by x.received_at desc, x.id desc limit 5) f)),
  'loyaltyAccount', (select json_build_object('tier', la.tier, 'pointsBalance', (select coalesce(sum(pl.amount), 0) from points_line pl where pl.account_id = la.id))
                       from loyalty_account la where la.customer_id = c.id)
))) as body from customer c where c.id = $1::uuid`;

const STATS_SQL = `
select json_build_object('data', json_build_object('segment', json_build_object('stats', json_build_object(
  'size', count(*), 'totalDeposits', ${eur('coalesce(sum(c.total_deposits_minor), 0)')})))) as body
  from segment_membership sm join customer c on c.id = sm.customer_id
 where sm.segment_id = $1::uuid and sm.left_at is null`;

const RECORD_FEEDBACK_SQL = `
with f as (
  insert into feedback (id, created_at, updated_at, customer_id, channel, kind, nps, text, language, status, severity, received_at)
  values (gen_random_uuid(), now(), now(), $1::uuid, 'SURVEY', 'SATISFACTION_SURVEY', $2::int, $3::text, 'en', 'OPEN', 'LOW', now())
  returning id, kind, nps)
select json_build_object('data', json_build_object('recordFeedback', json_build_object(
  'feedback', json_build_object('id', ${gid('Feedback', 'f.id')}, 'kind', f.kind, 'nps', f.nps), 'userErrors', '[]'::json))) as body from f`;

// A redemption: the posting and its two balanced lines in one statement; the ledger's deferred trigger
// refuses an overdraft at the statement's commit.
const REDEEM_SQL = `
with p as (
  insert into points_posting (id, account_id, kind, amount, delta, reason, actor_kind, actor_id, posted_at, idempotency_scope, idempotency_key, request_hash)
  values (gen_random_uuid(), $1::uuid, 'REDEEM', $2::bigint, -$2::bigint, 'bench', 'staff', 'support-01', now(), 'staff:support-01', $3::text, md5($1 || ':' || $2))
  returning id, account_id, kind, amount, delta),
l as (
  insert into points_line (id, posting_id, ledger_account, account_id, amount)
  select gen_random_uuid(), p.id, 'CUSTOMER', p.account_id, p.delta from p
  union all select gen_random_uuid(), p.id, 'REDEEMED', null, -p.delta from p)
select json_build_object('data', json_build_object('redeemPoints', json_build_object(
  'entry', json_build_object('id', ${gid('PointsEntry', 'p.id')}, 'kind', p.kind, 'amount', p.amount, 'delta', p.delta), 'userErrors', '[]'::json))) as body from p`;

export type FloorRequest =
  | { op: 'list'; variant: ListVariant; size: number; after: unknown[] | null }
  | { op: 'detail'; customerKey: string }
  | { op: 'stats'; segmentKey: string }
  | { op: 'recordFeedback'; customerKey: string; nps: number; text: string }
  | { op: 'redeemPoints'; accountKey: string; amount: number; idempotencyKey: string };

function statementFor(r: FloorRequest): pg.QueryConfig {
  switch (r.op) {
    case 'list':
      return { name: `list-${r.variant}-${r.size}-${r.after ? 'after' : 'first'}`, text: listSql(r.variant, r.size, !!r.after), values: r.after ?? [] };
    case 'detail':
      return { name: 'detail', text: DETAIL_SQL, values: [r.customerKey] };
    case 'stats':
      return { name: 'stats', text: STATS_SQL, values: [r.segmentKey] };
    case 'recordFeedback':
      return { name: 'record-feedback', text: RECORD_FEEDBACK_SQL, values: [r.customerKey, r.nps, r.text] };
    case 'redeemPoints':
      return { name: 'redeem', text: REDEEM_SQL, values: [r.accountKey, r.amount, r.idempotencyKey] };
  }
}

export function floorHandler(pool: pg.Pool): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FloorRequest;
        const { rows } = await pool.query(statementFor(request));
        const text = JSON.stringify(rows[0]?.body ?? { errors: [{ message: 'not found' }] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      } catch (err) {
        const text = JSON.stringify({ errors: [{ message: (err as Error).message }] });
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(text);
      }
    });
  };
}
