// Segments: rules over every field type select exactly the customers that an independent computation in
// TypeScript selects on a fixture; invalid rules answer userErrors at their paths; hostile strings never
// reach SQL; a refresh is one membership statement; static members are all-or-nothing and idempotent;
// members, Customer.segments, the customers filter and the preview are bounded to the viewer's book.
import { randomUUID } from 'node:crypto';
import { prng } from '../src/db/seed.helpers';
import { toGlobalId } from '../src/graphql/relay';
import { contributionsOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { RULE_LIMITS } from '../src/modules/segments/segment.rule';
import { refreshAllSegments } from '../src/modules/segments/segment.service';
import { initOrm } from '../src/db/orm';
import { createTestApp, type TestApp } from './support/app';
import { createAccount, createCustomer, createStaff, type StaffRow } from './support/factories';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let rm1: StaffRow;
let rm2: StaffRow;
const token = (roles: Parameters<typeof staffToken>[1], sub?: string) => staffToken(t.config, roles, sub, t.clock.now());

const REGIONS = ['North', 'South', 'East', 'Capital', null];
const TYPES = ['CURRENT', 'SAVINGS', 'MORTGAGE', 'CREDIT_CARD'];

interface Fx {
  id: string;
  gid: string;
  rmId: string;
  region: string | null;
  status: string;
  consent: boolean;
  consentAt: Date | null;
  deposits: number;
  debt: number;
  joinedAt: Date;
  accounts: { type: string; opened: string; closed: string | null }[];
  /** Snapshot months (YYYY-MM-01) with their transaction counts. */
  snapshots: [string, number][];
  openCase: boolean;
}
const fixture: Fx[] = [];

/** Whole months as PostgreSQL's age() counts them (calendar months, less one when the day is not reached). */
function wholeMonths(from: Date, to: Date): number {
  let m = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  const fromRest = [from.getUTCDate(), from.getUTCHours(), from.getUTCMinutes()];
  const toRest = [to.getUTCDate(), to.getUTCHours(), to.getUTCMinutes()];
  const earlier = toRest[0] < fromRest[0] || (toRest[0] === fromRest[0] && (toRest[1] * 60 + toRest[2]) < (fromRest[1] * 60 + fromRest[2]));
  if (earlier) m -= 1;
  return m;
}

const monthIndex = (ymd: string) => Number(ymd.slice(0, 4)) * 12 + Number(ymd.slice(5, 7));

/** Each attribute computed in TypeScript, as of the clock's now. */
function valueOf(c: Fx, field: string, now: Date): number | boolean | string | null {
  const today = now.toISOString().slice(0, 10);
  switch (field) {
    case 'customers.tenureMonths':
      return c.joinedAt <= now ? wholeMonths(c.joinedAt, now) : null;
    case 'customers.monthsSinceLastActivity': {
      const upTo = c.snapshots.filter(([m]) => m <= today);
      if (!upTo.length) return null;
      const active = upTo.filter(([, n]) => n > 0).map(([m]) => monthIndex(m));
      const last = active.length ? Math.max(...active) : Math.min(...upTo.map(([m]) => monthIndex(m))) - 1;
      return Math.max(0, monthIndex(today) - last);
    }
    case 'customers.region':
      return c.region;
    case 'customers.status':
      return c.status;
    case 'customers.marketingConsent':
      return c.consent && c.consentAt !== null && c.consentAt <= now;
    case 'customers.totalDeposits':
      return c.deposits;
    case 'customers.totalDebt':
      return c.debt;
    case 'offboarding.inOffboarding':
      return c.openCase;
    case 'customers.productsHeld':
      return c.accounts.filter((a) => a.opened <= today && (a.closed === null || a.closed > today)).length;
    default: {
      const held = /^customers\.holds(.+)$/.exec(field);
      if (held) {
        const type = held[1].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
        return c.accounts.some((a) => a.type === type && a.opened <= today && (a.closed === null || a.closed > today));
      }
      throw new Error(`no reference for ${field}`);
    }
  }
}

type Rule = { all?: Rule[]; any?: Rule[]; not?: Rule; condition?: { field: string; operator: string; value?: Record<string, unknown> } };

/** The rule evaluated in TypeScript: a condition on a missing value is false. */
function holds(rule: Rule, c: Fx, now: Date): boolean {
  if (rule.all) return rule.all.every((r) => holds(r, c, now));
  if (rule.any) return rule.any.some((r) => holds(r, c, now));
  if (rule.not) return !holds(rule.not, c, now);
  const { field, operator, value } = rule.condition!;
  const v = valueOf(c, field, now);
  if (operator === 'IS_NULL') return v === null;
  if (operator === 'IS_NOT_NULL') return v !== null;
  if (v === null) return false;
  const x = value!.number ?? value!.boolean ?? value!.text ?? value!.numbers ?? value!.texts;
  switch (operator) {
    case 'EQ': return v === x;
    case 'NEQ': return v !== x;
    case 'GT': return (v as number) > (x as number);
    case 'GTE': return (v as number) >= (x as number);
    case 'LT': return (v as number) < (x as number);
    case 'LTE': return (v as number) <= (x as number);
    case 'BETWEEN': return (v as number) >= (x as number[])[0] && (v as number) <= (x as number[])[1];
    case 'IN': return (x as unknown[]).includes(v);
    case 'NOT_IN': return !(x as unknown[]).includes(v);
  }
  throw new Error(operator);
}

const CREATE = `mutation($input: CreateSegmentInput!) { createSegment(input: $input) {
  segment { id kind memberCount version members(first: 100) { totalCount edges { node { id } } } } userErrors { field code message } } }`;

let n = 0;
async function create(rule: Rule | null, tok = token('RETENTION_ANALYST')) {
  const res = await t.gql(CREATE, { token: tok, variables: { input: { name: `Segment ${++n} ${randomUUID().slice(0, 6)}`, ...(rule ? { rule } : {}) } } });
  return res;
}

const fixtureIds = () => new Set(fixture.map((c) => c.gid));
const membersOf = (seg: { members: { edges: { node: { id: string } }[] } }) =>
  seg.members.edges.map((e) => e.node.id).filter((id) => fixtureIds().has(id)).sort();
const expected = (rule: Rule) => fixture.filter((c) => holds(rule, c, t.clock.now())).map((c) => c.gid).sort();

beforeAll(async () => {
  t = await createTestApp();
  rm1 = await createStaff(t.sql, 'rm-01');
  rm2 = await createStaff(t.sql, 'rm-02');
  const rand = prng(1414);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < 36; i++) {
    const joinedAt = new Date(Date.UTC(2015 + Math.floor(rand() * 11), Math.floor(rand() * 12), 1 + Math.floor(rand() * 27), 10));
    const status = pick(['ACTIVE', 'ACTIVE', 'ACTIVE', 'OFFBOARDING', 'EXITED']);
    const consent = rand() < 0.5;
    const c: Fx = {
      id: '', gid: '', rmId: i % 2 ? rm1.id : rm2.id, region: pick(REGIONS), status, consent,
      consentAt: consent ? pick([new Date('2024-05-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')]) : null,
      deposits: Math.floor(rand() * 10) * 100_000, debt: pick([0, 0, 50_000, 1_250_000]), joinedAt,
      accounts: [], snapshots: [], openCase: false,
    };
    for (const type of TYPES) {
      if (rand() < 0.4) {
        const opened = pick(['2020-03-01', '2025-12-20', '2026-02-01']);
        const closed = pick([null, null, '2025-06-30', '2026-01-31']);
        c.accounts.push({ type, opened, closed: closed !== null && closed > opened ? closed : null });
      }
    }
    const months = Math.floor(rand() * 4);
    for (let m = 0; m < months; m++) c.snapshots.push([`2025-${String(9 + m).padStart(2, '0')}-01`, pick([0, 0, 5])]);
    const made = await createCustomer(t.sql, { rmId: c.rmId, joinedAt, status, totalDepositsMinor: c.deposits });
    c.id = made.id;
    c.gid = toGlobalId('Customer', made.id);
    await t.sql.query('update customer set region = $2, marketing_consent = $3, marketing_consent_at = $4, total_debt_minor = $5 where id = $1',
      [c.id, c.region, c.consent, c.consentAt, c.debt]);
    for (const a of c.accounts) {
      const acc = await createAccount(t.sql, c.id, { type: a.type, status: a.closed ? 'CLOSED' : 'OPEN' });
      await t.sql.query('update account set opened_at = $2, closed_at = $3 where id = $1', [acc.id, a.opened, a.closed]);
    }
    for (const [month, count] of c.snapshots) {
      await t.sql.query(
        `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
           average_balance_minor, currency, digital_logins, salary_credited, as_of) values ($1, now(), now(), $2, $3, $4, 0, 0, 'EUR', 0, false, now())`,
        [randomUUID(), c.id, month, count],
      );
    }
    if (status === 'OFFBOARDING') {
      c.openCase = true;
      await t.sql.query(
        `insert into offboarding_case (id, created_at, updated_at, customer_id, initiated_by, reason, scope, state, state_entered_at, initiator_kind, initiator_id)
         values ($1, '2026-01-02', '2026-01-02', $2, 'CUSTOMER', 'FEES', 'FULL', 'RETENTION', '2026-01-02', 'staff', 'rm-01')`,
        [randomUUID(), c.id],
      );
    }
    fixture.push(c);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('rules over every field type', () => {
  const RULES: [string, Rule][] = [
    ['number GTE', { condition: { field: 'customers.tenureMonths', operator: 'GTE', value: { number: 48 } } }],
    ['number BETWEEN', { condition: { field: 'customers.totalDeposits', operator: 'BETWEEN', value: { numbers: [200_000, 600_000] } } }],
    ['number IN', { condition: { field: 'customers.totalDebt', operator: 'IN', value: { numbers: [50_000, 1_250_000] } } }],
    ['number NOT_IN', { condition: { field: 'customers.totalDebt', operator: 'NOT_IN', value: { numbers: [0] } } }],
    ['number LT', { condition: { field: 'customers.monthsSinceLastActivity', operator: 'LT', value: { number: 4 } } }],
    ['number IS_NULL', { condition: { field: 'customers.monthsSinceLastActivity', operator: 'IS_NULL' } }],
    ['boolean EQ', { condition: { field: 'customers.marketingConsent', operator: 'EQ', value: { boolean: true } } }],
    ['boolean NEQ (products held)', { condition: { field: 'customers.holdsMortgage', operator: 'NEQ', value: { boolean: true } } }],
    ['boolean of another module', { condition: { field: 'offboarding.inOffboarding', operator: 'EQ', value: { boolean: true } } }],
    // A refresh reads these from their module's set-based group (one pass over accounts or snapshots);
    // a customer without accounts has none of the group's rows and holds 0 products.
    ['number GTE, a set-based group', { condition: { field: 'customers.productsHeld', operator: 'GTE', value: { number: 2 } } }],
    ['number EQ 0, the group\'s value for a customer without rows', { condition: { field: 'customers.productsHeld', operator: 'EQ', value: { number: 0 } } }],
    ['two groups, all and not', {
      all: [
        { condition: { field: 'customers.productsHeld', operator: 'LTE', value: { number: 1 } } },
        { not: { condition: { field: 'customers.monthsSinceLastActivity', operator: 'LT', value: { number: 3 } } } },
      ],
    }],
    ['text IN', { condition: { field: 'customers.region', operator: 'IN', value: { texts: ['North', 'Capital'] } } }],
    ['text NEQ', { condition: { field: 'customers.status', operator: 'NEQ', value: { text: 'ACTIVE' } } }],
    ['text IS_NULL', { condition: { field: 'customers.region', operator: 'IS_NULL' } }],
    ['all / any / not', {
      all: [
        { any: [
          { condition: { field: 'customers.holdsSavings', operator: 'EQ', value: { boolean: true } } },
          { condition: { field: 'customers.totalDeposits', operator: 'GT', value: { number: 500_000 } } },
        ] },
        { not: { condition: { field: 'customers.region', operator: 'EQ', value: { text: 'South' } } } },
        { not: { condition: { field: 'customers.tenureMonths', operator: 'LTE', value: { number: 12 } } } },
      ],
    }],
  ];

  it.each(RULES)('%s selects exactly the members computed in TypeScript', async (_label, rule) => {
    // Offboarding's field needs offboarding's read capability, which analysts do not hold.
    const tok = JSON.stringify(rule).includes('offboarding.') ? token('ADMIN') : token('RETENTION_ANALYST');
    const res = await create(rule, tok);
    expect(res.body.errors).toBeUndefined();
    const seg = res.body.data.createSegment.segment;
    expect(res.body.data.createSegment.userErrors).toEqual([]);
    expect(seg.kind).toBe('DYNAMIC');
    const want = expected(rule);
    expect(membersOf(seg)).toEqual(want);
    // The fixture is the whole bank here: the stored count is the same set.
    expect(seg.memberCount).toBe(want.length);
    // The preview selects the same customers without saving.
    const preview = await t.gql('query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count customers { id } userErrors { field } } }', {
      token: tok, variables: { r: rule },
    });
    expect(preview.body.data.segmentPreview.count).toBe(want.length);
    expect(preview.body.data.segmentPreview.customers.length).toBe(Math.min(20, want.length));
  });

  it('a field of a module whose data the viewer may not read can neither be saved nor previewed', async () => {
    const rule = { any: [{ condition: { field: 'customers.region', operator: 'IS_NULL' } }, { condition: { field: 'offboarding.inOffboarding', operator: 'EQ', value: { boolean: true } } }] };
    const res = await create(rule, token('RETENTION_ANALYST'));
    expect(res.body.data.createSegment.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'rule', 'any', '1', 'condition', 'field'], code: 'FIELD_NOT_ALLOWED' }),
    ]);
    const preview = await t.gql('query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count userErrors { code } } }', {
      token: token('RETENTION_ANALYST'), variables: { r: rule },
    });
    expect(preview.body.data.segmentPreview).toEqual({ count: null, userErrors: [{ code: 'FIELD_NOT_ALLOWED' }] });
    const fields = await t.gql('{ segmentFields { name type operators } }', { token: token('RETENTION_ANALYST') });
    const names = fields.body.data.segmentFields.map((f: { name: string }) => f.name);
    expect(names).toContain('customers.region');
    expect(names).not.toContain('offboarding.inOffboarding');
  });

  it('the fixture spreads over every branch (so that the rules above can fail)', () => {
    for (const [, rule] of RULES) {
      const hits = expected(rule).length;
      expect(hits).toBeGreaterThan(0);
      expect(hits).toBeLessThan(fixture.length);
    }
  });
});

