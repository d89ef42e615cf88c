// Who may do what with loyalty, over HTTP: each capability allowed and refused, a relationship manager
// on another book, combined roles taking the widest bound per capability, and partner scopes.
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from './support/app';
import { createPartnerToken } from './support/partners';
import { Loyalty } from './support/loyalty';

let t: TestApp;
let l: Loyalty;

beforeAll(async () => {
  t = await createTestApp();
  l = await new Loyalty(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const READ = `query($id: ID!) { loyaltyAccount(id: $id) { pointsBalance } }`;
const code = (out: { errors?: { extensions: { code: string } }[] }) => out.errors?.[0]?.extensions.code;
const earn = (accountId: string, token: string) => l.mutate('earnPoints', { accountId, amount: 1, idempotencyKey: randomUUID() }, token);

it('reading: every staff role but none other, an RM in their own book only, a partner with loyalty:read', async () => {
  const mine = await l.member(3);
  const theirs = await l.member(3, l.otherRm);
  for (const role of ['ADMIN', 'COMPLIANCE_OFFICER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'] as const) {
    expect((await t.gql(READ, { token: l.token(role), variables: { id: theirs.accountId } })).body.data.loyaltyAccount.pointsBalance).toBe(3);
  }
  const rm = l.token('RELATIONSHIP_MANAGER', 'rm-01');
  expect((await t.gql(READ, { token: rm, variables: { id: mine.accountId } })).body.data.loyaltyAccount.pointsBalance).toBe(3);
  expect((await t.gql(READ, { token: rm, variables: { id: theirs.accountId } })).body.errors[0].extensions.code).toBe('NOT_FOUND');
  const reader = await createPartnerToken(t, ['loyalty:read']);
  expect((await t.gql(READ, { token: reader.token, variables: { id: theirs.accountId } })).body.data.loyaltyAccount.pointsBalance).toBe(3);
  const other = await createPartnerToken(t, ['customers:read', 'loyalty:write']);
  expect((await t.gql(READ, { token: other.token, variables: { id: theirs.accountId } })).body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect((await t.gql(READ, { variables: { id: theirs.accountId } })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

it('earning and redeeming: ADMIN, SUPPORT_AGENT, an RM in their book, a partner with loyalty:write; not COMPLIANCE_OFFICER or RETENTION_ANALYST', async () => {
  const mine = await l.member();
  const theirs = await l.member(0, l.otherRm);
  expect((await earn(theirs.accountId, l.token('ADMIN'))).entry).not.toBeNull();
  expect((await earn(theirs.accountId, l.token('SUPPORT_AGENT'))).entry).not.toBeNull();
  expect(code(await earn(theirs.accountId, l.token('COMPLIANCE_OFFICER')))).toBe('FORBIDDEN');
  expect(code(await earn(theirs.accountId, l.token('RETENTION_ANALYST')))).toBe('FORBIDDEN');
  const rm = l.token('RELATIONSHIP_MANAGER', 'rm-01');
  expect((await earn(mine.accountId, rm)).entry).not.toBeNull();
  expect(code(await earn(theirs.accountId, rm))).toBe('NOT_FOUND');
  const redeemOther = await l.mutate('redeemPoints', { accountId: theirs.accountId, amount: 1, idempotencyKey: randomUUID() }, rm);
  expect(code(redeemOther)).toBe('NOT_FOUND');
  const writer = await createPartnerToken(t, ['loyalty:write']);
  expect((await earn(theirs.accountId, writer.token)).entry).not.toBeNull();
  const readerOnly = await createPartnerToken(t, ['loyalty:read']);
  expect(code(await earn(theirs.accountId, readerOnly.token))).toBe('FORBIDDEN');
  expect(await l.balance(theirs.accountKey)).toBe(3);
});

it('combined roles take the widest bound per capability: RM+SUPPORT_AGENT earns anywhere, RM+RETENTION_ANALYST earns in the book only', async () => {
  const theirs = await l.member(0, l.otherRm);
  expect((await earn(theirs.accountId, l.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01'))).entry).not.toBeNull();
  const analyst = l.token(['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'], 'rm-01');
  expect(code(await earn(theirs.accountId, analyst))).toBe('NOT_FOUND');
  // ...but reads anywhere, as the analyst does.
  expect((await t.gql(READ, { token: analyst, variables: { id: theirs.accountId } })).body.data.loyaltyAccount.pointsBalance).toBe(1);
  // Adjusting stays ADMIN's alone, whatever the combination.
  const adj = await l.mutate('adjustPoints', { accountId: theirs.accountId, amount: 1, direction: 'CREDIT', reason: 'x', idempotencyKey: randomUUID() }, l.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01'));
  expect(code(adj)).toBe('FORBIDDEN');
});

it('adjusting, reversing, suspending: ADMIN only; a partner never', async () => {
  const m = await l.member(20, l.otherRm);
  const entry = (await l.ok('earnPoints', { accountId: m.accountId, amount: 5, idempotencyKey: randomUUID() })).entry;
  const partner = await createPartnerToken(t, ['loyalty:read', 'loyalty:write']);
  for (const token of [l.token('SUPPORT_AGENT'), l.token('COMPLIANCE_OFFICER'), l.token('RELATIONSHIP_MANAGER', 'rm-02'), partner.token]) {
    expect(code(await l.mutate('adjustPoints', { accountId: m.accountId, amount: 1, direction: 'CREDIT', reason: 'x', idempotencyKey: randomUUID() }, token))).toBe('FORBIDDEN');
    expect(code(await l.mutate('reversePointsEntry', { entryId: entry.id, reason: 'x', idempotencyKey: randomUUID() }, token))).toBe('FORBIDDEN');
    expect(code(await l.mutate('suspendLoyaltyAccount', { accountId: m.accountId, reason: 'x' }, token))).toBe('FORBIDDEN');
  }
  expect((await l.mutate('reversePointsEntry', { entryId: entry.id, reason: 'Mistake', idempotencyKey: randomUUID() })).entry.kind).toBe('REVERSE');
  expect(await l.balance(m.accountKey)).toBe(20);
});

it('liability: ADMIN, COMPLIANCE_OFFICER, RETENTION_ANALYST; the programme\'s rules: ADMIN and RETENTION_ANALYST', async () => {
  const liability = '{ loyaltyLiability { totalPoints } }';
  const programme = '{ loyaltyProgramme { expiryMonths exitPolicy tiers { tier pointsEarned12m } pointValue { amount currency } } }';
  const outcome = async (q: string, token: string) => {
    const res = await t.gql(q, { token });
    return res.body.errors ? res.body.errors[0].extensions.code : 'OK';
  };
  const partner = await createPartnerToken(t, ['loyalty:read', 'loyalty:write']);
  const tokens: [string, string][] = [
    ['ADMIN', l.token('ADMIN')], ['COMPLIANCE_OFFICER', l.token('COMPLIANCE_OFFICER')], ['RETENTION_ANALYST', l.token('RETENTION_ANALYST')],
    ['SUPPORT_AGENT', l.token('SUPPORT_AGENT')], ['RELATIONSHIP_MANAGER', l.token('RELATIONSHIP_MANAGER', 'rm-01')], ['partner', partner.token],
  ];
  const got = await Promise.all(tokens.map(async ([who, token]) => [who, await outcome(liability, token), await outcome(programme, token)]));
  expect(got).toEqual([
    ['ADMIN', 'OK', 'OK'],
    ['COMPLIANCE_OFFICER', 'OK', 'FORBIDDEN'],
    ['RETENTION_ANALYST', 'OK', 'OK'],
    ['SUPPORT_AGENT', 'FORBIDDEN', 'FORBIDDEN'],
    ['RELATIONSHIP_MANAGER', 'FORBIDDEN', 'FORBIDDEN'],
    ['partner', 'FORBIDDEN', 'FORBIDDEN'],
  ]);
  const rules = (await t.gql(programme, { token: l.admin })).body.data.loyaltyProgramme;
  expect(rules).toMatchObject({ expiryMonths: 18, exitPolicy: 'PAYOUT', pointValue: { amount: '0.01', currency: 'EUR' } });
  expect(rules.tiers.map((x: { pointsEarned12m: number }) => x.pointsEarned12m)).toEqual([0, 1000, 5000, 20000]);
});

it('Customer.loyaltyAccount follows loyalty\'s own bound: a partner reading customers without loyalty:read is refused the field', async () => {
  const m = await l.member(2, l.otherRm);
  const q = `query($id: ID!) { customer(id: $id) { id loyaltyAccount { pointsBalance } } }`;
  const both = await createPartnerToken(t, ['customers:read', 'loyalty:read']);
  expect((await t.gql(q, { token: both.token, variables: { id: m.customerId } })).body.data.customer.loyaltyAccount.pointsBalance).toBe(2);
  const customersOnly = await createPartnerToken(t, ['customers:read']);
  const res = await t.gql(q, { token: customersOnly.token, variables: { id: m.customerId } });
  expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
});
