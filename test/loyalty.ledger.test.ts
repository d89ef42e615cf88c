// The points ledger over HTTP: earning, redeeming, adjusting with a second admin's approval, reversing,
// idempotency keys scoped to their caller, amounts refused as userErrors, statements that reconcile,
// the liability report, and a runtime role that cannot change ledger rows.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestApp, type TestApp } from './support/app';
import { createPartnerToken } from './support/partners';
import { keyOf, Loyalty } from './support/loyalty';

let t: TestApp;
let l: Loyalty;

beforeAll(async () => {
  t = await createTestApp({ env: { LOYALTY_MAX_POINTS_PER_POSTING: '100000', LOYALTY_ADJUSTMENT_APPROVAL_ABOVE: '500' } });
  l = await new Loyalty(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const codes = (out: { userErrors: { code: string }[] }) => out.userErrors.map((e) => e.code);

describe('earning and redeeming', () => {
  it('earns and redeems with balancing lines, audited, newest entry first in entries', async () => {
    const m = await l.member();
    const earned = await l.ok('earnPoints', { accountId: m.accountId, amount: 300, reason: 'Card spend', idempotencyKey: 'e-1' });
    expect(earned.entry).toMatchObject({ kind: 'EARN', amount: 300, delta: 300, reversed: false, account: { pointsBalance: 300 } });
    expect(earned.replayed).toBe(false);
    const redeemed = await l.ok('redeemPoints', { accountId: m.accountId, amount: 120, idempotencyKey: 'r-1' });
    expect(redeemed.entry).toMatchObject({ kind: 'REDEEM', amount: 120, delta: -120, account: { pointsBalance: 180 } });

    const lines = await t.sql.query(
      `select p.kind, l.ledger_account, l.amount::int from points_line l join points_posting p on p.id = l.posting_id where p.account_id = $1 order by p.seq, l.ledger_account`,
      [m.accountKey],
    );
    expect(lines.rows).toEqual([
      { kind: 'EARN', ledger_account: 'CUSTOMER', amount: 300 },
      { kind: 'EARN', ledger_account: 'ISSUED', amount: -300 },
      { kind: 'REDEEM', ledger_account: 'CUSTOMER', amount: -120 },
      { kind: 'REDEEM', ledger_account: 'REDEEMED', amount: 120 },
    ]);
    const audit = await t.sql.query(`select action, actor_id from audit_event where customer_id = $1 order by occurred_at, id`, [m.customerKey]);
    expect(audit.rows.filter((r) => r.action === 'loyalty.points_posted')).toHaveLength(2);
    expect(audit.rows.every((r) => r.actor_id === 'admin-01')).toBe(true);

    const res = await t.gql(`query($id: ID!) { loyaltyAccount(id: $id) { pointsBalance entries(first: 1) { edges { node { kind } } pageInfo { hasNextPage endCursor } } } }`, {
      token: l.admin, variables: { id: m.accountId },
    });
    expect(res.body.data.loyaltyAccount.entries.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(['REDEEM']);
    const next = await t.gql(`query($id: ID!, $after: String) { loyaltyAccount(id: $id) { entries(first: 5, after: $after) { edges { node { kind } } pageInfo { hasNextPage } } } }`, {
      token: l.admin, variables: { id: m.accountId, after: res.body.data.loyaltyAccount.entries.pageInfo.endCursor },
    });
    expect(next.body.data.loyaltyAccount.entries.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(['EARN']);
    expect(next.body.data.loyaltyAccount.entries.pageInfo.hasNextPage).toBe(false);
  });

  it('a redemption beyond the balance is INSUFFICIENT_POINTS and posts nothing', async () => {
    const m = await l.member(50);
    const out = await l.mutate('redeemPoints', { accountId: m.accountId, amount: 51, idempotencyKey: randomUUID() });
    expect(out.entry).toBeNull();
    expect(codes(out)).toEqual(['INSUFFICIENT_POINTS']);
    expect(await l.balance(m.accountKey)).toBe(50);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['above the maximum per posting', 100001],
    ['far above any integer', 1e300],
  ])('an amount that is %s is INVALID_AMOUNT for earning, redeeming and adjusting, and posts nothing', async (_label, amount) => {
    const m = await l.member(10);
    for (const name of ['earnPoints', 'redeemPoints']) {
      const out = await l.mutate(name, { accountId: m.accountId, amount, idempotencyKey: randomUUID() });
      expect(codes(out)).toEqual(['INVALID_AMOUNT']);
      expect(out.userErrors[0].field).toEqual(['input', 'amount']);
    }
    const adj = await l.mutate('adjustPoints', { accountId: m.accountId, amount, direction: 'CREDIT', reason: 'test', idempotencyKey: randomUUID() });
    expect(codes(adj)).toEqual(['INVALID_AMOUNT']);
    expect(await l.balance(m.accountKey)).toBe(10);
  });

  it('a non-numeric amount is a coded client error, never an internal error, and posts nothing', async () => {
    const m = await l.member(10);
    for (const amount of ['12', 'abc', null, true, { n: 1 }]) {
      const res = await t.gql(`mutation($input: EarnPointsInput!) { earnPoints(input: $input) { entry { id } userErrors { code } } }`, {
        token: l.admin, variables: { input: { accountId: m.accountId, amount, idempotencyKey: randomUUID() } },
      });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await l.balance(m.accountKey)).toBe(10);
  });

  it('an unknown account, or an id of another type, is NOT_FOUND; a closed account is ACCOUNT_CLOSED; a suspended one cannot redeem', async () => {
    const m = await l.member(100);
    const unknown = await l.mutate('earnPoints', { accountId: Buffer.from(`LoyaltyAccount:${randomUUID()}`).toString('base64url'), amount: 5, idempotencyKey: randomUUID() });
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const wrongType = await l.mutate('earnPoints', { accountId: m.customerId, amount: 5, idempotencyKey: randomUUID() });
    expect(wrongType.errors?.[0].extensions.code).toBe('NOT_FOUND');

    await l.ok('suspendLoyaltyAccount', { accountId: m.accountId, reason: 'Suspected fraud' });
    const suspended = await l.mutate('redeemPoints', { accountId: m.accountId, amount: 5, idempotencyKey: randomUUID() });
    expect(codes(suspended)).toEqual(['ACCOUNT_SUSPENDED']);
    await l.ok('reactivateLoyaltyAccount', { accountId: m.accountId });
    await l.ok('redeemPoints', { accountId: m.accountId, amount: 5, idempotencyKey: randomUUID() });

    await l.ok('settleLoyaltyAtExit', { accountId: m.accountId, idempotencyKey: randomUUID() });
    for (const name of ['earnPoints', 'redeemPoints']) {
      const closed = await l.mutate(name, { accountId: m.accountId, amount: 5, idempotencyKey: randomUUID() });
      expect(codes(closed)).toEqual(['ACCOUNT_CLOSED']);
    }
    expect(await l.balance(m.accountKey)).toBe(0);
  });
});

describe('idempotency keys', () => {
  it('a replay returns the first entry; the same key with another amount is a CONFLICT; nothing posts twice', async () => {
    const m = await l.member();
    const first = await l.ok('earnPoints', { accountId: m.accountId, amount: 40, idempotencyKey: 'same' });
    const again = await l.ok('earnPoints', { accountId: m.accountId, amount: 40, idempotencyKey: 'same' });
    expect(again.entry.id).toBe(first.entry.id);
    expect(again.replayed).toBe(true);
    const other = await l.mutate('earnPoints', { accountId: m.accountId, amount: 41, idempotencyKey: 'same' });
    expect(other.errors?.[0].extensions.code).toBe('CONFLICT');
    // The same key for another operation is a different request too.
    const redeem = await l.mutate('redeemPoints', { accountId: m.accountId, amount: 40, idempotencyKey: 'same' });
    expect(redeem.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(await l.balance(m.accountKey)).toBe(40);
  });

  it('one caller\'s key never returns another caller\'s result: each gets its own entry', async () => {
    const m = await l.member();
    const key = `shared-${randomUUID()}`;
    const byAdmin = await l.ok('earnPoints', { accountId: m.accountId, amount: 10, idempotencyKey: key });
    const bySupport = await l.ok('earnPoints', { accountId: m.accountId, amount: 10, idempotencyKey: key }, l.token('SUPPORT_AGENT'));
    const otherAdmin = await l.ok('earnPoints', { accountId: m.accountId, amount: 10, idempotencyKey: key }, l.token('ADMIN', 'admin-02'));
    const partner = await createPartnerToken(t, ['loyalty:write', 'loyalty:read']);
    const byPartner = await l.ok('earnPoints', { accountId: m.accountId, amount: 10, idempotencyKey: key }, partner.token);
    const ids = [byAdmin, bySupport, otherAdmin, byPartner].map((o) => o.entry.id);
    expect(new Set(ids).size).toBe(4);
    expect([byAdmin, bySupport, otherAdmin, byPartner].map((o) => o.replayed)).toEqual([false, false, false, false]);
    expect(await l.balance(m.accountKey)).toBe(40);
  });
});

describe('adjustments and reversals', () => {
  it('an adjustment needs a reason; at or under the threshold it posts at once', async () => {
    const m = await l.member(100);
    const noReason = await l.mutate('adjustPoints', { accountId: m.accountId, amount: 10, direction: 'CREDIT', reason: '', idempotencyKey: randomUUID() });
    expect(codes(noReason)).toEqual(['INVALID']);
    const blank = await l.mutate('adjustPoints', { accountId: m.accountId, amount: 10, direction: 'CREDIT', reason: '   ', idempotencyKey: randomUUID() });
    expect(codes(blank)).toEqual(['REASON_REQUIRED']);
    const tooMuch = await l.mutate('adjustPoints', { accountId: m.accountId, amount: 500, direction: 'DEBIT', reason: 'Duplicate credit', idempotencyKey: randomUUID() });
    expect(codes(tooMuch)).toEqual(['INSUFFICIENT_POINTS']);
    const credit = await l.ok('adjustPoints', { accountId: m.accountId, amount: 500, direction: 'CREDIT', reason: 'Goodwill', idempotencyKey: randomUUID() });
    expect(credit.entry).toMatchObject({ kind: 'ADJUST', delta: 500, reason: 'Goodwill', account: { pointsBalance: 600 } });
    expect(credit.pendingAdjustment).toBeNull();
    const debit = await l.ok('adjustPoints', { accountId: m.accountId, amount: 100, direction: 'DEBIT', reason: 'Duplicate credit', idempotencyKey: randomUUID() });
    expect(debit.entry).toMatchObject({ kind: 'ADJUST', delta: -100, account: { pointsBalance: 500 } });
  });

  it('above the threshold it waits for a different admin, whose approval posts it once', async () => {
    const m = await l.member(1000);
    const asked = await l.ok('adjustPoints', { accountId: m.accountId, amount: 600, direction: 'DEBIT', reason: 'Goodwill reversed', idempotencyKey: 'adj-big' });
    expect(asked.entry).toBeNull();
    expect(asked.pendingAdjustment).toMatchObject({ delta: -600, status: 'PENDING', requestedBy: 'admin-01', decidedBy: null });
    const replay = await l.ok('adjustPoints', { accountId: m.accountId, amount: 600, direction: 'DEBIT', reason: 'Goodwill reversed', idempotencyKey: 'adj-big' });
    expect(replay.pendingAdjustment.id).toBe(asked.pendingAdjustment.id);
    expect(await l.balance(m.accountKey)).toBe(1000);

    const self = await l.mutate('approvePointsAdjustment', { adjustmentId: asked.pendingAdjustment.id, idempotencyKey: randomUUID() });
    expect(codes(self)).toEqual(['APPROVER_IS_REQUESTER']);
    const second = l.token('ADMIN', 'admin-02');
    const approved = await l.ok('approvePointsAdjustment', { adjustmentId: asked.pendingAdjustment.id, idempotencyKey: 'ap-1' }, second);
    expect(approved.entry).toMatchObject({ kind: 'ADJUST', delta: -600, approvedBy: 'admin-02', actor: 'admin-02' });
    const again = await l.ok('approvePointsAdjustment', { adjustmentId: asked.pendingAdjustment.id, idempotencyKey: 'ap-1' }, second);
    expect(again.entry.id).toBe(approved.entry.id);
    const twice = await l.mutate('approvePointsAdjustment', { adjustmentId: asked.pendingAdjustment.id, idempotencyKey: 'ap-2' }, second);
    expect(codes(twice)).toEqual(['NOT_PENDING']);
    expect(await l.balance(m.accountKey)).toBe(400);
    const support = await l.mutate('approvePointsAdjustment', { adjustmentId: asked.pendingAdjustment.id, idempotencyKey: 'ap-3' }, l.token('SUPPORT_AGENT'));
    expect(support.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('a reversal is a new opposite entry; an entry reverses once; a reversal that would go below zero is refused', async () => {
    const m = await l.member();
    const earn = (await l.ok('earnPoints', { accountId: m.accountId, amount: 100, idempotencyKey: randomUUID() })).entry;
    const redeem = (await l.ok('redeemPoints', { accountId: m.accountId, amount: 70, idempotencyKey: randomUUID() })).entry;
    const refused = await l.mutate('reversePointsEntry', { entryId: earn.id, reason: 'Wrong customer', idempotencyKey: randomUUID() });
    expect(codes(refused)).toEqual(['INSUFFICIENT_POINTS']);

    const back = await l.ok('reversePointsEntry', { entryId: redeem.id, reason: 'Order cancelled', idempotencyKey: randomUUID() });
    expect(back.entry).toMatchObject({ kind: 'REVERSE', delta: 70, account: { pointsBalance: 100 } });
    const twice = await l.mutate('reversePointsEntry', { entryId: redeem.id, reason: 'Again', idempotencyKey: randomUUID() });
    expect(codes(twice)).toEqual(['ALREADY_REVERSED']);
    const ofReversal = await l.mutate('reversePointsEntry', { entryId: back.entry.id, reason: 'Undo', idempotencyKey: randomUUID() });
    expect(codes(ofReversal)).toEqual(['NOT_REVERSIBLE']);
    const earnBack = await l.ok('reversePointsEntry', { entryId: earn.id, reason: 'Wrong customer', idempotencyKey: randomUUID() });
    expect(earnBack.entry.account.pointsBalance).toBe(0);

    const original = await t.sql.query('select amount::int, delta::int, kind from points_posting where id = $1', [keyOf(redeem.id)]);
    expect(original.rows[0]).toEqual({ amount: 70, delta: -70, kind: 'REDEEM' });
    const res = await t.gql(`query($id: ID!) { node(id: $id) { ... on PointsEntry { reversed } } }`, { token: l.admin, variables: { id: redeem.id } });
    expect(res.body.data.node.reversed).toBe(true);
  });
});

describe('the ledger is append-only', () => {
  it('the runtime role cannot UPDATE, DELETE or TRUNCATE ledger rows, nor change a reason to something else', async () => {
    const m = await l.member(25);
    const client = new pg.Client({ connectionString: t.db.runtimeUrl });
    await client.connect();
    try {
      const whoami = await client.query('select current_user as u');
      expect(whoami.rows[0].u).not.toBe('postgres');
      const attempts = [
        ['update points_posting set amount = 1 where account_id = $1', [m.accountKey]],
        ['update points_posting set delta = delta * 2 where account_id = $1', [m.accountKey]],
        ['update points_posting set reason = \'rewritten\' where account_id = $1', [m.accountKey]],
        ['delete from points_posting where account_id = $1', [m.accountKey]],
        ['update points_line set amount = amount * 2 where account_id = $1', [m.accountKey]],
        ['delete from points_line where account_id = $1', [m.accountKey]],
        ['update tier_change set to_tier = \'PLATINUM\' where account_id = $1', [m.accountKey]],
        ['delete from tier_change where account_id = $1', [m.accountKey]],
        ['truncate points_line', []],
        ['truncate points_posting cascade', []],
      ] as const;
      for (const [sql, params] of attempts) {
        await expect(client.query(sql, [...params])).rejects.toThrow(/permission denied|append-only/);
      }
      // Inserting an unbalanced posting straight into the ledger fails at commit.
      await client.query('begin');
      const id = randomUUID();
      await client.query(`insert into points_posting (id, account_id, kind, amount, delta, actor_kind, actor_id, posted_at) values ($1, $2, 'EARN', 5, 5, 'system', 'x', now())`, [id, m.accountKey]);
      await client.query(`insert into points_line (id, posting_id, ledger_account, account_id, amount) values ($1, $2, 'CUSTOMER', $3, 5)`, [randomUUID(), id, m.accountKey]);
      await expect(client.query('commit')).rejects.toThrow(/does not balance/);
      // And lines that take a customer below zero.
      await client.query('begin');
      const id2 = randomUUID();
      await client.query(`insert into points_posting (id, account_id, kind, amount, delta, actor_kind, actor_id, posted_at) values ($1, $2, 'REDEEM', 26, -26, 'system', 'x', now())`, [id2, m.accountKey]);
      await client.query(`insert into points_line (id, posting_id, ledger_account, account_id, amount) values ($1, $2, 'CUSTOMER', $3, -26), ($4, $2, 'REDEEMED', null, 26)`, [randomUUID(), id2, m.accountKey, randomUUID()]);
      await expect(client.query('commit')).rejects.toThrow(/below zero/);
    } finally {
      await client.end();
    }
    expect(await l.balance(m.accountKey)).toBe(25);
    expect(await l.ledgerSum()).toBe(0);
  });
});

describe('statements and liability', () => {
  it('a statement over any period reconciles: opening + entries = closing', async () => {
    const m = await l.member();
    const start = t.clock.now();
    const day = 86_400_000;
    const moves: [string, number][] = [['earnPoints', 100], ['redeemPoints', 30], ['earnPoints', 50], ['redeemPoints', 60], ['earnPoints', 5]];
    for (const [name, amount] of moves) {
      t.clock.advance(day);
      await l.ok(name, { accountId: m.accountId, amount, idempotencyKey: randomUUID() }, l.admin);
    }
    const q = `query($input: LoyaltyStatementInput!) { loyaltyStatement(input: $input) { openingBalance netChange closingBalance truncated entries { delta } } }`;
    for (let from = 0; from <= 6; from++) {
      for (let to = from + 1; to <= 7; to++) {
        const res = await t.gql(q, {
          token: l.admin,
          variables: { input: { accountId: m.accountId, from: new Date(start.getTime() + from * day).toISOString(), to: new Date(start.getTime() + to * day).toISOString() } },
        });
        const s = res.body.data.loyaltyStatement;
        expect(s.openingBalance + s.entries.reduce((sum: number, e: { delta: number }) => sum + e.delta, 0)).toBe(s.closingBalance);
        expect(s.openingBalance + s.netChange).toBe(s.closingBalance);
      }
    }
    const all = await t.gql(q, { token: l.admin, variables: { input: { accountId: m.accountId, from: start.toISOString(), to: new Date(start.getTime() + 7 * day).toISOString() } } });
    expect(all.body.data.loyaltyStatement).toMatchObject({ openingBalance: 0, closingBalance: 65, truncated: false });
    const backwards = await t.gql(q, { token: l.admin, variables: { input: { accountId: m.accountId, from: new Date(start.getTime() + day).toISOString(), to: start.toISOString() } } });
    expect(backwards.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('the liability report sums points outstanding by tier and values them at the configured rate', async () => {
    const res = await t.gql(`{ loyaltyLiability { totalPoints totalValue { amount currency } byTier { tier accounts points value { amount } } } }`, { token: l.token('COMPLIANCE_OFFICER') });
    const r = res.body.data.loyaltyLiability;
    const expected = Number((await t.sql.query(`select coalesce(sum(l.amount), 0) as s from points_line l join loyalty_account a on a.id = l.account_id where a.status <> 'CLOSED'`)).rows[0].s);
    expect(r.totalPoints).toBe(expected);
    expect(r.byTier.map((x: { tier: string }) => x.tier)).toEqual(['BRONZE', 'SILVER', 'GOLD', 'PLATINUM']);
    expect(r.byTier.reduce((s: number, x: { points: number }) => s + x.points, 0)).toBe(expected);
    // One point is worth one minor unit by default.
    expect(r.totalValue.amount).toBe((expected / 100).toFixed(2));
    const support = await t.gql(`{ loyaltyLiability { totalPoints } }`, { token: l.token('SUPPORT_AGENT') });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