describe('invalid rules', () => {
  const cond = (field: string, operator: string, value?: Record<string, unknown>) => ({ condition: { field, operator, ...(value ? { value } : {}) } });
  const ok = cond('customers.tenureMonths', 'GT', { number: 1 });
  const nest = (depth: number): Rule => (depth === 0 ? ok : { not: nest(depth - 1) });
  const CASES: [string, Rule, { field: string[]; code: string }[]][] = [
    ['an unknown field', { any: [ok, ok, cond('loyalty.nothing', 'EQ', { number: 1 })] }, [{ field: ['input', 'rule', 'any', '2', 'condition', 'field'], code: 'UNKNOWN_FIELD' }]],
    ['an operator that does not fit', { all: [cond('customers.region', 'GT', { text: 'North' })] }, [{ field: ['input', 'rule', 'all', '0', 'condition', 'operator'], code: 'OPERATOR_DOES_NOT_FIT' }]],
    ['a value of the wrong type', { any: [ok, ok, cond('customers.tenureMonths', 'EQ', { text: '12' })] }, [{ field: ['input', 'rule', 'any', '2', 'condition', 'value'], code: 'VALUE_DOES_NOT_FIT' }]],
    ['a value outside a text field\'s values', cond('customers.status', 'EQ', { text: 'GONE' }), [{ field: ['input', 'rule', 'condition', 'value'], code: 'VALUE_DOES_NOT_FIT' }]],
    ['a value where none is taken', cond('customers.region', 'IS_NULL', { text: 'x' }), [{ field: ['input', 'rule', 'condition', 'value'], code: 'VALUE_DOES_NOT_FIT' }]],
    ['two values', cond('customers.tenureMonths', 'EQ', { number: 1, boolean: true }), [{ field: ['input', 'rule', 'condition', 'value'], code: 'VALUE_DOES_NOT_FIT' }]],
    ['a reversed BETWEEN', cond('customers.tenureMonths', 'BETWEEN', { numbers: [5, 1] }), [{ field: ['input', 'rule', 'condition', 'value'], code: 'VALUE_DOES_NOT_FIT' }]],
    ['two kinds in one node', { all: [ok], not: ok }, [{ field: ['input', 'rule'], code: 'INVALID_RULE' }]],
    ['an empty any', { any: [] }, [{ field: ['input', 'rule', 'any'], code: 'INVALID_RULE' }]],
    ['too deep', nest(RULE_LIMITS.maxDepth + 1), [{ field: ['input', 'rule', ...Array(RULE_LIMITS.maxDepth).fill('not')], code: 'RULE_TOO_DEEP' }]],
    ['too many conditions', { any: Array.from({ length: RULE_LIMITS.maxConditions + 1 }, () => ok) }, [{ field: ['input', 'rule'], code: 'RULE_TOO_LARGE' }]],
  ];

  it.each(CASES)('%s is a userError at its path, and nothing is saved', async (_label, rule, errors) => {
    const before = Number((await t.sql.query('select count(*) from segment')).rows[0].count);
    const res = await create(rule);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createSegment.segment).toBeNull();
    expect(res.body.data.createSegment.userErrors.map((e: { field: string[]; code: string }) => ({ field: e.field, code: e.code }))).toEqual(errors);
    expect(Number((await t.sql.query('select count(*) from segment')).rows[0].count)).toBe(before);
    // The preview answers the same, at the path of its own argument.
    const preview = await t.gql('query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count userErrors { field code } } }', {
      token: token('ADMIN'), variables: { r: rule },
    });
    expect(preview.body.data.segmentPreview.count).toBeNull();
    expect(preview.body.data.segmentPreview.userErrors).toEqual(errors.map((e) => ({ ...e, field: e.field.slice(1) })));
  });
});

describe('hostile rules', () => {
  const HOSTILE = ["'; drop table customer; --", '" or 1=1 --', 'c.id) or (true', '$1', '?', 'Ω≈ç√∫ 😀 ﷽', "North' union select * from staff_user --"];

  it('no caller string reaches the SQL text, and every field and operator answers a userError or data', async () => {
    const operators = ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'IN', 'NOT_IN', 'IS_NULL', 'IS_NOT_NULL'];
    const fields = contributionsOf(defaultModules, 'customerAttributes').map((a) => a.name);
    for (const h of HOSTILE) {
      // A hostile field name is unknown.
      const bad = await create({ condition: { field: h, operator: 'EQ', value: { text: h } } });
      expect(bad.body.data.createSegment.userErrors[0].code).toBe('UNKNOWN_FIELD');
      for (const field of fields) {
        for (const operator of operators) {
          const value = operator === 'IS_NULL' || operator === 'IS_NOT_NULL' ? undefined : ['IN', 'NOT_IN'].includes(operator) ? { texts: [h, 'North'] } : { text: h };
          const { result, statements } = await countStatements(() =>
            t.gql('query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count userErrors { code } } }', {
              token: token('ADMIN'), variables: { r: { condition: { field, operator, value } } },
            }));
          expect(result.body.errors).toBeUndefined();
          const p = result.body.data.segmentPreview;
          // Valid (region accepts any text): a count; otherwise a userError; never an internal error.
          expect(p.count !== null || p.userErrors.length > 0).toBe(true);
          // ("$1" and "?" are placeholders themselves; the others would show up if they were inlined.)
          if (h.length > 3) for (const s of statements) expect(s).not.toContain(h);
        }
      }
    }
    // Hostile text where a number or an operator belongs never reaches a resolver: GraphQL refuses it.
    for (const r of [
      { condition: { field: 'customers.tenureMonths', operator: 'EQ', value: { number: "1; drop table customer; --" } } },
      { condition: { field: 'customers.tenureMonths', operator: "EQ' or '1'='1", value: { number: 1 } } },
      { condition: { field: 'customers.tenureMonths', operator: 'BETWEEN', value: { numbers: ['0', "1) or (1=1"] } } },
    ]) {
      const res = await t.gql('query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count } }', { token: token('ADMIN'), variables: { r } });
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    // A valid rule with hostile text saves, selects no one, and leaves every table in place.
    const res = await create({ condition: { field: 'customers.region', operator: 'IN', value: { texts: HOSTILE } } });
    expect(res.body.data.createSegment.segment.memberCount).toBe(0);
    expect(Number((await t.sql.query('select count(*) from customer')).rows[0].count)).toBeGreaterThanOrEqual(fixture.length);
    // About 3,000 previews one after another (18 s alone): room for a machine busy with the other suites, or a
    // timed-out run would go on in the background and spoil the next test's statement count.
  }, 240_000);
});

describe('refresh', () => {
  it('is one statement for membership; joiners join, leavers leave, and the history keeps both', async () => {
    const rule = { condition: { field: 'customers.region', operator: 'EQ', value: { text: 'East' } } };
    const made = (await create(rule)).body.data.createSegment.segment;
    const east = fixture.filter((c) => c.region === 'East');
    const mover = east[0];
    const newcomer = fixture.find((c) => c.region === 'North')!;
    await t.sql.query(`update customer set region = 'West' where id = $1`, [mover.id]);
    await t.sql.query(`update customer set region = 'East' where id = $1`, [newcomer.id]);
    t.clock.advance(86_400_000);
    const { result, statements } = await countStatements(() =>
      t.gql('mutation($input: RefreshSegmentInput!) { refreshSegment(input: $input) { segment { memberCount refreshedAt } userErrors { code } } }', {
        token: token('RETENTION_ANALYST'), variables: { input: { id: made.id } },
      }));
    expect(result.body.data.refreshSegment.userErrors).toEqual([]);
    expect(result.body.data.refreshSegment.segment.memberCount).toBe(east.length);
    expect(statements.filter((s) => /segment_membership/.test(s) && !/^\s*select/i.test(s))).toHaveLength(1);
    const history = await t.sql.query(
      `select customer_id, left_at is not null as left from segment_membership m join segment s on s.id = m.segment_id where s.id = $1`,
      [made.id.length ? (Buffer.from(made.id, 'base64url').toString().split(':')[1]) : ''],
    );
    const rows = history.rows as { customer_id: string; left: boolean }[];
    expect(rows.find((r) => r.customer_id === mover.id)?.left).toBe(true);
    expect(rows.find((r) => r.customer_id === newcomer.id)?.left).toBe(false);
    // Size over time from the history: before the change, and now.
    const sizes = await t.gql(`query($id: ID!) { segment(id: $id) { sizeHistory(from: "2026-01-15T12:00:00Z", to: "2026-01-16T12:00:00Z", granularity: WEEK) { members } } }`, {
      token: token('RETENTION_ANALYST'), variables: { id: made.id },
    });
    expect(sizes.body.data.segment.sizeHistory).toEqual([{ members: east.length }]);
    // Refreshing again changes nothing.
    const again = await t.gql('mutation($input: RefreshSegmentInput!) { refreshSegment(input: $input) { segment { memberCount } } }', {
      token: token('ADMIN'), variables: { input: { id: made.id } },
    });
    expect(again.body.data.refreshSegment.segment.memberCount).toBe(east.length);
    const count = await t.sql.query('select count(*)::int as n from segment_membership m where m.segment_id = $1', [rows.length ? (await t.sql.query('select segment_id from segment_membership where customer_id = $1 limit 1', [mover.id])).rows[0].segment_id : null]);
    expect(count.rows[0].n).toBeGreaterThan(0);
    // The nightly job refreshes every dynamic segment, as the system.
    const job = await refreshAllSegments({ em: t.orm.em.fork(), now: t.clock.now(), attributes: contributionsOf(defaultModules, 'customerAttributes') });
    expect(job.failed).toEqual([]);
    expect(job.refreshed).toBe(Number((await t.sql.query(`select count(*) from segment where kind = 'DYNAMIC'`)).rows[0].count));
    // Every refresh is audited.
    expect(Number((await t.sql.query(`select count(*) from audit_event where action = 'segment.refreshed'`)).rows[0].count)).toBeGreaterThan(job.refreshed);
    await t.sql.query(`update customer set region = 'East' where id = $1`, [mover.id]);
    await t.sql.query(`update customer set region = 'North' where id = $1`, [newcomer.id]);
  });

  it('reads each attribute group once for every customer and evaluates the rule once', async () => {
    const rule = { all: [
      { condition: { field: 'customers.monthsSinceLastActivity', operator: 'GTE', value: { number: 1 } } },
      { condition: { field: 'customers.productsHeld', operator: 'GTE', value: { number: 1 } } },
    ] };
    const { result, statements } = await countStatements(() => create(rule));
    expect(membersOf(result.body.data.createSegment.segment)).toEqual(expected(rule));
    const [membership] = statements.filter((s) => /segment_membership/.test(s) && !/^\s*select/i.test(s));
    // Each group's query is joined once (grouped by customer), not a subquery per customer...
    expect(membership.match(/group by s\.customer_id/g)).toHaveLength(1);
    expect(membership.match(/group by a\.customer_id/g)).toHaveLength(1);
    expect(membership).not.toMatch(/s\.customer_id = c\.id|a\.customer_id = c\.id/);
    // ...and joiners and leavers come from one comparison of the rule's customers with the open memberships.
    expect(membership.match(/from "?customer"? (as )?"?c"?[\s)]/g)).toHaveLength(1);
    expect(membership).toMatch(/full join/);
  });

  it('the nightly job refreshes segments side by side; a segment whose field has gone fails alone', async () => {
    const made = await Promise.all([0, 1, 2].map((i) => create({ condition: { field: 'customers.productsHeld', operator: 'GTE', value: { number: i } } })));
    const keys = made.map((r) => Buffer.from(r.body.data.createSegment.segment.id, 'base64url').toString().split(':')[1]);
    const gone = randomUUID();
    await t.sql.query(
      `insert into segment (id, created_at, updated_at, name, kind, rule, owner_id) values ($1, now(), now(), $2, 'DYNAMIC', $3, 'system')`,
      [gone, `Gone field ${gone}`, JSON.stringify({ field: 'nobody.offersThis', op: 'EQ', value: 1 })],
    );
    try {
      // A customer's products change overnight: each segment moves as its rule says.
      const mover = fixture.find((c) => c.accounts.length === 0)!;
      const acc = await createAccount(t.sql, mover.id, { type: 'SAVINGS', status: 'OPEN' });
      await t.sql.query(`update account set opened_at = '2020-01-01' where id = $1`, [acc.id]);
      t.clock.advance(86_400_000);
      const job = await refreshAllSegments({ em: t.orm.em.fork(), now: t.clock.now(), attributes: contributionsOf(defaultModules, 'customerAttributes') }, 2);
      expect(job.failed).toEqual([gone]);
      const open = await t.sql.query(
        `select m.segment_id, count(*)::int as n, bool_or(m.customer_id = $2) as mover from segment_membership m
          where m.segment_id = any($1::uuid[]) and m.left_at is null group by m.segment_id`,
        [keys, mover.id],
      );
      const bySegment = new Map(open.rows.map((r) => [r.segment_id as string, r as { n: number; mover: boolean }]));
      const withMover = (c: Fx) => (c === mover ? { ...c, accounts: [{ type: 'SAVINGS', opened: '2020-01-01', closed: null }] } : c);
      for (const [i, key] of keys.entries()) {
        const want = fixture.map(withMover).filter((c) => (valueOf(c, 'customers.productsHeld', t.clock.now()) as number) >= i).length;
        expect(bySegment.get(key)?.n ?? 0).toBe(want);
        expect(bySegment.get(key)?.mover ?? false).toBe(i <= 1);
        const seg = await t.sql.query('select member_count, refreshed_at from segment where id = $1', [key]);
        expect(seg.rows[0].member_count).toBe(want);
        expect(seg.rows[0].refreshed_at.getTime()).toBe(t.clock.now().getTime());
      }
      const untouched = await t.sql.query('select refreshed_at from segment where id = $1', [gone]);
      expect(untouched.rows[0].refreshed_at).toBeNull();
      await t.sql.query('delete from account where id = $1', [acc.id]);
    } finally {
      await t.sql.query('delete from segment where id = $1', [gone]);
    }
  });

  it('a segment that cannot be refreshed for another reason (here a statement timeout) fails the job once the others are done', async () => {
    const made = await Promise.all([3, 4].map((i) => create({ condition: { field: 'customers.productsHeld', operator: 'GTE', value: { number: i } } })));
    const [locked, other] = made.map((r) => Buffer.from(r.body.data.createSegment.segment.id, 'base64url').toString().split(':')[1]);
    // A pool whose statements give up after half a second, and a segment held by another transaction.
    const jobs = await initOrm(t.db.runtimeUrl, defaultModules, 2, [], { statementTimeoutMs: 500, deadlineMs: 10_000 });
    const holder = await t.sql.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from segment where id = $1 for update', [locked]);
      t.clock.advance(86_400_000);
      const run = refreshAllSegments({ em: jobs.em.fork(), now: t.clock.now(), attributes: contributionsOf(defaultModules, 'customerAttributes') });
      await expect(run).rejects.toThrow(new RegExp(`1 segment\\(s\\) could not be refreshed \\(${locked}\\): .*statement timeout`));
      await holder.query('rollback');
      const rows = await t.sql.query('select id, refreshed_at from segment where id = any($1::uuid[])', [[locked, other]]);
      const refreshed = new Map(rows.rows.map((r) => [r.id as string, (r.refreshed_at as Date).getTime()]));
      expect(refreshed.get(other)).toBe(t.clock.now().getTime());
      expect(refreshed.get(locked)).toBeLessThan(t.clock.now().getTime());
    } finally {
      await holder.query('rollback').catch(() => undefined);
      holder.release();
      await jobs.close(true);
    }
  });

  it('concurrent refreshes of the same segments leave one open membership per customer and a true count', async () => {
    const made = await create({ condition: { field: 'customers.monthsSinceLastActivity', operator: 'LT', value: { number: 4 } } });
    const key = Buffer.from(made.body.data.createSegment.segment.id, 'base64url').toString().split(':')[1];
    // Everyone who had no snapshot gets one this month: the refreshes all have joiners to write.
    const quiet = fixture.filter((c) => c.snapshots.length === 0).slice(0, 10);
    const ids: string[] = [];
    for (const c of quiet) {
      const id = randomUUID();
      ids.push(id);
      await t.sql.query(
        `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
           average_balance_minor, currency, digital_logins, salary_credited, as_of) values ($1, now(), now(), $2, '2025-12-01', 5, 0, 0, 'EUR', 0, false, now())`,
        [id, c.id],
      );
    }
    try {
      const attributes = contributionsOf(defaultModules, 'customerAttributes');
      const runs = await Promise.all(Array.from({ length: 4 }, () => refreshAllSegments({ em: t.orm.em.fork(), now: t.clock.now(), attributes })));
      for (const r of runs) expect(r.failed).toEqual([]);
      const check = await t.sql.query(
        `select s.id, s.member_count, (select count(*)::int from segment_membership m where m.segment_id = s.id and m.left_at is null) as open,
                (select count(*)::int from (select customer_id from segment_membership m where m.segment_id = s.id and m.left_at is null
                  group by customer_id having count(*) > 1) d) as doubled
           from segment s where s.kind = 'DYNAMIC'`,
      );
      for (const row of check.rows) {
        expect(row.doubled).toBe(0);
        expect(row.open).toBe(row.member_count);
      }
      const joined = await t.sql.query(
        'select count(*)::int as n from segment_membership where segment_id = $1 and customer_id = any($2::uuid[]) and left_at is null',
        [key, quiet.map((c) => c.id)],
      );
      expect(joined.rows[0].n).toBe(quiet.length);
    } finally {
      await t.sql.query('delete from activity_snapshot where id = any($1::uuid[])', [ids]);
    }
  });

  it('a STATIC segment is not refreshed, and a DYNAMIC one takes no hand-picked members', async () => {
    const stat = (await create(null)).body.data.createSegment.segment;
    const r = await t.gql('mutation($input: RefreshSegmentInput!) { refreshSegment(input: $input) { userErrors { field code } } }', {
      token: token('ADMIN'), variables: { input: { id: stat.id } },
    });
    expect(r.body.data.refreshSegment.userErrors).toEqual([{ field: ['input', 'id'], code: 'NOT_DYNAMIC' }]);
    const dyn = (await create({ condition: { field: 'customers.region', operator: 'IS_NOT_NULL' } })).body.data.createSegment.segment;
    const add = await t.gql('mutation($input: SegmentMembersInput!) { addSegmentMembers(input: $input) { userErrors { code } } }', {
      token: token('ADMIN'), variables: { input: { segmentId: dyn.id, customerIds: [fixture[0].gid] } },
    });
    expect(add.body.data.addSegmentMembers.userErrors).toEqual([{ code: 'NOT_STATIC' }]);
  });
});

describe('static members', () => {
  const ADD = 'mutation($input: SegmentMembersInput!) { addSegmentMembers(input: $input) { segment { memberCount } userErrors { field code } } }';
  const REMOVE = 'mutation($input: SegmentMembersInput!) { removeSegmentMembers(input: $input) { segment { memberCount } userErrors { field code } } }';

  it('are added and removed all or nothing, idempotently, at most 1,000 at a time', async () => {
    const seg = (await create(null)).body.data.createSegment.segment;
    const ids = fixture.slice(0, 5).map((c) => c.gid);
    const add = (customerIds: string[]) => t.gql(ADD, { token: token('RETENTION_ANALYST'), variables: { input: { segmentId: seg.id, customerIds } } });
    expect((await add(ids)).body.data.addSegmentMembers.segment.memberCount).toBe(5);
    // A replay, and the same ids twice in one batch, change nothing.
    expect((await add([...ids, ids[0]])).body.data.addSegmentMembers.segment.memberCount).toBe(5);
    // One unknown id (another type, or no customer) refuses the whole batch.
    const unknown = await add([fixture[6].gid, toGlobalId('Customer', randomUUID()), seg.id]);
    expect(unknown.body.data.addSegmentMembers.userErrors).toEqual([
      { field: ['input', 'customerIds', '1'], code: 'UNKNOWN_CUSTOMERS' },
      { field: ['input', 'customerIds', '2'], code: 'UNKNOWN_CUSTOMERS' },
    ]);
    const key = Buffer.from(seg.id, 'base64url').toString().split(':')[1];
    expect(Number((await t.sql.query('select count(*) from segment_membership where segment_id = $1 and left_at is null', [key])).rows[0].count)).toBe(5);
    // Too many ids.
    const many = await add(Array.from({ length: 1001 }, () => fixture[0].gid));
    expect(many.body.data.addSegmentMembers.userErrors[0]).toMatchObject({ field: ['input', 'customerIds'] });
    // Remove, twice.
    const remove = (customerIds: string[]) => t.gql(REMOVE, { token: token('ADMIN'), variables: { input: { segmentId: seg.id, customerIds } } });
    expect((await remove(ids.slice(0, 2))).body.data.removeSegmentMembers.segment.memberCount).toBe(3);
    expect((await remove(ids.slice(0, 2))).body.data.removeSegmentMembers.segment.memberCount).toBe(3);
    // The history keeps who left.
    expect(Number((await t.sql.query('select count(*) from segment_membership where segment_id = $1 and left_at is not null', [key])).rows[0].count)).toBe(2);
    const audited = await t.sql.query(`select action, actor_id from audit_event where entity_id = $1 order by occurred_at, action`, [key]);
    expect(audited.rows.map((r: { action: string }) => r.action).sort()).toEqual(['segment.created', 'segment.members_added', 'segment.members_removed']);
  });

  it('concurrent additions of the same customers leave one open membership each', async () => {
    const seg = (await create(null)).body.data.createSegment.segment;
    const ids = fixture.slice(10, 20).map((c) => c.gid);
    const results = await Promise.all([0, 1, 2].map(() => t.gql(ADD, { token: token('ADMIN'), variables: { input: { segmentId: seg.id, customerIds: ids } } })));
    for (const r of results) expect(r.body.data.addSegmentMembers.userErrors).toEqual([]);
    const key = Buffer.from(seg.id, 'base64url').toString().split(':')[1];
    const { rows } = await t.sql.query('select count(*)::int as n, (select member_count from segment where id = $1) as c from segment_membership where segment_id = $1', [key]);
    expect(rows[0]).toEqual({ n: 10, c: 10 });
  });
});

describe('reads and their bounds', () => {
  let seg: { id: string };
  beforeAll(async () => {
    seg = (await create({ condition: { field: 'customers.totalDeposits', operator: 'GTE', value: { number: 0 } } })).body.data.createSegment.segment;
  });

  it('members: a relationship manager sees their own book only; analysts and admins everyone', async () => {
    const Q = 'query($id: ID!) { segment(id: $id) { memberCount members(first: 100) { totalCount edges { node { id } } } } }';
    const mine = fixture.filter((c) => c.rmId === rm1.id).map((c) => c.gid).sort();
    for (const roles of [['RELATIONSHIP_MANAGER'], ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], ['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST']] as const) {
      const res = await t.gql(Q, { token: token([...roles], 'rm-01'), variables: { id: seg.id } });
      expect(res.body.errors).toBeUndefined();
      const got = res.body.data.segment.members.edges.map((e: { node: { id: string } }) => e.node.id).sort();
      // Combined with a role that reads every customer, the bound on reading customers is everyone's; alone, the book.
      expect(got).toEqual(roles.length > 1 ? fixture.map((c) => c.gid).sort() : mine);
    }
    const support = await t.gql(Q, { token: token('SUPPORT_AGENT'), variables: { id: seg.id } });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
    // Another manager's book is another set.
    const rm2view = await t.gql(Q, { token: token('RELATIONSHIP_MANAGER', 'rm-02'), variables: { id: seg.id } });
    expect(rm2view.body.data.segment.members.edges.map((e: { node: { id: string } }) => e.node.id).sort())
      .toEqual(fixture.filter((c) => c.rmId === rm2.id).map((c) => c.gid).sort());
    const partner = (await createPartnerToken(t, ['customers:read', 'offboarding:read'])).token;
    const p = await t.gql(Q, { token: partner, variables: { id: seg.id } });
    expect(p.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('members page with keyset cursors', async () => {
    const Q = 'query($id: ID!, $after: String) { segment(id: $id) { members(first: 7, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await t.gql(Q, { token: token('ADMIN'), variables: { id: seg.id, after } });
      const page = res.body.data.segment.members;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(fixture.map((c) => c.gid).sort());
    const bad = await t.gql(Q, { token: token('ADMIN'), variables: { id: seg.id, after: 'bm90LWEtY3Vyc29y' } });
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('Customer.segments is batched: a page of customers with their segments costs the same whatever its size', async () => {
    const Q = 'query($n: Int!) { customers(first: $n) { edges { node { id segments { id name } } } } }';
    const small = await countStatements(() => t.gql(Q, { token: token('ADMIN'), variables: { n: 3 } }));
    const large = await countStatements(() => t.gql(Q, { token: token('ADMIN'), variables: { n: 30 } }));
    expect(large.result.body.errors).toBeUndefined();
    expect(large.statements.length).toBe(small.statements.length);
    const node = large.result.body.data.customers.edges[0].node;
    expect(node.segments.map((s: { id: string }) => s.id)).toContain(seg.id);
  });

  it('the customers list filters by segment, for those who may read segments', async () => {
    const rule = { condition: { field: 'customers.region', operator: 'EQ', value: { text: 'South' } } };
    const south = (await create(rule)).body.data.createSegment.segment;
    const Q = 'query($f: CustomerFilter) { customers(first: 100, filter: $f) { edges { node { id } } } }';
    const f = { contributed: [{ name: 'segments.segmentId', value: south.id }] };
    const res = await t.gql(Q, { token: token('ADMIN'), variables: { f } });
    expect(res.body.data.customers.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(expected(rule));
    const rm = await t.gql(Q, { token: token('RELATIONSHIP_MANAGER', 'rm-01'), variables: { f } });
    expect(rm.body.data.customers.edges.map((e: { node: { id: string } }) => e.node.id).sort())
      .toEqual(fixture.filter((c) => c.region === 'South' && c.rmId === rm1.id).map((c) => c.gid).sort());
    const support = await t.gql(Q, { token: token('SUPPORT_AGENT'), variables: { f } });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const unknown = await t.gql(Q, { token: token('ADMIN'), variables: { f: { contributed: [{ name: 'nobody.nothing', value: 'x' }] } } });
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('managing segments is for admins and retention analysts', async () => {
    for (const roles of [['RELATIONSHIP_MANAGER'], ['COMPLIANCE_OFFICER'], ['SUPPORT_AGENT'], ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT']] as const) {
      const res = await create({ condition: { field: 'customers.region', operator: 'IS_NULL' } }, token([...roles], roles[0] === 'RELATIONSHIP_MANAGER' ? 'rm-01' : undefined));
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const preview = await t.gql('query($r: SegmentRuleInput!) { segmentPreview(rule: $r) { count } }', {
        token: token([...roles], roles[0] === 'RELATIONSHIP_MANAGER' ? 'rm-01' : undefined), variables: { r: { condition: { field: 'customers.region', operator: 'IS_NULL' } } },
      });
      expect(preview.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const partner = (await createPartnerToken(t, ['customers:read'])).token;
    expect((await create(null, partner)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    // A name is unique, whatever its case.
    const first = await t.gql(CREATE, { token: token('ADMIN'), variables: { input: { name: 'Unique Name' } } });
    expect(first.body.data.createSegment.userErrors).toEqual([]);
    const second = await t.gql(CREATE, { token: token('ADMIN'), variables: { input: { name: 'unique name' } } });
    expect(second.body.data.createSegment.userErrors).toEqual([expect.objectContaining({ field: ['input', 'name'], code: 'NAME_TAKEN' })]);
  });

  it('updates are optimistic: a stale version is a CONFLICT, a new rule recomputes the members', async () => {
    const made = (await create({ condition: { field: 'customers.region', operator: 'EQ', value: { text: 'North' } } })).body.data.createSegment.segment;
    const U = 'mutation($input: UpdateSegmentInput!) { updateSegment(input: $input) { segment { version memberCount } userErrors { code } } }';
    const rule = { condition: { field: 'customers.region', operator: 'EQ', value: { text: 'Capital' } } };
    const ok = await t.gql(U, { token: token('ADMIN'), variables: { input: { id: made.id, version: made.version, rule } } });
    expect(ok.body.data.updateSegment.segment.memberCount).toBe(expected(rule).length);
    const stale = await t.gql(U, { token: token('ADMIN'), variables: { input: { id: made.id, version: made.version, name: 'Stale' } } });
    expect(stale.body.errors[0].extensions.code).toBe('CONFLICT');
  });

  it('the eligibility check lets members of the offer\'s segment through, and only them', async () => {
    const stat = (await create(null)).body.data.createSegment.segment;
    await t.gql('mutation($input: SegmentMembersInput!) { addSegmentMembers(input: $input) { userErrors { code } } }', {
      token: token('ADMIN'), variables: { input: { segmentId: stat.id, customerIds: [fixture[0].gid] } },
    });
    const key = Buffer.from(stat.id, 'base64url').toString().split(':')[1];
    const check = contributionsOf(defaultModules, 'eligibility').find((c) => c.name === 'segments.memberOfSegment')!;
    expect(await check.check(t.orm.em.fork(), fixture[0].id, { kind: 'CASHBACK', segmentKey: key })).toBeNull();
    expect(await check.check(t.orm.em.fork(), fixture[1].id, { kind: 'CASHBACK', segmentKey: key })).toMatch(/not a member/);
    expect(await check.check(t.orm.em.fork(), fixture[1].id, { kind: 'CASHBACK' })).toBeNull();
  });
});
